// A run that wrote expects its own records in the next read of the audit log: found, the log is
// trusted; missing once Jira had time to commit them, it is not, and the sweep falls back to its
// shortest period; too recent, the next read decides; outside what the read covered, no verdict.
import {
  judgeWrites,
  nextTrust,
  type OwnWrite,
  type ReadWindow,
  sweepPeriodHours,
} from '../../../src/domain/audit-trust';

const window: ReadWindow = {
  from: '2026-01-01T09:55:00.000Z',
  until: '2026-01-01T11:00:00.000Z',
  complete: true,
  lateMs: 5 * 60_000,
  callMs: 60_000,
};
const write = (at: string, projectId = '10001'): OwnWrite => ({ projectId, roleId: '10101', at });
const seen = (entries: [string, string][]) => new Map(entries);

describe('judgeWrites', () => {
  it('finds a run whose change of a role the log shows, in any of its projects', () => {
    const writes = [write('2026-01-01T10:10:00.000Z'), write('2026-01-01T10:11:00.000Z', '10002')];
    const own = seen([['10002:10101', '2026-01-01T10:11:00.000Z']]);
    expect(judgeWrites(writes, own, window)).toBe('found');
  });

  it('counts a record stamped while the call was under way, not one of an earlier write', () => {
    const writes = [write('2026-01-01T10:10:00.000Z')];
    expect(judgeWrites(writes, seen([['10001:10101', '2026-01-01T10:09:30.000Z']]), window)).toBe(
      'found',
    );
    expect(judgeWrites(writes, seen([['10001:10101', '2026-01-01T10:05:00.000Z']]), window)).toBe(
      'missing',
    );
  });

  it('misses a run whose changes the log does not show, once Jira had time to commit them', () => {
    const writes = [write('2026-01-01T10:10:00.000Z')];
    expect(judgeWrites(writes, seen([['10002:10101', '2026-01-01T10:10:00.000Z']]), window)).toBe(
      'missing',
    );
  });

  it('waits for the next read when the changes are younger than Jira may take to commit', () => {
    expect(judgeWrites([write('2026-01-01T10:57:00.000Z')], seen([]), window)).toBe('pending');
  });

  it('gives no verdict on changes the read did not cover, or when it stopped early', () => {
    expect(judgeWrites([write('2026-01-01T09:50:00.000Z')], seen([]), window)).toBe('undecidable');
    const cut = { ...window, complete: false };
    expect(judgeWrites([write('2026-01-01T10:10:00.000Z')], seen([]), cut)).toBe('undecidable');
    // What it did read still proves the log works.
    const own = seen([['10001:10101', '2026-01-01T10:10:00.000Z']]);
    expect(judgeWrites([write('2026-01-01T10:10:00.000Z')], own, cut)).toBe('found');
  });
});

describe('nextTrust', () => {
  const checkedAt = '2026-01-01T11:00:00.000Z';
  const run = (verdict: 'found' | 'missing' | 'pending' | 'undecidable', at: string) => ({
    verdict,
    writes: [write(at)],
  });

  it('stops trusting the log at a run it did not show, and says when that run wrote', () => {
    expect(nextTrust(undefined, [run('missing', '2026-01-01T10:10:00.000Z')], checkedAt)).toEqual({
      writtenAt: '2026-01-01T10:10:00.000Z',
      checkedAt,
    });
  });

  it('trusts it again once it shows a newer run; an older miss does not outweigh it', () => {
    const missing = {
      writtenAt: '2026-01-01T08:00:00.000Z',
      checkedAt: '2026-01-01T09:00:00.000Z',
    };
    const decided = [
      run('found', '2026-01-01T10:20:00.000Z'),
      run('missing', '2026-01-01T10:10:00.000Z'),
    ];
    expect(nextTrust(missing, decided, checkedAt)).toBeUndefined();
    const newerMiss = [
      run('found', '2026-01-01T10:10:00.000Z'),
      run('missing', '2026-01-01T10:20:00.000Z'),
    ];
    expect(nextTrust(undefined, newerMiss, checkedAt)).toEqual({
      writtenAt: '2026-01-01T10:20:00.000Z',
      checkedAt,
    });
  });

  it('stays as it was when nothing was decided', () => {
    const missing = {
      writtenAt: '2026-01-01T08:00:00.000Z',
      checkedAt: '2026-01-01T09:00:00.000Z',
    };
    const open = [
      run('pending', '2026-01-01T10:58:00.000Z'),
      run('undecidable', '2026-01-01T07:00:00.000Z'),
    ];
    expect(nextTrust(missing, open, checkedAt)).toBe(missing);
    expect(nextTrust(undefined, open, checkedAt)).toBeUndefined();
  });
});

describe('sweepPeriodHours', () => {
  it('is the setting while the log is read and trusted, else at most 6 hours', () => {
    const missing = { writtenAt: '2026-01-01T10:10:00.000Z', checkedAt: '2026-01-01T11:00:00Z' };
    expect(sweepPeriodHours(24, { readable: true })).toBe(24);
    expect(sweepPeriodHours(24, undefined)).toBe(24);
    expect(sweepPeriodHours(24, { readable: true, ownChangesMissing: missing })).toBe(6);
    expect(sweepPeriodHours(24, { readable: false })).toBe(6);
    // A shorter setting stays.
    expect(sweepPeriodHours(2, { readable: true, ownChangesMissing: missing })).toBe(2);
  });
});
