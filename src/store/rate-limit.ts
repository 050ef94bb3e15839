// At most one call per project per interval for what a project's admins can start (a run, an
// exclusion request). The last grant's time is kept per project (so a changed interval applies
// at once); two calls at the same moment are told apart by a key per interval created with
// FAIL_IF_EXISTS (atomic on Forge): exactly one of them creates it. Keys expire on their own.
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { z } from 'zod';

import { getValue } from './kv';

const GrantSchema = z.object({ at: z.string() });

export type SlotResult = { granted: true } | { granted: false; nextAt: Date };

export async function claimProjectSlot(
  kind: 'project-run' | 'exclusion',
  projectKey: string,
  intervalMinutes: number,
  now = new Date(),
): Promise<SlotResult> {
  const intervalMs = intervalMinutes * 60_000;
  const ttl = { value: intervalMinutes * 2, unit: 'MINUTES' as const };
  const lastKey = `slot:${kind}:${projectKey}`;
  const last = await getValue(lastKey, GrantSchema);
  const refusedUntil = (at: string) => new Date(Date.parse(at) + intervalMs);
  if (last && refusedUntil(last.at) > now) return { granted: false, nextAt: refusedUntil(last.at) };
  const bucketKey = `${lastKey}:${intervalMinutes}:${Math.floor(now.getTime() / intervalMs)}`;
  try {
    await kvs.set(bucketKey, { at: now.toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl });
  } catch (err) {
    if (!(err instanceof ForgeKvsAPIError && err.responseDetails.status === 409)) throw err;
    const taken = await getValue(bucketKey, GrantSchema);
    return { granted: false, nextAt: refusedUntil(taken?.at ?? now.toISOString()) };
  }
  await kvs.set(lastKey, { at: now.toISOString() }, { ttl });
  return { granted: true };
}
