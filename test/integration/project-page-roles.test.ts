// The project settings page finds its rules' role in the site's role list as the app last kept
// it, instead of listing every global role (1 + 2 points a role) on each reading; the project
// and the role's groups are still read live each time. The kept list never makes the page wrong:
//   - loaded again after its live minute, the page lists no roles; the hourly run keeps the list
//     for it; a list older than the bound is listed again;
//   - a role renamed to the rules' name after the list was kept is found (no "role not found");
//   - the rules' role renamed away and another created under its name: the page reads the new
//     role's groups, not the old role's.
import { ADMIN_ACCOUNT_ID, ROLE } from '../../local/jira-emulator';
import { SITE_ROLES_FOR_MS } from '../../src/enforce/views/page-roles';
import { DEMO, demoRule, type Stack, startStack } from './stack';

jest.setTimeout(120_000);

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
/** Past the minute a page's live reading is shown without reading Jira again. */
const AFTER_LIVE_MINUTE = 2 * 60_000;

let stack: Stack;
afterEach(async () => {
  await stack?.close();
});

async function start(): Promise<void> {
  stack = await startStack();
  await stack.admin('saveRule', { rule: demoRule() });
}

/** The project page as the site admin opens it, and the Jira calls the page made. */
async function openPage(key: string): Promise<{ status: any; calls: string[] }> {
  await stack.control('DELETE', 'requests');
  const status = await stack.project('getProjectStatus', {}, ADMIN_ACCOUNT_ID, key);
  const { requests } = await stack.control('GET', 'requests');
  const calls = requests
    .filter((r: any) => r.madeBy?.startsWith('project-resolver'))
    .map((r: any) => `${r.method} ${r.path}`);
  return { status, calls };
}

const LIST_ROLES = 'GET /rest/api/3/role';

/** Each group the page shows: its state, and why when it is not in the role. */
const states = (status: any) =>
  Object.fromEntries(
    status.groups.map((g: any) => [g.groupId, g.why ? `${g.state}:${g.why.code}` : g.state]),
  );

/** A Jira admin renames a global role (Jira's settings, Project roles). */
function renameRole(id: number, name: string): void {
  const state = stack.emulator.state();
  state.roles.get(id)!.name = name;
  state.touch();
}

async function hourlyRun(): Promise<any> {
  const run = await stack.scheduledRun();
  return stack.waitForRun(run.id);
}

test('a page loaded again lists no roles; the project and its role are read live each time', async () => {
  await start();
  const first = await openPage('ITHELP');
  expect(first.calls).toContain(LIST_ROLES);
  expect(states(first.status)).toEqual({
    [CONTOSO]: 'missing:wanted',
    [FABRIKAM]: 'missing:wanted',
  });

  // Someone adds a rule group by hand: the next reading shows it, without listing the roles.
  await stack.jira('POST', `/rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}`, {
    groupId: [CONTOSO],
  });
  await stack.advanceClock(AFTER_LIVE_MINUTE);
  const again = await openPage('ITHELP');
  expect(again.calls).not.toContain(LIST_ROLES);
  expect(again.calls).toEqual(
    expect.arrayContaining([
      'GET /rest/api/3/project/ITHELP',
      `GET /rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    ]),
  );
  expect(states(again.status)).toEqual({ [CONTOSO]: 'in-role', [FABRIKAM]: 'missing:wanted' });
  // Another project's page uses the same list.
  expect((await openPage('HR')).calls).not.toContain(LIST_ROLES);

  // Past the bound, a page lists the roles again...
  await stack.advanceClock(SITE_ROLES_FOR_MS);
  expect((await openPage('FAC')).calls).toContain(LIST_ROLES);
  // ...unless the hourly run listed them since.
  await stack.advanceClock(SITE_ROLES_FOR_MS);
  await hourlyRun();
  await stack.advanceClock(AFTER_LIVE_MINUTE);
  const afterRun = await openPage('ITHELP');
  expect(afterRun.calls).not.toContain(LIST_ROLES);
  expect(states(afterRun.status)).toEqual({ [CONTOSO]: 'in-role', [FABRIKAM]: 'in-role' });
});

test("a role renamed to the rules' name after the list was kept is found", async () => {
  await start();
  renameRole(ROLE.SERVICE_DESK_CUSTOMERS, 'Portal Customers');
  const missing = await openPage('ITHELP');
  expect(states(missing.status)).toEqual({
    [CONTOSO]: 'skipped:role-not-found',
    [FABRIKAM]: 'skipped:role-not-found',
  });

  renameRole(ROLE.SERVICE_DESK_CUSTOMERS, 'Service Desk Customers');
  await stack.advanceClock(AFTER_LIVE_MINUTE);
  const found = await openPage('ITHELP');
  expect(states(found.status)).toEqual({
    [CONTOSO]: 'missing:wanted',
    [FABRIKAM]: 'missing:wanted',
  });
  // Listed again once (the kept list did not name the role), then kept.
  expect(found.calls.filter((c) => c === LIST_ROLES)).toHaveLength(1);
  await stack.advanceClock(AFTER_LIVE_MINUTE);
  expect((await openPage('ITHELP')).calls).not.toContain(LIST_ROLES);
});

test("the rules' role renamed away and another created under its name: the page reads the new one", async () => {
  await start();
  await hourlyRun();
  await stack.advanceClock(AFTER_LIVE_MINUTE);
  const before = await openPage('ITHELP');
  expect(before.calls).not.toContain(LIST_ROLES);
  expect(states(before.status)).toEqual({ [CONTOSO]: 'in-role', [FABRIKAM]: 'in-role' });

  // A Jira admin renames the role and creates a new, empty one under its old name.
  renameRole(ROLE.SERVICE_DESK_CUSTOMERS, 'Former Customers');
  const NEW_ROLE = 10150;
  stack.emulator.state().addGlobalRole(NEW_ROLE, 'Service Desk Customers', 'Customers, anew');
  await stack.advanceClock(AFTER_LIVE_MINUTE);
  const after = await openPage('ITHELP');
  expect(after.calls).toContain(LIST_ROLES);
  expect(after.calls).toContain(`GET /rest/api/3/project/ITHELP/role/${NEW_ROLE}`);
  expect(states(after.status)).toEqual({
    [CONTOSO]: 'missing:wanted',
    [FABRIKAM]: 'missing:wanted',
  });

  // The list read then is kept: the next reading needs none.
  await stack.advanceClock(AFTER_LIVE_MINUTE);
  const next = await openPage('ITHELP');
  expect(next.calls).not.toContain(LIST_ROLES);
  expect(states(next.status)).toEqual({
    [CONTOSO]: 'missing:wanted',
    [FABRIKAM]: 'missing:wanted',
  });
});
