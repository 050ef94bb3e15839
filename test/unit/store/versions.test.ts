// Versioned records on plain KVS keys: each save creates the next version's key only if no one
// has (FAIL_IF_EXISTS), so a save based on an old version is refused and nothing is overwritten.
// Records stored before versions existed load as version 0 and are upgraded by their next save.
import type { Rule } from '../../../src/domain/schemas';
import { putExclusion } from '../../../src/store/exclusions';
import {
  createRule,
  getRule,
  listRules,
  listSavedRules,
  readRule,
  removeRule,
  updateRule,
} from '../../../src/store/rules';
import { getSettings, putSettings } from '../../../src/store/settings';
import { Platform } from '../enforce/harness/platform';

let kvs: Platform;
beforeEach(() => {
  kvs = Platform.ambient();
});

const at = '2026-03-01T10:00:00.000Z';
function rule(id: string, overrides: Partial<Rule> = {}): Rule {
  return {
    id,
    name: `Rule ${id}`,
    groupIds: ['g-1'],
    scope: { type: 'all' },
    exclude: [],
    roleName: 'Service Desk Customers',
    enabled: true,
    allowUnsyncedGroups: false,
    version: 0,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

describe('rules', () => {
  it('a new rule is version 1; each save based on the stored version makes the next', async () => {
    expect(await createRule(rule('r-1'))).toMatchObject({ version: 1 });
    const v1 = (await readRule('r-1'))!;
    expect(await updateRule(v1, { ...v1.rule, name: 'Second' })).toMatchObject({ version: 2 });
    const v2 = (await readRule('r-1'))!;
    expect(await updateRule(v2, { ...v2.rule, name: 'Third' })).toMatchObject({ version: 3 });
    expect(await getRule('r-1')).toMatchObject({ name: 'Third', version: 3 });
    // Older versions are cleaned up: one key per rule.
    expect(kvs.keys('rule:')).toEqual(['rule:r-1#9999999996']);
  });

  it('a save based on an older version is refused and changes nothing', async () => {
    await createRule(rule('r-1'));
    const opened = (await readRule('r-1'))!;
    await updateRule(opened, { ...opened.rule, name: 'Saved first' });
    expect(await updateRule(opened, { ...opened.rule, name: 'Saved second' })).toBeUndefined();
    expect(await getRule('r-1')).toMatchObject({ name: 'Saved first', version: 2 });
  });

  it('of two saves racing from the same version, exactly one is stored', async () => {
    await createRule(rule('r-1'));
    const opened = (await readRule('r-1'))!;
    // A reaches the write of version 2 and is held there; B saves in full meanwhile.
    const gate = kvs.holdSet('rule:r-1#');
    const a = updateRule(opened, { ...opened.rule, name: 'A' });
    await gate.reached;
    expect(await updateRule(opened, { ...opened.rule, name: 'B' })).toMatchObject({ version: 2 });
    gate.release();
    expect(await a).toBeUndefined();
    expect(await getRule('r-1')).toMatchObject({ name: 'B', version: 2 });
    expect(kvs.log.filter((c) => c.op === 'set').map((c) => c.status)).toEqual([204, 204, 409]);
  });

  it('a rule stored before versions loads as version 0 and its next save upgrades it', async () => {
    const { version: _none, ...legacy } = rule('r-old', { name: 'Old' });
    kvs.seed('rule:r-old', legacy);
    expect(await getRule('r-old')).toMatchObject({ name: 'Old', version: 0 });
    expect(await listSavedRules()).toEqual([expect.objectContaining({ id: 'r-old', version: 0 })]);
    const opened = (await readRule('r-old'))!;
    expect(await updateRule(opened, { ...opened.rule, name: 'New' })).toMatchObject({
      version: 1,
    });
    expect(kvs.keys('rule:')).toEqual(['rule:r-old#9999999998']);
    // A second save still based on the legacy version is refused.
    expect(await updateRule(opened, { ...opened.rule, name: 'Stale' })).toBeUndefined();
    expect(await listSavedRules()).toEqual([
      expect.objectContaining({ id: 'r-old', name: 'New', version: 1 }),
    ]);
  });

  it('a deleted rule is gone for reads and refuses a save based on the version before', async () => {
    await createRule(rule('r-1'));
    const opened = (await readRule('r-1'))!;
    expect(await removeRule(opened)).toBe(true);
    expect(await getRule('r-1')).toBeUndefined();
    expect(await listSavedRules()).toEqual([]);
    expect(await updateRule(opened, { ...opened.rule, name: 'Revived?' })).toBeUndefined();
    expect(await getRule('r-1')).toBeUndefined();
  });

  it('lists every rule once, at its newest version, whatever older keys are left', async () => {
    await createRule(rule('r-a', { name: 'A' }));
    await createRule(rule('r-b', { name: 'B' }));
    const b = (await readRule('r-b'))!;
    // A save cut off before its clean-up leaves the older key behind.
    kvs.seed('rule:r-b#9999999999', { ...b.rule, name: 'B, stale copy' });
    await updateRule(b, { ...b.rule, name: 'B2' });
    expect((await listSavedRules()).map((r) => [r.id, r.name, r.version])).toEqual([
      ['r-a', 'A', 1],
      ['r-b', 'B2', 2],
    ]);
  });

  it('listRules adds the exclusions project admins asked for; the saved rule keeps its own', async () => {
    await createRule(rule('r-1', { exclude: ['LEGAL'] }));
    await putExclusion({
      ruleId: 'r-1',
      projectKey: 'HR',
      requestedBy: 'acc-pa',
      requestedAt: at,
    });
    expect((await listRules())[0].exclude).toEqual(['HR', 'LEGAL']);
    expect((await listSavedRules())[0].exclude).toEqual(['LEGAL']);
  });
});

describe('settings', () => {
  it('start at version 0 with defaults; a save based on the stored version makes the next', async () => {
    const s0 = await getSettings();
    expect(s0).toEqual({
      scheduleEnabled: true,
      removeUnwanted: true,
      allowProjectExclusions: false,
      projectRunIntervalMinutes: 5,
      auditRetentionDays: 400,
      quotaBudgetPercent: 20,
      peopleBudgetPercent: 5,
      sweepHours: 24,
      sweepPinned: false,
      version: 0,
    });
    const saved = await putSettings({ ...s0, allowProjectExclusions: true });
    expect(saved).toEqual({ saved: { ...s0, allowProjectExclusions: true, version: 1 } });
    expect(await getSettings()).toMatchObject({ allowProjectExclusions: true, version: 1 });
  });

  it('a save based on older settings is refused and answers what is stored', async () => {
    const s0 = await getSettings();
    await putSettings({ ...s0, removeUnwanted: false });
    const late = await putSettings({ ...s0, scheduleEnabled: false });
    expect(late).toEqual({ current: { ...s0, removeUnwanted: false, version: 1 } });
    expect(await getSettings()).toMatchObject({
      scheduleEnabled: true,
      removeUnwanted: false,
      version: 1,
    });
  });

  it('of two saves racing from the same version, exactly one is stored', async () => {
    const s0 = await getSettings();
    const gate = kvs.holdSet('settings#');
    const a = putSettings({ ...s0, scheduleEnabled: false });
    await gate.reached;
    expect(await putSettings({ ...s0, removeUnwanted: false })).toMatchObject({
      saved: { version: 1 },
    });
    gate.release();
    expect(await a).toEqual({ current: { ...s0, removeUnwanted: false, version: 1 } });
    expect(await getSettings()).toMatchObject({ scheduleEnabled: true, removeUnwanted: false });
  });

  it('settings stored before versions load as version 0 and are upgraded by their next save', async () => {
    kvs.seed('settings', {
      scheduleEnabled: false,
      removeUnwanted: true,
      allowProjectExclusions: true,
    });
    const s0 = await getSettings();
    expect(s0).toMatchObject({ scheduleEnabled: false, allowProjectExclusions: true, version: 0 });
    await putSettings({ ...s0, scheduleEnabled: true });
    expect(kvs.keys('settings')).toEqual(['settings#9999999998']);
    expect(await getSettings()).toMatchObject({ scheduleEnabled: true, version: 1 });
  });
});
