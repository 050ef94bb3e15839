// A clean way out, end to end: "Prepare to uninstall" removes exactly what the app added and
// stops every run from adding; Forge's uninstall (the host's) runs the preUninstall trigger and
// deletes the app's storage; installed again, the app starts with nothing of the old storage.
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const HR_STAFF = DEMO.groups.hrStaff.groupId;
const CONTOSO_LTD = DEMO.organizations.contoso.id;
const SD = '/rest/servicedeskapi';

const ROLE_RULE = demoRule({ scope: { type: 'keys', keys: ['ITHELP', 'HR', 'FAC', 'MKT'] } });
const ORG_RULE = demoRule({
  name: 'Contoso Customers are the Contoso Ltd organization',
  groupIds: [CONTOSO],
  scope: { type: 'keys', keys: ['ITHELP'] },
  target: 'organization',
  organization: { name: DEMO.organizations.contoso.name },
});

let stack: Stack;
beforeEach(async () => {
  stack = await startStack({ host: { queueTimeScale: 0.01 } });
});
afterEach(async () => {
  await stack?.close();
});

async function orgMembers(): Promise<string[]> {
  const res = await stack.jira<{ values: { accountId: string }[] }>(
    'GET',
    `${SD}/organization/${CONTOSO_LTD}/user?limit=50`,
  );
  return res.body.values.map((u) => u.accountId).sort();
}

/** Every customer-role group of the demo's desks, as Jira answers them. */
async function customerRoles(): Promise<Record<string, string[]>> {
  return {
    ITHELP: await stack.roleGroups('ITHELP'),
    HR: await stack.roleGroups('HR'),
    FAC: await stack.roleGroups('FAC'),
    MKT: await stack.roleGroups('MKT', DEMO.mktRoles.customer),
  };
}

/** The app's log lines, parsed. */
async function appEvents(): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${stack.host.url}/api/logs?limit=10000`);
  const body = (await res.json()) as { lines: { text: string }[] };
  return body.lines.flatMap((l) => {
    try {
      return [JSON.parse(l.text) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

async function hostPost(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.host.url}${path}`, { method: 'POST' });
  return { status: res.status, body: await res.json() };
}

it('removes what the app added and nothing a person added, stops adding, and a reinstall starts clean', async () => {
  await stack.admin('saveRule', { rule: ROLE_RULE });
  await stack.admin('saveRule', { rule: ORG_RULE });
  const first = await stack.scheduledRun();
  await stack.waitForRun(first.id);
  const alice = DEMO.users.alice.accountId;
  const customer = DEMO.users.customer.accountId;
  expect(await orgMembers()).toEqual([alice, customer].sort()); // alice by hand, customer by the app
  expect((await customerRoles()).HR).toEqual([CONTOSO, FABRIKAM, HR_STAFF].sort());

  // What the page shows before: every binding and member the ledgers hold, with their rules.
  const impact = await stack.admin('getRemovalImpact', { change: { kind: 'uninstall' } });
  expect(impact.removalEnabled).toBe(true);
  expect(impact.projects).toEqual(['FAC', 'HR', 'ITHELP', 'MKT']);
  expect(impact.bindings).toHaveLength(8);
  expect(impact.bindings.map((b: any) => b.groupId)).not.toContain(HR_STAFF);
  expect(impact.orgMembers).toEqual([
    expect.objectContaining({ organizationId: CONTOSO_LTD, accountId: customer }),
  ]);
  const rules = await stack.admin<any[]>('listRules');
  const roleRuleId = rules.find((r) => r.name === ROLE_RULE.name).id;
  expect(impact.bindings.every((b: any) => b.ruleIds.includes(roleRuleId))).toBe(true);
  expect(await stack.admin('getUninstallState')).toMatchObject({ safe: false, left: [] });
  expect((await stack.admin('getUninstallState')).prepared).toBeUndefined();

  const { runId } = await stack.admin('prepareUninstall');
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({
    trigger: 'uninstall',
    status: 'succeeded',
    counts: { adds: 0, removals: 8, errors: 0, orgRemovals: 1 },
  });
  expect(await customerRoles()).toEqual({ ITHELP: [], HR: [HR_STAFF], FAC: [], MKT: [] });
  expect(await orgMembers()).toEqual([alice]);
  expect(await stack.admin('getUninstallState')).toMatchObject({
    prepared: { runId },
    running: false,
    left: [],
    safe: true,
  });
  // The rules stay as they are; the hourly runs are off, and nothing adds until they are on.
  expect(await stack.admin('listRules')).toHaveLength(2);
  expect((await stack.admin('getSettings')).scheduleEnabled).toBe(false);
  await stack.host.runTrigger('enforce-hourly');
  await expect(stack.admin('startRun', {})).rejects.toMatchObject({ code: 'conflict' });
  await expect(
    stack.project('startProjectRun', {}, DEMO.users.pa.accountId, 'ITHELP'),
  ).rejects.toMatchObject({ code: 'conflict' });
  await stack.host.waitForIdle();
  expect(await customerRoles()).toEqual({ ITHELP: [], HR: [HR_STAFF], FAC: [], MKT: [] });
  const audit = await stack.admin('getAudit', { kind: 'uninstall-prepared' });
  expect(audit.items).toHaveLength(1);

  // Forge uninstalls: the preUninstall trigger logs counts only, then the storage goes.
  const uninstalled = await hostPost('/__host/uninstall');
  expect(uninstalled).toMatchObject({
    status: 200,
    body: { ok: true, invocations: [{ function: 'pre-uninstall', ok: true }] },
  });
  const leftBehind = (await appEvents()).find((e) => e.event === 'uninstall.left-behind');
  expect(leftBehind).toMatchObject({ bindings: 0, orgMembers: 0, rules: 2, cancelled: 0 });
  expect(stack.host.core.kvs.size).toBe(0);
  expect(
    (await stack.invokeHttp({ moduleKey: 'customer-role-sync-admin', functionKey: 'listRules' }))
      .status,
  ).toBe(404);

  // Installed again: nothing of the old storage, and Jira as the people left it.
  expect((await hostPost('/__host/install')).status).toBe(200);
  expect(await stack.admin('listRules')).toEqual([]);
  expect((await stack.admin('listRuns', {})).items).toEqual([]);
  expect(
    (await stack.admin('getRemovalImpact', { change: { kind: 'uninstall' } })).ledgerBindings,
  ).toBe(0);
  expect((await stack.admin('getSettings')).scheduleEnabled).toBe(true);
  expect((await stack.admin('getUninstallState')).prepared).toBeUndefined();
  expect(await customerRoles()).toEqual({ ITHELP: [], HR: [HR_STAFF], FAC: [], MKT: [] });
  expect(await orgMembers()).toEqual([alice]);
});

it('turning the hourly runs back on ends the preparation: runs add again', async () => {
  await stack.admin('saveRule', { rule: ROLE_RULE });
  const { runId } = await stack.admin('prepareUninstall');
  await stack.waitForRun(runId);
  await expect(stack.admin('startRun', {})).rejects.toMatchObject({ code: 'conflict' });
  const settings = await stack.admin('getSettings');
  await stack.admin('saveSettings', { settings: { ...settings, scheduleEnabled: true } });
  expect((await stack.admin('getUninstallState')).prepared).toBeUndefined();
  const run = await stack.waitForRun((await stack.admin('startRun', {})).runId);
  expect(run.counts.adds).toBe(8);
});

it('names what a failed removal left, and Retry removes it', async () => {
  await stack.admin('saveRule', { rule: ROLE_RULE });
  await stack.waitForRun((await stack.scheduledRun()).id);
  await stack.control('PUT', 'faults', {
    failPaths: [{ method: 'DELETE', pathRegex: '/project/FAC/role/10101', status: 403 }],
  });
  const { runId } = await stack.admin('prepareUninstall');
  expect((await stack.waitForRun(runId)).status).toBe('partly-failed');
  const state = await stack.admin('getUninstallState');
  expect(state.safe).toBe(false);
  expect(state.left.map((l: any) => [l.projectKey, l.groupId]).sort()).toEqual(
    [
      ['FAC', CONTOSO],
      ['FAC', FABRIKAM],
    ].sort(),
  );
  expect(state.left[0].why).toMatch(/403|permission/i);

  await stack.control('DELETE', 'faults');
  const retry = await stack.admin('prepareUninstall');
  expect(retry.runId).not.toBe(runId);
  expect(await stack.waitForRun(retry.runId)).toMatchObject({ status: 'succeeded' });
  expect(await stack.admin('getUninstallState')).toMatchObject({ left: [], safe: true });
  expect((await customerRoles()).FAC).toEqual([]);
});

it('at uninstall, a run still going is cancelled and its lease released', async () => {
  await stack.admin('saveRule', { rule: ROLE_RULE });
  stack.host.core.queue.pauseNext({ kind: 'list' });
  const { runId } = await stack.admin('startRun', {});
  await stack.host.core.queue.whenHeld();
  expect((await stack.admin('getRun', { runId })).status).toBe('running');

  const uninstalled = await hostPost('/__host/uninstall');
  expect(uninstalled.body).toMatchObject({ ok: true, droppedEvents: 1 });
  const events = await appEvents();
  expect(events).toContainEqual(
    expect.objectContaining({ event: 'uninstall.run-cancelled', runId }),
  );
  expect(events).toContainEqual(expect.objectContaining({ event: 'lease.released', runId }));
  expect(events.find((e) => e.event === 'uninstall.left-behind')).toMatchObject({
    bindings: 0,
    rules: 1,
    cancelled: 1,
  });
  // Counts only: nothing in the line names a group, a project or a person.
  const line = JSON.stringify(events.find((e) => e.event === 'uninstall.left-behind'));
  expect(line).not.toMatch(/Contoso|ITHELP|@/);
});

it('a project run already under way when the admin prepares is named as what is left, and Retry removes it', async () => {
  await stack.admin('saveRule', { rule: ROLE_RULE });
  await stack.waitForRun((await stack.scheduledRun()).id);
  // ITHELP's admin pressed Enforce now earlier; its batch is on its way when the admin prepares.
  stack.host.core.queue.pauseNext({ kind: 'batch' });
  const projectRun = await stack.project('startProjectRun', {}, DEMO.users.pa.accountId, 'ITHELP');
  await stack.host.core.queue.whenHeld();

  const { runId } = await stack.admin('prepareUninstall');
  await stack.waitForRun(runId);
  expect((await customerRoles()).ITHELP).toEqual([]);
  // The project run goes on after the removal, with the rules it started with: it adds.
  stack.host.core.queue.release();
  await stack.waitForRun(projectRun.runId);
  expect((await customerRoles()).ITHELP).toEqual([CONTOSO, FABRIKAM].sort());

  const state = await stack.admin('getUninstallState');
  expect(state.safe).toBe(false);
  expect(state.left.map((l: any) => [l.projectKey, l.groupId]).sort()).toEqual(
    [
      ['ITHELP', CONTOSO],
      ['ITHELP', FABRIKAM],
    ].sort(),
  );
  // No error of the run's: the page says it was added after the run read the project.
  expect(state.left[0].why).toBeUndefined();
  const retry = await stack.admin('prepareUninstall');
  await stack.waitForRun(retry.runId);
  expect(await stack.admin('getUninstallState')).toMatchObject({ left: [], safe: true });
  expect(await customerRoles()).toEqual({ ITHELP: [], HR: [HR_STAFF], FAC: [], MKT: [] });
});
