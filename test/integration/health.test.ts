// Health through the host and the emulator: each check turns fail when the site is moved into
// the state it guards against, and pass when it is moved back; each says "could not check" when
// Jira refuses its read; the page reads the stored report; member and scheme reads are kept and
// made again for what changed.
import { ADMIN_ACCOUNT_ID, DEMO } from '../../local/jira-emulator';
import { grantPermission, JSM_SCHEME, provisionUser, revokePermission } from './site-changes';
import { demoRule, type Stack, startStack } from './stack';

jest.setTimeout(60_000);

const CUSTOMERS_ROLE = '10101';
const HOUR = 3_600_000;
/** The group that grants Jira Service Management on the demo site (jira-servicedesk-users). */
const DEMO_SERVICEDESK_USERS = 'a0000000-0000-4000-8000-000000000004';

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
  await stack.admin('saveRule', { rule: demoRule() });
});
afterEach(() => stack?.close());

/** "Check now", then the stored report once the queue has computed it. */
async function checkNow(): Promise<any> {
  await stack.admin('checkHealth', {});
  await stack.host.waitForIdle();
  const h = await stack.admin('getHealth', {});
  expect(h.checking).toBeUndefined();
  return h;
}

async function check(id: string): Promise<any> {
  const h = await checkNow();
  const c = h.checks.find((x: any) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${JSON.stringify(h.checks.map((x: any) => x.id))}`);
  return c;
}

const grant = (permission: string, holder: object) => grantPermission(stack, permission, holder);
const revoke = (id: number) => revokePermission(stack, id);

async function requests(): Promise<{ method: string; path: string; status: number }[]> {
  return (await stack.control('GET', 'requests')).requests;
}

test('1: a customer who holds agent access through another group takes a seat; fixed, it passes', async () => {
  const pass = await check('agent-seats');
  expect(pass).toMatchObject({ number: 1, status: 'pass' });
  expect(pass.detail).toMatch(/\d+ of 25 agent seats used, \d+ left/);

  // Someone puts a customer in a group that has Jira Service Management.
  const group = await stack.jira('POST', '/rest/api/3/group', { name: 'Contractors' });
  const contractors = group.body.groupId;
  await stack.jira('POST', `/rest/api/3/group/user?groupId=${contractors}`, {
    accountId: DEMO.users.customer.accountId,
  });
  await stack.control('POST', 'application-roles/jira-servicedesk/groups', {
    groupId: contractors,
  });
  const fail = await check('agent-seats');
  expect(fail.status).toBe('fail');
  expect(fail.detail).toContain('1 person in customer groups also has agent access');
  expect(fail.affected).toMatchObject({ noun: 'people', total: 1 });
  expect(fail.affected.items[0]).toMatchObject({
    id: DEMO.users.customer.accountId,
    label: 'Cora Customer',
    note: 'customer through Contoso Customers; agent access through Contractors',
  });
  expect(fail.link.href).toMatch(/^\//);
  expect(fail.cost.calls).toBeGreaterThan(1);

  await stack.control('DELETE', `application-roles/jira-servicedesk/groups/${contractors}`);
  expect(await check('agent-seats')).toMatchObject({ status: 'pass' });
});

test('1: a customer group in the product role fails, with the seat figures Jira gives', async () => {
  await stack.control('PUT', 'application-roles/jira-servicedesk', { numberOfSeats: 4 });
  await stack.control('POST', 'application-roles/jira-servicedesk/groups', {
    groupId: DEMO.groups.contosoCustomers.groupId,
  });
  const fail = await check('agent-seats');
  expect(fail.status).toBe('fail');
  // admin, pa, agent, and Contoso's two members.
  expect(fail.detail).toContain('5 of 4 agent seats used, 0 left');
  expect(fail.detail).toContain('Contoso Customers is in the Jira Service Management product role');
  await stack.control(
    'DELETE',
    `application-roles/jira-servicedesk/groups/${DEMO.groups.contosoCustomers.groupId}`,
  );
  expect(await check('agent-seats')).toMatchObject({ status: 'pass' });
});

test('1: group members are not read again while their counts and the audit log say nothing moved', async () => {
  await checkNow();
  await stack.control('DELETE', 'requests');
  const again = (await checkNow()).checks.find((c: any) => c.id === 'agent-seats');
  const memberReads = (await requests()).filter((r) => r.path === '/rest/api/3/group/member');
  // One one-member page per group (its count), no page of members.
  expect(memberReads.length).toBeGreaterThan(0);
  expect(memberReads.every((r: any) => /maxResults=1&/.test(r.query))).toBe(true);
  expect(again.cost).toEqual({ calls: 1 + memberReads.length, reads: expect.any(Array) });
  expect(again.detail).toMatch(/Members were read \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
});

test("1: members are read again once per the routine check's period in force, not daily", async () => {
  const settings = await stack.admin('getSettings');
  await stack.admin('saveSettings', {
    settings: { ...settings, sweepPinned: true, sweepHours: 168 },
  });
  await checkNow();
  const memberPages = async () =>
    (await requests()).filter(
      (r: any) => r.path === '/rest/api/3/group/member' && !/maxResults=1&/.test(r.query),
    ).length;
  await stack.control('DELETE', 'requests');
  await stack.advanceClock(2 * 24 * HOUR);
  await checkNow();
  // Two days on, nothing moved: the counts alone.
  expect(await memberPages()).toBe(0);

  await stack.control('DELETE', 'requests');
  await stack.advanceClock(5 * 24 * HOUR);
  await checkNow();
  // A week since the read: read again, for what the counts and the audit log miss.
  expect(await memberPages()).toBeGreaterThan(0);
});

test('1: Check now flags a customer given agent access since the last read', async () => {
  expect(await check('agent-seats')).toMatchObject({ status: 'pass' });
  // Someone puts a customer in the group that grants Jira Service Management.
  await stack.jira('POST', `/rest/api/3/group/user?groupId=${DEMO_SERVICEDESK_USERS}`, {
    accountId: DEMO.users.customer.accountId,
  });
  const fail = await check('agent-seats');
  expect(fail.status).toBe('fail');
  expect(fail.affected.items[0]).toMatchObject({ id: DEMO.users.customer.accountId });
});

test('a second computation reads the projects and permission schemes only of the projects the audit log names', async () => {
  await checkNow();
  await stack.control('DELETE', 'requests');
  await stack.jira('PUT', '/rest/api/3/project/HR', { description: 'Moved to another scheme' });
  const h = await checkNow();
  const lookups = (await requests()).filter((r) =>
    /^\/rest\/api\/3\/project\/[^/]+\/permissionscheme$/.test(r.path),
  );
  expect(lookups.map((r) => r.path)).toEqual(['/rest/api/3/project/HR/permissionscheme']);
  // The service projects are kept too: only the named one is read, by id.
  const searches = (await requests()).filter((r) => r.path === '/rest/api/3/project/search');
  expect(searches.map((r: any) => r.query)).toEqual([
    expect.stringMatching(/^maxResults=100&id=\d+$/),
  ]);
  expect(h.checks.find((c: any) => c.id === 'browse-grants').detail).toMatch(
    /Project schemes: 1 project read now \(1 named by the audit log\), the others kept from/,
  );
});

test("a week on, the project list is renewed from the routine check's listing: what the audit log missed is looked up, nothing listed again", async () => {
  await stack.scheduledRun();
  const settings = await stack.admin('getSettings');
  await stack.admin('saveSettings', {
    settings: { ...settings, sweepPinned: true, sweepHours: 2 },
  });
  await checkNow();
  // A person creates a service desk, and the audit log keeps no record of it.
  await stack.control('PUT', 'faults', { auditOmitAuthors: [ADMIN_ACCOUNT_ID] });
  const quiet = await stack.jira('POST', '/rest/api/3/project', {
    key: 'QUIET',
    name: 'Quiet desk',
    projectTypeKey: 'service_desk',
  });
  expect(quiet.status).toBe(201);
  await stack.control('DELETE', 'faults');
  // The routine check lists every service project over two hours (a whole cycle, then the next).
  for (let hour = 0; hour < 3; hour++) {
    await stack.advanceClock(HOUR);
    await stack.scheduledRun();
  }
  await stack.advanceClock(7 * 24 * HOUR);
  await stack.control('DELETE', 'requests');
  const h = await checkNow();

  const searches = (await requests()).filter((r) => r.path === '/rest/api/3/project/search');
  expect(searches.map((r: any) => r.query)).toEqual([`maxResults=100&id=${quiet.body.id}`]);
  const lookups = (await requests()).filter((r) =>
    /^\/rest\/api\/3\/project\/[^/]+\/permissionscheme$/.test(r.path),
  );
  expect(lookups.map((r) => r.path)).toContain('/rest/api/3/project/QUIET/permissionscheme');
  expect(h.checks.find((c: any) => c.id === 'browse-grants').detail).toMatch(
    /Service projects were listed \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
  );

  // The renewed list is as old as that cycle (a week). Thirteen days on no newer cycle has ended
  // (the routine check takes its time): the list stands, nothing is listed; only a list no cycle
  // renewed for three weeks is listed again.
  await stack.advanceClock(13 * 24 * HOUR);
  await stack.control('DELETE', 'requests');
  await checkNow();
  const listings = async () =>
    (await requests()).filter(
      (r: any) => r.path === '/rest/api/3/project/search' && !/(^|&)id=/.test(r.query),
    ).length;
  expect(await listings()).toBe(0);
  await stack.advanceClock(24 * HOUR);
  await checkNow();
  expect(await listings()).toBeGreaterThan(0);
});

test("9: while every rule's group exists, the site's groups are not listed (a gone group's successor is searched by its name)", async () => {
  await stack.control('DELETE', 'requests');
  expect(await check('groups-exist')).toMatchObject({ status: 'pass' });
  const pickers = (await requests()).filter((r) => r.path === '/rest/api/3/groups/picker');
  expect(pickers).toEqual([]);
});

test('2: Browse Projects granted to every logged-in user fails, naming the projects; revoked, it passes', async () => {
  expect(await check('browse-grants')).toMatchObject({ number: 2, status: 'pass' });
  const id = await grant('BROWSE_PROJECTS', { type: 'applicationRole' });
  const fail = await check('browse-grants');
  expect(fail.status).toBe('fail');
  expect(fail.detail).toContain('appear as customers of FAC (every logged-in user)');
  expect(fail.affected.items.map((i: any) => i.id)).toEqual(['FAC', 'HR', 'ITHELP']);
  expect(fail.affected.items[0].href).toBe('/plugins/servlet/project-config/FAC/permissions');
  expect(fail.link.href).toBe(`/secure/admin/EditPermissions!default.jspa?schemeId=${JSM_SCHEME}`);
  await revoke(id);
  expect(await check('browse-grants')).toMatchObject({ status: 'pass' });
});

test('3: customer permissions granted to the customer role fail; moved back, it passes', async () => {
  expect(await check('customer-permissions')).toMatchObject({ number: 3, status: 'pass' });
  const id = await grant('CREATE_ISSUES', { type: 'projectRole', value: CUSTOMERS_ROLE });
  const fail = await check('customer-permissions');
  expect(fail.status).toBe('fail');
  expect(fail.detail).toContain('grants Create Issues to role Service Desk Customers');
  expect(fail.detail).toContain('KB 838416400');
  expect(fail.affected).toMatchObject({ noun: 'permission schemes', total: 1 });
  await revoke(id);
  expect(await check('customer-permissions')).toMatchObject({ status: 'pass' });
});

test('4: a rule whose role carries agent permissions fails, naming the rule; taken away, it passes', async () => {
  expect(await check('rule-roles')).toMatchObject({ number: 4, status: 'pass' });
  const id = await grant('SERVICEDESK_AGENT', { type: 'projectRole', value: CUSTOMERS_ROLE });
  const fail = await check('rule-roles');
  expect(fail.status).toBe('fail');
  expect(fail.detail).toContain(`Rule "${demoRule().name}" adds groups to role`);
  expect(fail.detail).toContain('Service Desk Agent');
  expect(fail.affected.items[0]).toMatchObject({ label: demoRule().name });
  await revoke(id);
  expect(await check('rule-roles')).toMatchObject({ status: 'pass' });
});

test('5: default access on, a new provisioned account gets JSM and is counted; off, it passes', async () => {
  expect(await check('default-access')).toMatchObject({ number: 5, status: 'pass' });
  await stack.control('PUT', 'application-roles/jira-servicedesk', { selectedByDefault: true });
  await provisionUser(stack, 'new.customer@contoso.example', 'Nina New');
  const fail = await check('default-access');
  expect(fail.status).toBe('fail');
  expect(fail.detail).toContain('In the last 30 days Jira created 1 account; 1 has Jira Service');
  expect(fail.affected.items).toEqual([expect.objectContaining({ label: 'Nina New' })]);
  await stack.control('PUT', 'application-roles/jira-servicedesk', { selectedByDefault: false });
  expect(await check('default-access')).toMatchObject({ status: 'pass' });
});

test('6: a covered team-managed desk open to every logged-in user fails; made private, it passes', async () => {
  expect(await check('open-desks')).toMatchObject({ number: 6, status: 'pass' });
  await stack.control('PUT', 'projects/MKT/access-level', { accessLevel: 'open' });
  const fail = await check('open-desks');
  expect(fail.status).toBe('fail');
  expect(fail.detail).toContain('Every logged-in user is already a customer of MKT');
  expect(fail.link.href).toBe('/jira/servicedesk/projects/MKT/settings/access');
  await stack.control('PUT', 'projects/MKT/access-level', { accessLevel: 'private' });
  expect(await check('open-desks')).toMatchObject({ status: 'pass' });
});

test('each check says "could not check" with Jira\'s answer when Jira refuses its read', async () => {
  await stack.control('PUT', 'faults', {
    failPaths: [
      { pathRegex: '^/rest/api/3/applicationrole', status: 403 },
      { pathRegex: 'permissionscheme', status: 403 },
    ],
  });
  const h = await checkNow();
  const six = h.checks.filter((c: any) => c.number <= 6);
  expect(six.map((c: any) => c.number)).toEqual([1, 2, 3, 4, 5, 6]);
  for (const c of six) {
    expect(c.status).toBe('unknown');
    expect(c.detail).toMatch(/^Could not check: Could not .*Jira answered 403/);
  }
  const byId = (id: string) => h.checks.find((c: any) => c.id === id);
  expect(byId('role-exists').status).toBe('pass');

  // The audit log alone refused (a Free plan has none): check 5 still judges the setting.
  await stack.control('DELETE', 'faults');
  await stack.control('PUT', 'site', { plan: 'free' });
  const five = await check('default-access');
  expect(five.status).toBe('pass');
  expect(five.detail).toContain("Jira's audit log could not be read");
});

test('the page reads the stored report: getHealth calls no Jira endpoint but permissions', async () => {
  const before = await stack.admin('getHealth', {});
  expect(before).toEqual({ checks: [] });
  const report = await checkNow();
  expect(report).toMatchObject({ trigger: 'manual', checkedAt: expect.any(String) });
  await stack.control('DELETE', 'requests');
  expect(await stack.admin('getHealth', {})).toEqual(report);
  // Nothing but the caller's permission, which is remembered for up to a minute per container.
  const paths = (await requests()).map((r) => r.path);
  expect(paths.filter((p) => p !== '/rest/api/3/mypermissions')).toEqual([]);
  expect(paths.length).toBeLessThanOrEqual(1);
});

test("the report's calls are the Jira requests the computation made", async () => {
  await stack.control('DELETE', 'requests');
  await stack.admin('checkHealth', {});
  await stack.host.waitForIdle();
  const made = (await requests()).filter((r) => r.path !== '/rest/api/3/mypermissions');
  const h = await stack.admin('getHealth', {});
  expect(h.calls).toBe(made.length);
  for (const c of h.checks.filter((x: any) => x.number <= 6))
    expect(c.cost.calls).toBeGreaterThan(0);
});

test('the hourly trigger computes a report, and not again within the refresh period', async () => {
  await stack.scheduledRun();
  const first = await stack.admin('getHealth', {});
  expect(first).toMatchObject({ trigger: 'scheduled', checkedAt: expect.any(String) });
  await stack.scheduledRun();
  expect((await stack.admin('getHealth', {})).checkedAt).toBe(first.checkedAt);
});
