// What a run that wrote expects to find in the next read of Jira's audit log: a few of the roles
// it changed, and when (src/domain/audit-trust.ts). One key per run (`audit-expect:<runId>`),
// written once by the first part that changed a role (a part redone, or a later one, finds it
// there: one read); read and forgotten by the hourly run once decided. Keys expire after a day:
// by then the log's checkpoint has long passed them, or the log was not read at all.
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { EXPECTED_WRITES_KEPT, type OwnWrite } from '../domain/audit-trust';
import { deleteValue, getValue, kvsStatus, listAll } from './kv';

const PREFIX = 'audit-expect:';

const ExpectationSchema = z.object({
  runId: z.string(),
  writes: z
    .array(z.object({ projectId: z.string(), roleId: z.string(), at: z.string() }))
    .max(EXPECTED_WRITES_KEPT),
});
export type Expectation = z.infer<typeof ExpectationSchema>;

/** Records the run's first role changes, unless an earlier part of the run already did. */
export async function expectOwnWrites(runId: string, writes: OwnWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const key = PREFIX + runId;
  if (await getValue(key, ExpectationSchema)) return;
  const value = ExpectationSchema.parse({ runId, writes: writes.slice(0, EXPECTED_WRITES_KEPT) });
  try {
    await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 1, unit: 'DAYS' } });
  } catch (err) {
    // Another part of the run wrote first: its writes are as good a sample.
    if (kvsStatus(err) !== 409) throw err;
  }
}

export async function listExpectations(): Promise<{ key: string; value: Expectation }[]> {
  const out: { key: string; value: Expectation }[] = [];
  for await (const item of listAll(PREFIX, ExpectationSchema)) out.push(item);
  return out;
}

export const forgetExpectation = (key: string) => deleteValue(key);
