// The rolling sweep verifies every service project once a cycle, whatever people create and
// delete between hours: a slice finds its place by the last project it verified, not by where
// that project stood in the listing. A project another run verified since the cycle began is
// passed over until the next cycle; one whose visit failed is not.
import { previewSubset } from '../../../../src/enforce/run/run-subsets';
import { enforcementState } from '../../../../src/enforce/views/enforcement-state';
import { getSettings, putSettings } from '../../../../src/store/settings';
import { Engine } from '../harness/engine';

let engine: Engine;
afterEach(() => engine.platform.uninstall());

/** Keys of the projects whose customers role each hourly run read, one set per run. */
let read = new Set<string>();

async function setup(projects: number, sweepHours: number, instantSleeps = false): Promise<void> {
  engine = new Engine({ projects, groups: 1, instantSleeps });
  engine.platform.install();
  await engine.seedRule();
  engine.site.onRequest = ({ method, path }) => {
    const m = /^\/rest\/api\/3\/project\/([^/?]+)\/role\/\d+/.exec(path);
    if (method === 'GET' && m) read.add(m[1]);
  };
  const inv = engine.platform.invoke('admin', async () =>
    putSettings({ ...(await getSettings()), sweepHours, sweepPinned: true }),
  );
  await inv.settled;
  expect(inv.state).toBe('done');
}

/** One hourly run to its end; answers the keys it read. */
async function hour(): Promise<string[]> {
  await engine.nextMillisecond();
  read = new Set();
  const inv = engine.hourly();
  await engine.platform.quiesce();
  await engine.drain();
  expect(inv.state).toBe('done');
  return [...read].sort();
}

async function sweepState() {
  const inv = engine.platform.invoke('admin', () => enforcementState());
  await inv.settled;
  return inv.result as Awaited<ReturnType<typeof enforcementState>>;
}

/** The newest scheduled run's record. */
const lastHourly = () =>
  engine
    .runs()
    .filter((r) => r.trigger === 'scheduled')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];

/** A person takes the group out of a project's customers role (Jira's audit log says so). */
const changedInJira = (key: string) =>
  engine.site.person.remove(key, engine.site.groups[0].groupId);

const keysOf = (ps: { key: string }[]) => ps.map((p) => p.key).sort();

/** Hourly runs until the sweep's cycle ends; answers every key they read. */
async function restOfCycle(): Promise<string[]> {
  const keys: string[] = [];
  for (let n = 0; n < 10; n++) {
    keys.push(...(await hour()));
    if (engine.platform.values<{ cursor: number }>('sweep:state')[0].cursor === 0) return keys;
  }
  throw new Error('the cycle never ended');
}

it('after ten projects it already verified are deleted, the next slices skip none of the rest', async () => {
  await setup(40, 4);
  await hour(); // the first hourly run is a full one
  const swept = [...(await hour()), ...(await hour())];
  expect(swept).toHaveLength(20);

  // Ten of the projects verified this cycle are deleted between hours.
  for (const key of swept.slice(0, 10)) {
    const i = engine.site.projects.findIndex((p) => p.key === key);
    engine.site.projects.splice(i, 1);
  }
  const rest = await restOfCycle();
  const notYet = keysOf(engine.site.projects).filter((k) => !swept.includes(k));
  expect(notYet).toHaveLength(20);
  expect(notYet.filter((k) => !rest.includes(k))).toEqual([]);
});

it('after a slice that ended on a project it passed over, deletions skip none of the rest', async () => {
  await setup(12, 4);
  await hour();
  expect(await hour()).toEqual(['P1', 'P2', 'P3']); // the cycle begins
  changedInJira('P9');
  expect(await hour()).toEqual(['P4', 'P5', 'P6', 'P9']);
  expect(await hour()).toEqual(['P7', 'P8']); // P9 passed over: the slice ends there

  for (const key of ['P2', 'P4', 'P6', 'P7', 'P8']) {
    const i = engine.site.projects.findIndex((p) => p.key === key);
    engine.site.projects.splice(i, 1);
  }
  expect(await restOfCycle()).toEqual(['P10', 'P11', 'P12']);
  engine.expectSettled();
});

it('projects created between hours are verified within the same cycle, none skipped', async () => {
  await setup(20, 4);
  await hour();
  const swept = [...(await hour()), ...(await hour())];
  for (let i = 0; i < 12; i++) engine.site.addProject(String(30000 + i), `A${i}`);
  const rest = await restOfCycle();
  expect(
    keysOf(engine.site.projects).filter((k) => !swept.includes(k) && !rest.includes(k)),
  ).toEqual([]);
});

it('a project verified for a change after its cycle began is passed over until the next cycle', async () => {
  await setup(8, 4);
  await hour(); // the first hourly run is a full one
  expect(await hour()).toEqual(['P1', 'P2']); // the cycle begins

  changedInJira('P5');
  expect(await hour()).toEqual(['P3', 'P4', 'P5']);
  expect(engine.site.bindings()).toContain(`P5:${engine.site.groups[0].groupId}`);

  // P5's turn: verified an hour ago, in this cycle; the slice's place moves over it all the same.
  expect(await hour()).toEqual(['P6']);
  expect(lastHourly()).toMatchObject({ visits: { sweep: 1 } });
  const selected = engine.platform.logs.filter((l) => l.includes('"run.selected"')).at(-1);
  expect(JSON.parse(selected!)).toMatchObject({ sweep: 1, sweepVerified: 1 });
  // The Runs tab: "now at 6 of 8", one of them verified by another run this cycle.
  expect((await sweepState()).sweep).toEqual({ position: 6, total: 8, passedOver: 1 });
  expect(await hour()).toEqual(['P7', 'P8']); // the cycle ends
  expect((await sweepState()).sweep).toEqual({ position: 0, total: 8 });

  // The next cycle verifies P5 again.
  expect([...(await hour()), ...(await hour()), ...(await hour())]).toEqual(
    keysOf(engine.site.projects.slice(0, 6)),
  );
  engine.expectSettled();
});

it('a project whose visit for a change failed is still verified by the routine check', async () => {
  await setup(8, 4, true); // Jira's retries of a failing write take no real time
  await hour();
  await hour(); // P1, P2: the cycle begins

  // The change in P5 is visited, but Jira refuses to put the group back.
  changedInJira('P5');
  engine.site.scripted.push({
    match: ({ method, path }) =>
      method === 'POST' && path.startsWith('/rest/api/3/project/P5/role/'),
    answer: '503',
    times: 1000,
  });
  expect(await hour()).toEqual(['P3', 'P4', 'P5']);
  expect(lastHourly()).toMatchObject({ status: 'partly-failed' });

  // Its turn: the change is still owed, and so is the routine check's visit.
  expect(await hour()).toEqual(['P5', 'P6']);
  expect(lastHourly()).toMatchObject({ visits: { sweep: 2, 'changed-in-jira': 1 } });
  expect(engine.platform.keys('dirty:').sort()).toEqual([
    'dirty:i20004:changed-in-jira',
    'dirty:i20004:sweep',
  ]);

  engine.site.scripted.length = 0;
  await hour();
  expect(engine.site.bindings()).toContain(`P5:${engine.site.groups[0].groupId}`);
  expect(engine.platform.keys('dirty:')).toEqual([]);
  engine.expectSettled();
});

it("a preview's Apply after the cycle began does not stand in for the routine check's visit", async () => {
  await setup(8, 4);
  await hour();
  expect(await hour()).toEqual(['P1', 'P2']); // the cycle begins

  // Someone takes the group out of P5, and nothing announces it; an admin previews and applies
  // what the preview showed, which makes those changes only.
  engine.site.actors.get('P5')!.delete(engine.site.groups[0].groupId);
  await engine.nextMillisecond();
  const preview = await engine.run({ dryRun: true });
  const inv = engine.platform.invoke('admin', () => previewSubset(preview.id));
  await inv.settled;
  const subset = inv.result as Awaited<ReturnType<typeof previewSubset>>;
  expect(subset.projects.map((p) => p.key)).toEqual(['P5']);
  expect(await engine.run({ subset, appliesPreview: preview.id })).toMatchObject({
    status: 'succeeded',
  });

  expect(await hour()).toEqual(['P3', 'P4']);
  expect(await hour()).toEqual(['P5', 'P6']);
  engine.expectSettled();
});
