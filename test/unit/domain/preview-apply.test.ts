// Applying a preview: fresh plans are cut down to the previewed changes; what changed since is
// a skip that says so, never an action.
import {
  approvedChanges,
  onlyRuleActions,
  restrictToApproved,
} from '../../../src/domain/preview-apply';
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
  expect(out.skips).toEqual([expect.objectContaining({ code: 'not-previewed', groupId: 'b' })]);
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
