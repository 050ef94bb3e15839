// Refusals by name see names as a person reads them, and a run refuses group by group: a group
// that turned into an administration, app or product group is skipped where it is named, its
// rule goes on with its other groups, and only the bindings of it the app made are taken out.
import { groupRefusal, refusedGroupsOf, runRefusal } from '../../../src/domain/guard-rails';
import { foldLookAlikes } from '../../../src/domain/look-alike';
import { planProject } from '../../../src/domain/planner';
import { groupsOf, makeEntry, makeInput, makeProject, makeRule, rolesWith } from './fixtures';

const judge = (name: string, products: string[] = []) =>
  groupRefusal({ groupId: 'g', name, products, managedBy: 'EXTERNAL' }, false);

describe('look-alike administration names are refused like the real ones', () => {
  it.each([
    ['jira-administrators', 'the name itself'],
    ['j\u0456ra-administrators', 'a Cyrillic і'],
    ['jira\u200b-administrators', 'a zero-width space'],
    [
      '\ufeffjira-adm\u2060inistrators\u200d',
      'a byte-order mark, word joiner and zero-width joiner',
    ],
    ['jira-admin\u00adistrators', 'a soft hyphen'],
    ['jira-\u200e\u200fadministrators', 'direction marks'],
    ['JIRA_Administrators', 'capitals and an underscore'],
    ['jira administrators', 'a space'],
    ['Jira.Administrators', 'a dot'],
    ['jira\u2013administrators', 'an en dash'],
    ['\uff4a\uff49\uff52\uff41\uff0d\uff41\uff44\uff4d\uff49\uff4e\uff53', 'fullwidth letters'],
    ['j\u0456r\u0430-\u0430dm\u0456n\u0456\u0455tr\u0430t\u043er\u0455', 'Cyrillic а і ѕ о'],
    ['ЈІRА-АDМІNЅ-contoso', 'capital Cyrillic letters, a site suffix'],
    ['jιra-αdmins', 'Greek ι and α'],
    ['jíra-adminístrators', 'accents'],
    ['J\u0130RA-ADMINS', 'a dotted capital İ'],
    ['site-admins-contoso', "a site's own admin group"],
    ['Site Admins', 'a space instead of the hyphen'],
    ['jira-adrnins', "'rn' for 'm'"],
  ])('%j (%s)', (name) => {
    expect(judge(name)).toMatchObject({ code: 'group-administration', groupId: 'g' });
    expect(judge(name)!.message).toContain(`Group '${name}' cannot be made customers`);
  });

  it.each([
    ['atIassian-addons', 'a capital I for the l'],
    ['atlassian_addons-admin', 'an underscore'],
    ['\u0430tl\u0430ssi\u0430n-\u0430ddons', 'Cyrillic а'],
  ])('the apps group %j (%s)', (name) => {
    expect(judge(name)).toMatchObject({ code: 'group-app-access' });
  });

  it('says what a look-alike reads as, and not when it is spelled so', () => {
    expect(judge('j\u0456ra-administrators')!.message).toContain(
      "(its name reads as 'jira-administrators')",
    );
    expect(judge('jira-administrators')!.message).not.toContain('reads as');
  });

  it('names the group and what it reads as, for a page to word it in its language', () => {
    expect(judge('j\u0456ra-administrators')!.values).toEqual({
      group: 'j\u0456ra-administrators',
      readsAs: 'jira-administrators',
    });
    expect(judge('jira-administrators')!.values).toEqual({ group: 'jira-administrators' });
    expect(judge('helpdesk', ['Jira Software'])!.values).toEqual({
      group: 'helpdesk',
      products: ['Jira Software'],
    });
  });

  it('folds every look-alike spelling to one form', () => {
    const forms = [
      'jira-administrators',
      'j\u0456ra-administrators',
      'jira\u200b-administrators',
      'JIRA_Administrators',
      'jira administrators',
    ].map(foldLookAlikes);
    expect(new Set(forms).size).toBe(1);
  });

  it.each([
    'Contoso Customers',
    'Fabrikam Customers',
    'Fabrikam Kunden',
    'Kunden der Fabrikam GmbH',
    'お客様グループ',
    '顧客 (東京)',
    'Клиенты Contoso',
    'Πελάτες',
    'Administrative Assistants',
    'Site Visitors',
    'Jira Users Helpdesk',
    'Org Chart Customers',
    'Atlas Customers',
  ])('leaves the customer group %j alone', (name) => {
    expect(judge(name)).toBeUndefined();
    expect(runRefusal({ groupId: 'g', name })).toBeUndefined();
  });
});

describe('a run refuses group by group', () => {
  const project = makeProject();
  // g-1 turned into an administration group in the identity provider; g-2 is fine.
  const groups = new Map([...groupsOf('g-2')]);
  groups.set('g-1', { groupId: 'g-1', name: 'jira-admins-x', managedBy: 'EXTERNAL' });
  const rule = makeRule({ id: 'r1', name: 'Customers', groupIds: ['g-1', 'g-2'] });

  it("skips the group where it is named, removes the app's bindings of it only, and keeps the rule's other group", () => {
    const [plan] = planProject(
      makeInput({
        rules: [rule],
        groups,
        // The app added both (the ledger says so).
        roles: rolesWith(['g-1', 'g-2']),
        ledger: [makeEntry(project, 'g-1'), makeEntry(project, 'g-2')],
      }),
    );
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'remove',
        groupId: 'g-1',
        reason: expect.stringMatching(
          /group 'jira-admins-x' is refused: it is a site or Jira administration group/,
        ),
        say: expect.objectContaining({
          code: 'remove',
          because: [
            {
              code: 'group-refused',
              values: { group: 'jira-admins-x', refusal: 'group-administration' },
            },
          ],
        }),
      }),
    ]);
    expect(plan.skips).toEqual([
      {
        code: 'refused',
        ruleId: 'r1',
        groupId: 'g-1',
        reason: expect.stringMatching(
          /^Group 'jira-admins-x' is skipped: .* removes only the bindings of it that the app made; rule 'Customers' goes on with its other groups\./,
        ),
        say: {
          code: 'group-refused-removes',
          values: { rule: 'Customers', group: 'jira-admins-x', refusal: 'group-administration' },
        },
      },
    ]);
  });

  it("leaves a person's binding of the refused group alone: the ledger does not hold it", () => {
    const [plan] = planProject(
      makeInput({ rules: [rule], groups, roles: rolesWith(['g-1', 'g-2']), ledger: [] }),
    );
    expect(plan.actions).toEqual([]);
    expect(plan.unmanagedGroupIds).toEqual(['g-1']);
  });

  it('adds the group again once its name is fine, with nothing else changed', () => {
    const fine = new Map(groups).set('g-1', {
      groupId: 'g-1',
      name: 'Fabrikam Customers',
      managedBy: 'EXTERNAL',
    });
    const [plan] = planProject(
      makeInput({ rules: [rule], groups: fine, roles: rolesWith(['g-2']), ledger: [] }),
    );
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: 'add', groupId: 'g-1', ruleIds: ['r1'] }),
    ]);
    expect(plan.skips).toEqual([]);
  });

  it('lists each refused group once with every enabled rule that names it', () => {
    const refused = refusedGroupsOf(
      [
        rule,
        makeRule({ id: 'r0', groupIds: ['g-1'] }),
        makeRule({ id: 'r2', groupIds: ['g-2', 'g-3'], enabled: false }),
        makeRule({ id: 'r3', groupIds: ['g-3'] }),
      ],
      new Map(groups).set('g-3', { groupId: 'g-3', name: 'Agents' }),
      new Map([['g-3', ['Jira Service Management']]]),
    );
    expect(refused.map((g) => [g.groupId, g.code, g.ruleIds])).toEqual([
      ['g-1', 'group-administration', ['r0', 'r1']],
      ['g-3', 'group-product-access', ['r3']],
    ]);
  });
});
