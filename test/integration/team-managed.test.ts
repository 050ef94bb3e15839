// Team-managed service projects through host and emulator: the app finds MKT's hidden customer
// role (a role of MKT's own) and enforces it as on company-managed desks.
import { kvsSet } from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const HR_STAFF = DEMO.groups.hrStaff.groupId;
const MKT = DEMO.mktRoles;
const ONLY_MKT = { scope: { type: 'keys', keys: ['MKT'] } };
const APP = DEMO.users.app.accountId;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

async function requests(): Promise<
  { method: string; path: string; status: number; points: number; caller: string }[]
> {
  return (await stack.control('GET', 'requests')).requests;
}

/** The app's calls about MKT's roles, and the points Jira's quota charged for them. */
async function mktRoleCalls(): Promise<{ calls: string[]; points: number }> {
  const mkt = (await requests()).filter(
    (r) => r.caller === APP && r.path.startsWith('/rest/api/3/project/MKT/role'),
  );
  return {
    calls: mkt.map((r) => `${r.method} ${r.path.replace('/rest/api/3/project/MKT/', '')}`),
    points: mkt.reduce((sum, r) => sum + r.points, 0),
  };
}

/** Actors of MKT's other roles, which the app must never touch. */
async function otherRoles(): Promise<string[][]> {
  return Promise.all(
    [MKT.administrator, MKT.member, MKT.viewer].map((id) => stack.roleGroups('MKT', id)),
  );
}

it("adds the rule's groups to a team-managed desk's hidden customer role, with one POST", async () => {
  const before = await otherRoles();
  await stack.admin('saveRule', { rule: demoRule(ONLY_MKT) });
  await stack.control('DELETE', 'requests');
  const run = await stack.scheduledRun();
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 2, errors: 0, skips: 0 } });
  expect(await stack.roleGroups('MKT', MKT.customer)).toEqual([CONTOSO, FABRIKAM].sort());
  expect(await otherRoles()).toEqual(before);

  const sent = await requests();
  const writes = sent.filter((r) => r.method !== 'GET' && /\/role\//.test(r.path));
  expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
    `POST /rest/api/3/project/MKT/role/${MKT.customer}`,
  ]);
  // One roledetails call finds the role (4 roles: 1 + 4 x 2 points), one read gets its actors
  // (3), one POST adds both groups (1); nothing asks for the global customer role's id there.
  expect(await mktRoleCalls()).toEqual({
    calls: ['GET roledetails', `GET role/${MKT.customer}`, `POST role/${MKT.customer}`],
    points: 13,
  });
  expect(sent.some((r) => r.status === 404)).toBe(false);

  const plans = await stack.allPages<any>('getRunPlan', run.id);
  expect(plans.find((p) => p.projectKey === 'MKT')).toMatchObject({
    roleId: String(MKT.customer),
    roleName: 'Service Desk Customers',
    skips: [],
  });
  const audit = await stack.admin('getAudit', { projectKey: 'MKT', kind: 'binding-added' });
  expect(audit.items.map((e: any) => e.groupId).sort()).toEqual([CONTOSO, FABRIKAM].sort());
  expect(audit.items[0].message).toMatch(/to Service Desk Customers of Marketing Requests \(MKT\)/);

  // Converged: the next run writes nothing, and the ledger's role id spares the roledetails call:
  // one read, as on a company-managed desk. (A full run: the next hourly one visits only what
  // changed and the sweep's slice.)
  await stack.control('DELETE', 'requests');
  const second = await stack.waitForRun((await stack.admin('startRun', {})).runId);
  expect(second.counts).toMatchObject({ adds: 0, removals: 0, errors: 0 });
  expect((await requests()).filter((r) => r.method !== 'GET')).toEqual([]);
  expect(await mktRoleCalls()).toEqual({ calls: [`GET role/${MKT.customer}`], points: 3 });

  // The project page shows the groups in the role.
  const status = await stack.project('getProjectStatus', {}, DEMO.users.admin.accountId, 'MKT');
  expect(status.project).toMatchObject({ key: 'MKT', style: 'next-gen' });
  expect(status.groups.map((g: any) => g.state)).toEqual(['in-role', 'in-role']);
});

it('a hand-made actor of the hidden role survives the rule deletion; app-made ones go', async () => {
  const added = await stack.jira('POST', `/rest/api/3/project/MKT/role/${MKT.customer}`, {
    groupId: [HR_STAFF],
  });
  expect(added.status).toBe(200);
  const rule = await stack.admin('saveRule', { rule: demoRule(ONLY_MKT) });
  await stack.scheduledRun();
  expect(await stack.roleGroups('MKT', MKT.customer)).toEqual([CONTOSO, FABRIKAM, HR_STAFF].sort());

  await stack.admin('deleteRule', { id: rule.id });
  const run = await stack.scheduledRun();
  expect(run).toMatchObject({ status: 'succeeded', counts: { removals: 2, adds: 0 } });
  expect(await stack.roleGroups('MKT', MKT.customer)).toEqual([HR_STAFF]);
  const removed = await stack.admin('getAudit', { projectKey: 'MKT', kind: 'binding-removed' });
  expect(removed.items.map((e: any) => e.groupId).sort()).toEqual([CONTOSO, FABRIKAM].sort());
});

it('repairs drift: a group a person removed from the hidden role is added back', async () => {
  await stack.admin('saveRule', { rule: demoRule(ONLY_MKT) });
  await stack.scheduledRun();
  const gone = await stack.jira(
    'DELETE',
    `/rest/api/3/project/MKT/role/${MKT.customer}?groupId=${CONTOSO}`,
  );
  expect(gone.status).toBe(204);

  const run = await stack.scheduledRun();
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 1, drift: 1, removals: 0 } });
  expect(await stack.roleGroups('MKT', MKT.customer)).toEqual([CONTOSO, FABRIKAM].sort());
});

it('skips a team-managed desk whose customer role Jira does not list, saying what to check', async () => {
  // A stand-in for a desk the app may not administer: Jira answers its roles with 404.
  await stack.control('PUT', 'faults', {
    failPaths: [{ method: 'GET', pathRegex: '/project/MKT/roledetails', status: 404 }],
  });
  await stack.admin('saveRule', { rule: demoRule(ONLY_MKT) });
  const run = await stack.scheduledRun();
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 0, errors: 0, skips: 1 } });
  const plans = await stack.allPages<any>('getRunPlan', run.id);
  const skip = plans.find((p) => p.projectKey === 'MKT')?.skips[0];
  expect(skip).toMatchObject({ code: 'role-not-found' });
  expect(skip.reason).toMatch(/^MKT is team-managed, and Jira lists no customer role/);
  expect(skip.reason).toMatch(/Check that MKT is a service project and that the app may/);
  expect(await stack.roleGroups('MKT', MKT.customer)).toEqual([]);
});

it('the preview shows the adds to the team-managed desk and changes nothing', async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.control('DELETE', 'requests');
  const { runId } = await stack.admin('previewPlan', {});
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({ dryRun: true, status: 'succeeded', counts: { adds: 8 } });
  expect((await requests()).filter((r) => r.method !== 'GET')).toEqual([]);
  const plans = await stack.admin('getRunPlan', { runId, changesOnly: true });
  const mkt = plans.items.find((p: any) => p.projectKey === 'MKT');
  expect(mkt).toMatchObject({ roleId: String(MKT.customer) });
  expect(mkt.actions.map((a: any) => `${a.kind} ${a.groupId}`).sort()).toEqual(
    [`add ${CONTOSO}`, `add ${FABRIKAM}`].sort(),
  );
  expect(mkt.actions[0].reason).toMatch(/makes this group customers of MKT/);
  expect(await stack.roleGroups('MKT', MKT.customer)).toEqual([]);
});

it("rules stored for MKT's Viewer, Member or Administrator add nothing to any role there", async () => {
  const before = await otherRoles();
  for (const roleName of ['Viewer', 'Member', 'Administrator', 'Administrators'])
    kvsSet(stack, `rule:legacy-${roleName.toLowerCase()}`, {
      id: `legacy-${roleName.toLowerCase()}`,
      name: `Legacy ${roleName}`,
      groupIds: [HR_STAFF],
      scope: { type: 'keys', keys: ['MKT'] },
      exclude: [],
      roleName,
      enabled: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  await stack.control('DELETE', 'requests');
  const { runId } = await stack.admin('startRun', {});
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 0, errors: 0 } });
  expect((await requests()).filter((r) => r.method !== 'GET')).toEqual([]);
  expect(await otherRoles()).toEqual(before);
  expect(await stack.roleGroups('MKT', MKT.customer)).toEqual([]);
  const skips = (await stack.allPages<any>('getRunPlan', runId)).flatMap((p) => p.skips);
  expect(
    skips
      .filter((x: any) => x.code === 'refused')
      .map((x: any) => x.ruleId)
      .sort(),
  ).toEqual(
    ['legacy-administrator', 'legacy-administrators', 'legacy-member', 'legacy-viewer'].sort(),
  );
});

it("looks the role up again when the ledger's role id no longer answers as MKT's customer role", async () => {
  await stack.admin('saveRule', { rule: demoRule(ONLY_MKT) });
  await stack.scheduledRun();
  await stack.control('PUT', 'faults', {
    failPaths: [
      { method: 'GET', pathRegex: `/project/MKT/role/${MKT.customer}$`, status: 404, times: 1 },
    ],
  });
  await stack.control('DELETE', 'requests');
  // A full run, which visits MKT (the hourly one visits only what changed and the sweep's slice).
  const run = await stack.waitForRun((await stack.admin('startRun', {})).runId);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 0, removals: 0, errors: 0 } });
  // The injected 404 is answered before authentication, so it names no caller: read the log whole.
  const mkt = (await requests()).filter((r) => r.path.startsWith('/rest/api/3/project/MKT/role'));
  expect(mkt.map((r) => `${r.status} ${r.path.replace('/rest/api/3/project/MKT/', '')}`)).toEqual([
    `404 role/${MKT.customer}`,
    '200 roledetails',
    `200 role/${MKT.customer}`,
  ]);
});

it('a team-managed service project created in Jira gets the groups in its hidden role at once', async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.control('POST', 'webhooks', { url: `${stack.host.url}/__host/webhooks/jira` });
  const created = await stack.jira('POST', '/rest/api/3/project', {
    key: 'TEAMSD',
    name: 'Team desk',
    projectTypeKey: 'service_desk',
    leadAccountId: DEMO.users.admin.accountId,
    projectTemplateKey: 'com.atlassian.servicedesk:next-gen-it-service-desk',
  });
  expect(created.status).toBe(201);
  const details = await stack.jira<{ id: number; name: string }[]>(
    'GET',
    '/rest/api/3/project/TEAMSD/roledetails',
  );
  const customer = details.body.find((r) => r.name === 'Service Desk Customers')!.id;
  // The project-created event arrives on its own time: wait for its run, as engine.test.ts does.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !(await stack.roleGroups('TEAMSD', customer)).includes(CONTOSO))
    await new Promise((r) => setTimeout(r, 100));
  await stack.host.waitForIdle();
  expect(await stack.roleGroups('TEAMSD', customer)).toEqual([CONTOSO, FABRIKAM].sort());
  const runs = await stack.admin('listRuns', {});
  expect(runs.items[0]).toMatchObject({
    trigger: 'project-created',
    projectKey: 'TEAMSD',
    status: 'succeeded',
    counts: { adds: 2 },
  });
});
