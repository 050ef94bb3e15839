// The run lease: which run may change the site now, and the fence every write of a run goes
// through. It is a Custom Entity (`lease`, manifest.yml), because in @forge/kvs only entities take
// conditions in a transaction: taking, renewing and giving up a lease are transactions conditional
// on its token, and every ledger and run-record write of a run is a transaction that checks the
// run's token. The token only grows (each holder gets the last one + 1; giving up adds 1 too), so a
// holder that lost its lease cannot write through it: its transaction fails and changes nothing.
// Real runs hold the `site` lease; a preview holds its own (`preview:<runId>`), so the watchdog
// can end it the same way. Each project has one too (`project:<projectId>`, project-lease.ts),
// held while one run rewrites that project's ledger.
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { z } from 'zod';

import { log } from '../log';
import { kvsStatus, type KvWrite } from './kv';

const ENTITY = 'lease';
export const SITE_LEASE = 'site';
/** Forge's longest invocation (consumer or trigger with timeoutSeconds 900). */
export const LONGEST_INVOCATION_MS = 900_000;
/**
 * Twice the longest invocation: every invocation of a run renews the lease when it starts, so
 * the lease cannot expire while that invocation runs, even if it never renews again.
 */
export const LEASE_TTL_MS = 2 * LONGEST_INVOCATION_MS;
/** Renewed at least this often while a run works, so the watchdog sees it is alive. */
export const RENEW_EVERY_MS = 2 * 60_000;

export const LeaseSchema = z.object({
  token: z.number().int(),
  /** The run holding the lease; '' once it is given up. */
  holder: z.string(),
  trigger: z.string(),
  startedBy: z.string(),
  acquiredAt: z.number(),
  renewedAt: z.number(),
  expiresAt: z.number(),
});
export type Lease = z.infer<typeof LeaseSchema>;

/** What a run keeps of its lease (in its context): which lease, its token, who holds it. */
export const FenceSchema = LeaseSchema.pick({
  token: true,
  holder: true,
  trigger: true,
  startedBy: true,
  acquiredAt: true,
}).extend({ key: z.string() });
export type Fence = z.infer<typeof FenceSchema>;

export class LeaseLostError extends Error {
  constructor(readonly fence: Fence) {
    super(
      `Run ${fence.holder} no longer holds its lease (token ${fence.token}): another run or ` +
        'the watchdog took it over, so this run stops here and changes nothing more.',
    );
    this.name = 'LeaseLostError';
  }
}

/**
 * A project's lease (project-lease.ts) was taken over while its holder worked on the project:
 * that project is left to the new holder; the holder's run, and its other projects, go on.
 */
export class ProjectLeaseLostError extends Error {
  constructor(readonly fence: Fence) {
    super(
      'Another run took this project over while this run was changing it, so this run stopped ' +
        'changing it there; the next run covers it.',
    );
    this.name = 'ProjectLeaseLostError';
  }
}

/** The loss of `fence`'s lease: a project's is its holder's project only, any other its run. */
export const leaseLost = (fence: Fence) =>
  fence.key.startsWith('project:') ? new ProjectLeaseLostError(fence) : new LeaseLostError(fence);

const entity = () => kvs.entity<Lease>(ENTITY);
const tokenIs = (token: number) =>
  new Filter<Lease>().and('token', FilterConditions.equalTo(token));
const leaseOf = (f: Fence, now: number): Lease => ({
  token: f.token,
  holder: f.holder,
  trigger: f.trigger,
  startedBy: f.startedBy,
  acquiredAt: f.acquiredAt,
  renewedAt: now,
  expiresAt: now + LEASE_TTL_MS,
});
/** A given-up lease: no holder, and a token no holder has, so that no old fence matches. */
const freed = (token: number, now: number): Lease => ({
  token: token + 1,
  holder: '',
  trigger: '',
  startedBy: '',
  acquiredAt: 0,
  renewedAt: now,
  expiresAt: 0,
});

export async function getLease(key: string): Promise<Lease | undefined> {
  const raw = await entity().get(key);
  return raw === undefined ? undefined : LeaseSchema.parse(raw);
}

export type AcquireResult =
  { acquired: true; fence: Fence; expired?: Lease } | { acquired: false; heldBy: Lease };

/**
 * Takes the site lease if nobody holds it or its holder let it expire (reported as `expired`).
 * Two runs that find the same expired lease both write token + 1 conditionally on the old
 * token: exactly one transaction applies; the other finds the winner and is refused.
 */
export async function acquireSiteLease(
  holder: { runId: string; trigger: string; startedBy: string },
  now = Date.now(),
): Promise<AcquireResult> {
  const result = await acquireLease(SITE_LEASE, holder, { ttlMs: LEASE_TTL_MS, now });
  if (result) return result;
  throw new Error(
    'Could not take the site lease: other runs kept taking it. Try again in a minute.',
  );
}

export interface AcquireOptions {
  /** How long the lease holds without renewal. */
  ttlMs: number;
  now?: number;
  /** A live holder the caller may take over anyway (its run ended, or it is the caller). */
  takeOver?: (held: Lease) => Promise<boolean> | boolean;
}

/**
 * Takes the lease `key` (site or project) when it is free, expired, or `takeOver` allows it:
 * conditional on the token read, so of two takers exactly one wins. Undefined when other takers
 * kept changing it and nobody holds it now.
 */
export async function acquireLease(
  key: string,
  holder: { runId: string; trigger: string; startedBy: string },
  opts: AcquireOptions,
): Promise<AcquireResult | undefined> {
  const now = opts.now ?? Date.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await getLease(key);
    const live = current?.holder && current.expiresAt > now;
    if (live && !(await opts.takeOver?.(current))) return { acquired: false, heldBy: current };
    const fence: Fence = {
      key,
      token: (current?.token ?? 0) + 1,
      holder: holder.runId,
      trigger: holder.trigger,
      startedBy: holder.startedBy,
      acquiredAt: now,
    };
    const lease = { ...leaseOf(fence, now), expiresAt: now + opts.ttlMs };
    try {
      if (current)
        await kvs
          .transact()
          .set(key, lease, { entityName: ENTITY, conditions: tokenIs(current.token) })
          .execute();
      else await entity().set(key, lease, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (err) {
      // Another run changed the lease first: look again.
      if (await changedSince(err, key, current?.token)) continue;
      throw err;
    }
    const expired = current?.holder ? current : undefined;
    log.info('lease.taken', {
      runId: holder.runId,
      lease: key,
      token: fence.token,
      tookOverFrom: expired?.holder,
    });
    return { acquired: true, fence, expired };
  }
  const winner = await getLease(key);
  return winner?.holder ? { acquired: false, heldBy: winner } : undefined;
}

/** A preview's own lease: nobody else ever takes it, but the watchdog can end it. */
export async function takePreviewLease(
  holder: { runId: string; trigger: string; startedBy: string },
  now = Date.now(),
): Promise<Fence> {
  const fence: Fence = {
    key: `preview:${holder.runId}`,
    token: 1,
    holder: holder.runId,
    trigger: holder.trigger,
    startedBy: holder.startedBy,
    acquiredAt: now,
  };
  await entity().set(fence.key, leaseOf(fence, now), { keyPolicy: 'FAIL_IF_EXISTS' });
  log.info('lease.taken', { runId: holder.runId, lease: 'preview', token: 1 });
  return fence;
}

/**
 * Pushes the expiry out (`ttlMs` from now); throws LeaseLostError (ProjectLeaseLostError for a
 * project's lease) when the lease is no longer this fence's.
 */
export async function renewLease(
  fence: Fence,
  now = Date.now(),
  ttlMs = LEASE_TTL_MS,
): Promise<void> {
  const lease = { ...leaseOf(fence, now), expiresAt: now + ttlMs };
  await fenced(fence, () =>
    kvs
      .transact()
      .set(fence.key, lease, { entityName: ENTITY, conditions: tokenIs(fence.token) })
      .execute(),
  );
  log.info('lease.renewed', { runId: fence.holder, token: fence.token });
}

/**
 * Applies `writes` only while the fence (and each of `also`: a project's lease) still holds its
 * lease (at most 25 operations in all).
 */
export async function fencedWrite(
  fence: Fence,
  writes: KvWrite[],
  also: Fence[] = [],
): Promise<void> {
  const fences = [fence, ...also];
  const tx = withWrites(writes);
  for (const f of fences) tx.check(f.key, { entityName: ENTITY, conditions: tokenIs(f.token) });
  try {
    await tx.execute();
  } catch (err) {
    for (const f of fences) if (await changedSince(err, f.key, f.token)) throw leaseLost(f);
    throw err;
  }
}

/**
 * Applies `writes` and gives the lease up, in one transaction, while the fence holds it: a run
 * ends exactly once (a second finaliser, or a run the watchdog ended, finds its token gone).
 */
export async function endLease(fence: Fence, writes: KvWrite[], now = Date.now()): Promise<void> {
  await fenced(fence, () => giveUp(fence.key, fence.token, writes, now));
  log.info('lease.released', { runId: fence.holder, token: fence.token });
}

/**
 * The watchdog's end of a run that stopped making progress: applies `writes` and frees the
 * lease as observed, so the stalled run can write nothing more. False if the lease moved on
 * meanwhile: another holder (a new token), or the same run renewed it (renewal keeps the token
 * and moves renewedAt): a run that renewed is alive.
 */
export async function revokeLease(
  key: string,
  observed: Lease,
  writes: KvWrite[],
  now = Date.now(),
): Promise<boolean> {
  const asObserved = tokenIs(observed.token).and(
    'renewedAt',
    FilterConditions.equalTo(observed.renewedAt),
  );
  try {
    await giveUp(key, observed.token, writes, now, asObserved);
    return true;
  } catch (err) {
    const status = kvsStatus(err);
    if (status === undefined || status >= 500) throw err;
    const current = await getLease(key);
    if (current?.token !== observed.token || current.renewedAt !== observed.renewedAt) return false;
    throw err;
  }
}

function giveUp(
  key: string,
  token: number,
  writes: KvWrite[],
  now: number,
  condition = tokenIs(token),
): Promise<void> {
  const tx = withWrites(writes);
  // Site and project leases keep counting tokens (a stale holder's fence never matches a new
  // holder's); a preview's lease is no longer needed at all.
  const conditions = { entityName: ENTITY, conditions: condition };
  return (
    key.startsWith('preview:')
      ? tx.delete(key, conditions)
      : tx.set(key, freed(token, now), conditions)
  ).execute();
}

function withWrites(writes: KvWrite[]) {
  const tx = kvs.transact();
  for (const w of writes) {
    if ('delete' in w) tx.delete(w.key);
    else tx.set(w.key, w.value);
  }
  return tx;
}

/** Runs a conditional transaction; a failure because the token moved on is the lease's loss. */
async function fenced(fence: Fence, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (await changedSince(err, fence.key, fence.token)) throw leaseLost(fence);
    throw err;
  }
}

/**
 * Whether a failed lease transaction failed because the lease is no longer at `token`. Forge
 * does not document the error of an unmet condition, so the lease is read again to tell that
 * from a storage failure (which is re-thrown).
 */
async function changedSince(err: unknown, key: string, token: number | undefined) {
  const status = kvsStatus(err);
  if (status === undefined || status >= 500) return false;
  return (await getLease(key))?.token !== token;
}
