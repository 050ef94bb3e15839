// Change signals from Jira's audit log: what people (or the identity provider) changed since the
// last hourly run. A hint, never the truth: the sweep catches what it misses. The app's own
// writes are no signals (they are what the app wanted), but they are the log's proof of being
// understood: the read answers when it last saw the app change each role (audit-trust.ts). Free
// plans answer 403: the caller falls back to the sweep alone and Health says so. A person's role
// change that cannot concern the app (domain/role-change-concern.ts) marks nothing.
import { type RoleChange, roleChangeOf } from '../../domain/audit-match';
import { writeKey } from '../../domain/audit-trust';
import { errorMessage } from '../../domain/errors';
import { cannotConcernApp } from '../../domain/role-change-concern';
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
      /** People's role changes that could not concern the app: they marked nothing. */
      quiet: number;
      /** Rules' groups (enabled or not) a record of the read renamed, or changed otherwise. */
      renamed: string[];
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
    /** What tells a role change that cannot concern the app (absent: every one marks). */
    quiet?: QuietFacts;
  },
): Promise<AuditSignalsRead> {
  const from = new Date(Date.parse(opts.since) - CHECKPOINT_OVERLAP_MS).toISOString();
  const acc: Read = {
    changed: [],
    created: [],
    deleted: [],
    recent: [],
    groupHints: {},
    own: new Map(),
    roleChanges: [],
    renamed: new Set(),
    fullRun: false,
    records: 0,
  };
  const overlapFrom = Date.parse(opts.until) - CHECKPOINT_OVERLAP_MS;
  let complete = true;
  let calls = 0;
  try {
    for (let offset = 0; ; offset += PAGE) {
      if (calls === MAX_PAGES) {
        acc.fullRun = true;
        complete = false;
        break;
      }
      calls++;
      const page = await auditRecordsPage(jira, { from, to: opts.until, offset, limit: PAGE });
      for (const r of page.records) readRecord(r, acc, { ...opts, overlapFrom });
      if (page.records.length < PAGE || (page.total !== undefined && offset + PAGE >= page.total))
        break;
    }
  } catch (err) {
    // The quota spent is not an unreadable log: the run waits for the reset and reads it then.
    if (err instanceof QuotaSpentError) throw err;
    const status = err instanceof JiraError ? err.status : 0;
    return { readable: false, message: errorMessage(err), status, calls };
  }
  const { roleChanges, renamed, ...read } = acc;
  const kept = opts.quiet
    ? await concerning(roleChanges, { ...opts.quiet, renamed: renamed.size > 0 })
    : roleChanges;
  read.changed.push(...kept.map((c) => ({ projectId: c.projectId })));
  return {
    readable: true,
    ...read,
    quiet: roleChanges.length - kept.length,
    renamed: [...renamed],
    from,
    complete,
    calls,
  };
}

/** What a read gathers, record by record. */
interface Read {
  changed: ProjectRef[];
  created: ProjectRef[];
  deleted: DeletedProject[];
  recent: number[];
  groupHints: Record<string, string>;
  own: Map<string, string>;
  /** People's role changes, when the read tells the quiet ones: decided once all are read. */
  roleChanges: RoleChange[];
  renamed: Set<string>;
  fullRun: boolean;
  records: number;
}

function readRecord(
  r: AuditRecord,
  acc: Read,
  opts: {
    until: string;
    overlapFrom: number;
    appAccountId: string;
    ruleGroupIds: Set<string>;
    seen: Set<number>;
    quiet?: QuietFacts;
  },
): void {
  if (r.id !== undefined && r.created && Date.parse(r.created) >= opts.overlapFrom)
    acc.recent.push(r.id);
  // Seen before or not: a rename in the overlap may be newer than a role record read now.
  const renamed = renamedGroupOf(r, opts.quiet?.allRuleGroupIds);
  if (renamed) acc.renamed.add(renamed);
  // The app's own, seen before or not: the next read may be the first to decide on them.
  if (r.authorAccountId === opts.appAccountId) {
    const change = roleChangeOf(r);
    const at = r.created && Date.parse(r.created);
    if (change && at) {
      const key = writeKey(change);
      const at0 = acc.own.get(key);
      if (!at0 || Date.parse(at0) < at) acc.own.set(key, new Date(at).toISOString());
    }
    return;
  }
  if (r.id !== undefined && opts.seen.has(r.id)) return;
  acc.records++;
  const role = opts.quiet && roleChangeOf(r);
  // Decided once every record is read: a rename read later concerns it too.
  if (role) return void acc.roleChanges.push(role);
  const signal = signalOf(r, opts.ruleGroupIds);
  if (signal === 'full-run') acc.fullRun = true;
  else if (signal?.kind === 'created') acc.created.push(signal.ref);
  else if (signal?.kind === 'deleted') acc.deleted.push(signal.project);
  else if (signal) acc.changed.push(signal.ref);
  const groupId = groupHintOf(r, opts.ruleGroupIds);
  const at = r.created ?? opts.until;
  if (groupId && !(acc.groupHints[groupId] >= at)) acc.groupHints[groupId] = at;
}

export interface QuietFacts {
  /** Every name of the rules' groups (AppGroupNames.ruleGroups); undefined: some not known. */
  ruleGroupNames: readonly string[] | undefined;
  /** Every group any rule names, enabled or not: the read looks for their renames. */
  allRuleGroupIds: ReadonlySet<string>;
  /** The project's ledger (read only for a record the names alone cannot decide). */
  ledgerOf: (projectId: string) => Promise<readonly { groupName?: string }[]>;
}

/**
 * The role changes that may concern the app: the others mark nothing. A record skipped here that
 * did concern it is found by the sweep as drift no signal announced: a miss, which brings the
 * sweep back to its shortest period (domain/sweep-period.ts), so a wrong skip delays a repair by
 * at most that period and makes the next ones come sooner.
 */
async function concerning(
  changes: RoleChange[],
  facts: QuietFacts & { renamed: boolean },
): Promise<RoleChange[]> {
  const names = { ruleGroups: facts.ruleGroupNames, ruleGroupRenamed: facts.renamed };
  const ledgers = new Map<string, Promise<readonly { groupName?: string }[]>>();
  const ledgerOf = (projectId: string) => {
    if (!ledgers.has(projectId)) ledgers.set(projectId, facts.ledgerOf(projectId));
    return ledgers.get(projectId)!;
  };
  const kept: RoleChange[] = [];
  for (const c of changes) {
    // The names alone decide most: the ledger is read only when they leave the record quiet.
    if (!cannotConcernApp(c, { ...names, ledger: [] })) kept.push(c);
    else if (!cannotConcernApp(c, { ...names, ledger: await ledgerOf(c.projectId) })) kept.push(c);
  }
  return kept;
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
 * The group among `groupIds` whose own record changed values (a rename: Jira puts the old and the
 * new name there); membership records carry the account as an associated item instead. Any
 * other change of values is taken for a rename too: it only makes the read visit.
 */
export function renamedGroupOf(
  r: AuditRecord,
  groupIds: ReadonlySet<string> | undefined,
): string | undefined {
  const item = r.objectItem;
  if (item?.typeName !== 'GROUP' || !item.id || !groupIds?.has(item.id)) return undefined;
  return r.changedValues?.length ? item.id : undefined;
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
