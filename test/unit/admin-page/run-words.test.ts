// The Runs and Preview tabs word what the server sends as codes and names (plan reasons, the
// routine check's period, what changed since a preview) in the viewer's language. In English the
// page says word for word what the server's English says; in another language the names stay
// as they are (data) and the rest is translated.
import de from '../../../locales/de-DE.json';
import ja from '../../../locales/ja-JP.json';
import type { RoleState } from '../../../src/domain/planner';
import { planProject } from '../../../src/domain/planner';
import { approvedChanges, restrictToApproved } from '../../../src/domain/preview-apply';
import { compareWithPreview } from '../../../src/domain/preview-recheck';
import type { PlanAction, ProjectPlan } from '../../../src/domain/schemas';
import { periodReason, type SweepPeriod } from '../../../src/domain/sweep-period';
import { leftAsTheirs } from '../../../src/enforce/bindings/settle-pending';
import { planReason } from '../../../static/admin/src/views/runs/plan-words';
import { differenceSentence, periodSentence } from '../../../static/admin/src/views/runs/run-words';
import { useWordsForTest } from '../../../static/shared/i18n';
import {
  groupsOf,
  makeEntry,
  makeInput,
  makeProject,
  makeRule,
  ROLE,
  rolesWith,
} from '../domain/fixtures';

jest.mock('@forge/bridge', () => ({ i18n: {}, view: {} }));

afterEach(() => useWordsForTest({}));

const project = makeProject();

/** Every reason of the plans, as the server wrote it and as the page words it. */
function reasons(plans: ProjectPlan[]): [string, string][] {
  return plans.flatMap((plan) =>
    [...plan.actions, ...plan.skips].map((r): [string, string] => {
      expect(r.say).toBeDefined();
      const place = {
        role: plan.roleName,
        project: plan.projectKey,
        projectName: plan.projectName,
      };
      return [r.reason, planReason(r.say!, place)];
    }),
  );
}

const admins = new Map([
  ...groupsOf('g-1', 'g-2'),
  ['g-adm', { groupId: 'g-adm', name: 'jira-admins-emea', managedBy: 'EXTERNAL' }],
  ['g-app', { groupId: 'g-app', name: 'atlassian-addons-admin', managedBy: 'EXTERNAL' }],
  ['g-prod', { groupId: 'g-prod', name: 'Agents', managedBy: 'EXTERNAL' }],
]);

const scenarios: [string, Parameters<typeof makeInput>[0]][] = [
  ['an add wanted by one rule', { rules: [makeRule({ id: 'r1', name: 'Customers' })] }],
  [
    'an add wanted by two rules',
    { rules: [makeRule({ id: 'r1', name: 'A' }), makeRule({ id: 'r2', name: 'B' })] },
  ],
  [
    'an add the app had made before (drift)',
    { ledger: [makeEntry(project, 'g-1')], roles: rolesWith([]) },
  ],
  [
    'removals for every reason a rule no longer wants a binding',
    {
      rules: [
        makeRule({ id: 'r1', name: 'Off', enabled: false }),
        makeRule({ id: 'r2', name: 'Other keys', scope: { type: 'keys', keys: ['OTHER'] } }),
        makeRule({ id: 'r3', name: 'Excludes', exclude: ['HELP'] }),
        makeRule({ id: 'r4', name: 'Dropped', groupIds: ['g-2'] }),
        makeRule({ id: 'r5', name: 'Agents role', roleName: 'Service Desk Team' }),
      ],
      roles: new Map<string, RoleState>([
        ...rolesWith(['g-1', 'g-2', 'g-3', 'g-4']),
        [
          'Service Desk Team',
          { role: { id: '10003', name: 'Service Desk Team' }, actorGroupIds: [] },
        ],
      ]),
      groups: groupsOf('g-1', 'g-2', 'g-3'),
      ledger: [
        makeEntry(project, 'g-1', { ruleIds: ['r1', 'r2'] }),
        makeEntry(project, 'g-3', { ruleIds: ['r3', 'r4', 'gone'] }),
        makeEntry(project, 'g-4', { ruleIds: ['r5'] }),
      ],
    },
  ],
  [
    'a removal turned off in the settings',
    {
      rules: [],
      roles: rolesWith(['g-1']),
      ledger: [makeEntry(project, 'g-1', { ruleIds: [] })],
      settings: { removeUnwanted: false },
    },
  ],
  [
    'refused groups, kept by the app and removed from it',
    {
      rules: [makeRule({ id: 'r1', name: 'Customers', groupIds: ['g-adm', 'g-app', 'g-prod'] })],
      groups: admins,
      productAccess: new Map([['g-prod', ['Jira Service Management', 'Jira']]]),
      roles: rolesWith(['g-adm']),
      ledger: [makeEntry(project, 'g-adm')],
    },
  ],
  [
    'a refused group while removal is off',
    {
      rules: [makeRule({ id: 'r1', name: 'Customers', groupIds: ['g-adm'] })],
      groups: admins,
      settings: { removeUnwanted: false },
    },
  ],
  ['a project without the role', { roles: rolesWith(null) }],
  [
    'a team-managed project without its customer role',
    { project: makeProject({ style: 'next-gen' }), roles: rolesWith(null) },
  ],
  [
    'a deleted group, a disabled rule, an excluded project',
    {
      rules: [
        makeRule({ id: 'r1', name: 'Gone group', groupIds: ['g-1', 'g-gone'] }),
        makeRule({ id: 'r2', name: 'Off', enabled: false }),
        makeRule({ id: 'r3', name: 'Excludes', exclude: ['HELP'] }),
      ],
    },
  ],
  [
    'a rule naming another role',
    { rules: [makeRule({ id: 'r1', name: 'Agents', roleName: 'Administrators' })] },
  ],
  [
    'a project that is not a service project',
    {
      project: makeProject({ typeKey: 'software' }),
      rules: [makeRule({ id: 'r1', name: 'Keys', scope: { type: 'keys', keys: ['HELP'] } })],
    },
  ],
];

describe('a plan reason in English is word for word what the planner wrote', () => {
  it.each(scenarios)('%s', (_, input) => {
    const found = reasons(planProject(makeInput(input)));
    expect(found.length).toBeGreaterThan(0);
    for (const [server, page] of found) expect(page).toBe(server);
  });

  it("an applied preview's changes left out, and a group left as someone else's", () => {
    const action = (kind: 'add' | 'remove', groupId: string): PlanAction => ({
      kind,
      groupId,
      groupName: `Group ${groupId}`,
      ruleIds: ['r1'],
      reason: 'wanted',
    });
    const plan = (actions: PlanAction[]): ProjectPlan => ({
      projectId: '1',
      projectKey: 'ITHELP',
      projectName: 'IT Help Desk',
      roleId: ROLE.id,
      roleName: ROLE.name,
      actions,
      skips: [],
      unmanagedGroupIds: [],
    });
    const previewed = approvedChanges([
      plan([action('add', 'a'), action('add', 'b'), action('remove', 'c'), action('remove', 'd')]),
    ]);
    const inRole = (_: string, g: string) => g === 'a' || g === 'c';
    const out = restrictToApproved(
      [plan([action('add', 'new'), action('remove', 'old')])],
      previewed,
      inRole,
    );
    const kept = leftAsTheirs({
      group: 'Contoso',
      groupId: 'g-c',
      where: `${ROLE.name} of IT Help Desk (ITHELP)`,
      role: ROLE.name,
      projectName: 'IT Help Desk',
      ruleIds: ['r1'],
      projectKey: 'ITHELP',
      run: { id: 'run-1', startedBy: 'app', trigger: 'scheduled' } as never,
      why: 'It was there.',
    });
    out[0].skips.push(kept.skip);
    const found = reasons(out);
    expect(found).toHaveLength(7);
    for (const [server, page] of found) expect(page).toBe(server);
  });
});

it('in German, the reason is translated and the names are left as they are', () => {
  useWordsForTest({ locale: 'de-DE', catalogue: de });
  const [plan] = planProject(
    makeInput({ rules: [makeRule({ id: 'r1', name: 'Kunden EMEA' })], roles: rolesWith(null) }),
  );
  const [server, page] = reasons([plan])[0];
  expect(page).toBe(
    'HELP hat keine Rolle namens „Service Desk Customers“: Erstellen Sie sie, oder ändern Sie die Rolle von Regel „Kunden EMEA“.',
  );
  expect(page).not.toBe(server);
});

it('in Japanese, two rules are listed as the language lists them', () => {
  useWordsForTest({ locale: 'ja-JP', catalogue: ja });
  const [plan] = planProject(
    makeInput({ rules: [makeRule({ id: 'r1', name: 'A' }), makeRule({ id: 'r2', name: 'B' })] }),
  );
  expect(reasons([plan])[0][1]).toBe(
    'ルール「A」、「B」により、このグループは HELP のカスタマーになります。',
  );
});

describe("the routine check's period", () => {
  const whys: SweepPeriod[] = [
    { hours: 24, since: '', why: 'first' },
    { hours: 48, since: '', why: 'lengthened' },
    { hours: 6, since: '', why: 'missed', projectKey: 'HR' },
    { hours: 6, since: '', why: 'missed' },
    { hours: 6, since: '', why: 'log-unreadable' },
    { hours: 6, since: '', why: 'own-changes-missing' },
    { hours: 1, since: '', why: 'first' },
  ];
  it.each(whys)('in English is what the server says: %j', (p) => {
    const reason = periodReason(p);
    expect(periodSentence({ pinned: false, reason, ...p })).toBe(reason);
  });

  it('pinned in Settings, in English and in German', () => {
    const reason = 'Pinned in Settings: the routine check verifies every project every 12 hours.';
    const pinned = { pinned: true, reason, why: 'pinned' as const, hours: 12 };
    expect(periodSentence(pinned)).toBe(reason);
    useWordsForTest({ locale: 'de-DE', catalogue: de });
    expect(periodSentence(pinned)).toBe(
      'In den Einstellungen festgelegt: Die Routineprüfung überprüft jedes Projekt alle 12 Stunden.',
    );
  });
});

it('what changed since a preview reads as the re-check wrote it, for each kind of change', () => {
  const plan = (actions: PlanAction[]): ProjectPlan => ({
    projectId: '1',
    projectKey: 'HR',
    projectName: 'HR Services',
    roleId: ROLE.id,
    roleName: ROLE.name,
    actions,
    skips: [],
    unmanagedGroupIds: [],
  });
  const act = (kind: 'add' | 'remove', groupId: string, drift?: boolean): PlanAction => ({
    kind,
    groupId,
    groupName: `Group ${groupId}`,
    ruleIds: ['r1'],
    reason: '',
    ...(drift ? { drift } : {}),
  });
  const approved = approvedChanges([
    plan([act('add', 'a'), act('add', 'b'), act('remove', 'c'), act('remove', 'd')]),
  ]);
  const { differences } = compareWithPreview(
    { key: 'HR', name: 'HR Services' },
    approved,
    [plan([act('add', 'e'), act('add', 'f', true), act('remove', 'g')])],
    (_, g) => g === 'a' || g === 'd',
  );
  expect(differences).toHaveLength(7);
  for (const d of differences) expect(differenceSentence(d)).toBe(d.message);
});
