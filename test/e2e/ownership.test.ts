// A group someone else put in a role, as a Jira admin sees it in Chromium: the run says the app
// did not add it and leaves it alone; the admin can adopt it, after a confirmation, and the app
// then counts it as its own (it goes when its rule goes).
import type { Browser, Page } from 'playwright-core';

import { DEMO, demoRule, type Stack } from '../integration/stack';
import { ledgerEntries } from '../reliability/helpers';
import { openAdminSession, pressRunNow, screenshot } from './browser';

const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const ROLE_PATH = '/rest/api/3/project/FAC/role/10101';

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

test('a run names a group the app did not add; the admin adopts it', async () => {
  const rule = await stack.admin('saveRule', {
    rule: demoRule({
      name: 'Fabrikam in FAC',
      groupIds: [FABRIKAM],
      scope: { type: 'keys', keys: ['FAC'] },
    }),
  });
  // Jira never answers the app's add; a person adds the group meanwhile.
  await stack.control('PUT', 'faults', {
    failPaths: [{ method: 'POST', pathRegex: `^${ROLE_PATH}$`, status: 503, times: 100 }],
  });
  await stack.scheduledRun();
  await stack.control('DELETE', 'faults');
  expect((await stack.jira('POST', ROLE_PATH, { groupId: [FABRIKAM] })).status).toBe(200);

  await page.reload();
  await page.getByRole('tab', { name: 'Runs', exact: true }).click();
  const runs = page.getByRole('tabpanel', { name: 'Runs' });
  await pressRunNow(page, runs);
  await runs
    .getByTestId('run-progress')
    .getByText('Result', { exact: true })
    .waitFor({ timeout: 120_000 });
  await runs.getByRole('tab', { name: 'Plan' }).click();
  const card = runs.getByTestId('plan-FAC');
  await card.waitFor();
  await expect(card.textContent()).resolves.toMatch(/Not added by this app/);
  // Named, not by id.
  await expect(card.textContent()).resolves.not.toMatch(/e0000000-/);
  await expect(card.textContent()).resolves.toMatch(
    /Fabrikam Customers is in Service Desk Customers of Facilities \(FAC\), not added by this app/,
  );
  await screenshot(page, 'ownership-01-not-added-by-app');

  await card.getByRole('button', { name: 'Adopt as the app’s' }).click();
  const dialog = page.getByTestId('adopt-binding-dialog');
  await expect(dialog.textContent()).resolves.toMatch(/a run removes it/);
  await page.getByTestId('adopt-binding-confirm').click();
  await card.getByText('Adopted: the app now counts it as its own.').waitFor();
  expect(ledgerEntries(stack).filter((e) => e.projectKey === 'FAC')).toEqual([
    expect.objectContaining({ groupId: FABRIKAM, runId: 'adopted' }),
  ]);
  await stack.admin('deleteRule', { id: rule.id });
  await stack.scheduledRun();
  expect(await stack.roleGroups('FAC')).not.toContain(FABRIKAM);
});
