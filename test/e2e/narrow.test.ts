// The admin page in a narrow frame: Jira's sidebar (the local shell's is 240 px) leaves about
// 560 px of an 800 px window to the app. Against the emulator (demo seed, the demo rule, one
// hourly run):
//   - every tab: no text clipped, no word broken across lines, every action within reach (a
//     table scrolls sideways rather than cutting its last column off); no WCAG A/AA violation;
//   - the place is in Jira's address: a tab and an opened run survive a reload, Back returns;
//   - a tab whose code cannot be loaded (the app redeployed under an open page) shows why and a
//     Reload, and the other tabs still work.
import type { Browser, Page } from 'playwright-core';

import { demoRule, type Stack, startStack } from '../integration/stack';
import {
  axeViolations,
  buildPageIfStale,
  layoutProblems,
  openBrowser,
  screenshot,
} from './browser';

jest.setTimeout(240_000);

/** An 800 px window less the shell's 240 px sidebar and its border. */
const FRAME_WIDTH = 559;
const TABS = ['Rules', 'Preview', 'Runs', 'Health', 'Requests', 'Audit', 'Settings'];

let stack: Stack;
let browser: Browser;
let page: Page;
let frameUrl: string;

async function openTab(name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.getByRole('tabpanel').getByRole('heading', { level: 2 }).first().waitFor({
    timeout: 30_000,
  });
  await page.waitForFunction(
    () =>
      !Array.from(document.querySelectorAll('[role="tabpanel"]')).some(
        (p) => (p as HTMLElement).offsetParent && /Loading /.test(p.textContent ?? ''),
      ),
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(300);
}

beforeAll(async () => {
  buildPageIfStale('admin');
  stack = await startStack();
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.scheduledRun();
  ({ browser, page } = await openBrowser({ viewport: { width: FRAME_WIDTH, height: 900 } }));
  await page.goto(`${stack.host.url}/admin`);
  frameUrl = new URL((await page.locator('iframe#forge-app').getAttribute('src'))!, stack.host.url)
    .href;
  await page.goto(frameUrl);
  await page.getByRole('heading', { name: 'Rules', level: 2 }).waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test('every tab reads and works in the frame an 800 px window leaves', async () => {
  const found: Record<string, string[]> = {};
  for (const tab of TABS) {
    await openTab(tab);
    await screenshot(page, `narrow-${tab.toLowerCase()}`);
    const problems = [...(await layoutProblems(page)), ...(await axeViolations(page))];
    if (problems.length) found[tab] = problems;
  }
  expect(found).toEqual({});
});

test('the last column of Rules and Runs can be reached and used', async () => {
  await openTab('Rules');
  const del = page.getByRole('button', { name: /^Delete rule / });
  await del.scrollIntoViewIfNeeded();
  await del.click();
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await openTab('Runs');
  // Plain words: no "sweep", "drift" or "points" for a Jira admin to decode.
  const runsText = (await page.getByRole('tabpanel').textContent()) ?? '';
  expect(runsText).not.toMatch(/sweep|drift|points/i);
  expect(runsText).toContain('Changed outside the app');
  const open = page.getByRole('button', { name: /^Open/ }).first();
  await open.scrollIntoViewIfNeeded();
  await open.click();
  await page.getByRole('button', { name: '← All runs' }).waitFor({ timeout: 30_000 });
});

test('the tab and an opened run are in the address: a reload keeps them, Back returns', async () => {
  const shell = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await shell.goto(`${stack.host.url}/admin`);
    const app = shell.frameLocator('iframe#forge-app');
    await app.getByRole('heading', { name: 'Rules', level: 2 }).waitFor({ timeout: 30_000 });
    await app.getByRole('tab', { name: 'Runs', exact: true }).click();
    await shell.waitForURL(/\/admin\/runs(\?|$)/);
    const [run] = (await stack.admin('listRuns', {})).items;
    await app
      .getByRole('button', { name: /^Open the run/ })
      .first()
      .click();
    await shell.waitForURL(new RegExp(`/admin/runs/${run.id}(\\?|$)`));
    await shell.reload();
    // The same run, not the Rules tab.
    await app.getByRole('button', { name: '← All runs' }).waitFor({ timeout: 30_000 });
    await expect(
      app.getByRole('tab', { name: 'Runs', exact: true }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await app.getByRole('tab', { name: 'Audit', exact: true }).click();
    await shell.waitForURL(/\/admin\/audit(\?|$)/);
    await shell.goBack();
    await app.getByRole('button', { name: '← All runs' }).waitFor({ timeout: 30_000 });
    // A link to a run opens it.
    await shell.goto(`${stack.host.url}/admin/runs/${run.id}`);
    await app.getByRole('button', { name: '← All runs' }).waitFor({ timeout: 30_000 });
  } finally {
    await shell.close();
  }
});

test('a tab whose code cannot be loaded says so, with Reload; the others still work', async () => {
  const gone = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    // As after a deploy: the open page asks for a chunk the server no longer has.
    await gone.route(/\/assets\/HealthView-[^/]+\.js$/, (r) => r.fulfill({ status: 404 }));
    await gone.goto(frameUrl);
    await gone.getByRole('heading', { name: 'Rules', level: 2 }).waitFor({ timeout: 30_000 });
    await gone.getByRole('tab', { name: 'Health', exact: true }).click();
    const error = gone.getByTestId('tab-error-health');
    await error.waitFor({ timeout: 30_000 });
    await expect(error.textContent()).resolves.toContain('The Health tab could not be shown');
    await expect(error.textContent()).resolves.toContain('the app may have been updated');
    await error.getByRole('button', { name: 'Reload' }).waitFor();
    expect(await axeViolations(gone)).toEqual([]);
    await screenshot(gone, 'tab-error-health');
    await gone.getByRole('tab', { name: 'Runs', exact: true }).click();
    await gone.getByRole('heading', { name: 'Runs', level: 2 }).waitFor({ timeout: 30_000 });
  } finally {
    await gone.close();
  }
});
