// The Health tab in Chromium: the site moved into every state the six checks guard against,
// "Check now", every one of them failing with what to do; then moved back, all passing.
// Screenshots land in test-results/screenshots; with DOCS_SCREENSHOTS=1 they are also copied to
// docs/screenshots (health-failing.png, health-passing.png), which the repository keeps.
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';

import {
  grantPermission,
  JSM_SCHEME,
  provisionUser,
  revokePermission,
} from '../integration/site-changes';
import { DEMO, demoRule, type Stack, startStack } from '../integration/stack';
import { buildPageIfStale, gotoAdminApp, openBrowser, ROOT, screenshot, SHOTS } from './browser';

jest.setTimeout(180_000);

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  buildPageIfStale('admin');
  stack = await startStack();
  ({ browser, page } = await openBrowser());
  await gotoAdminApp(page, stack.host.url);
  await page.getByRole('tab', { name: 'Health', exact: true }).click();
  await page.getByRole('heading', { name: 'Health checks' }).waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function shot(name: string): Promise<void> {
  await screenshot(page, name);
  if (process.env.DOCS_SCREENSHOTS === '1') {
    const docs = path.join(ROOT, 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(path.join(SHOTS, `${name}.png`), path.join(docs, `${name}.png`));
  }
}

async function checkNow(): Promise<void> {
  await page.getByRole('button', { name: 'Check now' }).click();
  // Shown from the request until the page's poll finds the new report stored.
  const checking = page.getByText(/Checking Jira/);
  await checking.waitFor();
  await checking.waitFor({ state: 'detached', timeout: 60_000 });
}

const grant = (permission: string, holder: object) => grantPermission(stack, permission, holder);

const item = (id: string) => page.getByTestId(`health-${id}`);
const SIX = [
  'agent-seats',
  'browse-grants',
  'customer-permissions',
  'rule-roles',
  'default-access',
  'open-desks',
  'guard-rails',
];

test('before any check, the tab says so and offers Check now', async () => {
  await page.getByText('Not checked yet').waitFor();
});

test('every check failing: each names what it found, what to do and the Jira screen', async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  // A rule stored before the guard rails, which no save accepts any more.
  const legacy = {
    id: 'legacy-fac-agents',
    name: 'Facilities agents (wrong role)',
    groupIds: [DEMO.groups.hrStaff.groupId],
    scope: { type: 'keys', keys: ['FAC'] },
    exclude: [],
    roleName: 'Service Desk Team',
    enabled: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  stack.host.core.kvs.handle(
    '/api/v1/set',
    JSON.stringify({ key: 'rule:legacy-fac-agents', value: legacy }),
  );
  // 1: a customer holds agent access through another group.
  const contractors = (await stack.jira('POST', '/rest/api/3/group', { name: 'Contractors' })).body
    .groupId;
  await stack.jira('POST', `/rest/api/3/group/user?groupId=${contractors}`, {
    accountId: DEMO.users.alice.accountId,
  });
  await stack.control('POST', 'application-roles/jira-servicedesk/groups', {
    groupId: contractors,
  });
  // 2: every logged-in user browses the service projects. 3: the customer role creates requests.
  const browse = await grant('BROWSE_PROJECTS', { type: 'applicationRole' });
  const create = await grant('CREATE_ISSUES', { type: 'projectRole', value: '10101' });
  // 5: new users get Jira Service Management, and one was provisioned since.
  await stack.control('PUT', 'application-roles/jira-servicedesk', { selectedByDefault: true });
  await provisionUser(stack, 'nina@contoso.example', 'Nina New');
  // 6: the team-managed desk is open.
  await stack.control('PUT', 'projects/MKT/access-level', { accessLevel: 'open' });

  await checkNow();
  await page.getByText('7 checks failed').waitFor();
  for (const id of SIX) await item(id).getByText('Fail', { exact: true }).waitFor();
  await item('agent-seats').getByText('Alice Contoso').waitFor();
  await item('rule-roles').getByText('Facilities agents (wrong role)').first().waitFor();
  const link = item('browse-grants').getByRole('link', { name: /Open Permission scheme in Jira/ });
  expect(await link.getAttribute('href')).toMatch(
    new RegExp(`/secure/admin/EditPermissions!default\\.jspa\\?schemeId=${JSM_SCHEME}$`),
  );
  // Jira usage is said once, for the whole report, not under every check.
  await page.getByText(/^Checked .+, with \d+ calls? to Jira/).waitFor();
  expect(await page.getByText(/^Cost: /).count()).toBe(0);
  await shot('health-failing');

  // Moved back: every check passes.
  await stack.control('DELETE', `application-roles/jira-servicedesk/groups/${contractors}`);
  for (const id of [browse, create]) await revokePermission(stack, id);
  await stack.control('PUT', 'application-roles/jira-servicedesk', { selectedByDefault: false });
  await stack.control('PUT', 'projects/MKT/access-level', { accessLevel: 'private' });
  const rules = await stack.admin('listRules', {});
  const wrong = rules.find((r: any) => r.roleName === 'Service Desk Team');
  await stack.admin('deleteRule', { id: wrong.id });

  await checkNow();
  await page.getByText('All checks pass').waitFor();
  for (const id of SIX) await item(id).getByText('Pass', { exact: true }).waitFor();
  await shot('health-passing');
});
