// Whether an hourly run may leave an organization alone (cost principle: work in proportion to
// what changed). A full sync records what it synced from (rule versions, each group's active
// member count, the removal setting) and when it started; the next hourly runs compare that with
// a one-call count per group and the audit log's hints. Pure: no I/O.
import { z } from 'zod';

export const OrgSyncStampSchema = z.object({
  /** ruleId -> version of every enabled rule that keeps the organization */
  rules: z.record(z.string(), z.number()),
  /** groupId -> active members when the sync read them */
  groups: z.record(z.string(), z.number()),
  removeUnwanted: z.boolean(),
  /** When the run that synced started (before it read any member). */
  at: z.string(),
  runId: z.string(),
});
export type OrgSyncStamp = z.infer<typeof OrgSyncStampSchema>;

export const OrgSyncReasonSchema = z.enum([
  'not-synced-before',
  'rule-changed',
  'setting-changed',
  'group-changed',
  'members-changed',
  'sweep',
  /** An earlier run's sync of it ran out of the hour's points: this one went on from its read. */
  'continued',
]);
export type OrgSyncReason = z.infer<typeof OrgSyncReasonSchema>;

export interface OrgNow {
  rules: Record<string, number>;
  /** The groups the rules read members from now (guard rails applied). */
  groupIds: readonly string[];
  removeUnwanted: boolean;
  /** groupId -> newest audit record naming the group (renamed, member added or removed) */
  hints: Readonly<Record<string, string>>;
  now: Date;
  sweepHours: number;
}

/**
 * Why the organization needs a full sync before its groups are counted, or undefined when only
 * the counts can tell. Cheap checks only: nothing here costs a call.
 */
export function syncDueBeforeCount(
  stamp: OrgSyncStamp | undefined,
  cur: OrgNow,
): OrgSyncReason | undefined {
  if (!stamp) return 'not-synced-before';
  if (!sameRecord(stamp.rules, cur.rules)) return 'rule-changed';
  if (stamp.removeUnwanted !== cur.removeUnwanted) return 'setting-changed';
  const groups = Object.keys(stamp.groups);
  if (groups.length !== cur.groupIds.length || cur.groupIds.some((g) => !(g in stamp.groups)))
    return 'rule-changed';
  // A record made after the sync began may name a change the sync did not read.
  if (cur.groupIds.some((g) => cur.hints[g] !== undefined && cur.hints[g] >= stamp.at))
    return 'group-changed';
  if (cur.now.getTime() - Date.parse(stamp.at) >= cur.sweepHours * 3_600_000) return 'sweep';
  return undefined;
}

/** After counting: a group whose active member count moved needs a full sync. */
export function countsChanged(stamp: OrgSyncStamp, totals: Record<string, number>): boolean {
  return Object.entries(stamp.groups).some(([g, n]) => totals[g] !== n);
}

function sameRecord(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}
