// The admin resolver and optimistic concurrency, as a page sees it: rules and settings carry a
// version; a save based on an older one answers {conflict} (code, rule id, versions, the sentence
// to show) and changes nothing; project admins' exclusions are listed with their rule and can be
// taken back.
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const PA = DEMO.users.pa.accountId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

const ruleSaves = async () =>
  (await stack.admin('getAudit', { kind: 'rule-saved' })).items.length as number;

it('saveRule answers a typed conflict for an edit of an older version, and keeps the newer', async () => {
  const created = await stack.admin('saveRule', { rule: demoRule() });
  expect(created.version).toBe(1);
  const { createdAt: _c, updatedAt: _u, updatedBy: _b, ...opened } = created;

  // Another admin saves first.
  const first = await stack.admin('saveRule', { rule: { ...opened, name: 'First' } });
  expect(first.version).toBe(2);
  const saves = await ruleSaves();

  const late = await stack.admin('saveRule', {
    rule: { ...opened, groupIds: [FABRIKAM], name: 'Second' },
  });
  expect(late).toEqual({
    conflict: {
      code: 'version-conflict',
      target: 'rule',
      ruleId: created.id,
      basedOn: 1,
      current: 2,
      message:
        'This rule changed since you opened it. Reload it to see the change, then edit again.',
    },
  });
  const [stored] = await stack.admin('listRules');
  expect(stored).toMatchObject({ id: created.id, name: 'First', version: 2 });
  expect(await ruleSaves()).toBe(saves);

  // Reloaded, the edit goes through.
  const again = await stack.admin('saveRule', {
    rule: { ...opened, version: stored.version, name: 'Second' },
  });
  expect(again).toMatchObject({ name: 'Second', version: 3 });
});

it('saveSettings answers a typed conflict for a change of older settings', async () => {
  const opened = await stack.admin('getSettings');
  expect(opened.version).toBe(0);
  expect(
    await stack.admin('saveSettings', { settings: { ...opened, removeUnwanted: false } }),
  ).toMatchObject({ removeUnwanted: false, version: 1 });
  const late = await stack.admin('saveSettings', {
    settings: { ...opened, scheduleEnabled: false },
  });
  expect(late).toEqual({
    conflict: expect.objectContaining({
      code: 'version-conflict',
      target: 'settings',
      basedOn: 0,
      current: 1,
      message: expect.stringMatching(/^The settings changed since you opened them\. Reload/),
    }),
  });
  expect(await stack.admin('getSettings')).toMatchObject({
    scheduleEnabled: true,
    removeUnwanted: false,
    version: 1,
  });
  expect((await stack.admin('getAudit', { kind: 'settings-saved' })).items).toHaveLength(1);
});

it("a project admin's exclusion is listed with its rule, survives an admin's edit, and can be taken back", async () => {
  const opened = await stack.admin('saveRule', { rule: demoRule() });
  const settings = await stack.admin('getSettings');
  await stack.admin('saveSettings', { settings: { ...settings, allowProjectExclusions: true } });
  // The admin opened the editor before the project admin asked.
  const asked = await stack.project('requestExclusion', { ruleId: opened.id }, PA, 'ITHELP');
  expect(asked.excluded).toBe(true);
  const { createdAt: _c, updatedAt: _u, updatedBy: _b, ...edit } = opened;
  const saved = await stack.admin('saveRule', { rule: { ...edit, name: 'Renamed' } });
  expect(saved).toMatchObject({ name: 'Renamed', version: 2 });

  const [listed] = await stack.admin('listRules');
  expect(listed.exclude).toEqual([]);
  expect(listed.projectExclusions).toEqual([
    expect.objectContaining({ ruleId: opened.id, projectKey: 'ITHELP', requestedBy: PA }),
  ]);
  expect((await stack.project('getProjectStatus', {}, PA, 'ITHELP')).rules).toEqual([]);
  const run = await stack.scheduledRun();
  const plans = await stack.allPages<any>('getRunPlan', run.id);
  expect(plans.find((p) => p.projectKey === 'ITHELP')?.skips[0]).toMatchObject({
    code: 'project-excluded',
  });

  expect(await stack.admin('removeExclusion', { ruleId: opened.id, projectKey: 'ITHELP' })).toEqual(
    { included: true },
  );
  expect((await stack.admin('listRules'))[0].projectExclusions).toEqual([]);
  expect((await stack.project('getProjectStatus', {}, PA, 'ITHELP')).rules).toEqual([
    expect.objectContaining({ id: opened.id, name: 'Renamed' }),
  ]);
});
