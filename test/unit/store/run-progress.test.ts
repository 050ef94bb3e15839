// A running run's progress counts projects, not batches: each part's counter (one key per part,
// so parallel parts never overwrite each other) adds to the parts already recorded.
import type { Run } from '../../../src/domain/schemas';
import { setValue } from '../../../src/store/kv';
import { getRun, putPartProgress } from '../../../src/store/runs';
import { Platform } from '../enforce/harness/platform';

beforeEach(() => {
  Platform.ambient();
});

const zero = { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
const run: Run = {
  id: 'r-1',
  trigger: 'manual',
  dryRun: false,
  status: 'running',
  startedBy: 'app',
  createdAt: '2026-03-01T10:00:00.000Z',
  progress: { done: 0, total: 0 },
  counts: zero,
};

it('adds the projects of parts still working to those of recorded parts', async () => {
  await setValue('run:r-1', run);
  await setValue('runlisted:r-1', { batches: 3, total: 300, done: true });
  // Batch 0 is recorded (100 projects); its last progress write (99) is superseded.
  await setValue('runbatch:r-1:000000:000000', {
    index: 0,
    part: 0,
    projects: 100,
    counts: { ...zero, adds: 2 },
    finishedAt: '2026-03-01T10:01:00.000Z',
    rest: [],
  });
  await putPartProgress('r-1', 0, 0, 99);
  // Batches 1 and 2 work in parallel.
  await putPartProgress('r-1', 1, 0, 37);
  await putPartProgress('r-1', 2, 0, 5);
  await putPartProgress('r-1', 2, 0, 6);

  const now = await getRun('r-1');
  expect(now?.progress).toEqual({ done: 143, total: 300 });
  expect(now?.counts.adds).toBe(2);
});

it('reads no progress for a run that has ended', async () => {
  await setValue('run:r-1', { ...run, status: 'succeeded', progress: { done: 300, total: 300 } });
  await putPartProgress('r-1', 1, 0, 37);
  expect((await getRun('r-1'))?.progress).toEqual({ done: 300, total: 300 });
});
