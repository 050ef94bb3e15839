// The sweep's period adapts to its evidence on a real site: after a whole cycle that found
// nothing the change signals missed it takes one step longer, and the first change the sweep
// finds that no signal announced takes it back to 6 hours, with an audit entry saying where.
import { enforcementState } from '../../../../src/enforce/views/enforcement-state';
import { Engine } from '../harness/engine';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule({ projects: 4, groups: 1 });
});
afterEach(() => engine.platform.uninstall());

async function hourly(): Promise<void> {
  const inv = engine.hourly();
  await engine.platform.quiesce();
  await engine.drain();
  expect(inv.state).toBe('done');
}

async function state() {
  const inv = engine.platform.invoke('admin', () => enforcementState());
  await inv.settled;
  return inv.result as Awaited<ReturnType<typeof enforcementState>>;
}

const periodEntries = () =>
  engine.platform
    .values<{ entries: { kind: string; message: string }[] }>('audit:')
    .flatMap((c) => c.entries)
    .filter((e) => e.kind === 'sweep-period-changed')
    .map((e) => e.message);

it('lengthens after a clean cycle and returns to 6 hours at the first unannounced change', async () => {
  await hourly(); // the first hourly run is a full one
  await hourly();
  expect(await state()).toMatchObject({ sweepHours: 24, sweepPeriod: { pinned: false } });
  // A day's period over 4 projects: one a hour, so the cycle ends with the fourth slice.
  for (let n = 0; n < 4; n++) await hourly();
  expect(await state()).toMatchObject({
    sweepHours: 48,
    sweepPeriod: {
      reason: expect.stringMatching(
        /^The routine check verifies .*: its last cycle found no change the app had not noticed/,
      ),
    },
  });
  expect(periodEntries()).toHaveLength(1);

  // Someone takes the group out of P3 and nothing announces it (no audit record, no event).
  const group = engine.site.groups[0].groupId;
  engine.site.actors.get('P3')!.delete(group);
  for (let n = 0; n < 4 && engine.site.bindings().length < 4; n++) await hourly();
  expect(engine.site.bindings()).toContain(`P3:${group}`);
  expect((await state()).sweepPeriod.lastMiss).toMatchObject({ projectKey: 'P3' });

  await hourly();
  const now = await state();
  expect(now.sweepHours).toBe(6);
  expect(now.sweepPeriod.reason).toMatch(
    /^The routine check went back to .*: it found a change in P3 that the app had not noticed;/,
  );
  // The same as data, for the page to word in the viewer's language.
  expect(now.sweepPeriod).toMatchObject({ why: 'missed', hours: 6, projectKey: 'P3' });
  // Newest first, as the audit log lists them.
  expect(periodEntries()[0]).toBe(now.sweepPeriod.reason);
  engine.expectSettled();
});

it('each whole cycle steps the period up: the one that began as the last ended counts', async () => {
  await hourly(); // the first hourly run is a full one
  await hourly();
  for (let n = 0; n < 4; n++) await hourly();
  expect((await state()).sweepHours).toBe(48);
  // The next cycle (one project an hour at 2 days) began as the first ended: four more hours.
  for (let n = 0; n < 4; n++) await hourly();
  expect((await state()).sweepHours).toBe(96);
  engine.expectSettled();
});

it('a pinned period stays as the admin set it', async () => {
  const { getSettings, putSettings } = await import('../../../../src/store/settings');
  const inv = engine.platform.invoke('admin', async () =>
    putSettings({ ...(await getSettings()), sweepPinned: true, sweepHours: 2 }),
  );
  await inv.settled;
  for (let n = 0; n < 8; n++) await hourly();
  expect(await state()).toMatchObject({
    sweepHours: 2,
    sweepPeriod: {
      pinned: true,
      reason: expect.stringMatching(
        /^Pinned in Settings: the routine check verifies every project/,
      ),
    },
  });
});
