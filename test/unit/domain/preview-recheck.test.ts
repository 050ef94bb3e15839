// Re-checking a preview: what differs between the preview's changes and a fresh plan, in words
// that name group, role and project, and what Apply will do with it.
import { approvedChanges } from '../../../src/domain/preview-apply';
import { compareWithPreview } from '../../../src/domain/preview-recheck';
import type { PlanAction, ProjectPlan } from '../../../src/domain/schemas';

const ITHELP = { key: 'ITHELP', name: 'IT Help Desk' };
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

it('names a change needed now that the preview did not show, and says Apply skips it', () => {
  const fresh = [plan([{ ...action('add', 'b'), drift: true }, action('remove', 'c')])];
  const r = compareWithPreview(ITHELP, [], fresh, () => false);
  expect(r.differences.map((d) => [d.change, d.kind, d.message])).toEqual([
    [
      'new',
      'add',
      'Group b is now missing from Service Desk Customers of IT Help Desk (ITHELP) (someone ' +
        'removed it since the app added it); the preview did not show adding it, so Apply skips ' +
        'it. Preview again to include it.',
    ],
    [
      'new',
      'remove',
      'Group c is now to be removed from Service Desk Customers of IT Help Desk (ITHELP); the ' +
        'preview did not show it, so Apply skips it. Preview again to include it.',
    ],
  ]);
});

it("a one-rule preview: other rules' changes were never shown, so they are not differences", () => {
  const fresh = [plan([action('add', 'b', ['r-other']), action('add', 'c', ['r-1', 'r-other'])])];
  const r = compareWithPreview(ITHELP, [], fresh, () => false, 'r-1');
  expect(r.differences.map((d) => d.groupId)).toEqual(['c']);
});
