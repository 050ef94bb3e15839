// The project page words the server's codes in the viewer's language: in English it says word for
// word what the server's English says (the planner's reasons, the refusals), and in German it
// says it in German, with moments in the viewer's time zone.
import de from '../../../locales/de-DE.json';
import type { GroupStateWhy, ProjectGroupState } from '../../../src/domain/answers';
import { productsGrantedBy } from '../../../src/domain/guard-rails';
import type { PlanInput } from '../../../src/domain/planner';
import { planProject } from '../../../src/domain/planner';
import type { Group } from '../../../src/domain/schemas';
import { skipWhy } from '../../../src/enforce/views/project-status';
import { groupStateReason } from '../../../static/project/src/format';
import { partCountsSentence } from '../../../static/project/src/run-words';
import { errorSentence } from '../../../static/shared/error-words';
import { useWordsForTest } from '../../../static/shared/i18n';
import { runCountsSentence } from '../../../static/shared/run-counts';
import {
  groupsOf,
  makeEntry,
  makeInput,
  makeProject,
  makeRule,
  rolesWith,
} from '../domain/fixtures';

beforeEach(() => useWordsForTest({}));

/** The one group's state as the project status answers it, from a real plan. */
function stateOf(input: PlanInput, groupId = 'g-1'): ProjectGroupState {
  const plans = planProject(input);
  const add = plans.flatMap((p) => p.actions).find((a) => a.groupId === groupId);
  const ruleIds = input.rules.filter((r) => r.groupIds.includes(groupId)).map((r) => r.id);
  if (add) {
    const why: GroupStateWhy = { code: 'wanted', ruleIds: add.ruleIds, drift: add.drift };
    return { groupId, ruleIds, state: 'missing', reason: add.reason, why };
  }
  const plan = plans.find((p) => p.skips.length)!;
  const skip = plan.skips[0];
  const why = skipWhy(plan, skip, {
    project: input.project,
    rules: [...input.rules],
    groups: input.groups,
    productAccess: input.productAccess ?? new Map(),
    settings: { ...input.settings } as never,
  });
  return {
    groupId,
    groupName: input.groups.get(groupId)?.name,
    ruleIds,
    state: 'skipped',
    reason: skip.reason,
    why,
  };
}

const statusOf = (input: PlanInput) => ({
  project: { key: input.project.key, name: input.project.name, style: input.project.style },
  roleName: 'Service Desk Customers',
  rules: input.rules.map((r) => ({ id: r.id, name: r.name, enabled: r.enabled })),
});

const named = (name: string, over: Partial<Group> = {}) =>
  new Map([['g-1', { groupId: 'g-1', name, managedBy: 'EXTERNAL' as const, ...over }]]);

const APP_ROLES = [
  { name: 'Jira Service Management', groupIds: ['g-1'], defaultGroupIds: [] as string[] },
];

const CASES: [string, PlanInput][] = [
  ['a rule wants it', makeInput({ rules: [makeRule({ id: 'r1', name: 'Customers' })] })],
  [
    'two rules want it',
    makeInput({ rules: [makeRule({ id: 'r1', name: 'A' }), makeRule({ id: 'r2', name: 'B' })] }),
  ],
  [
    'someone removed what the app added',
    makeInput({ ledger: [makeEntry(makeProject(), 'g-1')], roles: rolesWith([]) }),
  ],
  ['the group is gone', makeInput({ groups: groupsOf('g-2') })],
  ['the role is missing', makeInput({ roles: rolesWith(null) })],
  [
    'a team-managed project lists no customer role',
    makeInput({ project: makeProject({ style: 'next-gen' }), roles: rolesWith(null) }),
  ],
  ['an administration group', makeInput({ groups: named('jira-administrators') })],
  [
    'a group that grants a product, removal off',
    makeInput({
      groups: named('Fabrikam Customers'),
      settings: { removeUnwanted: false },
      productAccess: new Map([['g-1', productsGrantedBy('g-1', APP_ROLES)]]),
    }),
  ],
];

describe.each(CASES)('why a group is not in the role: %s', (_, input) => {
  it('reads in English as the server words it, and in German in German', () => {
    const state = stateOf(input);
    expect(state.why).toBeDefined();
    const english = groupStateReason(state, statusOf(input));
    expect(english).toBe(state.reason);

    useWordsForTest({ locale: 'de-DE', catalogue: de });
    const german = groupStateReason(state, statusOf(input))!;
    expect(german).not.toBe(state.reason);
    expect(german).toMatch(/Regel|Rolle|Gruppe|Kunden/);
  });
});

describe('a refusal the server names', () => {
  const words = {
    id: 'project-run-too-soon' as const,
    values: { project: 'ITHELP', interval: 10, at: '2026-12-06T13:00:00.000Z', minutes: 1 },
  };

  it('reads in the viewer’s language and time zone, not in UTC', () => {
    useWordsForTest({ locale: 'de-DE', timeZone: 'Europe/Berlin', catalogue: de });
    expect(errorSentence('ITHELP was run less than 10 minutes ago.', words)).toBe(
      'ITHELP wurde vor weniger als 10 Minuten ausgeführt. Sie können es um 14:00 erneut ' +
        'versuchen (in 1 Minute); bis dahin deckt die stündliche Durchsetzung das Projekt ab.',
    );
  });

  it('reads in English as the server said it, with the time in the viewer’s zone', () => {
    useWordsForTest({ locale: 'en-US', timeZone: 'UTC' });
    expect(errorSentence('(English from the server)', words)).toBe(
      'ITHELP was run less than 10 minutes ago. You can ask again at 1:00 PM (in 1 minute); ' +
        'the hourly enforcement covers the project meanwhile.',
    );
  });

  it('keeps the server’s English when the page has no words for it', () => {
    useWordsForTest({ locale: 'de-DE', catalogue: de });
    expect(errorSentence('Rule r-1 no longer exists.', undefined)).toBe(
      'Rule r-1 no longer exists.',
    );
  });
});

it('counts read in the viewer’s language and grammar', () => {
  const counts = { adds: 1, removals: 0, skips: 0, errors: 2, drift: 0 };
  expect(partCountsSentence({ counts })).toBe('1 group added, 0 removed, 2 changes failed.');
  expect(runCountsSentence({ counts: { ...counts, errors: 0, adds: 0 }, dryRun: true })).toBe(
    '0 groups to add, 0 to remove (nothing would be changed).',
  );
  useWordsForTest({ locale: 'de-DE', catalogue: de });
  expect(partCountsSentence({ counts })).toBe(
    '1 Gruppe hinzugefügt, 0 entfernt, 2 Änderungen fehlgeschlagen.',
  );
});
