// A rule could once put any group in any project role. The app makes customers only: other roles,
// administration, app-access and product-access groups are refused at the field with a typed code;
// groups not from the identity provider need the audited override; imports are checked the same way
// and previewed; rules stored before the guard rails fail Health, and a run never adds what they
// ask for; the app never changes a rule.
import { ROLE } from '../../local/jira-emulator/model';
import { auditEntries, kvsDump, kvsSet, roleWrites } from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

jest.setTimeout(60_000);

const G = DEMO.groups;
let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

const rulesStored = () => Object.keys(kvsDump(stack)).filter((k) => k.startsWith('rule:'));

describe('saveRule refuses what would make more than customers', () => {
  it('HR Staff in ITHELP Administrators: refused at the role field, nothing stored', async () => {
    const answer = await stack.admin('saveRule', {
      rule: demoRule({
        groupIds: [G.hrStaff.groupId],
        scope: { type: 'keys', keys: ['ITHELP'] },
        roleName: 'Administrators',
      }),
    });
    expect(answer).toEqual({
      refused: [
        {
          ruleName: 'Customers of every service project',
          refusals: [
            {
              code: 'role-not-customer',
              field: 'roleName',
              values: { role: 'Administrators' },
              message: expect.stringMatching(
                /^The app only makes customers: .*'Service Desk Customers'.*'Administrators'/,
              ),
            },
          ],
        },
      ],
    });
    expect(rulesStored()).toEqual([]);
  });

  it.each(['service desk team', 'administrators', 'Developers'])(
    'refuses the role "%s"',
    async (roleName) => {
      const answer = await stack.admin('saveRule', { rule: demoRule({ roleName }) });
      expect(answer.refused[0].refusals.map((r: { code: string }) => r.code)).toEqual([
        'role-not-customer',
      ]);
    },
  );

  it('accepts the customer role in any case and stores its name as Jira has it', async () => {
    const saved = await stack.admin('saveRule', {
      rule: demoRule({ roleName: 'service desk customers' }),
    });
    expect(saved).toMatchObject({ roleName: 'Service Desk Customers', version: 1 });
  });

  it.each([
    [G.jiraAdministrators, 'group-administration', /site or Jira administration group/],
    [G.siteAdmins, 'group-administration', /administer Jira/],
    [G.addonsAdmin, 'group-app-access', /gives apps \(this one among them\)/],
    [G.softwareUsers, 'group-product-access', /grants access to Jira \(product access/],
    [G.servicedeskUsers, 'group-product-access', /Jira Service Management/],
  ])('refuses %j as a customer group (%s)', async (group, code, why) => {
    const answer = await stack.admin('saveRule', {
      // Even with the override ticked: it lifts only the "not synced" refusal.
      rule: demoRule({ groupIds: [group.groupId], allowUnsyncedGroups: true }),
    });
    expect(answer.refused[0].refusals).toEqual([
      {
        code,
        field: 'groupIds',
        groupId: group.groupId,
        values: expect.objectContaining({ group: group.name }),
        message: expect.stringMatching(why),
      },
    ]);
    expect(answer.refused[0].refusals[0].message).toContain(`'${group.name}'`);
    expect(rulesStored()).toEqual([]);
  });

  it('a group not from the identity provider needs the override, which the audit records', async () => {
    const made = await stack.jira('POST', '/rest/api/3/group', { name: 'Local Helpers' });
    expect(made.status).toBe(201);
    const localId = made.body.groupId as string;

    const refused = await stack.admin('saveRule', { rule: demoRule({ groupIds: [localId] }) });
    expect(refused.refused[0].refusals).toEqual([
      expect.objectContaining({ code: 'group-not-synced', field: 'groupIds', groupId: localId }),
    ]);
    expect(refused.refused[0].refusals[0].message).toMatch(/Not from the identity provider/);

    const saved = await stack.admin('saveRule', {
      rule: demoRule({ groupIds: [localId], allowUnsyncedGroups: true }),
    });
    expect(saved).toMatchObject({ allowUnsyncedGroups: true, version: 1 });
    const [entry] = (await stack.admin('getAudit', { kind: 'rule-saved' })).items;
    expect(entry.message).toMatch(
      /Local Helpers; all service projects; role Service Desk Customers; groups not from the identity provider allowed\)/,
    );
  });
});

describe('importRules', () => {
  const file = (overrides: Record<string, unknown>[]) =>
    overrides.map((o, i) => demoRule({ name: `Imported ${i + 1}`, ...o }));

  it('refuses a file with "administrators" for every project, naming the rule; imports nothing', async () => {
    const answer = await stack.admin('importRules', {
      rules: file([
        {},
        { groupIds: [G.hrStaff.groupId], roleName: 'administrators' },
        { groupIds: [G.jiraAdministrators.groupId] },
      ]),
      replace: true,
    });
    expect(answer).toEqual({
      refused: [
        {
          ruleName: 'Imported 2',
          position: 2,
          refusals: [expect.objectContaining({ code: 'role-not-customer', field: 'roleName' })],
        },
        {
          ruleName: 'Imported 3',
          position: 3,
          refusals: [expect.objectContaining({ code: 'group-administration', field: 'groupIds' })],
        },
      ],
    });
    expect(rulesStored()).toEqual([]);
    expect((await stack.admin('getAudit', { kind: 'rules-imported' })).items).toEqual([]);
  });

  it('previews what a file would change before it replaces anything, then audits rule by rule', async () => {
    const kept = await stack.admin('saveRule', { rule: demoRule({ name: 'Kept here' }) });
    const same = await stack.admin('saveRule', { rule: demoRule({ name: 'Same' }) });
    const rules = [
      demoRule({ name: 'New one', scope: { type: 'keys', keys: ['HR'] } }),
      { ...demoRule({ name: 'Same' }), id: same.id },
    ];
    const before = kvsDump(stack);
    const preview = await stack.admin('importRules', { rules, replace: true, preview: true });
    expect(preview).toEqual({
      preview: { created: ['New one'], changed: [], unchanged: ['Same'], removed: ['Kept here'] },
    });
    // No run has added anything yet: replacing the rules would remove no binding.
    const removal = await stack.admin('getRemovalImpact', {
      change: { kind: 'import', rules, replace: true },
    });
    expect(removal).toMatchObject({ bindings: [], ledgerBindings: 0, projects: [] });
    expect(kvsDump(stack)).toEqual(before);

    const done = await stack.admin('importRules', { rules, replace: true });
    expect(done.imported).toBe(2);
    const audit = auditEntries(stack);
    const imported = audit.filter((a) => a.kind === 'rules-imported').map((a) => a.message);
    expect(imported).toEqual(
      expect.arrayContaining([
        'Imported 2 rules, replacing the rules that were not in the file.',
        expect.stringMatching(
          /^Imported rule "New one" \(enabled; groups Contoso Customers, Fabrikam Customers; projects HR; role Service Desk Customers\)\.$/,
        ),
        expect.stringMatching(/^Imported rule "Same" \(enabled; .*all service projects/),
      ]),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        kind: 'rule-deleted',
        ruleId: kept.id,
        message: expect.stringMatching(/not in the file/),
      }),
    );
  });
});

describe('rules stored before the guard rails', () => {
  const legacy = (id: string, fields: Record<string, unknown>) => ({
    id,
    name: `Legacy ${id}`,
    groupIds: [G.hrStaff.groupId],
    scope: { type: 'keys', keys: ['ITHELP'] },
    exclude: [],
    roleName: 'Service Desk Customers',
    enabled: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  });

  it('a run adds nothing they ask for and says why (defence in depth)', async () => {
    kvsSet(stack, 'rule:legacy-admins', legacy('legacy-admins', { roleName: 'Administrators' }));
    kvsSet(
      stack,
      'rule:legacy-jira-admins',
      legacy('legacy-jira-admins', { groupIds: [G.jiraAdministrators.groupId] }),
    );
    const { runId } = await stack.admin('startRun', {});
    const run = await stack.waitForRun(runId);
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 0 } });
    expect(await roleWrites(stack)).toEqual([]);
    expect(await stack.roleGroups('ITHELP', ROLE.ADMINISTRATORS)).not.toContain(G.hrStaff.groupId);
    const plans = await stack.allPages<any>('getRunPlan', runId);
    const refused = plans.flatMap((p) => p.skips).filter((s: any) => s.code === 'refused');
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'legacy-admins',
          reason: expect.stringMatching(/'Administrators'/),
        }),
        expect.objectContaining({
          ruleId: 'legacy-jira-admins',
          groupId: G.jiraAdministrators.groupId,
          reason: expect.stringMatching(/administration group/),
        }),
      ]),
    );
  });

  it('the hourly trigger changes no rule: each run skips them, and Health fails saying why', async () => {
    kvsSet(stack, 'rule:legacy-admins', legacy('legacy-admins', { roleName: 'Administrators' }));
    await stack.admin('saveRule', { rule: demoRule() });
    const before = await stack.admin('listRules');
    const run = await stack.scheduledRun();
    await stack.waitForRun(run.id);
    expect(await stack.admin('listRules')).toEqual(before);
    expect(before.find((r: any) => r.id === 'legacy-admins')).toMatchObject({ enabled: true });
    expect(auditEntries(stack).filter((a) => a.kind === 'rule-saved' && a.actor === 'app')).toEqual(
      [],
    );
    const health = await stack.admin('getHealth');
    expect(health.checks).toContainEqual(
      expect.objectContaining({
        id: 'guard-rails',
        status: 'fail',
        detail: expect.stringMatching(
          /^Rule "Legacy legacy-admins" adds nothing, every run skips it: .*'Administrators'/,
        ),
      }),
    );
    expect(await stack.roleGroups('ITHELP', ROLE.ADMINISTRATORS)).not.toContain(G.hrStaff.groupId);
  });
});
