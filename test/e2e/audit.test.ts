// The audit and a run's progress, as a Jira admin reads them in Chromium:
//   - a refused agent is named, with the account id on hover; a rule edit says what changed;
//   - filtering by either of two rules that wanted a binding finds the add, crediting both;
//   - after "Run now" the run is visible at once ("Listing projects…"), then counts projects.
import type { Browser, Page } from 'playwright-core';

import { DEMO, demoRule, type Stack } from '../integration/stack';
import { openAdminSession, pressRunNow, screenshot } from './browser';

const AGENT = DEMO.users.agent.accountId;
const CONTOSO = DEMO.groups.contosoCustomers.groupId;

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

async function openTab(name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  return page.getByRole('tabpanel', { name });
}

test('the audit names a refused agent and says what a rule edit changed', async () => {
  await expect(stack.admin('listRules', {}, AGENT)).rejects.toThrow(/Only Jira admins/);
  const saved = await stack.admin('saveRule', {
    rule: demoRule({ name: 'All customers', groupIds: [CONTOSO] }),
  });
  await stack.admin('saveRule', {
    rule: {
      ...demoRule({ name: 'All customers', groupIds: [CONTOSO] }),
      id: saved.id,
      version: saved.version,
      exclude: ['FAC'],
    },
  });

  await page.reload();
  const audit = await openTab('Audit');
  const refused = audit.getByRole('row', { name: /Refused: Arno Agent is not a Jira admin/ });
  await refused.waitFor({ timeout: 30_000 });
  const actor = refused.getByTestId('audit-actor');
  await expect(actor.textContent()).resolves.toBe('Arno Agent');
  await actor.hover();
  await page.getByRole('tooltip', { name: `Atlassian account ${AGENT}` }).waitFor();

  const edit = audit.getByRole('row', { name: /What changed: exclusions none → FAC/ });
  await edit.waitFor();
  const editText = (await edit.textContent()) ?? '';
  expect(editText).toMatch(/All customers/);
  expect(editText).toMatch(/all service projects except FAC/);
  expect(editText).toMatch(/Ada Admin|You/);
  await screenshot(page, 'audit-01-names');
  await stack.admin('deleteRule', { id: saved.id });
});

test('filtering by either rule that wanted a binding finds the add, crediting both', async () => {
  const it = await stack.admin('saveRule', {
    rule: demoRule({
      name: 'IT customers',
      groupIds: [CONTOSO],
      scope: { type: 'keys', keys: ['ITHELP'] },
    }),
  });
  const all = await stack.admin('saveRule', {
    rule: demoRule({ name: 'Contoso everywhere', groupIds: [CONTOSO] }),
  });
  await stack.waitForRun((await stack.admin('startRun', {})).runId);

  await page.reload();
  const audit = await openTab('Audit');
  for (const name of ['IT customers', 'Contoso everywhere']) {
    await audit.locator('#audit-rule').click();
    await page.getByRole('option', { name, exact: true }).click();
    const add = audit.getByRole('row', { name: /Added group Contoso Customers .*ITHELP/ });
    await add.first().waitFor({ timeout: 30_000 });
    await expect(add.first().textContent()).resolves.toMatch(
      /Rules: (IT customers, Contoso everywhere|Contoso everywhere, IT customers)/,
    );
  }
  await screenshot(page, 'audit-02-rule-filter');
  for (const rule of [it, all]) await stack.admin('deleteRule', { id: rule.id });
});

test('after Run now the run shows at once, listing projects, then counts projects', async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  await page.reload();
  const runs = await openTab('Runs');
  // The listing is held back: the page must show the run before any project is read.
  stack.host.core.queue.pauseNext({ kind: 'list' });
  await pressRunNow(page, runs);
  const progress = runs.getByTestId('run-progress-text');
  await progress.getByText('Listing projects…').waitFor({ timeout: 30_000 });
  await screenshot(page, 'audit-03-listing');
  await stack.host.core.queue.whenHeld();
  expect(stack.host.core.queue.release()).toBe(1);
  await runs.getByText('Result', { exact: true }).waitFor({ timeout: 120_000 });
  const { items } = await stack.admin('listRuns', {});
  expect(items[0].progress).toEqual({ done: 5, total: 5 });
  await expect(progress.textContent()).resolves.toBe('100% done');
});
