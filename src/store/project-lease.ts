// One writer per project at a time: a site run and a project's own run may reach the same
// project together (a project run holds no site lease), and both rewrite `ledger:<projectId>`.
// The lease is a KVS key created with FAIL_IF_EXISTS (atomic on Forge) and a ttl, held only
// while one project is enforced (seconds); the other writer waits for it.
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { z } from 'zod';
import { getValue } from './kv';

const LeaseSchema = z.object({ runId: z.string(), expiresAt: z.string() });
const key = (projectId: string) => `lease:project:${projectId}`;
/** Longer than enforcing one project takes; a holder that died frees it after this. */
export const PROJECT_LEASE_MS = 5 * 60_000;

export interface LeaseWait {
  /** Gives up after this long (the caller's deadline), answering false. */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** True when the holder's run has ended: its lease was left by a release that failed. */
  holderEnded?: (runId: string) => Promise<boolean>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Takes the project's lease for `runId`, waiting for another holder; false if it never frees. */
export async function takeProjectLease(
  projectId: string,
  runId: string,
  wait: LeaseWait,
): Promise<boolean> {
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? realSleep;
  const giveUpAt = now() + wait.maxWaitMs;
  for (let pause = 200; ; pause = Math.min(pause * 2, 5_000)) {
    if (await tryTake(projectId, runId, now())) return true;
    const held = await getValue(key(projectId), LeaseSchema);
    // A redelivered event of the holder itself, or a holder that died: take it over.
    if (
      held &&
      (held.runId === runId ||
        Date.parse(held.expiresAt) <= now() ||
        (await wait.holderEnded?.(held.runId)))
    ) {
      await kvs.delete(key(projectId));
      continue;
    }
    if (now() + pause > giveUpAt) return false;
    await sleep(pause);
  }
}

export async function releaseProjectLease(projectId: string, runId: string): Promise<void> {
  const held = await getValue(key(projectId), LeaseSchema);
  if (held?.runId === runId) await kvs.delete(key(projectId));
}

async function tryTake(projectId: string, runId: string, at: number): Promise<boolean> {
  try {
    await kvs.set(
      key(projectId),
      { runId, expiresAt: new Date(at + PROJECT_LEASE_MS).toISOString() },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: PROJECT_LEASE_MS / 1000, unit: 'SECONDS' } },
    );
    return true;
  } catch (err) {
    if (err instanceof ForgeKvsAPIError && err.responseDetails.status === 409) return false;
    throw err;
  }
}
