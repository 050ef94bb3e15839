// A project admin flooding startProjectRun once took the site lock, skipped scheduled runs and
// refused the admin's "Run now"; it also ran from a software project. Now a project run holds no site lease, runs once per project per interval
// (refused politely with when it can run again), only on service projects; exclusion requests
// are limited the same way.
import { auditEntries, expectConverged, ledgerEntries } from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack, tryProject } from './stack';

jest.setTimeout(60_000);

const PA = DEMO.users.pa.accountId;
const ADMIN = DEMO.users.admin.accountId;
let stack: Stack;
beforeEach(async () => {
  stack = await startStack({ host: { queueTimeScale: 0.05 } });
  await stack.admin('saveRule', { rule: demoRule() });
});
afterEach(async () => {
  await stack?.close();
});

it('a flood of project runs starts one, and never keeps the admin or the schedule from running', async () => {
  const answers = [];
  for (let i = 0; i < 30; i++)
    answers.push(await tryProject(stack, 'startProjectRun', {}, PA, 'ITHELP'));
  const started = answers.filter((a) => a.ok);
  expect(started).toHaveLength(1);
  expect(answers.filter((a) => !a.ok).map((a) => a.error?.code)).toEqual(
    Array(29).fill('too-soon'),
  );
  const refused = answers.filter((a) => !a.ok).map((a) => a.error!.message);
  expect(new Set(refused).size).toBe(1);
  expect(refused[0]).toMatch(
    /^ITHELP was run less than 5 minutes ago\. You can ask again at \d\d:\d\d UTC \(in [1-5] minutes?\); the hourly enforcement covers the project meanwhile\.$/,
  );

  // The project run is still queued or working: the schedule starts anyway...
  const fired = await stack.host.runTrigger('enforce-hourly');
  expect(fired.ok).toBe(true);
  await stack.host.waitForIdle();
  // ...and so does an admin's run while another project's run is under way.
  expect((await tryProject(stack, 'startProjectRun', {}, PA, 'ITHELP')).ok).toBe(false);
  expect((await tryProject(stack, 'startProjectRun', {}, ADMIN, 'HR')).ok).toBe(true);
  const { runId: adminRun } = await stack.admin('startRun', {});
  await stack.host.waitForIdle();
  const runs = (await stack.admin('listRuns', {})).items;
  expect(runs.map((r: any) => r.trigger).sort()).toEqual([
    'manual',
    'project',
    'project',
    'scheduled',
  ]);
  expect(auditEntries(stack).filter((a) => a.kind === 'run-skipped')).toEqual([]);
  expect(runs.every((r: any) => r.status === 'succeeded')).toBe(true);
  expect(runs.find((r: any) => r.id === adminRun)).toBeDefined();
  // Three runs over ITHELP, one writer at a time: each binding once in the ledger, as in Jira.
  await expectConverged(stack);
  expect(
    ledgerEntries(stack)
      .filter((e) => e.projectKey === 'ITHELP')
      .map((e) => e.groupId)
      .sort(),
  ).toEqual([DEMO.groups.contosoCustomers.groupId, DEMO.groups.fabrikamCustomers.groupId].sort());
});

it('the interval is a setting; other projects are not limited by ITHELP', async () => {
  expect((await tryProject(stack, 'startProjectRun', {}, ADMIN, 'ITHELP')).ok).toBe(true);
  expect((await tryProject(stack, 'startProjectRun', {}, ADMIN, 'HR')).ok).toBe(true);
  const settings = await stack.admin('getSettings');
  expect(settings.projectRunIntervalMinutes).toBe(5);
  await stack.admin('saveSettings', { settings: { ...settings, projectRunIntervalMinutes: 30 } });
  const again = await tryProject(stack, 'startProjectRun', {}, ADMIN, 'ITHELP');
  expect(again.error).toMatchObject({
    code: 'too-soon',
    message: expect.stringMatching(/less than 30 minutes ago/),
  });
  await stack.host.waitForIdle();
});

it('refuses a run of a software project, saying why', async () => {
  const r = await tryProject(stack, 'startProjectRun', {}, ADMIN, 'PLAT');
  expect(r.error).toEqual({
    code: 'invalid-input',
    message: expect.stringMatching(/^PLAT is not a service project: /),
    words: { id: 'not-service-project', values: { project: 'PLAT' } },
  });
  await stack.host.waitForIdle();
  expect((await stack.admin('listRuns', {})).items).toEqual([]);
});

it('limits exclusion requests the same way', async () => {
  const [rule] = await stack.admin('listRules');
  const ask = () =>
    tryProject(stack, 'requestExclusion', { ruleId: rule.id, reason: 'x' }, PA, 'ITHELP');
  expect(await ask()).toMatchObject({ ok: true });
  const again = await ask();
  expect(again.error).toMatchObject({
    code: 'too-soon',
    message: expect.stringMatching(
      /^An exclusion was asked for ITHELP less than 5 minutes ago\. You can ask again at/,
    ),
  });
  const asked = auditEntries(stack).filter(
    (a) => a.kind === 'exclusion-refused' || a.kind === 'exclusion-requested',
  );
  expect(asked).toHaveLength(1);
});

it("a project's admins see only their part of a site run: no site totals, no admin's account", async () => {
  const { runId } = await stack.admin('startRun', {});
  const site = await stack.waitForRun(runId);
  expect(site.counts.adds).toBe(8); // ITHELP, HR, FAC and MKT (team-managed), 2 groups each
  const status = await tryProject(stack, 'getProjectStatus', {}, PA, 'ITHELP');
  // ITHELP's part: its own two adds, counted from what Jira answered there.
  expect(status.result.lastRun).toMatchObject({
    runId,
    trigger: 'manual',
    counts: { adds: 2, removals: 0, skips: 0, errors: 0, drift: 0 },
  });
  expect(JSON.stringify(status.result)).not.toContain(ADMIN);
  expect(JSON.stringify(status.result)).not.toContain('HR Services');
  expect(status.result.lastRun.message).toBeUndefined();
  // Nor by asking for the site run itself.
  expect((await tryProject(stack, 'getRun', { runId }, PA, 'ITHELP')).error?.code).toBe(
    'not-found',
  );
});
