// Change signals from Jira's audit log: what people (or the identity provider) changed since the
// last hourly run. A hint, never the truth: the sweep catches what it misses. The app's own
// writes are no signals (they are what the app wanted), but they are the log's proof of being
// understood: the read answers when it last saw the app change each role (audit-trust.ts). Free
// plans answer 403: the caller falls back to the sweep alone and Health says so.
import { roleChangeOf } from '../../domain/audit-match';
import { writeKey } from '../../domain/audit-trust';
import { errorMessage } from '../../domain/errors';
import type { AuditRecord } from '../../jira/audit-records';
import { auditRecordsPage } from '../../jira/audit-records';
import type { JiraClient } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import { QuotaSpentError } from '../../jira/quota-tracker';
import type { ProjectRef } from '../../store/dirty-projects';
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
      /** The app's own role changes: "projectId:roleId" -> the newest record's time. */
      own: Map<string, string>;
      /** The first record time asked for. */
      from: string;
      /** Every record up to the checkpoint was read (not cut short at MAX_PAGES). */
      complete: boolean;
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
  const own = new Map<string, string>();
  const overlapFrom = Date.parse(opts.until) - CHECKPOINT_OVERLAP_MS;
  let fullRun = false;
  let complete = true;
  let records = 0;
  let calls = 0;
  try {
    for (let offset = 0; ; offset += PAGE) {
      if (calls === MAX_PAGES) {
        fullRun = true;
        complete = false;
        break;
      }
      calls++;
      const page = await auditRecordsPage(jira, { from, to: opts.until, offset, limit: PAGE });
      for (const r of page.records) {
        if (r.id !== undefined && r.created && Date.parse(r.created) >= overlapFrom)
          recent.push(r.id);
        // The app's own, seen before or not: the next read may be the first to decide on them.
        if (r.authorAccountId === opts.appAccountId) {
          const change = roleChangeOf(r);
          const at = r.created && Date.parse(r.created);
          if (change && at) {
            const key = writeKey(change);
            const at0 = own.get(key);
            if (!at0 || Date.parse(at0) < at) own.set(key, new Date(at).toISOString());
          }
          continue;
        }
        if (r.id !== undefined && opts.seen.has(r.id)) continue;
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
  return {
    readable: true,
    recent,
    changed,
    created,
    deleted,
    fullRun,
    groupHints,
    own,
    from,
    complete,
    records,
    calls,
  };
}

type Signal =
  | { kind: 'created' | 'changed'; ref: ProjectRef }
  | { kind: 'deleted'; project: DeletedProject }
  | 'full-run'
  | undefined;

/**
 * What one record asks of the next run, if anything. Read from its items' types and ids, and from
 * what changed: Jira writes the summary in the site's language, so the summary only decides what
 * the rest leaves open, and only in English.
 */
export function signalOf(r: AuditRecord, ruleGroupIds: Set<string>): Signal {
  const role = roleChangeOf(r);
  if (role) return { kind: 'changed', ref: { projectId: role.projectId } };
  const item = r.objectItem;
  if (!item?.id) return undefined;
  switch (item.typeName) {
    case 'PROJECT': {
      const kind = projectChangeOf(r);
      // Deleted for good (moved to the trash is another record: it can be restored).
      if (kind === 'deleted') {
        const key = r.changedValues?.find((v) => v.fieldName === 'Key')?.changedFrom;
        return { kind: 'deleted', project: { id: item.id, ...(key ? { key } : {}) } };
      }
      // Updated: a project's category or key may have moved it into or out of a rule's scope.
      return { kind: kind === 'created' ? 'created' : 'changed', ref: { projectId: item.id } };
    }
    // Jira drops a deleted group from every role: the ledger of every project may be stale.
    case 'GROUP':
      return ruleGroupIds.has(item.id) && isGroupDeletion(r) ? 'full-run' : undefined;
    default:
      return undefined;
  }
}

const PROJECT_SUMMARIES: Record<string, 'created' | 'updated' | 'deleted'> = {
  'Project created': 'created',
  'Project updated': 'updated',
  'Project deleted': 'deleted',
};

/**
 * A project's record: created when every changed value is new and the name among them, deleted
 * when every one is old and the name among them (a project always has a name), else updated.
 * A record without changed values falls back to its English summary, else reads as updated (a
 * visit, which is harmless).
 */
export function projectChangeOf(r: AuditRecord): 'created' | 'updated' | 'deleted' {
  const values = r.changedValues ?? [];
  const name = r.objectItem?.name;
  if (values.length && name) {
    if (values.every((v) => !v.changedTo) && values.some((v) => v.changedFrom === name))
      return 'deleted';
    if (values.every((v) => !v.changedFrom) && values.some((v) => v.changedTo === name))
      return 'created';
    return 'updated';
  }
  return PROJECT_SUMMARIES[r.summary ?? ''] ?? 'updated';
}

/**
 * A group's record with neither associated items (members) nor changed values (a rename) is its
 * creation or its deletion, which look alike: only an English "Group created" is told apart. In
 * doubt it is a deletion (a full run, which is always correct).
 */
function isGroupDeletion(r: AuditRecord): boolean {
  if (r.associatedItems?.length || r.changedValues?.length) return false;
  return r.summary !== 'Group created';
}

/**
 * The rule's group a record hints changed, if any: a record naming it, wherever it puts it
 * (renamed, member added or removed), but its creation or deletion. Jira does not document the
 * membership records: a hint makes the hourly run sync the group's organizations, its absence
 * proves nothing (the member count and the sweep do).
 */
export function groupHintOf(r: AuditRecord, ruleGroupIds: Set<string>): string | undefined {
  const items = [r.objectItem, ...(r.associatedItems ?? [])];
  const group = items.find((i) => i?.typeName === 'GROUP' && i.id && ruleGroupIds.has(i.id));
  if (!group) return undefined;
  const bare = !r.associatedItems?.length && !r.changedValues?.length;
  return bare && r.objectItem === group ? undefined : group.id;
}
