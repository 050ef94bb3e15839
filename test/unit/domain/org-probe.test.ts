// When an hourly run may leave an organization alone: same rules (versions), same groups, same
// removal setting, no audit-log hint since the last sync began, a sync younger than the sweep
// period, and (after counting) the same member count per group.
import {
  countsChanged,
  type OrgNow,
  type OrgSyncStamp,
  syncDueBeforeCount,
} from '../../../src/domain/org-probe';

const AT = '2026-03-02T10:00:00.000Z';
const stamp: OrgSyncStamp = {
  rules: { r1: 3 },
  groups: { g1: 120, g2: 4 },
  removeUnwanted: true,
  at: AT,
  runId: 'run-1',
};
const now: OrgNow = {
  rules: { r1: 3 },
  groupIds: ['g1', 'g2'],
  removeUnwanted: true,
  hints: {},
  now: new Date('2026-03-02T15:00:00.000Z'),
  sweepHours: 24,
};

describe('syncDueBeforeCount', () => {
  it('asks only for the counts when nothing it can see changed', () => {
    expect(syncDueBeforeCount(stamp, now)).toBeUndefined();
  });

  it('syncs an organization never synced in full', () => {
    expect(syncDueBeforeCount(undefined, now)).toBe('not-synced-before');
  });

  it('syncs after a rule edit, a rule added or gone, or a group added or refused', () => {
    expect(syncDueBeforeCount(stamp, { ...now, rules: { r1: 4 } })).toBe('rule-changed');
    expect(syncDueBeforeCount(stamp, { ...now, rules: { r1: 3, r2: 1 } })).toBe('rule-changed');
    expect(syncDueBeforeCount(stamp, { ...now, rules: {} })).toBe('rule-changed');
    expect(syncDueBeforeCount(stamp, { ...now, groupIds: ['g1'] })).toBe('rule-changed');
    expect(syncDueBeforeCount(stamp, { ...now, groupIds: ['g1', 'g3'] })).toBe('rule-changed');
  });

  it('syncs when the removal setting changed', () => {
    expect(syncDueBeforeCount(stamp, { ...now, removeUnwanted: false })).toBe('setting-changed');
  });

  it('syncs on a hint made since the sync began, not on an older one', () => {
    expect(syncDueBeforeCount(stamp, { ...now, hints: { g2: '2026-03-02T10:00:01.000Z' } })).toBe(
      'group-changed',
    );
    expect(syncDueBeforeCount(stamp, { ...now, hints: { g2: AT } })).toBe('group-changed');
    expect(
      syncDueBeforeCount(stamp, { ...now, hints: { g2: '2026-03-02T09:59:59.000Z' } }),
    ).toBeUndefined();
    expect(
      syncDueBeforeCount(stamp, { ...now, hints: { other: '2026-03-02T11:00:00.000Z' } }),
    ).toBe(undefined);
  });

  it('syncs once the last sync is as old as the sweep period', () => {
    const day = new Date(Date.parse(AT) + 24 * 3_600_000);
    expect(syncDueBeforeCount(stamp, { ...now, now: day })).toBe('sweep');
    expect(syncDueBeforeCount(stamp, { ...now, now: new Date(day.getTime() - 1) })).toBeUndefined();
    expect(syncDueBeforeCount(stamp, { ...now, sweepHours: 5 })).toBe('sweep');
  });
});

describe('countsChanged', () => {
  it('is false only when every group has the count it had', () => {
    expect(countsChanged(stamp, { g1: 120, g2: 4 })).toBe(false);
    expect(countsChanged(stamp, { g1: 121, g2: 4 })).toBe(true);
    expect(countsChanged(stamp, { g1: 120 })).toBe(true);
  });
});
