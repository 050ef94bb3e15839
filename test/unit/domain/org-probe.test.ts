// When an hourly run may leave an organization alone: same rules (versions), same groups, same
// removal setting, no audit-log hint since the last sync began, a sync younger than four periods
// of the routine check, and (after counting) the same member count per group and in the
// organization; and how a few one-call counts find the organization's count after people's adds.
import {
  countAnswer,
  countsChanged,
  countSearch,
  countStart,
  FULL_READ_PERIODS,
  narrow,
  nextGuess,
  type OrgCount,
  type OrgNow,
  type OrgSyncStamp,
  syncDueBeforeCount,
} from '../../../src/domain/org-probe';

const AT = '2026-03-02T10:00:00.000Z';
const stamp: OrgSyncStamp = {
  rules: { r1: 3 },
  groups: { g1: 120, g2: 4 },
  removeUnwanted: true,
  members: 300,
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

  it('reads in full once the last sync is four periods of the routine check old, not one', () => {
    expect(FULL_READ_PERIODS).toBe(4);
    const after = (hours: number) => new Date(Date.parse(AT) + hours * 3_600_000);
    expect(syncDueBeforeCount(stamp, { ...now, now: after(24) })).toBeUndefined();
    expect(syncDueBeforeCount(stamp, { ...now, now: after(96) })).toBe('sweep');
    expect(
      syncDueBeforeCount(stamp, { ...now, now: new Date(after(96).getTime() - 1) }),
    ).toBeUndefined();
    // 5 hours after the sync: due at a 1-hour period (4 hours), not at 2 hours (8).
    expect(syncDueBeforeCount(stamp, { ...now, sweepHours: 1 })).toBe('sweep');
    expect(syncDueBeforeCount(stamp, { ...now, sweepHours: 2 })).toBeUndefined();
    // 7 days: 28 days.
    const week = { ...now, sweepHours: 168 };
    expect(syncDueBeforeCount(stamp, { ...week, now: after(168) })).toBeUndefined();
    expect(syncDueBeforeCount(stamp, { ...week, now: after(4 * 168) })).toBe('sweep');
  });

  it("reads a stamp without the organization's count in full once per period, as before", () => {
    const { members: _, ...old } = stamp;
    const after = (hours: number) => new Date(Date.parse(AT) + hours * 3_600_000);
    expect(syncDueBeforeCount(old, { ...now, now: after(23) })).toBeUndefined();
    expect(syncDueBeforeCount(old, { ...now, now: after(24) })).toBe('sweep');
  });
});

describe('countsChanged', () => {
  it('is false only when every group has the count it had', () => {
    expect(countsChanged(stamp, { g1: 120, g2: 4 })).toBe(false);
    expect(countsChanged(stamp, { g1: 121, g2: 4 })).toBe(true);
    expect(countsChanged(stamp, { g1: 120 })).toBe(true);
  });
});

/** One member read from countStart(n) of an organization that has `actual` members. */
function counted(actual: number, n: number): OrgCount {
  const start = countStart(n);
  return countAnswer(n, { present: start < actual, isLast: start + 1 >= actual });
}

describe("the organization's one-call count", () => {
  it("reads the stamped count's last member: fewer, the same or more", () => {
    expect(countStart(2000)).toBe(1999);
    expect(counted(2000, 2000)).toBe('same');
    expect(counted(1999, 2000)).toBe('fewer');
    expect(counted(0, 2000)).toBe('fewer');
    expect(counted(2001, 2000)).toBe('more');
    expect(counted(5000, 2000)).toBe('more');
  });

  it('an empty organization: its first member says whether anyone was added', () => {
    expect(countStart(0)).toBe(0);
    expect(counted(0, 0)).toBe('same');
    expect(counted(1, 0)).toBe('more');
    expect(counted(40, 0)).toBe('more');
  });
});

/** Runs the search as the sync does against an organization of `actual` members. */
function search(from: number, actual: number | ((call: number) => number)) {
  let s = countSearch(from);
  let calls = 0;
  for (;;) {
    const next = nextGuess(s);
    if (next === 'shrank') return { shrank: true, calls };
    if ('found' in next) return { found: next.found, calls };
    const size = typeof actual === 'number' ? actual : actual(calls);
    calls++;
    s = narrow(s, next.guess, counted(size, next.guess));
  }
}

describe('the search for the count after people added members', () => {
  it('finds one more with one call, and any count with about twice log2 of what was added', () => {
    expect(search(2000, 2001)).toEqual({ found: 2001, calls: 1 });
    expect(search(0, 1)).toEqual({ found: 1, calls: 1 });
    for (const added of [2, 3, 7, 64, 100, 1000, 30_000]) {
      const { found, calls } = search(2000, 2000 + added);
      expect(found).toBe(2000 + added);
      expect(calls).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(added + 1)) + 1);
    }
  });

  it('says the organization shrank when a count falls below what an earlier one proved', () => {
    // The first count said more than 2,000; someone removed members since: not more than 2,000.
    expect(search(2000, 2000)).toEqual({ shrank: true, calls: 1 });
    // More than 2,001, then than 2,003 (at least 2,004); then fewer than 2,007 and than 2,005:
    // 2,004, with no call left to say otherwise. A count too high, which the next hour's count
    // finds fewer: a full sync, as a removal wants.
    const shrinking = (call: number) => (call < 2 ? 2010 : 2000);
    expect(search(2000, shrinking)).toEqual({ found: 2004, calls: 4 });
  });
});
