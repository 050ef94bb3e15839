// Only a run that visits every project (a full run, or a completed sweep cycle) may say every
// project was verified and answer the change signals waiting for the next hourly run. A
// preview's Apply and a retry of the failed projects visit a few projects: they answer nothing.
import { previewSubset } from '../../../../src/enforce/run/run-subsets';
import { enforcementState } from '../../../../src/enforce/views/enforcement-state';
import { markDirty, markScopesDirty } from '../../../../src/store/dirty-projects';
import { getSettings, putSettings } from '../../../../src/store/settings';
import { Engine } from '../harness/engine';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule({ projects: 3, groups: 1 });
});
afterEach(() => engine.platform.uninstall());

async function inApp<T>(fn: () => Promise<T>): Promise<T> {
  const inv = engine.platform.invoke('admin', fn);
  await inv.settled;
  expect(inv.state).toBe('done');
  return inv.result as T;
}

async function hourly(): Promise<void> {
  const inv = engine.hourly();
  await engine.platform.quiesce();
  await engine.drain();
  expect(inv.state).toBe('done');
}

it("a preview's Apply leaves the change marks and the last full verification as they were", async () => {
  await hourly(); // the first hourly run is a full one
  const before = await inApp(() => enforcementState());
  expect(before.verifiedSince).toBeDefined();

  // P3 changed in Jira (a signal for the next hourly run); someone removed the group from P1.
  await inApp(() => markDirty([{ projectId: '20002' }], 'changed-in-jira'));
  const group = engine.site.groups[0].groupId;
  engine.site.person.remove('P1', group);
  const preview = await engine.run({ dryRun: true });
  const subset = await inApp(() => previewSubset(preview.id));
  expect(subset.projects.map((p) => p.key)).toEqual(['P1']);
  expect(await engine.run({ subset, appliesPreview: preview.id })).toMatchObject({
    status: 'succeeded',
    counts: expect.objectContaining({ adds: 1 }),
  });

  const after = await inApp(() => enforcementState());
  expect(after.verifiedSince).toBe(before.verifiedSince);
  expect(after.pending).toMatchObject({ projects: 1 });
  expect(engine.platform.keys('dirty:')).toEqual(['dirty:i20002:changed-in-jira']);
  engine.expectSettled();
});

it('a rule change is still waiting after an hourly run that was cut off before its visits', async () => {
  await hourly();
  await inApp(() => markScopesDirty([{ type: 'keys', keys: ['P1', 'P2'] }]));
  // Every try of the run's batch dies after Jira answered its first role read.
  let cutting = true;
  for (let n = 0; n < 20; n++)
    engine.platform.crashAfterJira(
      (method, path) => cutting && method === 'GET' && /\/role\//.test(path),
    );
  await hourly();
  const cut = engine.runs().find((r) => r.trigger === 'scheduled' && r.status === 'running');
  expect(cut).toMatchObject({ visits: { 'rule-changed': 2 } });
  cutting = false;

  await engine.afterLeasesExpire(); // the watchdog ends it; the next hourly run starts
  const next = engine
    .runs()
    .filter((r) => r.trigger === 'scheduled' && r.id !== cut.id)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  expect(next).toMatchObject({ status: 'succeeded', visits: { 'rule-changed': 2 } });
  // Answered by the visits that ran to their end: nothing waits any more.
  expect(engine.platform.keys('dirty')).toEqual([]);
  engine.expectSettled();
});

it('a change announced while a visit reads its project waits for the next run', async () => {
  await hourly();
  await inApp(() => markDirty([{ projectId: '20000' }], 'changed-in-jira'));
  const mark = 'dirty:i20000:changed-in-jira';
  let announced = false;
  engine.site.onRequest = ({ method, path }) => {
    if (announced || method !== 'GET' || !path.startsWith('/rest/api/3/project/P1/role/')) return;
    announced = true;
    // A person changes P1 and Jira's event for it is recorded as the visit reads the role.
    engine.platform.seed(mark, {
      ref: 'i20000',
      reason: 'changed-in-jira',
      markedAt: new Date(Date.now() + 1).toISOString(),
    });
  };
  await hourly();
  expect(announced).toBe(true);
  expect(engine.platform.keys('dirty:')).toEqual([mark]);
  engine.expectSettled();
});

/**
 * A new site of four projects whose routine check is pinned to two hours, after its first (full)
 * hourly run: answers the time that run verified every project since.
 */
async function fourProjectsSweptInTwoHours(): Promise<string | undefined> {
  engine.platform.uninstall();
  // Jira's retries of a failing read take no real time.
  engine = new Engine({ projects: 4, groups: 1, instantSleeps: true });
  engine.platform.install();
  await engine.seedRule();
  await inApp(async () =>
    putSettings({ ...(await getSettings()), sweepHours: 2, sweepPinned: true }),
  );
  await hourly(); // the first hourly run is a full one
  const full = (await inApp(() => enforcementState())).verifiedSince;
  expect(full).toBeDefined();
  return full;
}

it('a sweep cycle whose visit of a project failed is claimed only once that project is verified', async () => {
  const full = await fourProjectsSweptInTwoHours();

  // Jira fails every read of P4's customers role: its sweep visit fails.
  engine.site.scripted.push({
    match: ({ method, path }) =>
      method === 'GET' && path.startsWith('/rest/api/3/project/P4/role/'),
    answer: '503',
    times: 1000,
  });
  await hourly(); // P1, P2
  await hourly(); // P3, P4: the slice reaches the last project
  const failed = engine.runs().sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  expect(failed).toMatchObject({ status: 'partly-failed' });
  await hourly(); // P4 again (still failing), and the next cycle's first slice
  expect((await inApp(() => enforcementState())).verifiedSince).toBe(full);
  expect(engine.platform.keys('dirty:')).toEqual(['dirty:i20003:sweep']);

  engine.site.scripted.length = 0;
  await hourly(); // P4 verified at last
  expect(engine.platform.keys('dirty:')).toEqual([]);
  await hourly(); // the cycle is claimed
  const after = (await inApp(() => enforcementState())).verifiedSince;
  expect(after! > full!).toBe(true);
});

it('a sweep cycle is claimed only once every project is verified since it began, by whichever run', async () => {
  const full = await fourProjectsSweptInTwoHours();
  const newest = () => engine.runs().sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const enforceNow = async (projectKey: string) => {
    await engine.nextMillisecond();
    return engine.run({ trigger: 'project', projectKey, startedBy: 'acc-pa' });
  };

  // Enforce now verifies P4 before the cycle begins: no proof for that cycle.
  expect(await enforceNow('P4')).toMatchObject({ status: 'succeeded' });
  await engine.nextMillisecond();
  await hourly(); // P1, P2: the cycle begins
  const cycleStart = newest().createdAt;
  // ... and P3 after it began: its turn needs no visit.
  expect(await enforceNow('P3')).toMatchObject({ status: 'succeeded' });

  // Jira fails every read of P4's customers role: its sweep visit fails.
  engine.site.scripted.push({
    match: ({ method, path }) =>
      method === 'GET' && path.startsWith('/rest/api/3/project/P4/role/'),
    answer: '503',
    times: 1000,
  });
  await engine.nextMillisecond();
  await hourly(); // P3 passed over, P4: the slice reaches the last project
  expect(newest()).toMatchObject({ status: 'partly-failed', visits: { sweep: 1 } });
  expect(engine.platform.keys('dirty:')).toEqual(['dirty:i20003:sweep']);

  engine.site.scripted.length = 0;
  await hourly(); // P4 verified at last, and the next cycle's first slice
  expect((await inApp(() => enforcementState())).verifiedSince).toBe(full);
  expect(engine.platform.keys('dirty:')).toEqual([]);
  await hourly(); // the cycle is claimed: every project was verified since it began
  expect((await inApp(() => enforcementState())).verifiedSince).toBe(cycleStart);
  engine.expectSettled();
});
