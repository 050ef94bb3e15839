// The project settings page's "Runs" section tells the truth: getProjectStatus answers
// this project's part of the last run that visited it (why it came, what Jira answered here, failures named), says when the last hourly run passed
// the project by, and never shows a project admin the site's totals, another project's names or
// the admin who started a run.
import { ADMIN_ACCOUNT_ID } from '../../local/jira-emulator';
import { DEMO, demoRule, type Stack, startStack } from './stack';

const PA = DEMO.users.pa.accountId; // administers ITHELP only
const CONTOSO = DEMO.groups.contosoCustomers;
const FABRIKAM = DEMO.groups.fabrikamCustomers;
const CUSTOMERS_ROLE = 10101;
/** Names the page of ITHELP must never show: other projects' and groups no rule puts there. */
const OTHERS = [
  DEMO.projects.HR.name,
  DEMO.projects.FAC.name,
  DEMO.projects.MKT.name,
  DEMO.groups.hrStaff.name,
  ADMIN_ACCOUNT_ID,
];

jest.setTimeout(120_000);

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
  await stack.admin('saveRule', { rule: demoRule() });
});
afterEach(async () => {
  await stack?.close();
});

const statusOf = (projectKey: string, accountId = ADMIN_ACCOUNT_ID) =>
  stack.project('getProjectStatus', {}, accountId, projectKey);

async function removeByHand(projectKey: string, groupId: string) {
  const res = await stack.jira(
    'DELETE',
    `/rest/api/3/project/${projectKey}/role/${CUSTOMERS_ROLE}?groupId=${groupId}`,
  );
  expect(res.status).toBe(204);
}

function expectNothingOfOthers(status: unknown) {
  const text = JSON.stringify(status);
  for (const other of OTHERS) expect(text).not.toContain(other);
}

it('after the first hourly run, ITHELP’s part: its two groups added, not the site’s eight', async () => {
  const full = await stack.scheduledRun();
  expect(full).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });

  const status = await statusOf('ITHELP', PA);
  expect(status.lastRun).toMatchObject({
    runId: full.id,
    trigger: 'scheduled',
    counts: { adds: 2, removals: 0, errors: 0, drift: 0 },
  });
  // A full run: every project it covers, so no visit reason of a change-driven run.
  expect(status.lastRun.visit).toBeUndefined();
  expect(
    status.lastRun.actions.map((a: any) => [a.kind, a.groupName, a.roleName, a.ok]).sort(),
  ).toEqual([
    ['add', CONTOSO.name, 'Service Desk Customers', true],
    ['add', FABRIKAM.name, 'Service Desk Customers', true],
  ]);
  expect(status.lastSiteRun).toBeUndefined();
  expect(status.sweepHours).toBe(24);
  expectNothingOfOthers(status);
});

it('a change-driven hourly run that repairs ITHELP: visited because it changed in Jira, 1 add', async () => {
  await stack.scheduledRun();
  await stack.scheduledRun(); // the sweep's first slice (by project id): ITHELP
  await removeByHand('ITHELP', CONTOSO.groupId);
  const run = await stack.scheduledRun();
  expect(run.visits).toEqual({ 'changed-in-jira': 1, sweep: 1 });

  const status = await statusOf('ITHELP', PA);
  expect(status.lastRun).toMatchObject({
    runId: run.id,
    trigger: 'scheduled',
    visit: ['changed-in-jira'],
    counts: { adds: 1, removals: 0, errors: 0, drift: 1 },
    actions: [{ kind: 'add', groupName: CONTOSO.name, ok: true }],
  });
  expect(status.lastSiteRun).toBeUndefined();
  expectNothingOfOthers(status);
  // HR was the sweep's slice of that run: its page says so, and that nothing needed changing.
  const hr = await statusOf('HR');
  expect(hr.lastRun).toMatchObject({
    runId: run.id,
    visit: ['sweep'],
    counts: { adds: 0, removals: 0, errors: 0 },
    actions: [],
  });
});

it('an hourly run that does not visit ITHELP: the last visit stays, and the page says the run passed it by', async () => {
  await stack.scheduledRun();
  await stack.scheduledRun(); // the sweep's first slice (by project id): ITHELP
  await removeByHand('ITHELP', CONTOSO.groupId);
  const repair = await stack.scheduledRun();
  // The app's own repair is no signal: this run visits the sweep's next slice (FAC) only.
  const next = await stack.scheduledRun();
  expect(next.visits).toEqual({ sweep: 1 });

  const status = await statusOf('ITHELP', PA);
  expect(status.lastRun).toMatchObject({ runId: repair.id, visit: ['changed-in-jira'] });
  expect(status.lastSiteRun).toEqual({
    trigger: 'scheduled',
    createdAt: next.createdAt,
    changeDriven: true,
  });
  expectNothingOfOthers(status);
  const fac = await statusOf('FAC');
  expect(fac.lastRun).toMatchObject({ runId: next.id, visit: ['sweep'] });
  expect(fac.lastSiteRun).toBeUndefined();
});

it('a failed add is an error named by group and role, not an add; other projects stay out', async () => {
  await stack.control('PUT', 'faults', {
    failPaths: [{ method: 'POST', pathRegex: '/project/ITHELP/role/', status: 403 }],
  });
  let run;
  try {
    run = await stack.scheduledRun();
  } finally {
    await stack.control('DELETE', 'faults');
  }
  expect(run.counts.adds).toBe(6); // HR, FAC and MKT: the site's part the page must not show

  const status = await statusOf('ITHELP', PA);
  expect(status.lastRun.counts).toEqual({ adds: 0, removals: 0, skips: 0, errors: 2, drift: 0 });
  const failed = status.lastRun.actions.filter((a: any) => !a.ok);
  expect(failed.map((a: any) => a.groupName).sort()).toEqual([CONTOSO.name, FABRIKAM.name]);
  for (const a of failed) {
    expect(a).toMatchObject({ kind: 'add', roleName: 'Service Desk Customers' });
    expect(a.error).toMatch(/^Jira answered 403/);
  }
  expectNothingOfOthers(status);
});

it('Enforce now after an hourly run: its own run is the last visit, with its counts', async () => {
  await stack.scheduledRun();
  await removeByHand('ITHELP', FABRIKAM.groupId);
  const started = await stack.project<{ runId: string }>('startProjectRun', {}, PA, 'ITHELP');
  await stack.host.waitForIdle();

  const status = await statusOf('ITHELP', PA);
  expect(status.ownRun).toBeUndefined();
  expect(status.lastRun).toMatchObject({
    runId: started.runId,
    trigger: 'project',
    counts: { adds: 1, errors: 0 },
    actions: [{ kind: 'add', groupName: FABRIKAM.name, ok: true }],
  });
  // The hourly run before it checked the project too: the page does not call it a miss.
  expect(status.lastSiteRun).toBeUndefined();
});

it('Enforce now that Jira refuses: the run and the page count an error, not an add, named', async () => {
  await stack.control('PUT', 'faults', {
    failPaths: [{ method: 'POST', pathRegex: '/project/ITHELP/role/', status: 403 }],
  });
  let run;
  try {
    const { runId } = await stack.project<{ runId: string }>('startProjectRun', {}, PA, 'ITHELP');
    await stack.host.waitForIdle();
    run = await stack.project('getRun', { runId }, PA, 'ITHELP');
  } finally {
    await stack.control('DELETE', 'faults');
  }
  expect(run).toMatchObject({ status: 'partly-failed', counts: { adds: 0, errors: 2 } });
  const status = await statusOf('ITHELP', PA);
  expect(status.lastRun).toMatchObject({ runId: run.id, counts: { adds: 0, errors: 2 } });
  expect(status.lastRun.actions.map((a: any) => [a.groupName, a.ok]).sort()).toEqual([
    [CONTOSO.name, false],
    [FABRIKAM.name, false],
  ]);
  expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO.groupId);
});

it('while Enforce now has not reached the project, the page says it is still checking', async () => {
  const full = await stack.scheduledRun();
  stack.host.core.queue.pauseNext({ kind: 'batch' });
  const { runId } = await stack.project<{ runId: string }>('startProjectRun', {}, PA, 'ITHELP');
  await stack.host.core.queue.whenHeld();

  const during = await statusOf('ITHELP', PA);
  expect(during.lastRun).toMatchObject({ runId: full.id });
  expect(during.ownRun).toMatchObject({ id: runId, status: 'running' });

  expect(stack.host.core.queue.release()).toBe(1);
  await stack.host.waitForIdle();
  const after = await statusOf('ITHELP', PA);
  expect(after.lastRun).toMatchObject({ runId, trigger: 'project' });
  expect(after.ownRun).toBeUndefined();
});
