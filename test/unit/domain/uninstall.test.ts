// "Prepare to uninstall", judged: what the removal run left in Jira is named with the run's own
// error there, and it is safe to uninstall only once the run ended with nothing left or
// uncounted. The page's list of what the app added goes by project and rule.
import type { BindingRemoval, OrgMemberRemoval } from '../../../src/domain/removal-impact';
import type { ActionResult } from '../../../src/domain/schemas';
import { isSafeToUninstall, leftBehind } from '../../../src/domain/uninstall';
import { addedRows } from '../../../static/admin/src/views/settings/uninstall-words';

const binding = (projectKey: string, groupId: string, ruleIds = ['r1']): BindingRemoval => ({
  projectKey,
  projectName: `${projectKey} desk`,
  groupId,
  groupName: `Group ${groupId}`,
  roleName: 'Service Desk Customers',
  ruleIds,
});
const member = (accountId: string): OrgMemberRemoval => ({
  organizationId: 'o1',
  organizationName: 'Acme',
  accountId,
  ruleIds: ['r2'],
});
const failed = (over: Partial<ActionResult>): ActionResult => ({
  projectKey: '',
  kind: 'remove',
  ok: false,
  at: '2026-12-01T00:00:00.000Z',
  ...over,
});

test("what is left carries the run's error where it failed, and says so where it did not try", () => {
  const left = leftBehind(
    { bindings: [binding('FAC', 'g1'), binding('HR', 'g2')], orgMembers: [member('a')] },
    [
      failed({ projectKey: 'FAC', groupId: 'g1', error: 'Jira refused (403).' }),
      failed({ kind: 'org-remove', organizationId: 'o1', error: 'JSM did not answer.' }),
    ],
  );
  expect(left.map((l) => [l.kind, l.why])).toEqual([
    ['binding', 'Jira refused (403).'],
    ['binding', undefined],
    ['org-member', 'JSM did not answer.'],
  ]);
});

test('safe only once prepared, the removal run ended, and nothing is left or uncounted', () => {
  const done = {
    prepared: { at: 't', by: 'admin', runId: 'run-1' },
    running: false,
    left: [],
    notCounted: [],
  };
  expect(isSafeToUninstall(done)).toBe(true);
  expect(isSafeToUninstall({ ...done, prepared: undefined })).toBe(false);
  expect(isSafeToUninstall({ ...done, prepared: { at: 't', by: 'admin' } })).toBe(false);
  expect(isSafeToUninstall({ ...done, running: true })).toBe(false);
  expect(isSafeToUninstall({ ...done, notCounted: ['Acme'] })).toBe(false);
  expect(
    isSafeToUninstall({
      ...done,
      left: leftBehind({ bindings: [binding('FAC', 'g1')], orgMembers: [] }, []),
    }),
  ).toBe(false);
});

test('what the app added, by project and rule, then by organization', () => {
  const names = new Map([
    ['r1', 'Help desks'],
    ['r2', 'Acme org'],
  ]);
  expect(
    addedRows(
      [binding('FAC', 'g1'), binding('FAC', 'g2'), binding('HR', 'g1', ['r1', 'gone'])],
      [member('a'), member('b')],
      names,
    ),
  ).toEqual([
    { where: 'FAC desk', whereId: 'FAC', what: 'Group g1, Group g2', rules: 'Help desks' },
    { where: 'HR desk', whereId: 'HR', what: 'Group g1', rules: 'Help desks, a deleted rule' },
    { where: 'Acme', whereId: 'o1', what: '2 organization members', rules: 'Acme org' },
  ]);
});
