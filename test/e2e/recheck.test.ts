// Apply asks first, in Chromium against the emulator's demo site: after a
// preview, Jira changes behind the app; pressing Apply re-checks the preview, the dialog names
// what changed (group, role, project) and what happens to it, and only its Apply button applies
// the rest, compared with the emulator's state (Cancel applies nothing; a preview hours old is
// called old; "Preview again" previews anew). axe-core finds no WCAG A/AA violation in it.
import type { Browser, Page } from 'playwright-core';

import { DEMO, demoRule, type Stack } from '../integration/stack';
import { kvsDump, kvsSet } from '../reliability/helpers';
import { axeViolations, openAdminSession, screenshot } from './browser';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const ITHELP_HR = { type: 'keys', keys: ['ITHELP', 'HR'] };

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

test('Apply shows what changed in Jira since the preview, and applies the rest on confirm', async () => {
  // Contoso is enforced on ITHELP and HR; a second rule is previewed: Fabrikam to both.
  await stack.admin('saveRule', {
    rule: demoRule({ name: 'Contoso', groupIds: [CONTOSO], scope: ITHELP_HR }),
  });
  const { runId: first } = await stack.admin('startRun', {});
  await stack.waitForRun(first);
  await stack.admin('saveRule', {
    rule: demoRule({ name: 'Fabrikam', groupIds: [FABRIKAM], scope: ITHELP_HR }),
  });
  await page.reload();
  await page.getByRole('tab', { name: 'Preview', exact: true }).click();
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  await preview.getByRole('button', { name: 'Preview changes' }).click();
  const apply = preview.getByRole('button', { name: 'Apply', exact: true });
  await apply.waitFor({ timeout: 120_000 });
  await preview.getByTestId('plan-HR').waitFor();

  // Behind the app: a previewed binding made by hand, an app-made one removed.
  await stack.jira('POST', '/rest/api/3/project/ITHELP/role/10101', { groupId: [FABRIKAM] });
  await stack.jira('DELETE', `/rest/api/3/project/HR/role/10101?groupId=${CONTOSO}`);
  const hrBefore = await stack.roleGroups('HR');
  const ithelpBefore = await stack.roleGroups('ITHELP');

  await stack.control('DELETE', 'requests');
  await apply.click();
  const dialog = page.getByTestId('apply-preview');
  await dialog
    .getByRole('heading', { name: /^Apply 1 change previewed (just now|\d+ minutes? ago)$/ })
    .waitFor({ timeout: 30_000 });
  await expect(dialog.textContent()).resolves.toMatch(/Apply leaves these changes out:/);
  await expect(dialog.getByTestId('recheck-left-out').textContent()).resolves.toMatch(
    /Fabrikam Customers is already in Service Desk Customers of IT Help Desk \(ITHELP\): it will not be added\./,
  );
  await expect(dialog.getByTestId('recheck-new').textContent()).resolves.toMatch(
    /Contoso Customers is now missing from Service Desk Customers of HR Services \(HR\).*so Apply leaves it out\. Preview again to include it\./,
  );
  await expect(dialog.getByRole('button', { name: 'Preview again' }).isVisible()).resolves.toBe(
    true,
  );
  await screenshot(page, 'recheck-01-apply-dialog');
  expect(await axeViolations(page)).toEqual([]);
  // Nothing is applied before the admin confirms.
  const { requests } = await stack.control('GET', 'requests');
  expect(requests.filter((r: any) => r.method !== 'GET')).toEqual([]);

  // Cancel applies nothing; a preview two hours old is called old when Apply is pressed again.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  const previewId = (await stack.admin('listRuns', {})).items[0].id;
  const record = JSON.parse(kvsDump(stack)[`run:${previewId}`]);
  expect(record.dryRun).toBe(true);
  kvsSet(stack, `run:${previewId}`, {
    ...record,
    finishedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
  });
  await apply.click();
  await dialog
    .getByRole('heading', { name: 'Apply 1 change previewed 2 hours ago' })
    .waitFor({ timeout: 30_000 });
  await dialog.getByText('This preview is old').waitFor();
  expect(
    (await stack.control('GET', 'requests')).requests.filter((r: any) => r.method !== 'GET'),
  ).toEqual([]);

  await page.getByTestId('apply-preview-ok').click();
  await dialog.waitFor({ state: 'detached' });
  const runs = page.getByRole('tabpanel', { name: 'Runs' });
  await runs.getByText('Result', { exact: true }).waitFor({ timeout: 120_000 });
  await runs.getByTestId('plan-HR').waitFor();
  // What the preview did not show is left out, by the group's name (its id only on hover).
  const hrPlan = runs.getByTestId('plan-HR');
  await expect(hrPlan.textContent()).resolves.toMatch(/1 added · 1 left out/);
  const notPreviewed = hrPlan.getByRole('row').filter({ hasText: 'Not in the preview' });
  await expect(notPreviewed.getByRole('cell').nth(1).textContent()).resolves.toBe(
    'Contoso Customers',
  );
  await expect(notPreviewed.getByTitle(`Group id ${CONTOSO}`).isVisible()).resolves.toBe(true);
  await expect(runs.textContent()).resolves.toMatch(/2 left out of the preview/);
  await expect(runs.textContent()).resolves.not.toMatch(/skipped/);
  // Compared with the emulator: Fabrikam added to HR, nothing else changed.
  expect(await stack.roleGroups('HR')).toEqual([...hrBefore, FABRIKAM].sort());
  expect(await stack.roleGroups('ITHELP')).toEqual(ithelpBefore);
});

test('"Preview again" in the dialog previews anew, and the new preview shows the new change', async () => {
  // After the first test: HR lacks Contoso (removed by hand, not previewed, so not applied).
  await page.getByRole('tab', { name: 'Preview', exact: true }).click();
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  await preview.getByRole('button', { name: 'Preview changes' }).click();
  const apply = preview.getByRole('button', { name: 'Apply', exact: true });
  await apply.waitFor({ timeout: 120_000 });
  await expect(preview.getByTestId('plan-HR').textContent()).resolves.toMatch(/1 to add/);

  // Behind the app: Fabrikam, added to HR by the app, is removed by hand.
  await stack.jira('DELETE', `/rest/api/3/project/HR/role/10101?groupId=${FABRIKAM}`);
  await apply.click();
  const dialog = page.getByTestId('apply-preview');
  await expect(dialog.getByTestId('recheck-new').textContent({ timeout: 30_000 })).resolves.toMatch(
    /Fabrikam Customers is now missing from Service Desk Customers of HR Services/,
  );
  await dialog.getByRole('button', { name: 'Preview again' }).click();
  await dialog.waitFor({ state: 'detached' });
  await apply.waitFor({ timeout: 120_000 });
  const hr = preview.getByTestId('plan-HR');
  await hr.getByText('2 to add').waitFor();
  await expect(hr.textContent()).resolves.toMatch(
    /Contoso Customers.*Fabrikam Customers|Fabrikam Customers.*Contoso Customers/,
  );
});
