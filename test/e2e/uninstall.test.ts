// "Prepare to uninstall" on the demo site, in Chromium: the Settings tab lists what the app
// added by project and rule; confirmed, the removal run takes out every app-made binding and
// organization member, keeps HR Staff in HR (hand-made) and Contoso Ltd's hand-added member, and
// the page says it is safe to uninstall, with the hourly runs off.
import type { Browser, Page } from 'playwright-core';

import { DEMO_RULES } from '../../local/demo-rules';
import { DEMO, type Stack } from '../integration/stack';
import { axeViolations, openAdminSession, screenshot } from './browser';

jest.setTimeout(300_000);

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ stack, browser, page } = await openAdminSession());
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const HR_STAFF = DEMO.groups.hrStaff.groupId;

async function orgMembers(): Promise<string[]> {
  const res = await stack.jira<{ values: { accountId: string }[] }>(
    'GET',
    `/rest/servicedeskapi/organization/${DEMO.organizations.contoso.id}/user?limit=50`,
  );
  return res.body.values.map((u) => u.accountId).sort();
}

it('removes every app-made binding and member, keeps the hand-made ones, and says it is safe to uninstall', async () => {
  for (const rule of DEMO_RULES) await stack.admin('saveRule', { rule });
  await stack.waitForRun((await stack.scheduledRun()).id);
  expect(await stack.roleGroups('HR')).toHaveLength(3);
  expect(await orgMembers()).toHaveLength(2);

  await page.reload();
  await page.getByRole('tab', { name: 'Settings', exact: true }).click();
  const section = page.getByTestId('uninstall-section');
  const added = section.getByRole('list', { name: 'What the app added' });
  await added.waitFor({ timeout: 30_000 });
  const rows = await added.getByRole('listitem').allTextContents();
  const both = `Contoso Customers, Fabrikam Customers (for ${DEMO_RULES[0].name})`;
  expect(rows).toEqual([
    `${DEMO.projects.FAC.name}: ${both}`,
    `${DEMO.projects.HR.name}: ${both}`, // HR Staff, added by hand, is not listed
    `${DEMO.projects.ITHELP.name}: ${both}`,
    `${DEMO.projects.MKT.name}: ${both}`,
    `${DEMO.organizations.contoso.name}: 1 organization member (for ${DEMO_RULES[1].name})`,
  ]);

  await section.getByTestId('uninstall-prepare').click();
  const dialog = page.getByTestId('uninstall-confirm');
  await dialog.waitFor();
  expect(await dialog.getByTestId('removal-impact').textContent()).toContain(
    'Preparing to uninstall removes',
  );
  await page.getByTestId('uninstall-confirm-confirm').click();

  const safe = section.getByTestId('uninstall-safe');
  await safe.waitFor({ timeout: 60_000 });
  expect(await safe.textContent()).toContain('It is safe to uninstall');
  expect(await section.getByTestId('uninstall-stopped').textContent()).toContain(
    'runs add nothing',
  );
  await screenshot(page, 'settings-uninstall-safe');
  expect(await axeViolations(page)).toEqual([]);

  for (const key of ['ITHELP', 'FAC']) expect(await stack.roleGroups(key)).toEqual([]);
  expect(await stack.roleGroups('HR')).toEqual([HR_STAFF]);
  expect(await stack.roleGroups('MKT', DEMO.mktRoles.customer)).toEqual([]);
  expect(await orgMembers()).toEqual([DEMO.users.alice.accountId]);
  // The switch above shows the hourly runs off.
  expect(await page.locator('#setting-scheduleEnabled').isChecked()).toBe(false);
});
