// The organization planner: adds what the groups want, removes only what the app added, forgets
// ledger entries of members who left by other means, never touches manual members.
import { batches, type OrgLedgerEntry, planOrganization } from '../../../src/domain/org-plan';

const owned = (accountId: string, ruleIds = ['r1']): OrgLedgerEntry => ({
  organizationId: '7',
  accountId,
  ruleIds,
  addedAt: '2026-03-01T00:00:00.000Z',
  runId: 'run-1',
});

const plan = (o: {
  wanted?: Record<string, string[]>;
  members?: string[];
  ledger?: OrgLedgerEntry[];
  removeUnwanted?: boolean;
  organizationId?: string;
}) =>
  planOrganization({
    organizationId: 'organizationId' in o ? o.organizationId : '7',
    organizationName: 'Contoso Ltd',
    wanted: new Map(Object.entries(o.wanted ?? {})),
    members: new Set(o.members ?? []),
    ledger: o.ledger ?? [],
    removeUnwanted: o.removeUnwanted ?? true,
  });

describe('planOrganization', () => {
  it('adds wanted accounts that are not members, with the rules that want them', () => {
    const p = plan({ wanted: { a: ['r1'], b: ['r1', 'r2'] }, members: ['a'] });
    expect(p.actions).toEqual([{ kind: 'add', accountId: 'b', ruleIds: ['r1', 'r2'] }]);
    expect(p.create).toBeUndefined();
  });

  it('removes a member the app added once no group holds them, and keeps manual members', () => {
    const p = plan({ wanted: {}, members: ['gone', 'manual'], ledger: [owned('gone')] });
    expect(p.actions).toEqual([{ kind: 'remove', accountId: 'gone', ruleIds: ['r1'] }]);
    expect(p.manualMembers).toBe(1);
  });

  it('keeps them when removal is turned off, and says how many', () => {
    const p = plan({ members: ['gone'], ledger: [owned('gone')], removeUnwanted: false });
    expect(p.actions).toEqual([]);
    expect(p.keptByRemovalSetting).toBe(1);
  });

  it('adds back, as drift, a member the app added whom someone removed', () => {
    const p = plan({ wanted: { a: ['r1'] }, ledger: [owned('a')] });
    expect(p.actions).toEqual([{ kind: 'add', accountId: 'a', ruleIds: ['r1'], drift: true }]);
  });

  it('forgets ledger entries of members no longer in the organization and no longer wanted', () => {
    const p = plan({ ledger: [owned('left')] });
    expect(p.actions).toEqual([]);
    expect(p.forget).toEqual(['left']);
  });

  it('never takes over a wanted member someone added by hand', () => {
    const p = plan({ wanted: { a: ['r1'] }, members: ['a'] });
    expect(p.actions).toEqual([]);
    expect(p.manualMembers).toBe(0);
  });

  describe('pending entries (the app tried to add; Jira never confirmed it)', () => {
    const pending = (accountId: string, ruleIds = ['r1']) => ({
      ...owned(accountId, ruleIds),
      pending: true,
    });

    it("a member present now is a person's: the entry goes, the member is never removed", () => {
      const p = plan({ wanted: {}, members: ['a'], ledger: [pending('a')] });
      expect(p.actions).toEqual([]);
      expect(p.unproven).toEqual(['a']);
      expect(p.manualMembers).toBe(1);
      expect(p.keptByRemovalSetting).toBe(0);
    });

    it('a wanted member present now is not claimed, and not added again', () => {
      const p = plan({ wanted: { a: ['r1'] }, members: ['a'], ledger: [pending('a')] });
      expect(p.actions).toEqual([]);
      expect(p.unproven).toEqual(['a']);
    });

    it('a member absent now: added again when wanted (not as drift: the app never proved it added them), else forgotten', () => {
      const p = plan({ wanted: { a: ['r1'] }, members: [], ledger: [pending('a'), pending('b')] });
      expect(p.actions).toEqual([{ kind: 'add', accountId: 'a', ruleIds: ['r1'] }]);
      expect(p.forget).toEqual(['b']);
      expect(p.unproven).toEqual([]);
    });
  });

  it('plans the creation of an organization that does not exist yet', () => {
    const p = plan({ organizationId: undefined, wanted: { a: ['r1'] } });
    expect(p.create).toBe(true);
    expect(p.actions).toHaveLength(1);
  });
});

test('batches split into chunks of at most the size', () => {
  expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  expect(batches([], 50)).toEqual([]);
});
