// The confirmations that guard removals, in Chromium against the emulator (demo seed, two rules
// sharing Contoso Customers): turning a rule off, deleting it, approving a request and Run now
// each say by name what the next run removes (the same as the impact the backend plans), name
// who asked, offer Preview, and change nothing on Cancel; with removal off they say nothing is
// removed. At 1280 and 800 px, axe clean; screenshots in docs/screenshots with DOCS_SCREENSHOTS=1.
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';

import { DEMO, demoRule, type Stack } from '../integration/stack';
import { axeViolations, openAdminSession, ROOT, SHOTS } from './browser';

jest.setTimeout(300_000);

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const PA = DEMO.users.pa.accountId;

let stack: Stack;
let browser: Browser;
let page: Page;
let everywhere: { id: string; name: string };

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300);
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env.DOCS_SCREENSHOTS === '1') {
    const docs = path.join(ROOT, 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(file, path.join(docs, `${name}.png`));
  }
}

/** Reloads the page (which keeps the tab it was on) and goes back to Rules. */
async function reload() {
  await page.reload();
  await page.getByRole('tab', { name: 'Rules', exact: true }).click({ timeout: 30_000 });
  await page.getByRole('heading', { name: 'Rules', level: 2 }).waitFor({ timeout: 30_000 });
}

async function openTab(name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.getByRole('tabpanel').getByRole('heading', { level: 2 }).first().waitFor();
}

/** "Contoso Customers from Facilities, HR Services, …" as the dialog lists them. */
async function listed(dialog: ReturnType<Page['getByTestId']>): Promise<string[]> {
  const items = dialog.getByTestId('removal-impact').locator('li');
  return (await items.allTextContents()).map((t) => t.trim());
}

beforeAll(async () => {
  ({ stack, browser, page } = await openAdminSession());
  everywhere = await stack.admin('saveRule', { rule: demoRule({ name: 'Everywhere' }) });
  await stack.admin('saveRule', {
    rule: demoRule({
      name: 'IT only',
      groupIds: [CONTOSO],
      scope: { type: 'keys', keys: ['ITHELP'] },
    }),
  });
  const { runId } = await stack.admin('startRun', {});
  await stack.waitForRun(runId);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe.each([1280, 800])('at %i px', (width) => {
  beforeAll(async () => {
    await page.setViewportSize({ width, height: 900 });
    await reload();
  });

  test('turning a rule off says by name what the next run removes; Cancel keeps it on', async () => {
    const impact = await stack.admin('getRemovalImpact', {
      change: { kind: 'disable', ruleId: everywhere.id },
    });
    await page.getByLabel('Disable rule Everywhere').click({ force: true });
    const dialog = page.getByTestId('disable-rule-dialog');
    await dialog.getByText('Turn off “Everywhere”?').waitFor();
    await dialog
      .getByText(
        'Turning off “Everywhere” removes Contoso Customers and Fabrikam Customers from 4 service projects at the next run.',
      )
      .waitFor();
    // IT only keeps Contoso in IT Help Desk: the dialog counts what the run removes, no more.
    expect(await listed(dialog)).toEqual([
      'Contoso Customers from Facilities, HR Services, Marketing Requests',
      'Fabrikam Customers from Facilities, HR Services, IT Help Desk, Marketing Requests',
    ]);
    expect(impact.bindings).toHaveLength(7);
    // Names to read, keys on hover.
    await expect(
      dialog.getByText('IT Help Desk', { exact: true }).getAttribute('title'),
    ).resolves.toBe('Project key ITHELP');
    expect(await axeViolations(page)).toEqual([]);
    await shot(`impact-disable-rule-${width}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const rules = await stack.admin('listRules', {});
    expect(rules.find((r: any) => r.id === everywhere.id).enabled).toBe(true);
  });

  test('Run now asks first, with what the run removes as things are', async () => {
    await openTab('Runs');
    await page.getByRole('button', { name: 'Run now' }).click();
    const dialog = page.getByTestId('run-now-dialog');
    await dialog.getByText('This run removes nothing', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview changes' }).waitFor();
    await openTab('Rules');
  });
});

test('deleting a rule: the dialog lists what the run removes, and Preview opens the rule’s preview', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await reload();
  await page.getByRole('button', { name: 'Delete rule Everywhere' }).click();
  const dialog = page.getByTestId('delete-rule-dialog');
  await dialog.getByText('Deleting “Everywhere” removes', { exact: false }).waitFor();
  expect(await listed(dialog)).toHaveLength(2);
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('heading', { name: 'Preview changes' }).waitFor();
  // The rule picked in "Rules to preview".
  await page.getByRole('tabpanel').getByText('Everywhere', { exact: true }).waitFor();
});

test('approving a request names who asked and what leaves the project', async () => {
  await stack.project(
    'requestExclusion',
    { ruleId: everywhere.id, reason: 'Portal sign-up' },
    PA,
    'ITHELP',
  );
  await reload();
  await openTab('Requests');
  const row = page.getByTestId(`request-ITHELP-${everywhere.id}`);
  await row.getByRole('button', { name: /^Approve/ }).click();
  const dialog = page.getByTestId('approve-request-dialog');
  const asked = await dialog.getByText('asked', { exact: false }).first().textContent();
  expect(asked).toMatch(/^\S.* asked .* to take ITHELP out of this rule: “Portal sign-up”$/);
  expect(asked).not.toMatch(/^A project admin/);
  await dialog
    .getByText('Approving removes Fabrikam Customers from 1 service project at the next run.')
    .waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await shot('impact-approve-request');
  await page.getByTestId('approve-request-dialog-confirm').click();
  await row.getByText('Approved').waitFor();
});

test('with removal off, a confirmation says nothing will be removed and why', async () => {
  const settings = await stack.admin('getSettings', {});
  await stack.admin('saveSettings', { settings: { ...settings, removeUnwanted: false } });
  await reload();
  await page.getByLabel('Disable rule Everywhere').click({ force: true });
  const dialog = page.getByTestId('disable-rule-dialog');
  await dialog
    .getByText('Nothing will be removed: removing what the app added is turned off in Settings.', {
      exact: false,
    })
    .waitFor();
  await shot('impact-removal-off');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('a new rule opens its preview at once', async () => {
  await reload();
  await page.getByTestId('create-rule').click();
  await page.getByLabel('Rule name').fill('Fabrikam on HR');
  await page.locator('#rule-groups').fill('Fabrikam');
  await page.locator('.rule-groups__option', { hasText: 'Fabrikam Customers' }).first().click();
  await page.getByRole('button', { name: 'Create rule' }).click();
  await page.getByRole('heading', { name: 'Preview changes' }).waitFor();
  await page.getByText('Preview of “Fabrikam on HR”').waitFor();
});
