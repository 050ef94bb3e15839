// No person can drain the app's Jira quota (found by a security probe on the demo stack: loops
// of the project page's load spent the hour's 65,000 points in under a minute, pausing the
// scheduled run and refusing the Jira admin's own page; one admin of 400 desks pressing Enforce
// now on each spent the runs' share). What people cause spends the people's share of the hour
// (5% of the quota Jira announces), one person at most a fifth of it; the runs keep theirs. The
// emulator's pool is scaled down so that the shares are small enough to reach in a test.
import { APP_ACCOUNT_ID } from '../../local/jira-emulator';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack, tryProject } from './stack';

jest.setTimeout(180_000);

const PA = DEMO.users.pa.accountId;
const ADMIN = DEMO.users.admin.accountId;

let stack: Stack;
afterEach(async () => {
  await stack?.close();
});

async function start(quota: number): Promise<void> {
  stack = await startStack({
    emulator: { limits: { quota: { enabled: true, mode: 'global', points: quota } } },
    host: { queueTimeScale: 0.05, printAppLogs: true, log: () => undefined },
  });
  await stack.admin('saveRule', { rule: demoRule() });
}

/** The people's share and one person's part of it, for a pool of `quota` points (defaults). */
const shares = (quota: number) => ({ people: quota * 0.05, person: quota * 0.05 * 0.2 });

/** Makes pa an admin of these projects too, as a Jira admin would in each project's People. */
async function paAdministers(keys: string[]): Promise<void> {
  for (const key of keys) {
    const roleId = key === 'MKT' ? 10201 : 10002; // MKT is team-managed: its own Administrator
    const res = await stack.jira('POST', `/rest/api/3/project/${key}/role/${roleId}`, {
      user: [PA],
    });
    expect(res.status).toBe(200);
  }
}

/** What the app's calls (asApp) and pa's own (asUser: the permission checks) cost since `since`. */
async function spent(): Promise<{ app: number; paChecks: number; refused: number }> {
  const { requests } = await stack.control('GET', 'requests');
  const metered = requests.filter((r: any) => r.metered);
  return {
    app: metered
      .filter((r: any) => r.caller === APP_ACCOUNT_ID)
      .reduce((n: number, r: any) => n + r.points, 0),
    paChecks: metered.filter((r: any) => r.caller === PA).length,
    refused: requests.filter((r: any) => r.status === 429).length,
  };
}

/** The hourly run, from the trigger to its end: what it says when it is over. */
async function hourlyRun(): Promise<any> {
  const run = await stack.scheduledRun();
  return stack.waitForRun(run.id);
}

const topOfNextHour = () => new Date(Math.floor(Date.now() / 3_600_000 + 1) * 3_600_000);

it("8 loops of the project page's load spend at most one person's share; the runs keep theirs", async () => {
  const QUOTA = 5_000;
  await start(QUOTA);
  await paAdministers(['HR', 'FAC', 'MKT']);
  // The app learns Jira's quota from the hour's first run; the hour starts from nothing.
  await stack.control('POST', 'limits/window');
  expect(await hourlyRun()).toMatchObject({ status: 'succeeded' });
  await stack.control('DELETE', 'requests');

  // Eight loops at once, 40 loads each, over the four projects pa administers.
  const keys = ['ITHELP', 'HR', 'FAC', 'MKT'];
  const loops = await Promise.all(
    Array.from({ length: 8 }, async (_, loop) => {
      const answers = [];
      for (let i = 0; i < 40; i++)
        answers.push(await tryProject(stack, 'getProjectStatus', {}, PA, keys[(loop + i) % 4]));
      return answers;
    }),
  );
  const answers = loops.flat();
  expect(answers).toHaveLength(320);

  // What the loads made the app spend: within pa's part of the people's share (before: each
  // load made 8 calls, about 25 points, and 320 loads spent more than the whole pool).
  const cost = await spent();
  const { people, person } = shares(QUOTA);
  expect(cost.app).toBeGreaterThan(0);
  expect(cost.app).toBeLessThanOrEqual(person);
  expect(cost.app).toBeLessThanOrEqual(people);
  // pa's own permission checks (asUser), remembered a minute per container: at most one per
  // project for each of the 8 loops (each may meet another container), not one per load.
  expect(cost.paChecks).toBeLessThanOrEqual(8 * 4);
  expect(cost.refused).toBe(0);

  // Every load answered the page or a polite refusal saying when to ask again: a project read
  // this minute is shown as read (with its time), one pa's share could not pay for is refused.
  const refused = answers.filter((a) => !a.ok);
  expect(refused.map((a) => a.error?.code)).toEqual(refused.map(() => 'too-soon'));
  for (const a of refused) expect(Date.parse(a.error!.retryAt!)).toBeGreaterThan(Date.now());
  const shown = answers.filter((a) => a.ok).map((a) => a.result);
  expect(shown.length).toBeGreaterThan(0);
  const readings = new Set(shown.map((s) => `${s.project.key} ${s.checkedAt}`));
  // One reading per project read (at most one a minute); as many as pa's share paid for.
  expect(readings.size).toBe(new Set(shown.map((s) => s.project.key)).size);
  expect(readings.size * 20).toBeLessThanOrEqual(cost.app);

  // The scheduled run and the Jira admin's Run now run in full, unpaused.
  await stack.control('DELETE', 'requests');
  expect(await hourlyRun()).toMatchObject({ status: 'succeeded' });
  const { runId } = await stack.admin('startRun', {});
  const adminRun = await stack.waitForRun(runId);
  expect(adminRun).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
  expect(adminRun.pausedUntil).toBeUndefined();
  expect((await spent()).refused).toBe(0);
  // The Jira admin's own page still knows who they are.
  expect(await stack.admin('getSettings')).toMatchObject({ peopleBudgetPercent: 5 });
});

it("one person's Enforce now across many projects is bounded by their share; Run now still runs", async () => {
  const QUOTA = 40_000;
  await start(QUOTA);
  // pa administers 20 service desks: the demo's four and sixteen more.
  const desks = Array.from({ length: 16 }, (_, i) => `DESK${String(i + 1).padStart(2, '0')}`);
  for (const key of desks) {
    const res = await stack.jira('POST', '/rest/api/3/project', {
      key,
      name: `Desk ${key}`,
      projectTypeKey: 'service_desk',
      leadAccountId: ADMIN,
      projectTemplateKey: 'com.atlassian.servicedesk:simplified-it-service-management',
    });
    expect(res.status).toBe(201);
  }
  await paAdministers(['HR', 'FAC', 'MKT', ...desks]);
  await stack.control('POST', 'limits/window');
  // The hour's first run converges the site and learns Jira's quota.
  expect(await hourlyRun()).toMatchObject({ status: 'succeeded' });
  await stack.control('DELETE', 'requests');

  // pa presses Enforce now on every desk they administer, one after another.
  const keys = ['ITHELP', 'HR', 'FAC', 'MKT', ...desks];
  const answers = [];
  for (const key of keys)
    answers.push({ key, ...(await tryProject(stack, 'startProjectRun', {}, PA, key)) });
  await stack.host.waitForIdle();

  const started = answers.filter((a) => a.ok);
  const refused = answers.filter((a) => !a.ok);
  // Some run; once pa's share is spent the rest are refused (before: all 20 ran).
  expect(started.length).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);
  // The first ones run until the share is spent. A run that spent less than it held back gives
  // the rest back when it ends, so a later press may still fit: what bounds pa is the share
  // (checked below), not the order of refusals.
  expect(answers.findIndex((a) => !a.ok)).toBeGreaterThan(0);
  const retryAt = topOfNextHour().toISOString();
  for (const a of refused)
    expect(a.error).toEqual({
      code: 'too-soon',
      retryAt,
      message: expect.stringMatching(
        /^You have used your share of Jira's hourly quota for this app's project pages this hour; the rest is kept for the hourly enforcement\. You can ask again at \d\d:00 UTC \(in \d+ minutes?\)/,
      ),
      words: {
        id: 'person-share-spent',
        values: { at: retryAt, minutes: expect.any(Number) },
      },
    });
  // What pa's runs spent stays within their part of the people's share.
  const { person } = shares(QUOTA);
  expect((await spent()).app).toBeLessThanOrEqual(person);
  // The runs admitted finished; a refused one left no run behind.
  const runs = (await stack.admin('listRuns', {})).items.filter(
    (r: any) => r.trigger === 'project',
  );
  expect(runs).toHaveLength(started.length);
  expect(runs.every((r: any) => r.status === 'succeeded')).toBe(true);

  // The Jira admin's Run now, and the next hourly run, are not held up by any of it.
  const { runId } = await stack.admin('startRun', {});
  const adminRun = await stack.waitForRun(runId);
  expect(adminRun).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
  expect(adminRun.pausedUntil).toBeUndefined();
  expect(await hourlyRun()).toMatchObject({ status: 'succeeded' });
});

describe('asking to leave a rule', () => {
  beforeEach(async () => {
    await start(65_000);
    const settings = await stack.admin('getSettings');
    await stack.admin('saveSettings', { settings: { ...settings, allowProjectExclusions: true } });
  });

  it('only a rule that covers the project can be left; the refusal stores nothing', async () => {
    // A rule for HR only: it does not cover ITHELP, whose admin pa is.
    const hrOnly = await stack.admin('saveRule', {
      rule: demoRule({ name: 'HR customers', scope: { type: 'keys', keys: ['HR'] } }),
    });
    const before = {
      rules: await stack.admin('listRules'),
      requests: await stack.admin('listExclusionRequests'),
    };
    const asked = await tryProject(stack, 'requestExclusion', { ruleId: hrOnly.id }, PA, 'ITHELP');
    expect(asked.error).toEqual({
      code: 'not-found',
      message:
        'That rule does not cover ITHELP (it may have changed or been deleted), so there is ' +
        'nothing to leave. Reload the page to see the rules that cover it.',
      words: { id: 'rule-not-covering', values: { project: 'ITHELP' } },
    });
    // Before: stored as approved, naming the rule; it would have bitten once the rule grew.
    expect(asked.error!.message).not.toContain('HR customers');
    expect(await stack.admin('listRules')).toEqual(before.rules);
    expect(await stack.admin('listExclusionRequests')).toEqual(before.requests);
    // Widened to every project, the rule covers ITHELP with nothing taking it out.
    const { createdAt: _c, updatedAt: _u, updatedBy: _b, ...input } = hrOnly;
    await stack.admin('saveRule', { rule: { ...input, scope: { type: 'all' } } });
    const status = (await tryProject(stack, 'getProjectStatus', {}, PA, 'ITHELP')).result;
    expect(status.rules.map((r: any) => r.id)).toContain(hrOnly.id);
  });

  it('an unknown rule id costs the rate limit like any request, and is answered the same', async () => {
    const [rule] = await stack.admin('listRules');
    const unknown = await tryProject(stack, 'requestExclusion', { ruleId: 'r-nope' }, PA, 'ITHELP');
    expect(unknown.error).toEqual({
      code: 'not-found',
      message: expect.stringMatching(/^That rule does not cover ITHELP /),
      words: { id: 'rule-not-covering', values: { project: 'ITHELP' } },
    });
    // The next request within the interval, for a rule that does cover ITHELP, waits.
    const real = await tryProject(stack, 'requestExclusion', { ruleId: rule.id }, PA, 'ITHELP');
    expect(real.error).toMatchObject({ code: 'too-soon', retryAt: expect.any(String) });
    expect(await stack.admin('listExclusionRequests')).toEqual([]);
  });
});

describe("what a project's admins read of a run", () => {
  beforeEach(async () => {
    await start(65_000);
  });

  it("a run a Jira admin started from the page: no one's account id, no quota numbers", async () => {
    const started = await tryProject(stack, 'startProjectRun', {}, ADMIN, 'ITHELP');
    await stack.host.waitForIdle();
    const asAdmin = await stack.admin('getRun', { runId: started.result.runId });
    expect(asAdmin).toMatchObject({ startedBy: ADMIN, calls: expect.any(Number) });
    const run = (await tryProject(stack, 'getRun', { runId: started.result.runId }, PA, 'ITHELP'))
      .result;
    expect(run).toMatchObject({ status: 'succeeded', startedByYou: false });
    for (const hidden of ['startedBy', 'startedByName', 'calls', 'points', 'quota'])
      expect(run).not.toHaveProperty(hidden);
    expect(JSON.stringify(run)).not.toContain(ADMIN);
    expect(JSON.stringify(run)).not.toMatch(/65000|65,000/);
  });

  it('a run that failed on storage says a fixed sentence and a reference, never the store’s words', async () => {
    // The run's context cannot be written: the start fails with the store's own words.
    stack.host.core.kvs.failWrite({ nth: 1, keyPrefix: 'runctx:' });
    const started = await tryProject(stack, 'startProjectRun', {}, PA, 'ITHELP');
    expect(started.error).toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/ Reference: [0-9a-f]{8}\.$/),
    });
    const [failed] = (await stack.admin('listRuns', {})).items;
    // The Jira admin reads what happened, in the store's words.
    expect(failed).toMatchObject({ status: 'failed', message: expect.stringMatching(/injected/) });

    const run = (await tryProject(stack, 'getRun', { runId: failed.id }, PA, 'ITHELP')).result;
    expect(run).toMatchObject({
      status: 'failed',
      startedByYou: true,
      message: expect.stringMatching(
        /^Something went wrong in Customer Role Sync\. .* Reference: [0-9a-f]{8}\.$/,
      ),
    });
    expect(JSON.stringify(run)).not.toMatch(/injected|runctx|kvs|INTERNAL_SERVER_ERROR/i);
    expect(JSON.stringify(run)).not.toContain(PA);
    // The operator finds the words under the reference the project admin was given.
    const reference = /Reference: ([0-9a-f]{8})/.exec(run.message)![1];
    const res = await fetch(`${stack.host.url}/api/logs?limit=10000`);
    const lines = ((await res.json()) as { lines: { text: string }[] }).lines.map((l) => l.text);
    const logged = lines.filter((l) => l.includes(reference)).map((l) => JSON.parse(l));
    expect(logged).toContainEqual(
      expect.objectContaining({
        event: 'project.detail-hidden',
        function: 'getRun',
        reference,
        detail: expect.stringMatching(/injected/),
      }),
    );
    // So is the page's own status: its run's message too.
    const status = (await tryProject(stack, 'getProjectStatus', {}, PA, 'ITHELP')).result;
    expect(status.ownRun?.message ?? '').not.toMatch(/injected|runctx/i);
  });
});

it("a project admin's exclusion dialog, opened again and again, spends at most their share", async () => {
  const QUOTA = 5_000;
  await start(QUOTA);
  const [rule] = await stack.admin('listRules', {});
  await stack.control('POST', 'limits/window');
  expect(await hourlyRun()).toMatchObject({ status: 'succeeded' });
  await stack.control('DELETE', 'requests');

  // The dialog says what excluding ITHELP would remove; it reads Jira each time it opens.
  const answers = [];
  for (let i = 0; i < 30; i++)
    answers.push(await tryProject(stack, 'getExclusionImpact', { ruleId: rule.id }, PA, 'ITHELP'));

  const shown = answers.filter((a) => a.ok);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown[0].result.groups.length).toBeGreaterThan(0);
  const refused = answers.filter((a) => !a.ok);
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.map((a) => a.error?.code)).toEqual(refused.map(() => 'too-soon'));
  const cost = await spent();
  expect(cost.app).toBeGreaterThan(0);
  expect(cost.app).toBeLessThanOrEqual(shares(QUOTA).person);
});
