// The routine check's listing, journalled slice by slice: a cycle is a whole listing only when
// its slices joined up from its first to its last.
import type { Project } from '../../../src/domain/schemas';
import { getWholeSweepListing, recordSweptSlice } from '../../../src/store/sweep-listing';
import { Platform } from '../enforce/harness/platform';

let kvs: Platform;
beforeEach(() => {
  kvs = Platform.ambient();
});
afterEach(() => kvs.uninstall());

const p = (id: number): Project => ({
  id: String(id),
  key: `P${id}`,
  name: `Desk ${id}`,
  typeKey: 'service_desk',
  style: 'classic',
});
const NOW = new Date('2026-03-02T10:00:00.000Z');
const C1 = '2026-03-01T00:00:00.000Z';
const C2 = '2026-03-02T00:00:00.000Z';

it("joins a cycle's slices into one listing once it reaches the last project", async () => {
  await recordSweptSlice({ cycleStartedAt: C1, projects: [p(1), p(2)], ended: false }, NOW);
  expect(await getWholeSweepListing()).toBeUndefined();
  await recordSweptSlice({ cycleStartedAt: C1, afterId: '2', projects: [p(5)], ended: true }, NOW);
  expect(await getWholeSweepListing()).toEqual({
    startedAt: C1,
    endedAt: NOW.toISOString(),
    projects: [p(1), p(2), p(5)],
  });
});

it('a slice that does not start where the last ended breaks the chain until the next cycle', async () => {
  await recordSweptSlice({ cycleStartedAt: C1, projects: [p(1)], ended: false }, NOW);
  // The slice after 2 was never journalled (a write cut off): this cycle proves nothing.
  await recordSweptSlice({ cycleStartedAt: C1, afterId: '3', projects: [p(4)], ended: true }, NOW);
  expect(await getWholeSweepListing()).toBeUndefined();
  await recordSweptSlice({ cycleStartedAt: C2, projects: [p(1), p(4)], ended: true }, NOW);
  expect((await getWholeSweepListing())?.startedAt).toBe(C2);
});

it("keeps the last whole cycle while the next one is journalled, then only the newer's chunks", async () => {
  await recordSweptSlice({ cycleStartedAt: C1, projects: [p(1)], ended: true }, NOW);
  await recordSweptSlice({ cycleStartedAt: C2, projects: [p(1)], ended: false }, NOW);
  expect((await getWholeSweepListing())?.startedAt).toBe(C1);
  await recordSweptSlice({ cycleStartedAt: C2, afterId: '1', projects: [p(2)], ended: true }, NOW);
  expect(await getWholeSweepListing()).toMatchObject({ startedAt: C2, projects: [p(1), p(2)] });
  // The first cycle's chunk is gone: two chunks, both the second cycle's.
  expect(kvs.values('sweep:listed:')).toEqual([[p(1)], [p(2)]]);
});
