// The admin page end to end: the built Custom UI in Chromium, inside the local Forge host's Jira-like shell,
// running the app's real resolvers against the Jira emulator (demo seed).
//   - a bad rule is refused at the field (the same zod schema on both sides);
//   - a rule for a synced group, created with the group picker, with the live scope list;
//   - a rule for the projects in a category, picked by name; the rules list names the category;
//   - preview, then Apply; the progress reaches 100% and the projects' customer role changes in the emulator;
//   - a licence leak (a customer group in the JSM product role) is flagged on Health;
//   - runs history, audit (CSV export), settings; screenshots of every view at 1280 and 800 px;
//   - a rule or the settings saved by another admin meanwhile: the save is refused, says so, reloads;
//   - a project admin's exclusion shows with its rule and can be taken back;
//   - deleting a rule asks first (Cancel keeps it); a failed deletion says why in the dialog.
import fs from 'fs';
import type { Browser, Page } from 'playwright-core';

import { answeredError, DEMO, type Stack, startStack } from '../integration/stack';
import { buildPageIfStale, openBrowser, screenshot } from './browser';

let stack: Stack;
let host: Stack['host'];
let browser: Browser;
let page: Page;
let adminModuleKey = 'customer-role-sync-admin';

jest.setTimeout(240_000);

/** A Jira REST call to the emulator as the site admin. */
function jira<T = any>(
  method: string,
  p: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return stack.jira<T>(method, p, body);
}

/** The service projects of the site (key, id, style). */
async function serviceProjects(): Promise<
  { id: string; key: string; name: string; style: string }[]
> {
  const all: any[] = [];
  let startAt = 0;
  for (;;) {
    const { body } = await jira(
      'GET',
      `/rest/api/3/project/search?typeKey=service_desk&startAt=${startAt}&maxResults=50`,
    );
    all.push(...body.values);
    if (body.isLast || body.values.length === 0) break;
    startAt += body.values.length;
  }
  return all;
}

/** Group ids in a project's role named `roleName`. */
async function groupsInRole(
  projectKey: string,
  roleName = 'Service Desk Customers',
): Promise<string[]> {
  const roles = await jira<Record<string, string>>('GET', `/rest/api/3/project/${projectKey}/role`);
  const entry = Object.entries(roles.body ?? {}).find(([name]) => name === roleName);
  if (!entry) return [];
  const id = entry[1].split('/').pop();
  const role = await jira('GET', `/rest/api/3/project/${projectKey}/role/${id}`);
  return (role.body.actors ?? [])
    .filter((a: any) => a.type === 'atlassian-group-role-actor')
    .map((a: any) => a.actorGroup?.groupId);
}

/** The demo seed's "Internal" category (ITHELP and HR). */
const DEMO_INTERNAL_ID = DEMO.categories.internal.id;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const shot = (name: string) => screenshot(page, name);

async function openTab(name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
}

beforeAll(async () => {
  // The host serves the page from its build: (re)build it as `npm run build:admin` does when the sources are newer.
  buildPageIfStale('admin');
  // The host's log goes to the console, as `npm start` shows it.
  stack = await startStack({ host: { log: (line) => console.log(line) } });
  host = stack.host;
  ({ browser, page } = await openBrowser({ acceptDownloads: true }));

  // The admin page as Jira shows it: the shell frames the app. Then the app itself, so full-page screenshots show all.
  await page.goto(`${host.url}/admin`);
  const src = await page.locator('iframe#forge-app').getAttribute('src');
  expect(src).toBeTruthy();
  const frameUrl = new URL(src!, host.url).href;
  adminModuleKey = new URL(frameUrl).searchParams.get('module') ?? adminModuleKey;
  await page
    .frameLocator('#forge-app')
    .getByRole('heading', { name: 'Customer Role Sync' })
    .waitFor({ timeout: 30_000 });
  await shot('00-shell');
  await page.goto(frameUrl);
  await page.getByRole('heading', { name: 'Rules', level: 2 }).waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test('an empty site: the rules view says what to do', async () => {
  await page.getByText('No rules yet').waitFor();
  await shot('01-rules-empty');
});

test('a bad rule is refused at the field, by the same schema the resolver uses', async () => {
  await page.getByRole('button', { name: 'Create rule' }).first().click();
  await page.getByLabel('Rule name').waitFor();
  await page.getByLabel('Projects whose key matches a pattern').check({ force: true });
  await page.getByLabel('Key pattern').fill('HR-*');
  await page.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByTestId('rule-name-error').textContent()).resolves.toContain(
    'Give the rule a name',
  );
  await expect(page.getByTestId('rule-groups-error').textContent()).resolves.toContain(
    'Pick at least one synced group',
  );
  await expect(page.getByTestId('rule-scope-error').textContent()).resolves.toContain(
    'A key pattern holds letters',
  );
  // Focus moved to the first field in error.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('rule-name');
  await shot('02-rule-refused');
  // The resolver refuses the same input with the same sentence.
  const refused = await host.invoke({
    moduleKey: adminModuleKey,
    functionKey: 'saveRule',
    payload: { rule: { name: '', groupIds: [], scope: { type: 'pattern', pattern: 'HR-*' } } },
  });
  // Every function answers its error as data, with the field it belongs to.
  expect(refused.ok && refused.result).toMatchObject({
    error: {
      code: 'invalid-input',
      field: 'name',
      message: expect.stringContaining('Give the rule a name'),
    },
  });
  // Leave the editor with the keyboard (a real button: focusable, Enter activates it).
  await page.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#rule-name').waitFor({ state: 'detached' });
});

let syncedGroup: { groupId: string; name: string };
let projects: { id: string; key: string; name: string; style: string }[];

test('a rule for a synced group, picked in the group picker, with the live list of covered projects', async () => {
  const picker = await jira('GET', '/rest/api/3/groups/picker?query=&maxResults=200');
  const synced = (picker.body.groups as any[]).filter((g) => g.managedBy === 'EXTERNAL');
  expect(synced.length).toBeGreaterThan(0);
  syncedGroup = { groupId: synced[0].groupId, name: synced[0].name };
  projects = await serviceProjects();
  expect(projects.length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Create rule' }).first().click();
  await page.getByLabel('Rule name').fill('Customers from the identity provider');
  await page.locator('#rule-groups').click();
  await page.locator('#rule-groups').fill(syncedGroup.name.slice(0, 6));
  const option = page.locator('.rule-groups__option', { hasText: syncedGroup.name }).first();
  await option.waitFor();
  await expect(option.textContent()).resolves.toContain('Synced from identity provider');
  await shot('03-group-picker');
  await option.click();
  await page.getByLabel('All service projects').check({ force: true });
  // The live scope list: every service project.
  await page.getByTestId('scope-preview-total').waitFor();
  await expect(page.getByTestId('scope-preview-total').textContent()).resolves.toContain(
    `${projects.length} service project`,
  );
  await shot('04-rule-editor');
  await page.getByRole('button', { name: 'Create rule' }).click();
  // A new rule opens its preview at once.
  await page.getByText('Preview of “Customers from the identity provider”').waitFor();
  await openTab('Rules');
  await page
    .getByRole('tabpanel', { name: 'Rules' })
    .getByText('Customers from the identity provider', { exact: true })
    .waitFor();
  await shot('05-rules-list');
});

test('preview shows the changes per project, Apply runs them to 100% and the projects change in Jira', async () => {
  const before = await Promise.all(projects.map((p) => groupsInRole(p.key)));
  await openTab('Preview');
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  const runs = page.getByRole('tabpanel', { name: 'Runs' });
  // The new rule's own preview (started when it was created) has finished: preview again.
  await preview.getByRole('button', { name: /^Apply/ }).waitFor({ timeout: 120_000 });
  await preview.getByRole('button', { name: 'Preview changes' }).click();
  await preview.getByTestId('run-progress').waitFor();
  await preview.getByRole('button', { name: /^Apply/ }).waitFor({ timeout: 120_000 });
  await expect(preview.getByTestId('run-progress-text').textContent()).resolves.toContain('100%');
  await preview.locator('[data-testid^="plan-"]').first().waitFor();
  const addRows = await preview
    .locator('[data-testid^="plan-"]')
    .filter({ hasText: 'Add' })
    .filter({
      hasText: new RegExp(`${escapeRe(syncedGroup.name)}|${escapeRe(syncedGroup.groupId)}`),
    })
    .count();
  expect(addRows).toBeGreaterThan(0);
  await shot('06-preview');
  // Nothing changed yet.
  const still = await Promise.all(projects.map((p) => groupsInRole(p.key)));
  expect(still).toEqual(before);

  await preview.getByRole('button', { name: /^Apply/ }).click();
  // Apply checks Jira again and asks first.
  const dialog = page.getByTestId('apply-preview');
  await dialog.getByText(/Nothing changed in Jira since the preview/).waitFor({ timeout: 30_000 });
  await page.getByTestId('apply-preview-ok').click();
  await runs
    .getByText('Applying the rules')
    .or(runs.getByText('Result', { exact: true }))
    .first()
    .waitFor();
  await shot('07-run-progress');
  await runs.getByText('Result', { exact: true }).waitFor({ timeout: 120_000 });
  await expect(runs.getByTestId('run-progress-text').textContent()).resolves.toContain('100%');
  // What the run used of Jira, in plain words; Jira's points only on hover.
  const cost = runs.getByTestId('run-cost');
  await expect(cost.textContent()).resolves.toMatch(
    /^Jira usage: \d[\d,]* calls? to Jira(, [\d.]+% of the app’s hourly Jira usage allowance.*)?$/,
  );
  await expect(cost.textContent()).resolves.not.toMatch(/points|Cost/);
  await expect(
    runs.getByTitle(/^\d[\d,]* points( of the [\d,]+ Jira allows an hour)?$/).count(),
  ).resolves.toBe(1);
  await shot('08-run-detail');

  const after = await Promise.all(projects.map((p) => groupsInRole(p.key)));
  const changed = projects.filter(
    (p, i) => after[i].includes(syncedGroup.groupId) && !before[i].includes(syncedGroup.groupId),
  );
  expect(changed.length).toBeGreaterThan(0);
  // Its actions tab lists what was done.
  await runs.getByRole('tab', { name: /^Actions/ }).click();
  await runs
    .getByRole('cell', { name: `${changed[0].name} (${changed[0].key})`, exact: true })
    .first()
    .waitFor();
  await shot('09-run-actions');
  await runs.getByRole('button', { name: '← All runs' }).click();
  await runs.getByTestId('run-chart').waitFor();
  await shot('10-runs');
});

test("an hourly run after the full run shows why it visited each project, and the routine check's progress", async () => {
  // Apply verified only the projects the preview showed: the first hourly run is a full one.
  const full = await stack.scheduledRun();
  expect(full.visits).toBeUndefined();
  const hourly = await stack.scheduledRun();
  expect(hourly.visits).toMatchObject({ sweep: 1 });
  await page.reload();
  await openTab('Runs');
  const runs = page.getByRole('tabpanel', { name: 'Runs' });
  await runs
    .getByTestId('sweep-progress')
    .getByText('Every service project verified in the last 1 h')
    .waitFor();
  // The routine check's period in force, adaptive, and why: no "sweep" in the words.
  await runs
    .getByTestId('sweep-period')
    .getByText(
      /^The routine check verifies every project every 1 day; it lengthens while it finds no change the app had not noticed\./,
    )
    .waitFor();
  await runs
    .getByRole('button', { name: /^Open the run/ })
    .first()
    .click();
  await runs.getByTestId('visit-reasons').getByText('routine check').first().waitFor();
  await shot('10b-hourly-run-visits');
  await runs.getByRole('button', { name: '← All runs' }).click();
});

test('a customer group in the JSM product role is flagged on Health as a licence leak', async () => {
  await openTab('Health');
  await page.getByRole('heading', { name: 'Health checks' }).waitFor();
  const put = await jira('POST', '/__emulator/application-roles/jira-servicedesk/groups', {
    groupId: syncedGroup.groupId,
  });
  expect(put.status).toBeLessThan(300);
  const health = page.getByRole('tabpanel', { name: 'Health' });
  await health.getByRole('button', { name: 'Check now' }).click();
  const failing = health.locator('li', { hasText: syncedGroup.name }).filter({ hasText: 'Fail' });
  await failing.first().waitFor({ timeout: 30_000 });
  // A group that grants product access is never made customers: Health also turned
  // the rule off, saying why.
  await health
    .locator('li', { hasText: 'Rules make customers only' })
    .filter({ hasText: 'Fail' })
    .waitFor();
  await shot('11-health-leak');
  // Fixed as Health says: the group out of the product role, the rule on again.
  await jira(
    'DELETE',
    `/__emulator/application-roles/jira-servicedesk/groups/${syncedGroup.groupId}`,
  );
  const [rule] = (await invokeAs('listRules')) as any[];
  const { createdAt: _c, updatedAt: _u, updatedBy: _b, projectExclusions: _p, ...input } = rule;
  await invokeAs('saveRule', { rule: { ...input, enabled: true } });
});

test('the audit log lists what happened and exports CSV', async () => {
  await openTab('Audit');
  const audit = page.getByRole('tabpanel', { name: 'Audit' });
  await audit.getByRole('table').waitFor();
  await audit.getByText('Group added').first().waitFor();
  await shot('12-audit');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const file = await download.path();
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.split('\r\n')[0]).toContain('When (UTC),What,Kind,Message,Project');
  expect(csv).toContain('binding-added');
});

test('settings and rules export', async () => {
  await openTab('Settings');
  await page.getByLabel('Run every hour').waitFor();
  await shot('13-settings');
  // Plain words: "Jira usage" and "routine check"; Jira's points are named once, to say what they are.
  const settingsText = (await page.getByRole('tabpanel', { name: 'Settings' }).textContent()) ?? '';
  expect(settingsText).not.toMatch(/sweep|quota/i);
  expect(settingsText.match(/points/g)).toHaveLength(2);
  expect(settingsText).toContain('Jira usage is counted in Jira’s points:');
  expect(settingsText).toContain('Pin the routine check’s period');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export rules' }).click(),
  ]);
  const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(data.rules[0].name).toBe('Customers from the identity provider');

  // The number settings, each with its own validation error; nothing saved until valid.
  const retention = page.getByLabel('Days the audit log keeps entries');
  await retention.fill('10');
  await page.getByTestId('setting-auditRetentionDays-save').click();
  await page.getByText('Enter at least 30 days.').waitFor();
  expect((await invokeAs('getSettings')).auditRetentionDays).toBe(400);
  await page.getByLabel('Minutes between runs of one project').fill('often');
  await page.getByTestId('setting-projectRunIntervalMinutes-save').click();
  await page.getByText('Enter a whole number of minutes.').waitFor();
  await page.getByText('Enter at least 30 days.').waitFor();
  await retention.fill('90');
  const savedFlags = page.getByTestId('success-flag').getByText('Settings saved');
  const flagsBefore = await savedFlags.count();
  await page.getByTestId('setting-auditRetentionDays-save').click();
  await savedFlags.nth(flagsBefore).waitFor();
  expect(await page.getByText('Enter at least 30 days.').count()).toBe(0);
  expect((await invokeAs('getSettings')).auditRetentionDays).toBe(90);
  // The audit says what changed, in the page's words.
  const audit = await invokeAs('getAudit', { kind: 'settings-saved' });
  expect(audit.items[0].message).toBe(
    'Settings saved. What changed: audit entries kept 400 days → 90 days.',
  );
  await shot('13b-settings-numbers');

  // A file the import refuses: the error sits with the import button, which it describes.
  const importFile = (name: string, text: string) =>
    page
      .getByTestId('import-file')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const fileError = page.getByTestId('import-file-error');
  const importButton = page.getByRole('button', { name: 'Import rules…' });
  await importFile('notes.json', 'not json');
  await fileError.getByText('notes.json is not a rules file').waitFor();
  await expect(importButton.getAttribute('aria-describedby')).resolves.toBe('import-file-error');
  // Refused by the resolver (invalid-input): the same place, in the resolver's words.
  await importFile('rules.json', JSON.stringify({ rules: [{ name: '' }] }));
  await fileError.getByText('The rules file is not valid.', { exact: false }).waitFor();
  expect(await page.getByTestId('import-notice').count()).toBe(0);
  await shot('13c-settings-import-refused');
});

test('a rule for the projects in a category, picked by name: the live list and the rules list show it', async () => {
  await openTab('Rules');
  await page.getByRole('button', { name: 'Create rule' }).first().click();
  await page.getByLabel('Rule name').fill('Internal service desks');
  await page.locator('#rule-groups').click();
  await page.locator('#rule-groups').fill(syncedGroup.name.slice(0, 6));
  await page.locator('.rule-groups__option', { hasText: syncedGroup.name }).first().click();
  await page.getByLabel('Projects in categories').check({ force: true });
  // Categories by name, from Jira (listProjectCategories), in a multi select.
  await page.getByTestId('scope-categories').waitFor();
  await page.locator('#scope-categories').click();
  const internal = page.locator('.scope-categories__option', { hasText: 'Internal' });
  await internal.waitFor();
  await expect(page.locator('.scope-categories__option').allTextContents()).resolves.toEqual([
    'InternalInternal service teams',
  ]);
  await shot('17-category-picker');
  await internal.click();
  // The live list: ITHELP and HR only (the demo's "Internal" category).
  const preview = page.getByTestId('scope-preview');
  await preview
    .getByTestId('scope-preview-total')
    .filter({ hasText: '2 service projects' })
    .waitFor();
  await expect(preview.locator('li').count()).resolves.toBe(2);
  const covered: string[] = [];
  for (const p of projects)
    if ((await preview.locator('li').getByText(p.key, { exact: true }).count()) > 0)
      covered.push(p.key);
  expect(covered.sort()).toEqual(['HR', 'ITHELP']);
  await shot('18-rule-editor-categories');
  await page.getByRole('button', { name: 'Create rule' }).click();
  await page.getByText('Preview of “Internal service desks”').waitFor();
  await openTab('Rules');
  // The rules list names the category, not its id.
  const row = page.getByRole('row').filter({ hasText: 'Internal service desks' });
  await row.getByText('Category Internal', { exact: true }).waitFor();
  await expect(row.textContent()).resolves.not.toContain(DEMO_INTERNAL_ID);
  await shot('19-rules-list-categories');
  // What was stored: the category's id.
  const listed = await host.invoke({
    moduleKey: adminModuleKey,
    functionKey: 'listRules',
    payload: {},
  });
  const saved = listed.ok
    ? (listed.result as any[]).find((r) => r.name === 'Internal service desks')
    : undefined;
  expect(saved?.scope).toEqual({ type: 'categories', categoryIds: [DEMO_INTERNAL_ID] });
});

/** Another admin's call (or a project admin's), straight to the resolver; the result or a throw. */
async function invokeAs(
  functionKey: string,
  payload: unknown = {},
  as: { moduleKey?: string; accountId?: string; projectKey?: string } = {},
): Promise<any> {
  const r = await host.invoke({ moduleKey: adminModuleKey, functionKey, payload, ...as });
  const error = answeredError(r);
  if (error) throw new Error(`${functionKey}: ${error.message}`);
  return r.ok ? r.result : undefined;
}

test('a rule another admin saved while it was open: Save says so, Reload shows their change', async () => {
  await openTab('Rules');
  await page.getByRole('button', { name: 'Edit rule Internal service desks' }).click();
  await page.getByLabel('Rule name').fill('Internal desks (mine)');
  // Another admin saves the same rule meanwhile.
  const stored = ((await invokeAs('listRules')) as any[]).find(
    (r) => r.name === 'Internal service desks',
  );
  const { createdAt: _c, updatedAt: _u, updatedBy: _b, projectExclusions: _p, ...theirs } = stored;
  const saved = await invokeAs('saveRule', {
    rule: { ...theirs, name: 'Internal desks (theirs)' },
  });
  expect(saved.version).toBe(stored.version + 1);

  await page.getByRole('button', { name: 'Save rule' }).click();
  const conflict = page.getByTestId('rule-conflict');
  await conflict.waitFor();
  await expect(conflict.textContent()).resolves.toContain(
    'This rule changed since you opened it. Reload it to see the change, then edit again.',
  );
  await shot('20-rule-conflict');
  await page.getByTestId('rule-conflict-reload').click();
  await page.getByRole('heading', { name: 'Edit rule “Internal desks (theirs)”' }).waitFor();
  await expect(page.getByLabel('Rule name').inputValue()).resolves.toBe('Internal desks (theirs)');
  await page.getByLabel('Rule name').fill('Internal service desks');
  // An earlier save's flag may still be shown: wait for a new one.
  const savedFlags = page.getByText('Rule "Internal service desks" saved');
  const flagsBefore = await savedFlags.count();
  await page.getByRole('button', { name: 'Save rule' }).click();
  await savedFlags.nth(flagsBefore).waitFor();
});

test('settings another admin changed meanwhile: the toggle says so and offers to reload', async () => {
  await openTab('Settings');
  await page.getByLabel('Run every hour').waitFor();
  const current = await invokeAs('getSettings');
  await invokeAs('saveSettings', { settings: { ...current, removeUnwanted: false } });

  await page.getByLabel('Run every hour').click({ force: true });
  // A site-wide switch asks first.
  await page.getByTestId('confirm-switch').waitFor();
  await page.getByTestId('confirm-switch-ok').click();
  const notice = page.getByTestId('settings-notice');
  await notice.getByText('The settings changed since you opened them.', { exact: false }).waitFor();
  await shot('21-settings-conflict');
  await page.getByTestId('settings-reload').click();
  await page.getByLabel('Remove groups the app added when no rule wants them').waitFor();
  await page.waitForFunction(
    () =>
      !(document.getElementById('setting-removeUnwanted') as HTMLInputElement | null)?.checked &&
      (document.getElementById('setting-scheduleEnabled') as HTMLInputElement | null)?.checked,
  );
  // Back as it was, based on what is stored now.
  const now = await invokeAs('getSettings');
  await invokeAs('saveSettings', { settings: { ...now, removeUnwanted: true } });
});

test("a project admin's exclusion shows with its rule, and an admin can include the project again", async () => {
  const settings = await invokeAs('getSettings');
  await invokeAs('saveSettings', { settings: { ...settings, allowProjectExclusions: true } });
  const rule = ((await invokeAs('listRules')) as any[]).find(
    (r) => r.name === 'Internal service desks',
  );
  const asked = await invokeAs(
    'requestExclusion',
    { ruleId: rule.id, reason: 'Portal sign-up only' },
    {
      moduleKey: 'customer-role-sync-project',
      accountId: DEMO.users.pa.accountId,
      projectKey: 'ITHELP',
    },
  );
  expect(asked.excluded).toBe(true);

  // The admin opens the page afresh (it reopens where it was: Rules is one click away).
  await page.reload();
  await openTab('Rules');
  await page.getByRole('heading', { name: 'Rules', level: 2 }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'Internal service desks' });
  await row.getByText('Category Internal, except ITHELP', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Edit rule Internal service desks' }).click();
  const field = page.getByTestId('project-exclusions');
  await field.getByText('Portal sign-up only', { exact: false }).waitFor();
  // Asked for by the project's admin, not typed by an admin: not among the rule's own exclusions.
  await expect(page.locator('.rule-exclude__multi-value').count()).resolves.toBe(0);
  await shot('22-rule-project-exclusions');
  await page.getByTestId('include-again-ITHELP').click();
  await field.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Cancel' }).click();
  const after = ((await invokeAs('listRules')) as any[]).find((r) => r.id === rule.id);
  expect(after.projectExclusions).toEqual([]);
});

/** A rule saved through the resolver, then the Rules page afresh; answers the rule. */
async function ruleToDelete(name: string): Promise<{ id: string }> {
  const rule = await invokeAs('saveRule', {
    rule: {
      name,
      groupIds: [DEMO.groups.contosoCustomers.groupId],
      scope: { type: 'keys', keys: ['FAC'] },
    },
  });
  await page.reload();
  await openTab('Rules');
  return rule;
}

test('deleting a rule asks first, saying what it removes; Cancel keeps it, Delete removes it', async () => {
  const rule = await ruleToDelete('Facilities only (to delete)');
  await page.getByRole('heading', { name: 'Rules', level: 2 }).waitFor();
  const open = () =>
    page.getByRole('button', { name: 'Delete rule Facilities only (to delete)' }).click();
  const dialog = page.getByTestId('delete-rule-dialog');

  await open();
  await dialog.getByText('Delete rule “Facilities only (to delete)”?').waitFor();
  // What the deletion changes, once the rule's impact is read.
  await dialog.getByText('Groups and members people added by hand are never removed.').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(((await invokeAs('listRules')) as any[]).some((r) => r.id === rule.id)).toBe(true);

  await open();
  await dialog.getByRole('button', { name: 'Delete rule' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('Rule "Facilities only (to delete)" deleted').waitFor();
  expect(((await invokeAs('listRules')) as any[]).some((r) => r.id === rule.id)).toBe(false);
});

test('a rule another admin deleted while its delete dialog was open: the dialog says so', async () => {
  const rule = await ruleToDelete('Facilities twice (to delete)');
  await page.getByRole('button', { name: 'Delete rule Facilities twice (to delete)' }).click();
  const dialog = page.getByTestId('delete-rule-dialog');
  await dialog.getByText('people added by hand are never removed', { exact: false }).waitFor();
  await invokeAs('deleteRule', { id: rule.id });

  await dialog.getByRole('button', { name: 'Delete rule' }).click();
  await dialog
    .getByText(`Rule ${rule.id} no longer exists (someone deleted it). Reload the page.`)
    .waitFor();
  // The dialog stays, ready again: the admin reads why and closes it.
  await expect(dialog.getByRole('button', { name: 'Delete rule' }).isEnabled()).resolves.toBe(true);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
});

test('works at 800 px wide', async () => {
  await page.setViewportSize({ width: 800, height: 900 });
  for (const [tab, name] of [
    ['Rules', '14-rules-800'],
    ['Runs', '15-runs-800'],
    ['Health', '16-health-800'],
  ] as const) {
    await openTab(tab);
    await page.waitForTimeout(800);
    await shot(name);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }
});

test('someone who is not a Jira admin reads who the page is for, with nothing to retry', async () => {
  const pa = DEMO.users.pa;
  await page.goto(`${host.url}/admin?as=${encodeURIComponent(pa.email)}`);
  const src = await page.locator('iframe#forge-app').getAttribute('src');
  await page.goto(new URL(src!, host.url).href);
  // Titled by the answered code (forbidden): asking again cannot help, so no "Try again".
  const box = page.getByTestId('error-message').first();
  await box.waitFor({ timeout: 30_000 });
  await expect(box.textContent()).resolves.toContain('You need to be a Jira admin');
  await expect(box.textContent()).resolves.toContain('Only Jira admins can manage');
  await expect(box.getByRole('button', { name: 'Try again' }).count()).resolves.toBe(0);
  await shot('23-not-a-jira-admin');
});
