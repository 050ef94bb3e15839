// Change signals from Jira's audit log: what people (or the identity provider) changed since the
// last hourly run. A hint, never the truth: the sweep catches what it misses. The app's own
// writes are left out (they are what the app wanted). Free plans answer 403: the caller falls
// back to the sweep alone and Health says so.
import type { AuditRecord } from '../jira/audit-records';
import { auditRecordsPage } from '../jira/audit-records';
import { JiraClient } from '../jira/client';
import { JiraError } from '../jira/errors';
import { QuotaSpentError } from '../jira/quota-tracker';
import { errorMessage } from '../domain/errors';
import type { ProjectRef } from '../store/dirty-projects';
import type { DeletedProject } from './forget-project';

/** Records are read from a little before the checkpoint: Jira may commit one late. */
export const CHECKPOINT_OVERLAP_MS = 5 * 60_000;
const PAGE = 1000;
/** More records than this in an hour: read no further, ask for a full run instead. */
const MAX_PAGES = 20;

export type AuditSignalsRead =
  | {
      readable: true;
      /** Ids of records read in the overlap of the next read. */
      recent: number[];
      changed: ProjectRef[];
      created: ProjectRef[];
      /** Projects deleted in Jira: what the app kept for them is forgotten. */
      deleted: DeletedProject[];
      /** A rule's group was deleted, or too much changed to read: every project needs a look. */
      fullRun: boolean;
      /** groupId -> newest record naming a rule's group (renamed, member added or removed) */
      groupHints: Record<string, string>;
      records: number;
      calls: number;
    }
  | { readable: false; message: string; status: number; calls: number };

export async function readAuditSignals(
  jira: JiraClient,
  opts: {
    since: string;
    until: string;
    appAccountId: string;
    ruleGroupIds: Set<string>;
    /** Records the previous read already handled (the overlap reads them again). */
    seen: Set<number>;
  },
): Promise<AuditSignalsRead> {
  const from = new Date(Date.parse(opts.since) - CHECKPOINT_OVERLAP_MS).toISOString();
  const changed: ProjectRef[] = [];
  const created: ProjectRef[] = [];
  const deleted: DeletedProject[] = [];
  const recent: number[] = [];
  const groupHints: Record<string, string> = {};
  const overlapFrom = Date.parse(opts.until) - CHECKPOINT_OVERLAP_MS;
  let fullRun = false;
  let records = 0;
  let calls = 0;
  try {
    for (let offset = 0; ; offset += PAGE) {
      if (calls === MAX_PAGES) {
        fullRun = true;
        break;
      }
      calls++;
      const page = await auditRecordsPage(jira, { from, to: opts.until, offset, limit: PAGE });
      for (const r of page.records) {
        if (r.id !== undefined && r.created && Date.parse(r.created) >= overlapFrom)
          recent.push(r.id);
        if (r.id !== undefined && opts.seen.has(r.id)) continue;
        if (r.authorAccountId === opts.appAccountId) continue;
        records++;
        const signal = signalOf(r, opts.ruleGroupIds);
        if (signal === 'full-run') fullRun = true;
        else if (signal?.kind === 'created') created.push(signal.ref);
        else if (signal?.kind === 'deleted') deleted.push(signal.project);
        else if (signal) changed.push(signal.ref);
        const groupId = groupHintOf(r, opts.ruleGroupIds);
        const at = r.created ?? opts.until;
        if (groupId && !(groupHints[groupId] >= at)) groupHints[groupId] = at;
      }
      if (page.records.length < PAGE || (page.total !== undefined && offset + PAGE >= page.total))
        break;
    }
  } catch (err) {
    // The quota spent is not an unreadable log: the run waits for the reset and reads it then.
    if (err instanceof QuotaSpentError) throw err;
    const status = err instanceof JiraError ? err.status : 0;
    return { readable: false, message: errorMessage(err), status, calls };
  }
  return { readable: true, recent, changed, created, deleted, fullRun, groupHints, records, calls };
}

type Signal =
  | { kind: 'created' | 'changed'; ref: ProjectRef }
  | { kind: 'deleted'; project: DeletedProject }
  | 'full-run'
  | undefined;

/** What one record asks of the next run, if anything. */
export function signalOf(r: AuditRecord, ruleGroupIds: Set<string>): Signal {
  const item = r.objectItem;
  switch (r.summary) {
    case 'Project roles changed': {
      const project = r.associatedItems?.find((a) => a.typeName === 'PROJECT');
      return project?.id ? { kind: 'changed', ref: { projectId: project.id } } : undefined;
    }
    case 'Project created':
      return item?.id ? { kind: 'created', ref: { projectId: item.id } } : undefined;
    // A project's category or key may have moved it into or out of a rule's scope.
    case 'Project updated':
      return item?.id ? { kind: 'changed', ref: { projectId: item.id } } : undefined;
    // Jira drops a deleted group from every role: the ledger of every project may be stale.
    case 'Group deleted':
      return item?.id && ruleGroupIds.has(item.id) ? 'full-run' : undefined;
    // Deleted for good (moved to the trash is another record: it can be restored).
    case 'Project deleted': {
      if (!item?.id) return undefined;
      const key = r.changedValues?.find((v) => v.fieldName === 'Key')?.changedFrom;
      return { kind: 'deleted', project: { id: item.id, ...(key ? { key } : {}) } };
    }
    // Group renamed: actors are kept by id, nothing changed.
    default:
      return undefined;
  }
}

/** Membership of a group changes where no Forge event tells: records that name a rule's group. */
const GROUP_HINTS = new Set(['Group renamed', 'User added to group', 'User removed from group']);

/**
 * The rule's group a record hints changed, if any. Jira does not document the membership
 * records: a hint makes the hourly run sync the group's organizations, its absence proves nothing
 * (the member count and the sweep do).
 */
export function groupHintOf(r: AuditRecord, ruleGroupIds: Set<string>): string | undefined {
  if (!r.summary || !GROUP_HINTS.has(r.summary)) return undefined;
  const items = [r.objectItem, ...(r.associatedItems ?? [])];
  return items.find((i) => i?.typeName === 'GROUP' && i.id && ruleGroupIds.has(i.id))?.id;
}
