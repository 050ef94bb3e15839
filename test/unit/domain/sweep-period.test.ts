// The sweep's period follows its evidence: one step longer after a whole cycle in which Jira's
// audit log showed the app's own changes and the sweep found nothing the signals missed; back to
// 6 hours at the first miss or when the log cannot be trusted; pinned by an admin if they wish.
import {
  nextSweepPeriod,
  periodInForce,
  periodReason,
  type SweepPeriod,
} from '../../../src/domain/sweep-period';

const hour = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);
const iso = (h: number) => hour(h).toISOString();
const trusted = { readable: true };

describe('nextSweepPeriod', () => {
  it('lengthens one step per clean cycle, from 1 day up to 7 days, and no further', () => {
    let p = nextSweepPeriod(undefined, { now: hour(0), audit: trusted });
    expect(p).toMatchObject({ hours: 24, why: 'first' });
    const seen: number[] = [];
    let t = 0;
    for (let n = 0; n < 5; n++) {
      const began = iso(t);
      t += p.hours;
      p = nextSweepPeriod(p, { now: hour(t), audit: trusted, cycleCompletedFrom: began });
      seen.push(p.hours);
    }
    expect(seen).toEqual([48, 96, 168, 168, 168]);
    expect(p.why).toBe('lengthened');
  });

  it('does not lengthen on a cycle that began before the period took its value', () => {
    const p: SweepPeriod = { hours: 12, since: iso(10), why: 'missed', projectKey: 'P1' };
    expect(nextSweepPeriod(p, { now: hour(14), cycleCompletedFrom: iso(2) })).toBe(p);
    expect(nextSweepPeriod(p, { now: hour(22), cycleCompletedFrom: iso(10) })).toMatchObject({
      hours: 24,
      why: 'lengthened',
    });
  });

  it('returns to 6 hours at the first miss, and says where', () => {
    const p: SweepPeriod = { hours: 168, since: iso(0), why: 'lengthened' };
    const miss = { at: iso(30), projectKey: 'ITHELP', runId: 'r1' };
    const reset = nextSweepPeriod(p, { now: hour(31), audit: trusted, miss });
    expect(reset).toEqual({ hours: 6, since: iso(31), why: 'missed', projectKey: 'ITHELP' });
    expect(periodReason(reset)).toBe(
      'The routine check went back to verifying every project every 6 hours: it found a change ' +
        'in ITHELP that the app had not noticed; it lengthens again after a whole cycle in which ' +
        'the log shows the app’s own changes and the routine check finds no change the app had ' +
        'not noticed.',
    );
    // The same miss does not reset it again; a clean cycle after it lengthens it.
    expect(nextSweepPeriod(reset, { now: hour(32), miss })).toBe(reset);
    expect(
      nextSweepPeriod(reset, { now: hour(37), miss, cycleCompletedFrom: iso(31) }),
    ).toMatchObject({ hours: 12 });
  });

  it('returns to 6 hours while the audit log cannot be read or does not show the app', () => {
    const p: SweepPeriod = { hours: 96, since: iso(0), why: 'lengthened' };
    expect(nextSweepPeriod(p, { now: hour(5), audit: { readable: false } })).toMatchObject({
      hours: 6,
      why: 'log-unreadable',
    });
    const missing = { readable: true, ownChangesMissing: { writtenAt: iso(3), checkedAt: iso(4) } };
    const reset = nextSweepPeriod(p, { now: hour(5), audit: missing });
    expect(reset).toMatchObject({ hours: 6, why: 'own-changes-missing' });
    // No lengthening while it lasts, however many cycles complete.
    expect(
      nextSweepPeriod(reset, { now: hour(20), audit: missing, cycleCompletedFrom: iso(6) }),
    ).toBe(reset);
  });
});

describe('periodInForce', () => {
  const adaptive: SweepPeriod = { hours: 96, since: iso(0), why: 'lengthened' };
  it('is the adaptive period unless an admin pinned one', () => {
    expect(periodInForce({ sweepPinned: false, sweepHours: 12 }, adaptive, trusted)).toBe(96);
    expect(periodInForce({ sweepPinned: true, sweepHours: 12 }, adaptive, trusted)).toBe(12);
  });
  it('a pinned period is at most 6 hours while the log is not trusted', () => {
    expect(
      periodInForce({ sweepPinned: true, sweepHours: 48 }, adaptive, { readable: false }),
    ).toBe(6);
  });
});
