// Proof that the app made a binding, for the adds whose answer was lost (no answer or a 5xx,
// or an invocation cut off after the write-ahead): the newest record in Jira's audit log that
// put the group into the role is the app's own, or nothing proves it and the binding is a
// person's. See "Who owns a binding" in the README.
import { entersRole } from '../../domain/audit-match';
import { errorMessage } from '../../domain/errors';
import { auditRecordsPage } from '../../jira/audit-records';
import type { JiraClient } from '../../jira/client';
import { QuotaSpentError } from '../../jira/quota-tracker';
import { getAppAccountId } from '../../jira/users';
import { log } from '../../log';
import { getAuditSignals } from '../../store/sweep';

/** Jira may stamp a record a little before the app wrote its write-ahead entry. */
const CLOCK_SKEW_MS = 60_000;
const PAGE = 1000;
/** A busier window than this is not searched: no proof, the binding stays a person's. */
const MAX_PAGES = 3;

export interface UnsureAdd {
  roleId: string;
  groupId: string;
  /** Every name the group went by (Jira's records name groups, not ids). */
  groupNames: string[];
  /** When the app wrote the add ahead: its record can only be newer. */
  since: string;
}

/**
 * The unsure adds that Jira's audit log proves the app made (by groupId). A log that cannot be
 * read (free plans, a refused scope) proves nothing. Only Jira's quota stop is thrown: the
 * project is visited again after the reset.
 */
export async function provenAppAdds(
  jira: JiraClient,
  projectId: string,
  adds: readonly UnsureAdd[],
): Promise<Set<string>> {
  const proven = new Set<string>();
  const decided = new Set<string>();
  if (adds.length === 0) return proven;
  const earliest = Math.min(...adds.map((a) => Date.parse(a.since)));
  try {
    const appAccountId = (await getAuditSignals())?.appAccountId ?? (await getAppAccountId(jira));
    const from = new Date(earliest - CLOCK_SKEW_MS).toISOString();
    for (let page = 0; page < MAX_PAGES && decided.size < adds.length; page++) {
      const { records, total } = await auditRecordsPage(jira, {
        from,
        offset: page * PAGE,
        limit: PAGE,
      });
      // Newest first: the newest record that put the group into the role says who made the
      // binding there now. A person's removal and re-add after the app's add makes it theirs.
      for (const r of records)
        for (const a of adds)
          if (
            !decided.has(a.groupId) &&
            (!r.created || Date.parse(r.created) >= Date.parse(a.since) - CLOCK_SKEW_MS) &&
            entersRole(r, projectId, a.roleId, a.groupNames)
          ) {
            decided.add(a.groupId);
            if (r.authorAccountId === appAccountId) proven.add(a.groupId);
          }
      if (records.length < PAGE || (total !== undefined && (page + 1) * PAGE >= total)) break;
    }
  } catch (err) {
    if (err instanceof QuotaSpentError) throw err;
    log.warn('ownership.no-proof', { projectId, adds: adds.length, reason: errorMessage(err) });
  }
  log.info('ownership.proof', { projectId, unsure: adds.length, proven: proven.size });
  return proven;
}
