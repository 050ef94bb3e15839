// Whether Jira's audit log can be trusted for change signals: every run that wrote expects its
// own records in the next read (DESIGN.md "Signals that check themselves"). Found, the log is
// readable and its format understood on this site; missing, the app cannot tell what people
// change from it, so the sweep takes over at its shortest period until the app's own changes
// show again. Pure: the expectations are stored by src/store/audit-expectations.ts, the log is
// read by src/enforce/signals/audit-signals.ts.

/** The sweep's shortest period: what it falls back to when signals cannot be trusted. */
export const SHORTEST_SWEEP_HOURS = 6;

/** How many of a run's role changes it expects to find: one found is enough. */
export const EXPECTED_WRITES_KEPT = 5;

/** One role the app changed in one project, and when Jira answered. */
export interface OwnWrite {
  projectId: string;
  roleId: string;
  at: string;
}

export const writeKey = (w: { projectId: string; roleId: string }) => `${w.projectId}:${w.roleId}`;

/** What a read of the log can say of a run's writes. */
export type Verdict =
  /** One of its records is in the log. */
  | 'found'
  /** None, though the read covered them and Jira had time to commit them. */
  | 'missing'
  /** Too recent: Jira may not have committed the record yet; the next read decides. */
  | 'pending'
  /** The read did not cover them (before its start, or it stopped early): no verdict. */
  | 'undecidable';

export interface ReadWindow {
  /** The first record time the read asked for. */
  from: string;
  /** The read's end. */
  until: string;
  /** The read ended at the last record (not cut short at its page limit). */
  complete: boolean;
  /** How late Jira may commit a record: younger writes wait for the next read. */
  lateMs: number;
  /** How long before Jira's answer its record may be stamped (the call's own duration). */
  callMs: number;
}

/**
 * The verdict on one run's writes, given the newest time the log shows the app changing each
 * (project, role) (`own`, by writeKey). A record counts only if it is not older than the write
 * (less the call's duration): an older one was another write.
 */
export function judgeWrites(writes: OwnWrite[], own: Map<string, string>, w: ReadWindow): Verdict {
  const t = (s: string) => Date.parse(s);
  const found = writes.some((x) => {
    const seen = own.get(writeKey(x));
    return seen !== undefined && t(seen) >= t(x.at) - w.callMs;
  });
  if (found) return 'found';
  if (!w.complete) return 'undecidable';
  if (writes.some((x) => t(x.at) > t(w.until) - w.lateMs)) return 'pending';
  const covered = writes.some((x) => t(x.at) - w.callMs >= t(w.from));
  return covered ? 'missing' : 'undecidable';
}

/** What the log's trust was last found to be: absent, trusted (or never checked). */
export interface OwnChangesMissing {
  /** When the app made the changes the log did not show. */
  writtenAt: string;
  /** The read that found them missing. */
  checkedAt: string;
}

/**
 * The trust after a read: the newest decided run wins (a log that shows the app's latest writes
 * works now, whatever it missed before); with nothing decided, it stays as it was.
 */
export function nextTrust(
  previous: OwnChangesMissing | undefined,
  decided: { verdict: Verdict; writes: OwnWrite[] }[],
  checkedAt: string,
): OwnChangesMissing | undefined {
  const newest = (ws: OwnWrite[]) =>
    ws
      .map((w) => w.at)
      .sort()
      .at(-1) ?? '';
  const last = decided
    .filter((d) => d.verdict === 'found' || d.verdict === 'missing')
    .sort((a, b) => newest(a.writes).localeCompare(newest(b.writes)))
    .at(-1);
  if (!last) return previous;
  return last.verdict === 'found' ? undefined : { writtenAt: newest(last.writes), checkedAt };
}

/** Change signals are usable: the log was read and showed the app's own changes. */
export function signalsTrusted(audit?: { readable: boolean; ownChangesMissing?: unknown }) {
  return !audit || (audit.readable && !audit.ownChangesMissing);
}

/**
 * The sweep's period this hour: the setting while signals can be trusted, else at most the
 * shortest (the sweep alone must find what people change).
 */
export function sweepPeriodHours(
  sweepHours: number,
  audit?: { readable: boolean; ownChangesMissing?: unknown },
): number {
  return signalsTrusted(audit) ? sweepHours : Math.min(sweepHours, SHORTEST_SWEEP_HOURS);
}
