// The admin page tells the truth, in Chromium against the emulator's demo site:
//   - a one-rule preview, then Apply: the run makes that rule's previewed changes and nothing
//     else, compared change by change with the emulator's state;
//   - a 403 on FAC: the run opens on its errors, names group, role and project, the plan card
//     shows what failed, and "Retry the failed projects" runs FAC alone.
import type { Browser, Page } from 'playwright-core';

import { DEMO, demoRule, type Stack } from '../integration/stack';
import { openAdminSession, pressRunNow, screenshot } from './browser';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;

let stack: Stack;
let browser: Browser;
let page: Page;

jest.setTimeout(240_000);

beforeAll(async () => {
  ({ stack, browser, page } = await openAdminSession());
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Every group in every demo service project's customer role, as "KEY group". */
async function bindings(): Promise<string[]> {
  const out: string[] = [];
  for (const key of ['ITHELP', 'HR', 'FAC'])
    for (const g of await stack.roleGroups(key)) out.push(`${key} ${g}`);
  return out.sort();
}

test('a one-rule preview, then Apply, changes exactly what the preview showed', async () => {
  const rule = await stack.admin('saveRule', {
    rule: demoRule({
      name: 'Contoso on IT',
      groupIds: [CONTOSO],
      scope: { type: 'keys', keys: ['ITHELP'] },
    }),
  });
  await stack.admin('saveRule', {
    rule: demoRule({ name: 'Fabrikam everywhere', groupIds: [FABRIKAM] }),
  });
  const before = await bindings();
  await page.reload();
  await page.getByRole('tab', { name: 'Preview', exact: true }).click();
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  await preview.locator('#preview-rule').click();
  await page.getByRole('option', { name: 'Contoso on IT', exact: true }).click();
  await preview.getByRole('button', { name: 'Preview changes' }).click();
  const apply = preview.getByRole('button', { name: 'Apply', exact: true });
  await apply.waitFor({ timeout: 120_000 });
  // The preview shows this rule's one change; no other rule's.
  const cards = preview.locator('[data-testid^="plan-"]');
  await cards.first().waitFor();
  expect(await cards.count()).toBe(1);
  await expect(cards.first().textContent()).resolves.toMatch(/Contoso Customers/);
  await expect(cards.first().textContent()).resolves.not.toMatch(/Fabrikam/);
  await screenshot(page, 'truth-01-one-rule-preview');

  await apply.click();
  // Apply asks first, after checking Jira again (nothing changed here).
  const dialog = page.getByTestId('apply-preview');
  await dialog.getByText(/Nothing changed in Jira since the preview/).waitFor({ timeout: 30_000 });
  await page.getByTestId('apply-preview-ok').click();
  const runs = page.getByRole('tabpanel', { name: 'Runs' });
  await runs.getByText('Result', { exact: true }).waitFor({ timeout: 120_000 });
  const card = runs.getByTestId('plan-ITHELP');
  await card.waitFor();
  await expect(card.textContent()).resolves.toMatch(/1 added/);
  await screenshot(page, 'truth-02-applied');
  // Change by change: ITHELP gained Contoso, and nothing else changed.
  expect(await bindings()).toEqual([...before, `ITHELP ${CONTOSO}`].sort());
  const actions = await stack.allPages<any>(
    'getRunActions',
    (await stack.admin('listRuns', {})).items[0].id,
  );
  expect(actions.map((a) => `${a.kind} ${a.projectKey} ${a.groupId} ${a.ok}`)).toEqual([
    `add ITHELP ${CONTOSO} true`,
  ]);
  await stack.admin('deleteRule', { id: rule.id });
});

test('a 403 on FAC: the run opens on its errors, in names, and retries FAC alone', async () => {
  await stack.control('PUT', 'faults', {
    failPaths: [{ method: 'POST', pathRegex: '/project/FAC/role/', status: 403 }],
  });
  await page.getByRole('tab', { name: 'Runs', exact: true }).click();
  const runs = page.getByRole('tabpanel', { name: 'Runs' });
  // The Runs tab still shows the applied preview's run: back to the list.
  await runs.getByRole('button', { name: '← All runs' }).click();
  await pressRunNow(page, runs);
  const errors = runs.getByTestId('run-errors');
  await errors.waitFor({ timeout: 120_000 });
  await expect(errors.textContent()).resolves.toMatch(/1 change failed/);
  // Opened on the Actions tab, errors only: the failed add, by name.
  const failedRow = runs.getByRole('row', { name: /Facilities \(FAC\)/ });
  await failedRow.first().waitFor();
  const rowText = (await failedRow.first().textContent()) ?? '';
  expect(rowText).toMatch(/Fabrikam Customers/);
  expect(rowText).toMatch(/Service Desk Customers/);
  expect(rowText).toMatch(/Failed/);
  expect(rowText).not.toMatch(/group e0000000|role 10101/);
  await expect(runs.getByText(/\b1 (group )?added\b/).count()).resolves.toBe(0);
  await screenshot(page, 'truth-03-run-errors');
  await runs.getByRole('tab', { name: 'Plan' }).click();
  await expect(runs.getByTestId('plan-FAC').textContent()).resolves.toMatch(/1 failed/);
  await expect(runs.getByTestId('plan-FAC').textContent()).resolves.not.toMatch(/to add/);

  await stack.control('DELETE', 'faults');
  await stack.control('DELETE', 'requests');
  await errors.getByRole('button', { name: 'Retry the failed projects' }).click();
  await errors.waitFor({ state: 'detached' });
  await runs
    .getByTestId('run-progress')
    .getByText('Result', { exact: true })
    .waitFor({ timeout: 120_000 });
  await runs.getByTestId('plan-FAC').waitFor();
  await expect(runs.getByTestId('plan-FAC').textContent()).resolves.toMatch(/1 added/);
  expect(await stack.roleGroups('FAC')).toContain(FABRIKAM);
  const { requests } = await stack.control('GET', 'requests');
  const writes = requests.filter((r: any) => r.method === 'POST' && /\/role\/\d+/.test(r.path));
  expect(writes.map((r: any) => r.path)).toEqual(['/rest/api/3/project/FAC/role/10101']);
});
