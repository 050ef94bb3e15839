// Applying a preview: fresh plans are cut down to the previewed changes; what changed since is
// a skip that says so, never an action. Re-checking it before the apply names each difference
// (group, role, project) and what Apply will do with it.
import {
  approvedChanges,
  onlyRuleActions,
  restrictToApproved,
} from '../../../src/domain/preview-apply';
import { compareWithPreview } from '../../../src/domain/preview-recheck';
import type { PlanAction, ProjectPlan } from '../../../src/domain/schemas';

const action = (kind: 'add' | 'remove', groupId: string, ruleIds = ['r-1']): PlanAction => ({
  kind,
  groupId,
  groupName: `Group ${groupId}`,
  ruleIds,
  reason: 'wanted',
});
const plan = (actions: PlanAction[]): ProjectPlan => ({
  projectId: '10001',
  projectKey: 'ITHELP',
  projectName: 'IT Help Desk',
  roleId: '10101',
  roleName: 'Service Desk Customers',
  actions,
  skips: [],
  unmanagedGroupIds: [],
});

it('keeps the previewed actions, and skips a new one the preview did not show', () => {
  const previewed = approvedChanges([plan([action('add', 'a')])]);
  const [out] = restrictToApproved(
    [plan([action('add', 'a'), action('add', 'b')])],
    previewed,
    () => false,
  );
  expect(out.actions.map((a) => a.groupId)).toEqual(['a']);
  // The row names the group; its id is only for hovering.
  expect(out.skips).toEqual([
    expect.objectContaining({ code: 'not-previewed', groupId: 'b', groupName: 'Group b' }),
  ]);
});

it.each([
  ['add', true, /Group a is already in Service Desk Customers now/],
  ['add', false, /Group a is no longer needed in Service Desk Customers/],
  ['remove', false, /Group a is already gone from Service Desk Customers now/],
  ['remove', true, /Group a is no longer to be removed from Service Desk Customers/],
] as const)(
  'a previewed %s Jira no longer needs (in role now: %s) is said, not made',
  (kind, inRole, words) => {
    const previewed = approvedChanges([plan([action(kind, 'a')])]);
    const [out] = restrictToApproved([plan([])], previewed, () => inRole);
    expect(out.actions).toEqual([]);
    expect(out.skips).toEqual([
      expect.objectContaining({
        code: 'changed-since-preview',
        groupName: 'Group a',
        reason: expect.stringMatching(words),
      }),
    ]);
  },
);

it('a one-rule preview keeps only the changes that rule wants', () => {
  const [out] = onlyRuleActions(
    [
      plan([
        action('add', 'a', ['r-1', 'r-2']),
        action('add', 'b', ['r-2']),
        action('remove', 'c', ['r-1']),
      ]),
    ],
    'r-1',
  );
  expect(out.actions.map((a) => `${a.kind} ${a.groupId}`)).toEqual(['add a', 'remove c']);
});

describe('compareWithPreview', () => {
  const ITHELP = { key: 'ITHELP', name: 'IT Help Desk' };

  it('counts the previewed changes Jira still needs, with no difference', () => {
    const previewed = approvedChanges([plan([action('add', 'a'), action('remove', 'b')])]);
    const fresh = [plan([action('add', 'a'), action('remove', 'b')])];
    expect(compareWithPreview(ITHELP, previewed, fresh, () => false)).toEqual({
      stillNeeded: 2,
      differences: [],
    });
  });

  it.each([
    [
      'add',
      true,
      'done',
      /^Group a is already in Service Desk Customers of IT Help Desk \(ITHELP\): it will not be added\.$/,
    ],
    [
      'add',
      false,
      'unneeded',
      /^Group a is no longer wanted in Service Desk Customers of IT Help Desk \(ITHELP\).*it will not be added\.$/,
    ],
    [
      'remove',
      false,
      'done',
      /^Group a is already gone from Service Desk Customers of IT Help Desk \(ITHELP\): nothing to remove\.$/,
    ],
    [
      'remove',
      true,
      'unneeded',
      /^Group a is wanted in Service Desk Customers of IT Help Desk \(ITHELP\) again.*it will be kept\.$/,
    ],
  ] as const)(
    'a previewed %s Jira no longer needs (in the role now: %s) is %s',
    (kind, inRole, change, words) => {
      const previewed = approvedChanges([plan([action(kind, 'a')])]);
      const r = compareWithPreview(ITHELP, previewed, [plan([])], () => inRole);
      expect(r.stillNeeded).toBe(0);
      expect(r.differences).toEqual([
        expect.objectContaining({
          kind,
          groupId: 'a',
          groupName: 'Group a',
          change,
          message: expect.stringMatching(words),
        }),
      ]);
    },
  );

  it('names a change needed now that the preview did not show, and says Apply leaves it out', () => {
    const fresh = [plan([{ ...action('add', 'b'), drift: true }, action('remove', 'c')])];
    const r = compareWithPreview(ITHELP, [], fresh, () => false);
    expect(r.differences.map((d) => [d.change, d.kind, d.message])).toEqual([
      [
        'new',
        'add',
        'Group b is now missing from Service Desk Customers of IT Help Desk (ITHELP) (someone ' +
          'removed it since the app added it); the preview did not show adding it, so Apply leaves ' +
          'it out. Preview again to include it.',
      ],
      [
        'new',
        'remove',
        'Group c is now to be removed from Service Desk Customers of IT Help Desk (ITHELP); the ' +
          'preview did not show it, so Apply leaves it out. Preview again to include it.',
      ],
    ]);
  });

  it("a one-rule preview: other rules' changes were never shown, so they are not differences", () => {
    const fresh = [plan([action('add', 'b', ['r-other']), action('add', 'c', ['r-1', 'r-other'])])];
    const r = compareWithPreview(ITHELP, [], fresh, () => false, 'r-1');
    expect(r.differences.map((d) => d.groupId)).toEqual(['c']);
  });
});
