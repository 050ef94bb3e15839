// At most one call per project per interval for what a project's admins can start (a run, an
// exclusion request): each interval is a KVS key created with FAIL_IF_EXISTS (atomic on Forge),
// so of two calls in one interval exactly one gets it; the previous interval's key says whether
// a call near its end is still too recent. Keys expire on their own (ttl).
import { kvs } from '@forge/kvs';
import { ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import { getValue } from './kv';

const SlotSchema = z.object({ at: z.string() });

export type SlotResult = { granted: true } | { granted: false; nextAt: Date };

export async function claimProjectSlot(
  kind: 'project-run' | 'exclusion',
  projectKey: string,
  intervalMinutes: number,
  now = new Date(),
): Promise<SlotResult> {
  const intervalMs = intervalMinutes * 60_000;
  const bucket = Math.floor(now.getTime() / intervalMs);
  const key = (b: number) => `slot:${kind}:${projectKey}:${intervalMinutes}:${b}`;
  const previous = await getValue(key(bucket - 1), SlotSchema);
  if (previous) {
    const nextAt = new Date(new Date(previous.at).getTime() + intervalMs);
    if (nextAt > now) return { granted: false, nextAt };
  }
  try {
    await kvs.set(
      key(bucket),
      { at: now.toISOString() },
      {
        keyPolicy: 'FAIL_IF_EXISTS',
        ttl: { value: intervalMinutes * 2, unit: 'MINUTES' },
      },
    );
    return { granted: true };
  } catch (err) {
    if (!(err instanceof ForgeKvsAPIError && err.responseDetails.status === 409)) throw err;
    const taken = await getValue(key(bucket), SlotSchema);
    const from = taken ? new Date(taken.at).getTime() : bucket * intervalMs;
    return { granted: false, nextAt: new Date(Math.max(from + intervalMs, now.getTime())) };
  }
}
