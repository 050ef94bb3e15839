// A run's expected own changes: written once per run by the first part that changed a role (a
// later part, or a redone one, leaves them), a few of them, expiring if never read.
import {
  expectOwnWrites,
  forgetExpectation,
  listExpectations,
} from '../../../src/store/audit-expectations';
import { Platform } from '../enforce/harness/platform';

let kvs: Platform;
beforeEach(() => {
  kvs = Platform.ambient();
});
afterEach(() => kvs.uninstall());

const writes = (n: number, at = '2026-01-01T10:00:00.000Z') =>
  Array.from({ length: n }, (_, i) => ({ projectId: String(10001 + i), roleId: '10101', at }));

it("keeps the first part's changes of a run, at most five, and one key per run", async () => {
  await expectOwnWrites('run-1', writes(8));
  await expectOwnWrites('run-1', writes(2, '2026-01-01T10:30:00.000Z'));
  await expectOwnWrites('run-2', []);
  const stored = await listExpectations();
  expect(stored).toEqual([
    { key: 'audit-expect:run-1', value: { runId: 'run-1', writes: writes(5) } },
  ]);
  // Never kept for ever: the log's checkpoint has passed it within a day.
  const set = kvs.log.filter((c) => c.op === 'set');
  expect(set).toHaveLength(1);
  expect(kvs.kvsWrites[0].body.options).toMatchObject({ ttl: { value: 1, unit: 'DAYS' } });
  await forgetExpectation(stored[0].key);
  expect(await listExpectations()).toEqual([]);
});
