// The project settings page end to end: the built Custom UI in Chromium, inside the local Forge host's
// Jira-like shell, calling the project resolver through the real @forge/bridge, against the Jira emulator
// (demo seed). A rule for a synced group covers every service project (created as the site admin);
//   - the project admin of ITHELP sees the group "Missing" in ITHELP's customer role;
//   - Enforce now (from the keyboard) shows progress, then the group "In the role", and the emulator agrees;
//   - another run holding the site: the resolver's sentence in a SectionMessage;
//   - asking to exclude the project: recorded, refused while Jira admins do not allow it;
//   - the same user on HR's page is refused; screenshots at 1280 and 800 px;
//   - where allowed, "Exclude this project" (not "Ask to exclude"): the rule stays listed as
//     Excluded with Include again, which a Jira admin's exclusion does not offer.
import type { Browser, Page } from 'playwright-core';

import { ADMIN_ACCOUNT_ID, ROLE } from '../../local/jira-emulator';
import { ADMIN_MODULE, answeredError, DEMO, type Stack, startStack } from '../integration/stack';
import { kvsDump } from '../reliability/helpers';
import { axeViolations, buildPageIfStale, openBrowser, screenshot } from './browser';

const PA = DEMO.users.pa;
const GROUP = DEMO.groups.contosoCustomers;

jest.setTimeout(240_000);

let stack: Stack;
let host: Stack['host'];
let browser: Browser;
let page: Page;
let ruleId: string;

async function invokeAsAdmin(functionKey: string, payload: unknown): Promise<any> {
  const body = await stack.invokeHttp({
    moduleKey: ADMIN_MODULE,
    functionKey,
    payload,
    accountId: ADMIN_ACCOUNT_ID,
  });
  const error = answeredError(body);
  if (error) throw new Error(`${functionKey}: ${error.message}`);
  return body.result;
}

const roleGroups = (projectKey: string) =>
  stack.roleGroups(projectKey, ROLE.SERVICE_DESK_CUSTOMERS);

const faults = (config: Record<string, unknown> | null) =>
  config ? stack.control('PUT', 'faults', config) : stack.control('DELETE', 'faults');

const shot = (name: string, p: Page = page) => screenshot(p, `project-${name}`);

/** The app's frame URL for a project's settings page viewed as `as`, from the shell page. */
async function frameUrl(projectKey: string, as: string): Promise<string> {
  await page.goto(`${host.url}/projects/${projectKey}/settings?as=${encodeURIComponent(as)}`);
  const src = await page.locator('iframe#forge-app').getAttribute('src');
  expect(src).toBeTruthy();
  return new URL(src!, host.url).href;
}

const groupState = (p: Page = page) => p.getByTestId(`group-state-${GROUP.groupId}`);

beforeAll(async () => {
  // The page is served from its build: build it as `npm run build:project` does, when stale.
  buildPageIfStale('project');
  stack = await startStack();
  host = stack.host;
  ruleId = (
    await invokeAsAdmin('saveRule', {
      rule: {
        name: 'Contoso customers everywhere',
        groupIds: [GROUP.groupId],
        scope: { type: 'all' },
      },
    })
  ).id;
  ({ browser, page } = await openBrowser());
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test('the project admin of ITHELP sees the synced group missing from the customer role', async () => {
  // As Jira shows it: the shell frames the app.
  const url = await frameUrl('ITHELP', PA.email);
  const frame = page.frameLocator('#forge-app');
  await frame.getByTestId(`group-state-${GROUP.groupId}`).waitFor({ timeout: 30_000 });
  await shot('00-shell-ithelp');

  // Then the app itself, so that full-page screenshots show all of it.
  await page.goto(url);
  await groupState().waitFor({ timeout: 30_000 });
  expect(await groupState().getAttribute('data-state')).toBe('missing');
  await expect(groupState().textContent()).resolves.toBe('Missing');
  const row = page
    .getByTestId('groups-table--table')
    .getByRole('row')
    .filter({ hasText: GROUP.name });
  await expect(row.textContent()).resolves.toContain('Not in the role yet');
  await expect(page.getByTestId('groups-summary').textContent()).resolves.toBe(
    'The synced group is not in the role yet.',
  );
  // The rule that covers ITHELP, and what asking to be excluded means here.
  await expect(page.getByTestId('rules-table--table').textContent()).resolves.toContain(
    'Contoso customers everywhere',
  );
  await page.getByTestId('exclusion-not-allowed').waitFor();
  // Hourly runs are change-driven: the page says what they check, not "everything".
  await expect(page.getByTestId('next-run').textContent()).resolves.toMatch(
    /^The next hourly run is due .+ Hourly runs check the projects that changed .+ verified at least once every 24 hours\.$/,
  );
  await expect(page.getByTestId('no-run').textContent()).resolves.toBe(
    'No run has checked this project yet.',
  );
  expect(await roleGroups('ITHELP')).not.toContain(GROUP.groupId);
  await shot('01-ithelp-missing-1280');
});

test('Enforce now, from the keyboard: progress, then the group is in the role, as the emulator says', async () => {
  // Slow Jira down a little so that the progress is there to see.
  await faults({ latencyMs: 150 });
  try {
    // Tab to the button: the page is usable without a mouse.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    let reached = false;
    for (let i = 0; i < 40 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') === 'enforce-now',
      );
    }
    expect(reached).toBe(true);
    // Hold the run's one batch, so the page is seen while the project is being checked.
    host.core.queue.pauseNext({ kind: 'batch' });
    await page.keyboard.press('Enter');
    await page.getByTestId('run-progress').waitFor();
    await host.core.queue.whenHeld();
    // One project: no percent that jumps from 0 to 100, but what is being done.
    await page.getByTestId('run-progress-text').getByText('Checking ITHELP…').waitFor();
    await shot('02-ithelp-running');
    expect(host.core.queue.release()).toBe(1);
  } finally {
    await faults(null);
  }
  await page.getByTestId('enforce-changes').waitFor({ timeout: 30_000 });
  await expect(page.getByTestId('run-outcome').textContent()).resolves.toBe(
    'In ITHELP: 1 group added, 0 removed.',
  );
  await expect(page.getByTestId('run-changes').first().textContent()).resolves.toBe(
    `Added ${GROUP.name} to “Service Desk Customers”.`,
  );
  await expect(page.getByTestId('enforce-changes').textContent()).resolves.toContain(
    `${GROUP.name} is now in the role`,
  );
  expect(await groupState().getAttribute('data-state')).toBe('in-role');
  await expect(groupState().textContent()).resolves.toBe('In the role');
  await expect(page.getByTestId('last-checked').textContent()).resolves.toMatch(
    /^Last checked .+ by Enforce now on this page$/,
  );
  await expect(page.getByTestId('last-run-counts').textContent()).resolves.toBe(
    'In ITHELP: 1 group added, 0 removed.',
  );
  // Jira agrees: the group is an actor of ITHELP's customer role, and only there.
  expect(await roleGroups('ITHELP')).toContain(GROUP.groupId);
  expect(await roleGroups('FAC')).not.toContain(GROUP.groupId);
  await shot('03-ithelp-enforced-1280');
});

test('a second Enforce now within the interval says when it can run again, in a SectionMessage', async () => {
  // The run above used ITHELP's one run per interval (so no project admin can flood the
  // site); a site run in progress no longer refuses it.
  const site = await invokeAsAdmin('startRun', { dryRun: false });
  await page.getByTestId('enforce-now').click();
  const message = page.getByTestId('enforce-error');
  await message.waitFor({ timeout: 15_000 });
  const text = await message.textContent();
  expect(text).toMatch(/The run could not start: you can run it again in about \d+ minutes? \(/);
  // The time is the viewer's (en-US, UTC here): "7:58 PM", not a UTC clock.
  expect(text).toMatch(
    /ITHELP was run less than 5 minutes ago\. You can ask again at \d{1,2}:\d\d [AP]M \(in /,
  );
  expect(text).not.toContain(site.runId);
  await shot('04-ithelp-too-soon');
  await host.waitForIdle();
});

test('asking to exclude the project: a dialog with a reason; the request waits for the Jira admins, and cannot be sent twice', async () => {
  const open = page.getByTestId(`exclude-${ruleId}`);
  // Escape closes the dialog and changes nothing.
  await open.click();
  await page.getByTestId('exclusion-dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('exclusion-dialog').waitFor({ state: 'detached' });

  await expect(open.textContent()).resolves.toBe('Ask to exclude');
  await open.click();
  await page.getByLabel('Reason (optional)').fill('Our customers sign up on the portal.');
  await shot('05-ithelp-exclusion-dialog');
  await page.getByTestId('exclusion-send').click();
  // Success is a success flag (announced), and the rule shows the request waiting.
  const flag = page.getByTestId('exclusion-flag');
  await flag.waitFor();
  await expect(flag.textContent()).resolves.toContain('Request sent to your Jira admins');
  await page.getByTestId(`request-status-${ruleId}`).getByText('waiting').waitFor();
  await expect(open.isDisabled()).resolves.toBe(true);
  const rules = await invokeAsAdmin('listRules', {});
  expect(rules.find((r: any) => r.id === ruleId).exclude).toEqual([]);
  const audit = await invokeAsAdmin('getAudit', { kind: 'exclusion-requested' });
  expect(audit.items[0]).toMatchObject({ actor: PA.accountId, projectKey: 'ITHELP', ruleId });
  expect(audit.items[0].message).toContain('Our customers sign up on the portal.');
  await shot('06-ithelp-exclusion-answer');

  // A Jira admin declines it: the project page says so, and the project may ask again.
  await invokeAsAdmin('decideExclusionRequest', {
    ruleId,
    projectKey: 'ITHELP',
    decision: 'decline',
  });
  await page.reload();
  await page.getByTestId(`request-status-${ruleId}`).getByText('declined').waitFor({
    timeout: 30_000,
  });
  await expect(open.isDisabled()).resolves.toBe(false);
});

test('hourly runs: the page shows this project’s part, failures named, and a run that passed it by', async () => {
  const removeByHand = async () => {
    const res = await stack.jira(
      'DELETE',
      `/rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${GROUP.groupId}`,
    );
    expect(res.status).toBe(204);
  };
  const reloaded = async () => {
    await page.reload();
    await page.getByTestId('last-run').waitFor({ timeout: 30_000 });
  };
  // The first hourly run checks every project; the next ones are change-driven.
  await stack.scheduledRun();
  await removeByHand();
  await faults({
    failPaths: [{ method: 'POST', pathRegex: '/project/ITHELP/role/', status: 403 }],
  });
  try {
    await stack.scheduledRun();
  } finally {
    await faults(null);
  }
  await reloaded();
  await expect(page.getByTestId('last-checked').textContent()).resolves.toMatch(
    /^Last checked .+ by the hourly run$/,
  );
  await expect(page.getByTestId('visit-reason').textContent()).resolves.toBe(
    'It came here because its roles or settings changed in Jira.',
  );
  await expect(page.getByTestId('last-run-counts').textContent()).resolves.toBe(
    'In ITHELP: 0 groups added, 0 removed, 1 change failed.',
  );
  const failures = page.getByTestId('run-failures');
  const failureText = await failures.textContent();
  expect(failureText).toContain('1 change could not be made in ITHELP');
  expect(failureText).toContain(
    `Could not add ${GROUP.name} to “Service Desk Customers” in ` +
      `${DEMO.projects.ITHELP.name} (ITHELP): Jira answered 403`,
  );
  expect(failureText).toContain('press Enforce now to try again');
  // Only this project: no other project's name, no site totals.
  const section = (await page.getByTestId('last-run-section').textContent()) ?? '';
  for (const other of [DEMO.projects.HR.name, DEMO.projects.FAC.name]) {
    expect(section).not.toContain(other);
  }
  await shot('11-ithelp-hourly-failed');

  // The failed project keeps its signal: the next hourly run comes back and repairs it.
  await stack.scheduledRun();
  expect(await roleGroups('ITHELP')).toContain(GROUP.groupId);
  // The one after has nothing to do here: it passes ITHELP by, and the page says so.
  await stack.scheduledRun();
  await reloaded();
  await expect(page.getByTestId('last-run-counts').textContent()).resolves.toMatch(
    /^In ITHELP: 1 group added, 0 removed[,.]/,
  );
  expect(await page.getByTestId('run-failures').count()).toBe(0);
  await expect(page.getByTestId('site-run-missed').textContent()).resolves.toMatch(
    /^The last hourly run \(.+\) did not need to check this project: nothing changed here/,
  );
  await shot('12-ithelp-hourly-passed-by');
});

test('Enforce now that Jira refuses opens on its errors, named, with what to do', async () => {
  // As if the run interval (a setting) had passed since the Enforce now above.
  for (const key of Object.keys(kvsDump(stack)).filter((k) => k.startsWith('slot:')))
    host.core.kvs.handle('/api/v1/delete', JSON.stringify({ key }));
  const res = await stack.jira(
    'DELETE',
    `/rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${GROUP.groupId}`,
  );
  expect(res.status).toBe(204);
  await page.reload();
  await groupState().waitFor({ timeout: 30_000 });
  await faults({
    failPaths: [{ method: 'POST', pathRegex: '/project/ITHELP/role/', status: 403 }],
  });
  try {
    await page.getByTestId('enforce-now').click();
    await page.getByTestId('enforce-changes').waitFor({ timeout: 30_000 });
  } finally {
    await faults(null);
  }
  const progress = page.getByTestId('run-progress');
  await expect(progress.getByTestId('run-progress-text').textContent()).resolves.toBe('Done');
  await expect(progress.getByText('Failed', { exact: true }).count()).resolves.toBe(1);
  // The errors come first, then the counts: no add is claimed.
  const failures = progress.getByTestId('run-failures');
  const text = await failures.textContent();
  expect(text).toContain('1 change could not be made in ITHELP');
  expect(text).toContain(`Could not add ${GROUP.name} to “Service Desk Customers”`);
  expect(text).toContain('press Enforce now to try again');
  const [failTop, countsTop] = await Promise.all([
    failures.boundingBox(),
    progress.getByTestId('run-outcome').boundingBox(),
  ]);
  expect(failTop!.y).toBeLessThan(countsTop!.y);
  await expect(progress.getByTestId('run-outcome').textContent()).resolves.toBe(
    'In ITHELP: 0 groups added, 0 removed, 1 change failed.',
  );
  expect(await roleGroups('ITHELP')).not.toContain(GROUP.groupId);
  await shot('13-ithelp-enforce-refused');
});

test('at 800 px the page still reads and works', async () => {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.reload();
  await groupState().waitFor({ timeout: 30_000 });
  // Nothing wider than the window.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await shot('07-ithelp-800');
  // In the shell (sidebar included) the frame is narrower still.
  await page.goto(`${host.url}/projects/ITHELP/settings?as=${encodeURIComponent(PA.email)}`);
  await page
    .frameLocator('#forge-app')
    .getByTestId(`group-state-${GROUP.groupId}`)
    .waitFor({ timeout: 30_000 });
  await shot('08-shell-ithelp-800');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('the same user on HR’s page is refused', async () => {
  const url = await frameUrl('HR', PA.email);
  await page.frameLocator('#forge-app').getByTestId('access-refused').waitFor({ timeout: 30_000 });
  await shot('09-shell-hr-refused');
  await page.goto(url);
  const refused = page.getByTestId('access-refused');
  await refused.waitFor({ timeout: 30_000 });
  await expect(refused.textContent()).resolves.toContain(
    'Only admins of project HR (or Jira admins) can use this page.',
  );
  // Titled by the answered code (forbidden), not by reading the sentence.
  await expect(refused.textContent()).resolves.toContain('You need to be an admin of this project');
  expect(await page.getByTestId('enforce-now').count()).toBe(0);
  await shot('10-hr-refused');
});

test('where allowed, Exclude this project: the rule stays, Excluded, with Include again; a Jira admin’s exclusion offers no undo', async () => {
  const settings = await invokeAsAdmin('getSettings', {});
  await invokeAsAdmin('saveSettings', { settings: { ...settings, allowProjectExclusions: true } });
  for (const key of Object.keys(kvsDump(stack)).filter((k) => k.startsWith('slot:')))
    host.core.kvs.handle('/api/v1/delete', JSON.stringify({ key }));
  await page.goto(await frameUrl('ITHELP', PA.email));
  const exclude = page.getByTestId(`exclude-${ruleId}`);
  await exclude.waitFor({ timeout: 30_000 });
  // Not the same words as a request that waits: it acts at once.
  await expect(exclude.textContent()).resolves.toBe('Exclude this project');
  await exclude.click();
  const dialog = page.getByTestId('exclusion-dialog');
  await expect(dialog.getByRole('heading').first().textContent()).resolves.toContain(
    'Exclude ITHELP from “Contoso customers everywhere”',
  );
  await expect(page.getByTestId('exclusion-send').textContent()).resolves.toBe(
    'Exclude this project',
  );
  await page.getByTestId('exclusion-send').click();
  await expect(page.getByTestId('exclusion-flag').textContent()).resolves.toContain(
    'ITHELP is excluded from “Contoso customers everywhere”',
  );
  // Still on the page, as excluded, by whom, with the way back.
  const row = page.getByTestId(`excluded-${ruleId}`);
  await row.waitFor({ timeout: 30_000 });
  await expect(page.getByTestId(`excluded-state-${ruleId}`).textContent()).resolves.toBe(
    'Excluded',
  );
  await expect(page.getByTestId(`excluded-by-${ruleId}`).textContent()).resolves.toMatch(
    /^Excluded by a project admin/,
  );
  await page.getByTestId(`include-again-${ruleId}`).waitFor();
  expect(await page.getByTestId(`exclude-${ruleId}`).count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await shot('14-ithelp-excluded-1280');
  await page.setViewportSize({ width: 800, height: 900 });
  const box = await page.getByTestId(`include-again-${ruleId}`).boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(800);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await shot('15-ithelp-excluded-800');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Include again: the rule covers ITHELP once more, and the audit trail has it.
  await page.getByTestId(`include-again-${ruleId}`).click();
  await expect(page.getByTestId('include-again-flag').textContent()).resolves.toContain(
    '“Contoso customers everywhere” covers ITHELP again',
  );
  await exclude.waitFor({ timeout: 30_000 });
  expect(await row.count()).toBe(0);
  const audit = await invokeAsAdmin('getAudit', { kind: 'exclusion-undone' });
  expect(audit.items[0]).toMatchObject({ actor: PA.accountId, projectKey: 'ITHELP', ruleId });

  // A Jira admin excludes ITHELP in the rule: Excluded, and no way back from this page.
  const saved = (await invokeAsAdmin('listRules', {})).find((r: any) => r.id === ruleId);
  const { id, name, groupIds, scope, enabled, version } = saved;
  await invokeAsAdmin('saveRule', {
    rule: { id, name, groupIds, scope, enabled, version, exclude: ['ITHELP'] },
  });
  await page.reload();
  await row.waitFor({ timeout: 30_000 });
  await expect(page.getByTestId(`excluded-by-${ruleId}`).textContent()).resolves.toBe(
    'Excluded by a Jira admin in the rule',
  );
  expect(await page.getByTestId(`include-again-${ruleId}`).count()).toBe(0);
  await expect(page.getByTestId(`undo-not-allowed-${ruleId}`).textContent()).resolves.toBe(
    'Only a Jira admin can include it again.',
  );
  await shot('16-ithelp-excluded-by-jira-admin');
});
