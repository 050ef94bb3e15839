// One writer per project at a time: a site run and a project's own run may reach the same
// project together (a project run holds no site lease), and both rewrite `ledger:<projectId>`.
// The lease is the run lease's mechanism (lease.ts), keyed `project:<projectId>`: taking it over
// is a transaction conditional on the token read, so two takers can never both win, and the
// ledger writes made under it check its token too. Held only while one project is enforced
// (seconds); the other writer waits for it. Its holder renews it while it works and confirms it
// before each Jira write (enforce/lease-keeper.ts), so it never lapses under a live holder, and a
// holder that lost it (ProjectLeaseLostError) changes nothing more in that project.
import { acquireLease, endLease, type Fence, ProjectLeaseLostError } from './lease';

/** Longer than enforcing one project takes; a holder that died frees it after this. */
export const PROJECT_LEASE_MS = 5 * 60_000;
/** Renewed at least this often while its holder works (a few times within PROJECT_LEASE_MS). */
export const PROJECT_RENEW_EVERY_MS = 60_000;

export const projectLeaseKey = (projectId: string) => `project:${projectId}`;

export interface LeaseWait {
  /** Gives up after this long (the caller's deadline), answering undefined. */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** True when the holder's run has ended: its lease was left by a release that failed. */
  holderEnded?: (runId: string) => Promise<boolean>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Takes the project's lease for the run, waiting for another holder; undefined if it never
 * frees in time. A redelivered event of the holder itself, or a holder whose run ended, is
 * taken over at once; a holder that died frees it when it expires.
 */
export async function takeProjectLease(
  projectId: string,
  run: { runId: string; trigger: string; startedBy: string },
  wait: LeaseWait,
): Promise<Fence | undefined> {
  const now = wait.now ?? Date.now;
  const sleep = wait.sleep ?? realSleep;
  const giveUpAt = now() + wait.maxWaitMs;
  const takeOver = async (held: { holder: string }) =>
    held.holder === run.runId || ((await wait.holderEnded?.(held.holder)) ?? false);
  for (let pause = 200; ; pause = Math.min(pause * 2, 5_000)) {
    const got = await acquireLease(projectLeaseKey(projectId), run, {
      ttlMs: PROJECT_LEASE_MS,
      now: now(),
      takeOver,
    });
    if (got?.acquired) return got.fence;
    if (now() + pause > giveUpAt) return undefined;
    await sleep(pause);
  }
}

/** Gives the project's lease up; a lease another run took over meanwhile is left alone. */
export async function releaseProjectLease(fence: Fence): Promise<void> {
  await endLease(fence, []).catch((err: unknown) => {
    if (!(err instanceof ProjectLeaseLostError)) throw err;
  });
}
