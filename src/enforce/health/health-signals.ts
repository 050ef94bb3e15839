// What changed since the last health computation, from Jira's audit log: the projects whose
// permission scheme to read again, the schemes whose grants to read again, and the groups whose
// members may have moved. A hint, never the truth: the rotation and the member counts catch what
// it misses. An unreadable log (free plans: 403) names nothing and says why.
import { errorMessage } from '../../domain/errors';
import { addHealthHints, type HealthHints, noHints } from '../../domain/health-rotation';
import { auditRecordsPage } from '../../jira/audit-records';
import type { JiraClient } from '../../jira/client';

/** Records are read from a little before the last read's end: Jira may commit one late. */
const OVERLAP_MS = 5 * 60_000;
const PAGE = 1000;
/** More records than this since the last computation: take everything as changed. */
const MAX_PAGES = 5;

export type HealthSignals = HealthHints & {
  /** Read up to here: the next computation reads from here on. */
  until: string;
  /** The log could not be read: why (nothing is named; the rotation alone re-reads). */
  unreadable?: string;
};

export async function readHealthSignals(
  jira: JiraClient,
  opts: { since: string | undefined; until: string },
): Promise<HealthSignals> {
  const hints = { ...noHints(), until: opts.until };
  // Nothing kept before: everything is read anyway.
  if (!opts.since) return hints;
  const from = new Date(Date.parse(opts.since) - OVERLAP_MS).toISOString();
  try {
    for (let pages = 0, offset = 0; ; pages++, offset += PAGE) {
      if (pages === MAX_PAGES) return { ...hints, projectIds: 'all', schemeIds: 'all' };
      const page = await auditRecordsPage(jira, { from, to: opts.until, offset, limit: PAGE });
      for (const r of page.records) addHealthHints(hints, r, opts.until);
      if (page.records.length < PAGE || (page.total !== undefined && offset + PAGE >= page.total))
        return hints;
    }
  } catch (err) {
    return { ...noHints(), until: opts.until, unreadable: errorMessage(err) };
  }
}
