// Rule edits under concurrency, through the use cases: a save based on an old version is refused
// with a typed conflict (code, rule id, versions); an admin's save and a project admin's exclusion
// never lose each other, in either order; a deletion or an import never writes through a save.
import { UserFacingError } from '../../../../src/domain/errors';
import { VersionConflictError } from '../../../../src/domain/version-conflict';
import { includeProjectAgain, requestExclusion } from '../../../../src/enforce/rules/exclusions';
import {
  deleteRule,
  importRules,
  listRuleViews,
  saveRule,
} from '../../../../src/enforce/rules/rules-service';
import { getRule, listRules } from '../../../../src/store/rules';
import { getSettings, putSettings } from '../../../../src/store/settings';
import { everyGroupSynced, fakeClient, FakeJira } from '../../jira/fake-jira';
import { Platform } from '../harness/platform';

const ADMIN = 'acc-admin';
const OTHER_ADMIN = 'acc-admin-2';
const PA = 'acc-project-admin';

let kvs: Platform;
let jira: FakeJira;
const client = () => fakeClient(jira).client;

beforeEach(async () => {
  kvs = Platform.ambient();
  // Every group asked for exists.
  jira = new FakeJira().otherwise(everyGroupSynced);
  const settings = await getSettings();
  await putSettings({ ...settings, allowProjectExclusions: true });
  // HR's settings page was opened: the app knows the project (store/project-live.ts).
  kvs.seed('project-live:HR', {
    checkedAt: new Date().toISOString(),
    basis: 'seeded',
    project: { id: '10002', key: 'HR', name: 'HR', typeKey: 'service_desk', style: 'classic' },
    roleName: 'Service Desk Customers',
    groups: [],
    unmanagedGroups: [],
    organizations: [],
    points: 0,
  });
});

const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'Customers',
  groupIds: ['g-contoso'],
  scope: { type: 'all' as const },
  ...overrides,
});

async function created() {
  return saveRule(input(), ADMIN, client());
}

describe('a save based on an old version', () => {
  it('is refused with the conflict code, the rule id and both versions, before asking Jira', async () => {
    const opened = await created();
    await saveRule(
      { ...input({ name: 'First' }), id: opened.id, version: 1 },
      OTHER_ADMIN,
      client(),
    );
    const calls = jira.requests.length;

    const err = await saveRule(
      { ...input({ name: 'Second' }), id: opened.id, version: 1 },
      ADMIN,
      client(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VersionConflictError);
    expect((err as VersionConflictError).code).toBe('conflict');
    expect((err as VersionConflictError).conflict).toEqual({
      code: 'version-conflict',
      target: 'rule',
      ruleId: opened.id,
      basedOn: 1,
      current: 2,
      message:
        'This rule changed since you opened it. Reload it to see the change, then edit again.',
    });
    expect(jira.requests.length).toBe(calls);
    expect(await getRule(opened.id)).toMatchObject({ name: 'First', version: 2 });
  });

  it('is refused when another save lands while it checks its groups', async () => {
    const opened = await created();
    const gate = kvs.holdSet(`rule:${opened.id}#`);
    const first = saveRule(
      { ...input({ name: 'Slow' }), id: opened.id, version: 1 },
      ADMIN,
      client(),
    );
    await gate.reached;
    await saveRule(
      { ...input({ name: 'Fast' }), id: opened.id, version: 1 },
      OTHER_ADMIN,
      client(),
    );
    gate.release();
    await expect(first).rejects.toMatchObject({
      conflict: { ruleId: opened.id, basedOn: 1, current: 2 },
    });
    expect(await getRule(opened.id)).toMatchObject({ name: 'Fast', updatedBy: OTHER_ADMIN });
  });

  it('absent reads as version 0: an upgraded rule refuses it', async () => {
    const opened = await created();
    await expect(
      saveRule({ ...input({ name: 'No version' }), id: opened.id }, ADMIN, client()),
    ).rejects.toBeInstanceOf(VersionConflictError);
  });
});

describe('an admin save racing a project admin exclusion: neither is lost', () => {
  it('the exclusion lands while the save is about to write', async () => {
    const opened = await created();
    const gate = kvs.holdSet(`rule:${opened.id}#`);
    const save = saveRule(
      { ...input({ groupIds: ['g-contoso', 'g-fabrikam'] }), id: opened.id, version: 1 },
      ADMIN,
      client(),
    );
    await gate.reached;
    expect(await requestExclusion('HR', opened.id, 'Portal only', PA)).toMatchObject({
      excluded: true,
    });
    gate.release();
    await save;
    await expectBoth(opened.id);
  });

  it('the save lands while the exclusion is about to write', async () => {
    const opened = await created();
    const gate = kvs.holdSet(`exclusion:${opened.id}:`);
    const exclusion = requestExclusion('HR', opened.id, 'Portal only', PA);
    await gate.reached;
    await saveRule(
      { ...input({ groupIds: ['g-contoso', 'g-fabrikam'] }), id: opened.id, version: 1 },
      ADMIN,
      client(),
    );
    gate.release();
    await exclusion;
    await expectBoth(opened.id);
  });

  /** The admin's new group and the project's exclusion are both in what runs apply. */
  async function expectBoth(ruleId: string) {
    const [applied] = await listRules();
    expect(applied).toMatchObject({
      id: ruleId,
      groupIds: ['g-contoso', 'g-fabrikam'],
      exclude: ['HR'],
      version: 2,
    });
    const [view] = await listRuleViews();
    expect(view.exclude).toEqual([]);
    expect(view.projectExclusions).toEqual([
      expect.objectContaining({ projectKey: 'HR', requestedBy: PA, reason: 'Portal only' }),
    ]);
  }
});

describe('exclusions', () => {
  it('are stored apart: the rule record keeps its version; an admin can take one back', async () => {
    const opened = await created();
    await requestExclusion('HR', opened.id, undefined, PA);
    expect(await getRule(opened.id)).toMatchObject({ version: 1, exclude: [] });
    expect(kvs.keys('exclusion:')).toEqual([`exclusion:${opened.id}:HR`]);

    await includeProjectAgain(opened.id, 'HR', ADMIN);
    expect((await listRules())[0].exclude).toEqual([]);
    expect(kvs.keys('exclusion:')).toEqual([]);
    // Again (a second admin, a retried click): included either way, nothing written.
    const writes = kvs.log.filter((c) => c.op !== 'get' && c.op !== 'query').length;
    await expect(includeProjectAgain(opened.id, 'HR', ADMIN)).resolves.toEqual({ included: true });
    expect(kvs.log.filter((c) => c.op !== 'get' && c.op !== 'query').length).toBe(writes);
  });

  it('go with their rule when it is deleted', async () => {
    const opened = await created();
    await requestExclusion('HR', opened.id, undefined, PA);
    await deleteRule(opened.id, ADMIN);
    expect(kvs.keys('exclusion:')).toEqual([]);
  });
});

describe('deleting and importing never write through a save', () => {
  it('a save held before its write finds the rule deleted and says so', async () => {
    const opened = await created();
    const gate = kvs.holdSet(`rule:${opened.id}#`);
    const save = saveRule(
      { ...input({ name: 'Late' }), id: opened.id, version: 1 },
      ADMIN,
      client(),
    );
    await gate.reached;
    await deleteRule(opened.id, OTHER_ADMIN);
    gate.release();
    const err = await save.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err).toMatchObject({
      code: 'not-found',
      words: { id: 'rule-gone', values: { id: opened.id } },
    });
    expect(await getRule(opened.id)).toBeUndefined();
  });

  it('an import leaves a rule saved meanwhile as saved, and says which', async () => {
    const opened = await created();
    const gate = kvs.holdSet(`rule:${opened.id}#`);
    const imported = importRules(
      [{ ...input({ name: 'From the file' }), id: opened.id }],
      { replace: false },
      ADMIN,
      client(),
    );
    await gate.reached;
    await saveRule(
      { ...input({ name: 'Edited meanwhile' }), id: opened.id, version: 1 },
      OTHER_ADMIN,
      client(),
    );
    gate.release();
    await expect(imported).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(
        'Rule "From the file" changed while the file was being imported',
      ),
    });
    expect(await getRule(opened.id)).toMatchObject({ name: 'Edited meanwhile', version: 2 });
  });
});
