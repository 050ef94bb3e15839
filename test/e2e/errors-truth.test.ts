// The admin page never passes Jira's silence off as data, and its preview shows everything a run
// would do, in Chromium against the emulator's demo site:
//   - with Jira answering 5xx to the group read, the rules say "could not read" (the outage
//     once, at the top), never "Unknown group";
//   - a run whose reads fail shows failed reads (not removals), counts exactly the rows it
//     lists (the organization's included), and while Jira makes it wait, which try it is at;
//   - a new organization rule's preview names the rule, lists the organization and its members
//     to add, and the runs list counts the members the run added.
import type { Browser, Page } from 'playwright-core';

import { DEMO, demoRule, type Stack } from '../integration/stack';
import { axeViolations, openAdminSession, pressRunNow, screenshot } from './browser';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;

let stack: Stack;
let browser: Browser;
let page: Page;

jest.setTimeout(300_000);

beforeAll(async () => {
  ({ stack, browser, page } = await openAdminSession());
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

afterEach(async () => {
  await stack.control('DELETE', 'faults');
  await page.setViewportSize({ width: 1280, height: 900 });
});

async function deleteAllRules(): Promise<void> {
  for (const r of await stack.admin<any[]>('listRules', {}))
    await stack.admin('deleteRule', { id: r.id });
}

test('a Jira outage reads as an outage: groups "could not read", said once at the top', async () => {
  await stack.admin('saveRule', { rule: demoRule({ name: 'Both groups everywhere' }) });
  await stack.control('PUT', 'faults', {
    failPaths: [
      { method: 'GET', pathRegex: '/rest/api/3/groups/picker', status: 503, times: 1000 },
    ],
  });
  await page.reload();
  const rules = page.getByRole('tabpanel', { name: 'Rules' });
  const banner = rules.getByTestId('group-names-unread');
  await banner.waitFor({ timeout: 120_000 });
  await expect(banner.textContent()).resolves.toMatch(/Jira did not answer/);
  const table = rules.getByRole('table', { name: 'Rules' });
  await expect(table.textContent()).resolves.not.toMatch(/Unknown group/);
  await expect(table.getByText('could not read (Jira did not answer)').count()).resolves.toBe(2);
  // The id is on hover only.
  await expect(table.textContent()).resolves.not.toContain(CONTOSO);
  expect(await table.locator(`[title="${CONTOSO}"]`).count()).toBe(1);
  expect(await rules.getByTestId('group-names-unread').count()).toBe(1);
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `errors-01-groups-unread-${width}`);
    expect(await axeViolations(page)).toEqual([]);
  }
  // Once Jira answers, the names come back.
  await stack.control('DELETE', 'faults');
  await banner.getByRole('button', { name: 'Try again' }).click();
  await table.getByText(DEMO.groups.contosoCustomers.name).waitFor({ timeout: 60_000 });
  expect(await rules.getByTestId('group-names-unread').count()).toBe(0);
  await deleteAllRules();
});

test('failed reads are failed reads: counted as listed, the organization included, with the wait shown', async () => {
  await stack.admin('saveRule', {
    rule: demoRule({
      name: 'Contoso everywhere, and its organization',
      groupIds: [CONTOSO],
      target: 'both',
      organization: { name: DEMO.organizations.contoso.name },
    }),
  });
  // Jira does not answer FAC's roles nor the organization's members, however often asked.
  await stack.control('PUT', 'faults', {
    failPaths: [
      { method: 'GET', pathRegex: '^/rest/api/3/project/FAC/role', status: 503, times: 1000 },
      {
        method: 'GET',
        pathRegex: '^/rest/servicedeskapi/organization/\\d+/user',
        status: 503,
        times: 1000,
      },
    ],
  });
  await page.reload();
  await page.getByRole('tab', { name: 'Runs', exact: true }).click();
  const runs = page.getByRole('tabpanel', { name: 'Runs' });
  await pressRunNow(page, runs);
  // While Jira makes it wait, the run says which try it is at.
  await runs
    .getByTestId('run-progress-text')
    .getByText(/waiting for Jira, try \d+ of 10 \(Jira did not answer\)/)
    .waitFor({ timeout: 60_000 });
  await screenshot(page, 'errors-02-waiting-for-jira');
  await runs
    .getByTestId('run-progress')
    .getByText('Result', { exact: true })
    .waitFor({ timeout: 240_000 });

  const errors = runs.getByTestId('run-errors');
  await expect(errors.textContent()).resolves.toMatch(/2 reads failed/);
  await expect(errors.textContent()).resolves.not.toMatch(/changes? failed|refused some/);
  // The Actions tab lists exactly the errors counted, as reads, and no removal.
  const actionsTab = runs.getByRole('tab', { name: /Actions \(2 errors\)/ });
  await actionsTab.waitFor();
  const table = runs.getByRole('table', { name: 'Actions of this run' });
  await table.waitFor();
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBe(2);
  expect(await table.getByText('Read failed', { exact: true }).count()).toBe(2);
  expect(await table.getByText('Remove', { exact: true }).count()).toBe(0);
  await expect(table.textContent()).resolves.toMatch(/The whole project \(nothing changed\)/);
  await expect(table.textContent()).resolves.toMatch(
    new RegExp(`Organization ${DEMO.organizations.contoso.name} \\(nothing changed\\)`),
  );
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `errors-03-failed-reads-${width}`);
    expect(await axeViolations(page)).toEqual([]);
  }
  await deleteAllRules();
});

test('an organization rule previews its organization and members, by its name as saved; the runs list counts them', async () => {
  const saved = await stack.admin('saveRule', {
    rule: demoRule({
      name: 'Fabrikam draft',
      groupIds: [FABRIKAM],
      target: 'organization',
      organization: { name: 'Fabrikam Partners' },
    }),
  });
  await page.reload();
  // The Preview tab has read the rules; then the rule is renamed in the editor.
  await page.getByRole('tab', { name: 'Preview', exact: true }).click();
  await page.getByRole('tabpanel', { name: 'Preview' }).getByText('No preview yet').waitFor();
  await page.getByRole('tab', { name: 'Rules', exact: true }).click();
  const rules = page.getByRole('tabpanel', { name: 'Rules' });
  await rules.getByRole('button', { name: 'Edit rule Fabrikam draft' }).click();
  await page.locator('#rule-name').fill('Fabrikam organization');
  await page.getByRole('button', { name: 'Save rule' }).click();
  // Saving an edit asks what the next run removes first. After the earlier tests of this file
  // their rules are gone and what they added goes at the next run: the dialog says so, and the
  // save goes on once confirmed. Run alone, nothing is removed and no dialog is shown.
  const previewRule = rules.getByRole('button', {
    name: 'Preview changes for rule Fabrikam organization',
  });
  const saveDialog = page.getByTestId('save-rule-dialog');
  await saveDialog.or(previewRule).first().waitFor({ timeout: 60_000 });
  if (await saveDialog.isVisible()) {
    await saveDialog.getByText('removes', { exact: false }).first().waitFor();
    await page.getByTestId('save-rule-dialog-confirm').click();
  }
  await previewRule.click({ timeout: 60_000 });
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  await preview.getByRole('button', { name: 'Preview changes' }).click();
  const progress = preview.getByTestId('run-progress');
  await progress.getByText('Preview of “Fabrikam organization”').waitFor({ timeout: 30_000 });
  await progress.getByText(/% done/).waitFor({ timeout: 120_000 });
  await expect(progress.textContent()).resolves.toMatch(/organization members? to add/);
  await expect(progress.textContent()).resolves.not.toMatch(/nothing would be changed/);
  const org = preview.getByTestId('org-plan-Fabrikam Partners');
  await org.waitFor({ timeout: 30_000 });
  await expect(org.textContent()).resolves.toMatch(/Created by the next run/);
  await expect(preview.getByTestId('plan-no-role-changes').textContent()).resolves.toMatch(
    /No changes to projects’ roles/,
  );
  expect(await preview.getByText('No projects', { exact: true }).count()).toBe(0);
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `errors-04-org-preview-${width}`);
    expect(await axeViolations(page)).toEqual([]);
  }

  // The run makes them; the runs list counts them among its changes.
  const { runId } = await stack.admin('startRun', {});
  let run: any;
  for (let i = 0; i < 600; i++) {
    run = await stack.admin('getRun', { runId });
    if (!['queued', 'running', 'paused'].includes(run.status)) break;
    await page.waitForTimeout(250);
  }
  expect(run.counts.orgAdds).toBeGreaterThan(0);
  await page.reload();
  await page.getByRole('tab', { name: 'Runs', exact: true }).click();
  const row = page.getByTestId(`run-row-${runId}`);
  await row.waitFor({ timeout: 30_000 });
  await expect(row.textContent()).resolves.toContain(`+${run.counts.adds + run.counts.orgAdds}`);
  expect(saved.id).toBeTruthy();
});
