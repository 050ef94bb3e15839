// One site-wide lock so two runs never change role actors at the same time. Taken with KVS's
// FAIL_IF_EXISTS (atomic on Forge); it expires, so a holder that died cannot block forever.
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { getValue } from './kv';

const LOCK_KEY = 'lock:site';
/** A live run refreshes its lock at least this often (every batch); past it the lock is stale. */
export const LOCK_TTL_MS = 15 * 60 * 1000;

export const LockSchema = z.object({
  runId: z.string(),
  trigger: z.string(),
  startedBy: z.string(),
  acquiredAt: z.string(),
  expiresAt: z.string(),
});
export type Lock = z.infer<typeof LockSchema>;

export type AcquireResult = { acquired: true; expired?: Lock } | { acquired: false; heldBy: Lock };

export async function acquireLock(
  holder: Omit<Lock, 'acquiredAt' | 'expiresAt'>,
  now = new Date(),
): Promise<AcquireResult> {
  const lock: Lock = {
    ...holder,
    acquiredAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + LOCK_TTL_MS).toISOString(),
  };
  if (await trySet(lock)) return { acquired: true };
  const current = await getLock();
  if (!current) {
    if (await trySet(lock)) return { acquired: true };
    const winner = await getLock();
    if (winner) return { acquired: false, heldBy: winner };
    throw new Error(
      'Could not take the site lock: storage refused it twice. Try again in a minute.',
    );
  }
  if (new Date(current.expiresAt).getTime() > now.getTime())
    return { acquired: false, heldBy: current };
  // The holder died without releasing: drop its lock and take ours, reporting what expired.
  await kvs.delete(LOCK_KEY);
  if (await trySet(lock)) return { acquired: true, expired: current };
  const winner = await getLock();
  return winner ? { acquired: false, heldBy: winner } : { acquired: true, expired: current };
}

export function getLock(): Promise<Lock | undefined> {
  return getValue(LOCK_KEY, LockSchema);
}

/** Pushes the expiry out; false when the lock is no longer this run's. */
export async function refreshLock(runId: string, now = new Date()): Promise<boolean> {
  const current = await getLock();
  if (!current || current.runId !== runId) return false;
  await kvs.set(LOCK_KEY, {
    ...current,
    expiresAt: new Date(now.getTime() + LOCK_TTL_MS).toISOString(),
  });
  return true;
}

export async function releaseLock(runId: string): Promise<void> {
  const current = await getLock();
  if (current?.runId === runId) await kvs.delete(LOCK_KEY);
}

async function trySet(lock: Lock): Promise<boolean> {
  try {
    await kvs.set(LOCK_KEY, lock, { keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (err) {
    // FAIL_IF_EXISTS answers an API error when the key exists; any other failure is re-thrown
    // by the caller's follow-up read finding no lock.
    if (err instanceof Error && 'responseDetails' in err) return false;
    throw err;
  }
}
