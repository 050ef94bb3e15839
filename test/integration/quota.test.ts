// Jira's hourly points quota, end to end through host and emulator: a run that meets a spent
// quota stops calling Jira, shows as paused until the reset, waits through chained queue delays,
// and resumes by itself with nothing lost; every run records what it cost.
import { ADMIN_ACCOUNT_ID } from '../../local/jira-emulator';
import { hostFaults, releaseHeldEvents } from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
// The emulator's quota clock stands still at 13:10 UTC: a spent quota resets in 50 minutes.
const JIRA_NOW = Date.parse('2026-03-01T13:10:00Z');

let stack: Stack;
beforeEach(async () => {
  stack = await startStack({
    emulator: { limits: { quota: { enabled: true, mode: 'global' } }, clock: () => JIRA_NOW },
    // Queue delays pass 1,000 times faster: the chain of 900 s delays takes seconds.
    host: { queueTimeScale: 0.001 },
  });
});
afterEach(async () => {
  await stack?.close();
});

test('a spent quota pauses the run until the reset; it resumes by itself with nothing lost', async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  // Hold the first batch until the quota is spent, and then the batch's continuation.
  await hostFaults(stack, { queue: { pause: { kind: 'batch', part: 0 } } });
  const { runId } = await stack.admin<{ runId: string }>('startRun', { dryRun: false });
  await stack.host.waitForIdle();
  await stack.control('PUT', 'limits', { quota: { used: 65_000 } });
  await stack.control('DELETE', 'requests');
  await hostFaults(stack, { queue: { pause: { kind: 'batch', part: 1 } } });
  const startedAt = Date.now();
  expect(await releaseHeldEvents(stack)).toBe(1);
  await stack.host.waitForIdle();

  // The calls already under way were refused once each, and none was tried again: after the
  // first 429 no call of that invocation reached Jira (no retry storm).
  const { requests } = await stack.control('GET', 'requests');
  const sent = requests.filter((r: any) => r.metered);
  expect(sent.length).toBeGreaterThanOrEqual(1);
  expect(sent.every((r: any) => r.status === 429)).toBe(true);
  expect(new Set(sent.map((r: any) => `${r.method} ${r.path}`)).size).toBe(sent.length);

  // An hour later (the emulator's window moved on), the admin sees the run paused.
  await stack.control('POST', 'limits/window');
  const paused = await stack.admin('getRun', { runId });
  expect(paused).toMatchObject({ status: 'paused', counts: { errors: 0 } });
  const until = Date.parse(paused.pausedUntil);
  // Retry-After said 50 minutes.
  expect(until).toBeGreaterThanOrEqual(startedAt + 50 * 60_000 - 1_000);
  expect(until).toBeLessThanOrEqual(Date.now() + 50 * 60_000 + 1_000);
  const hhmm = new Date(until).toISOString().slice(11, 16);
  expect(paused.pauseReason).toBe(
    `Paused until ${hhmm} UTC: Jira's hourly quota for this app is spent`,
  );
  const listed = await stack.admin<{ items: any[] }>('listRuns', {});
  expect(listed.items.find((r) => r.id === runId)?.status).toBe('running');

  // The held continuation waits through its chain of delays, then finishes the batch.
  expect(await releaseHeldEvents(stack)).toBe(1);
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
  const actions = await stack.allPages<any>('getRunActions', runId);
  expect(actions.filter((a) => !a.ok)).toEqual([]);
  for (const key of ['ITHELP', 'HR', 'FAC'])
    expect(await stack.roleGroups(key)).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));

  // The run says what it cost, and the quota Jira announced.
  expect(run.calls).toBeGreaterThanOrEqual(10);
  expect(run.points).toBeGreaterThan(run.calls);
  expect(run.quota).toMatchObject({ limit: 65_000 });
  expect(run.pausedUntil).toBeUndefined();
});

test("a run's cost: calls and points as Jira counts them, on the record", async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.control('DELETE', 'requests');
  const { runId } = await stack.admin<{ runId: string }>('startRun', { dryRun: false });
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8 } });
  const { requests } = await stack.control('GET', 'requests');
  // The run's calls are the app's (the admin's permission check is made as the admin); the run
  // page's look-up of the starter's display name is the page's, not the run's.
  const pageLookup = (r: any) => r.path === '/rest/api/3/user' && !r.query.includes('expand');
  const app = requests.filter(
    (r: any) => r.metered && r.caller !== ADMIN_ACCOUNT_ID && !pageLookup(r),
  );
  expect(requests.filter(pageLookup)).toHaveLength(1);
  expect(app.length).toBeGreaterThanOrEqual(9);
  expect(run.calls).toBe(app.length);
  expect(run.points).toBe(app.reduce((n: number, r: any) => n + r.points, 0));
  expect(run.quota).toMatchObject({ limit: 65_000 });
});

test("a run spends at most its budget: the hour's share spent, it pauses until the next hour", async () => {
  // A small pool (1,000 points an hour, as announced), of which the runs may spend 1%: 10 points.
  await stack.control('PUT', 'limits', { quota: { points: 1_000 } });
  const settings = await stack.admin('getSettings', {});
  await stack.admin('saveSettings', { settings: { ...settings, quotaBudgetPercent: 1 } });
  await stack.admin('saveRule', { rule: demoRule() });
  await hostFaults(stack, { queue: { pause: { kind: 'list', attempt: 1 } } });
  await stack.control('DELETE', 'requests');
  const startedAt = Date.now();
  const { runId } = await stack.admin<{ runId: string }>('startRun', { dryRun: false });
  await stack.host.waitForIdle();

  // Starting spent the budget (roles and groups read): the listing did not call Jira.
  const { requests } = await stack.control('GET', 'requests');
  expect(requests.some((r: any) => r.path === '/rest/api/3/project/search')).toBe(false);
  const run = await stack.admin('getRun', { runId });
  // The top of the next UTC hour after the pause (read the clock on both sides of it).
  const until = Date.parse(run.pausedUntil);
  expect(until % 3_600_000).toBe(0);
  expect(until).toBeGreaterThan(startedAt);
  expect(until).toBeLessThanOrEqual(Date.now() + 3_600_000);
  expect(run).toMatchObject({ status: 'paused', counts: { errors: 0 } });
  expect(run.pauseReason).toBe(
    `Paused until ${run.pausedUntil.slice(11, 16)} UTC: ` +
      "this hour's share of Jira's quota for the app's runs is spent",
  );
  expect(run.points).toBeGreaterThan(10);
  expect(run.quota).toMatchObject({ limit: 1_000 });
});

test("Run now while Jira's quota is spent: queued, paused until the reset, then runs by itself", async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.control('PUT', 'limits', { quota: { used: 65_000 } });
  await hostFaults(stack, { queue: { pause: { kind: 'start' } } });
  const startedAt = Date.now();
  const { runId } = await stack.admin<{ runId: string }>('startRun', { dryRun: false });
  await stack.host.waitForIdle();

  const paused = await stack.admin('getRun', { runId });
  expect(paused).toMatchObject({ status: 'paused', counts: { errors: 0 } });
  const until = Date.parse(paused.pausedUntil);
  // Retry-After said 50 minutes (the emulator's clock stands at 13:10).
  expect(until).toBeGreaterThanOrEqual(startedAt + 50 * 60_000 - 1_000);
  expect(paused.pauseReason).toBe(
    `Paused until ${paused.pausedUntil.slice(11, 16)} UTC: Jira's hourly quota for this app is spent`,
  );

  // The window moves on; the held start waits out its chain of delays and the run goes on.
  await stack.control('POST', 'limits/window');
  expect(await releaseHeldEvents(stack)).toBe(1);
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
  for (const key of ['ITHELP', 'HR', 'FAC'])
    expect(await stack.roleGroups(key)).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));
});
