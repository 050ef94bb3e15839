// Runs that meet a spent quota before they start: the hourly trigger gives
// up on Jira's quota 429 at once instead of waiting out its Retry-After, and a run started while
// Jira's quota or the runs' budget for the hour is spent is queued, paused until the reset with
// the words a run paused midway shows, and starts by itself after it. No timers: a trigger that
// slept through Retry-After would never settle, and the test would time out.
import { previewSubset, type RunSubset } from '../../../../src/enforce/run/run-subsets';
import { runWatchdog } from '../../../../src/enforce/run/watchdog';
import { hourKey, topOfNextHour } from '../../../../src/jira/quota';
import { utcTime } from '../../../../src/jira/quota-tracker';
import { LEASE_TTL_MS } from '../../../../src/store/lease';
import { getRun } from '../../../../src/store/runs';
import { Engine, runIdOf } from '../harness/engine';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule();
});
afterEach(() => engine.platform.uninstall());

const QUOTA_WORDS = "Jira's hourly quota for this app is spent";
const BUDGET_WORDS = "this hour's share of Jira's quota for the app's runs is spent";

async function runView(runId: string): Promise<any> {
  const inv = engine.platform.invoke('read', () => getRun(runId));
  await inv.settled;
  return inv.result;
}

const startEvents = () => engine.platform.queue.filter((e) => e.body.kind === 'start');

/** Delivers the queued start event and its chain of delays, then the run's work. */
async function afterTheReset(): Promise<void> {
  await engine.drain();
}

it('the hourly trigger gives up on the quota 429 at once; its run waits for the reset', async () => {
  engine.site.quotaSpentForSeconds = 1800;
  const before = Date.now();
  const hourly = engine.hourly();
  await engine.platform.quiesce();
  expect(hourly.state).toBe('done');
  // One refused call per client (the run's start), none tried again.
  expect(engine.site.quotaRefusals).toBeLessThanOrEqual(6);
  const refusedOnce = engine.site.quotaRefusals;

  const [run] = engine.runs();
  expect(run).toMatchObject({ trigger: 'scheduled', status: 'running' });
  const view = await runView(run.id);
  expect(view.status).toBe('paused');
  const until = Date.parse(view.pausedUntil);
  expect(until).toBeGreaterThanOrEqual(before + 1_800_000);
  expect(until).toBeLessThanOrEqual(Date.now() + 1_800_000);
  expect(view.pauseReason).toBe(`Paused until ${utcTime(until)}: ${QUOTA_WORDS}`);
  // The same as a code, for the page to word with the time in the viewer's zone.
  expect(view.pauseCode).toBe('quota');
  // Queued for the reset: Forge's longest delay, the rest carried on the event.
  expect(startEvents()).toEqual([
    expect.objectContaining({
      delayInSeconds: 900,
      body: expect.objectContaining({ attempt: 1, waitSeconds: expect.any(Number) }),
    }),
  ]);
  expect(startEvents()[0].body.waitSeconds).toBeGreaterThanOrEqual(899);
  expect(engine.platform.logs.some((l) => l.includes('"jira.quota-spent"'))).toBe(true);

  engine.site.quotaSpentForSeconds = undefined;
  await afterTheReset();
  expect(engine.site.quotaRefusals).toBe(refusedOnce);
  expect(engine.record(run.id)).toMatchObject({
    status: 'succeeded',
    counts: expect.objectContaining({ adds: 6, errors: 0 }),
  });
  expect((await runView(run.id)).pausedUntil).toBeUndefined();
  engine.expectSettled();
});

it('a run started while the quota is still spent waits again, then starts', async () => {
  engine.site.quotaSpentForSeconds = 60;
  const start = engine.start({ trigger: 'manual', startedBy: 'acc-admin' });
  await engine.platform.quiesce();
  expect(start.state).toBe('done');
  const runId = runIdOf(start);
  expect(await runView(runId)).toMatchObject({ status: 'paused' });
  expect(startEvents()).toEqual([
    expect.objectContaining({ delayInSeconds: 60, body: expect.objectContaining({ attempt: 1 }) }),
  ]);

  // The reset came, and Jira's pool was spent again at once (by other installations), for
  // longer than a consumer waits out.
  engine.site.quotaSpentForSeconds = 1800;
  engine.deliver(startEvents()[0]);
  await engine.platform.quiesce();
  expect(startEvents()).toEqual([
    expect.objectContaining({
      delayInSeconds: 900,
      body: expect.objectContaining({ attempt: 2 }),
    }),
  ]);
  expect(await runView(runId)).toMatchObject({ status: 'paused' });

  // The hourly watchdog, once the first reset is over and the run is older than a lease lasts,
  // sees the lease the waiting start renews (the run has no context yet) and leaves it alone.
  const record = engine.record(runId);
  engine.platform.seed(`run:${runId}`, {
    ...record,
    createdAt: new Date(Date.now() - LEASE_TTL_MS - 60_000).toISOString(),
  });
  const pause = engine.platform.values(`runpause:${runId}`)[0];
  engine.platform.seed(`runpause:${runId}`, { ...pause, until: Date.now() - 1000 });
  const watchdog = engine.platform.invoke('watchdog', () => runWatchdog());
  await watchdog.settled;
  expect(watchdog.result).toBe(0);
  expect(engine.record(runId)).toMatchObject({ status: 'running' });

  engine.site.quotaSpentForSeconds = undefined;
  await afterTheReset();
  expect(engine.record(runId)).toMatchObject({ status: 'succeeded' });
  engine.expectSettled();
});

it.each([
  ['Run now', { trigger: 'manual' as const, startedBy: 'acc-admin' }],
  ['a preview', { trigger: 'manual' as const, dryRun: true, startedBy: 'acc-admin' }],
])(
  "%s started when the hour's budget is spent is paused until the next hour, then runs",
  async (_, req) => {
    // The runs spent the hour's share already (20% of Jira's default 65,000 points).
    const spendKey = `quotaspend:${hourKey(Date.now())}:earlier:batch:0:0`;
    engine.platform.seed(spendKey, {
      points: 13_000,
      calls: 4_000,
    });
    const start = engine.start(req);
    await engine.platform.quiesce();
    expect(start.state).toBe('done');
    const runId = runIdOf(start);
    // Nothing reached Jira.
    expect(engine.site.writes).toEqual([]);
    const view = await runView(runId);
    expect(view.status).toBe('paused');
    expect(Date.parse(view.pausedUntil) % 3_600_000).toBe(0);
    expect(view.pauseReason).toBe(
      `Paused until ${view.pausedUntil.slice(11, 16)} UTC: ${BUDGET_WORDS}`,
    );
    expect(view.pauseCode).toBe('budget');

    // The next hour: its spending starts from nothing.
    engine.platform.unseed(spendKey);
    await afterTheReset();
    expect(engine.record(runId)).toMatchObject({ status: 'succeeded' });
    engine.expectSettled();
  },
);

it("a project admin's run spends their share of the people's, not the runs' share", async () => {
  // The runs spent their share of the hour: a project run is not held up by it...
  const runsSpent = `quotaspend:${hourKey(Date.now())}:earlier:batch:0:0`;
  engine.platform.seed(runsSpent, { points: 13_000, calls: 4_000 });
  const run = await engine.run({ trigger: 'project', projectKey: 'P2', startedBy: 'acc-pa' });
  expect(run).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ adds: 2 }) });
  // ...and what it spent is counted as the starter's, not as the runs'.
  expect(engine.platform.keys('quotaspend:')).toEqual([runsSpent]);
  const prefix = `peoplespend:${hourKey(Date.now())}:acc-pa:${run.id}:`;
  expect(engine.platform.keys(prefix).map((k) => k.slice(prefix.length))).toEqual([
    'batch:0:0',
    'start',
  ]);
  const spent = engine.platform.values<{ points: number }>('peoplespend:');
  expect(spent.reduce((n, v) => n + v.points, 0)).toBe(run.points);
  engine.expectSettled();
});

it("a project run whose starter's share is spent is refused until the next hour; it records nothing", async () => {
  // acc-pa spent a fifth of the people's 5% of 65,000 points this hour (on other projects).
  const hour = hourKey(Date.now());
  engine.platform.seed(`peoplespend:${hour}:acc-pa:live:P1:0:x`, { points: 650, calls: 100 });
  const before = engine.platform.keys();
  const start = engine.start({ trigger: 'project', projectKey: 'P2', startedBy: 'acc-pa' });
  await engine.platform.quiesce();
  expect(start.state).toBe('failed');
  expect(start.error).toMatchObject({
    code: 'too-soon',
    retryAt: new Date(topOfNextHour(Date.now())).toISOString(),
    message: expect.stringMatching(
      /^You have used your share of Jira's hourly quota for this app's project pages this hour; .* You can ask again at \d\d:00 UTC \(in \d+ minutes?\)/,
    ),
  });
  // No run, no lease, no queued work, no call to Jira.
  expect(engine.platform.keys()).toEqual(before);
  expect(engine.platform.queue).toEqual([]);
  expect(engine.site.writes).toEqual([]);
  // Another project admin, and the Jira admin's Run now, still run.
  const other = await engine.run({ trigger: 'project', projectKey: 'P2', startedBy: 'acc-pb' });
  expect(other).toMatchObject({ status: 'succeeded' });
  expect(await engine.run({ trigger: 'manual', startedBy: 'acc-admin' })).toMatchObject({
    status: 'succeeded',
  });
  engine.expectSettled();
});

it("the apply of a preview put off by the quota chooses the preview's changes when it starts", async () => {
  const preview = await engine.run({ dryRun: true });
  expect(preview).toMatchObject({ status: 'succeeded' });
  const chosen = engine.platform.invoke('subset', () => previewSubset(preview.id));
  await chosen.settled;
  const subset = chosen.result as RunSubset;
  expect(subset.projects).toHaveLength(3);

  engine.site.quotaSpentForSeconds = 1800;
  const start = engine.start({ subset, appliesPreview: preview.id });
  await engine.platform.quiesce();
  const runId = runIdOf(start);
  expect(await runView(runId)).toMatchObject({ status: 'paused' });
  // What was asked is kept, not the projects (they are chosen again from the preview).
  expect(engine.platform.values(`runstart:${runId}`)).toEqual([
    expect.objectContaining({ request: expect.objectContaining({ appliesPreview: preview.id }) }),
  ]);
  expect(JSON.stringify(engine.platform.values(`runstart:${runId}`))).not.toContain('"projects"');

  engine.site.quotaSpentForSeconds = undefined;
  await afterTheReset();
  expect(engine.record(runId)).toMatchObject({
    status: 'succeeded',
    counts: expect.objectContaining({ adds: 6, errors: 0 }),
  });
  expect(engine.platform.keys(`runstart:${runId}`)).toEqual([]);
  engine.expectSettled();
});
