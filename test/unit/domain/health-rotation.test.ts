// Which of Health's kept reads to make again, pure: the project schemes' rotation and signals,
// the member read's probe, and what an audit record names.
import {
  addHealthHints,
  memberCountsMoved,
  membersReadDue,
  noHints,
  SCHEME_ROTATION_DAYS,
  type SchemeOf,
  schemeReadsDue,
  schemeReadsText,
} from '../../../src/domain/health-rotation';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-05-01T12:00:00Z');
const keys = (n: number) => Array.from({ length: n }, (_, i) => `P${i}`);
const allReadAt = (ks: string[], at: number) =>
  new Map<string, SchemeOf>(ks.map((k) => [k, ['1', at]]));

describe('project schemes to read', () => {
  it('reads new projects and the ones signals name, nothing more right after a computation', () => {
    const ks = keys(100);
    const known = allReadAt(ks.slice(0, 90), NOW - HOUR);
    const due = schemeReadsDue({
      keys: ks,
      known,
      named: new Set(['P3']),
      elapsedMs: 60_000,
      now: NOW,
    });
    expect(due.keys).toEqual(['P3', ...ks.slice(90)]);
    expect(due).toMatchObject({ unread: 10, named: 1, rotation: 0 });
  });

  it('reads everything when the signals were cut short', () => {
    const ks = keys(5);
    const due = schemeReadsDue({
      keys: ks,
      known: allReadAt(ks, NOW),
      named: 'all',
      elapsedMs: 0,
      now: NOW,
    });
    expect(due.keys).toEqual(ks);
  });

  it("takes the rotation's share of the time passed, oldest first", () => {
    const ks = keys(1600);
    const known = new Map<string, SchemeOf>(ks.map((k, i) => [k, ['1', NOW - 24 * HOUR - i]]));
    const due = schemeReadsDue({
      keys: ks,
      known,
      named: new Set(),
      elapsedMs: 6 * HOUR,
      now: NOW,
    });
    const share = Math.round((1600 * 6) / (SCHEME_ROTATION_DAYS * 24 - 6));
    expect(due.rotation).toBe(share);
    // The oldest reads are the last keys (read longest ago).
    expect(due.keys).toEqual(ks.slice(1600 - share));
  });

  it('takes every read that would pass the period before the next computation', () => {
    const ks = keys(3);
    const known = allReadAt(ks, NOW - (SCHEME_ROTATION_DAYS * 24 - 5) * HOUR);
    const due = schemeReadsDue({ keys: ks, known, named: new Set(), elapsedMs: 0, now: NOW });
    expect(due.keys).toEqual(ks);
  });

  it('says when the kept reads were made, and that an unreadable log leaves the rotation alone', () => {
    const text = schemeReadsText({
      unread: 0,
      named: 2,
      rotation: 5,
      grantsRead: 0,
      oldest: '2026-04-28T09:15:00.000Z',
      rotationDays: 7,
      signalsUnreadable: '403: Forbidden',
    });
    expect(text).toContain('7 projects read now (2 named by the audit log, 5 in rotation)');
    expect(text).toContain('the others kept from 2026-04-28 09:15 UTC on');
    expect(text).toContain('within 7 days');
    expect(text).toContain('The audit log could not be read (403: Forbidden)');
  });
});

describe('the member read', () => {
  const kept = {
    fingerprint: 'c|a',
    readAt: new Date(NOW - HOUR).toISOString(),
    counts: { c: 3, a: 2 },
  };
  const cur = {
    fingerprint: 'c|a',
    groupIds: ['c', 'a'],
    hints: {},
    now: NOW,
    maxAgeMs: 24 * HOUR,
  };

  it('is reused only while nothing says a group moved', () => {
    expect(membersReadDue(kept, cur)).toBeUndefined();
    expect(membersReadDue(undefined, cur)).toBe('not-read-before');
    expect(membersReadDue({ ...kept, counts: undefined }, cur)).toBe('not-read-before');
    expect(membersReadDue(kept, { ...cur, fingerprint: 'c|a,b' })).toBe('groups-changed');
    expect(
      membersReadDue(kept, { ...cur, hints: { a: new Date(NOW - 60_000).toISOString() } }),
    ).toBe('audit-hint');
    // A record older than the read was seen by it.
    expect(
      membersReadDue(kept, { ...cur, hints: { a: new Date(NOW - 2 * HOUR).toISOString() } }),
    ).toBeUndefined();
    expect(membersReadDue(kept, { ...cur, now: NOW + 24 * HOUR })).toBe('period-old');
  });

  it('is read again when a count moved', () => {
    expect(memberCountsMoved({ c: 3, a: 2 }, { c: 3, a: 2 })).toBe(false);
    expect(memberCountsMoved({ c: 3, a: 2 }, { c: 3, a: 3 })).toBe(true);
    expect(memberCountsMoved({ c: 3 }, { c: 3, a: 0 })).toBe(true);
  });
});

describe('what an audit record names', () => {
  const at = '2026-05-01T11:00:00.000Z';
  it('a project created or updated, a group changed, a permission scheme changed', () => {
    const h = noHints();
    addHealthHints(h, { created: at, objectItem: { id: '10001', typeName: 'PROJECT' } }, at);
    addHealthHints(
      h,
      {
        created: at,
        objectItem: { id: 'g1', typeName: 'GROUP' },
        associatedItems: [{ id: 'u1', typeName: 'USER' }],
      },
      at,
    );
    addHealthHints(
      h,
      {
        created: at,
        objectItem: { id: '10000', typeName: 'PERMISSION_SCHEME' },
        associatedItems: [{ id: '10002', typeName: 'PROJECT' }],
      },
      at,
    );
    expect(h.projectIds).toEqual(new Set(['10001', '10002']));
    expect(h.groups).toEqual({ g1: at });
    expect(h.schemeIds).toEqual(new Set(['10000']));
  });

  it('a role change names nothing: it moves no scheme', () => {
    const h = noHints();
    addHealthHints(
      h,
      {
        created: at,
        objectItem: { id: '10101', typeName: 'PROJECT_ROLE' },
        associatedItems: [{ id: '10001', typeName: 'PROJECT' }],
        changedValues: [{ fieldName: 'Groups', changedTo: 'Contoso' }],
      },
      at,
    );
    expect(h).toEqual(noHints());
  });
});
