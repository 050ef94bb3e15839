// Whether an hourly run may leave an organization alone (cost principle: work in proportion to
// what changed). A full sync records what it synced from (rule versions, each group's active
// member count, the removal setting, the organization's own member count as it left it) and when
// it started; the next hourly runs compare that with a one-call count per group, the audit log's
// hints and a one-call count of the organization. Pure: no I/O.
import { z } from 'zod';

export const OrgSyncStampSchema = z.object({
  /** ruleId -> version of every enabled rule that keeps the organization */
  rules: z.record(z.string(), z.number()),
  /** groupId -> active members when the sync read them */
  groups: z.record(z.string(), z.number()),
  removeUnwanted: z.boolean(),
  /**
   * The organization's members as the sync left them: its read plus the app's own adds and
   * removals Jira confirmed (a later hour's count may raise it: people's adds). Stamps written
   * before it was kept have none: they skip the organization's count and are read in full once
   * per period of the routine check.
   */
  members: z.number().int().min(0).optional(),
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
  /** The organization has fewer members than its last sync left: someone removed some. */
  'org-members-removed',
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
  const hours = fullReadHours(stamp, cur.sweepHours);
  if (cur.now.getTime() - Date.parse(stamp.at) >= hours * 3_600_000) return 'sweep';
  return undefined;
}

/**
 * An organization nothing announced a change to is read in full once per this many periods in
 * force of the routine check (28 days at 7 days, 24 hours at 6). The groups' counts and the audit
 * log's hints find changes to its groups, and the organization's own count finds people's
 * removals within the hour; what only a full read finds is a change that keeps every count (a
 * member removed and another added in the same hour, unrecorded by the audit log), and a full
 * read costs 2 points a member of each group and of the organization.
 */
export const FULL_READ_PERIODS = 4;

/**
 * How often an unchanged organization is read in full, from the routine check's period. A stamp
 * without the organization's count (written before it was kept) cannot find people's removals:
 * once per period, as then, until the next full sync stamps the count.
 */
export const fullReadHours = (stamp: Pick<OrgSyncStamp, 'members'>, sweepHours: number) =>
  stamp.members === undefined ? sweepHours : sweepHours * FULL_READ_PERIODS;

/** After counting: a group whose active member count moved needs a full sync. */
export function countsChanged(stamp: OrgSyncStamp, totals: Record<string, number>): boolean {
  return Object.entries(stamp.groups).some(([g, n]) => totals[g] !== n);
}

/**
 * What a one-call count of the organization says against the `n` members its stamp expects.
 * JSM lists members ordered by accountId with start/limit: one member read from `countStart(n)`
 * says whether there are exactly n (one value, the last page), fewer (no value) or more (a value,
 * not the last page). With n = 0, the first member says whether there is any.
 */
export type OrgCount = 'fewer' | 'same' | 'more';

/** Where the one-member read that compares the organization with `n` members starts. */
export const countStart = (n: number) => Math.max(0, n - 1);

/** The answer of the one-member read from countStart(n). */
export function countAnswer(n: number, page: { present: boolean; isLast: boolean }): OrgCount {
  if (n === 0) return page.present ? 'more' : 'same';
  if (!page.present) return 'fewer';
  return page.isLast ? 'same' : 'more';
}

/**
 * The search for an organization's new count after people added members: counts at least `lo`
 * and at most `hi` (unknown until a guess was too high); guesses grow from `lo` by doubling steps,
 * then halve the range. A few one-call counts find it (about 2 log2 of what was added), and no
 * member page is read.
 */
export interface CountSearch {
  lo: number;
  hi?: number;
  step: number;
}

/** After a count said "more than n". */
export const countSearch = (n: number): CountSearch => ({ lo: n + 1, step: 1 });

/**
 * The count the search has found (its range is one number), 'shrank' when a count said fewer than
 * an earlier one proved there were (someone removed members while it was counted), or the next
 * count to compare with (>= 1, so that countStart is its last member).
 */
export function nextGuess(s: CountSearch): { found: number } | 'shrank' | { guess: number } {
  if (s.hi !== undefined && s.lo > s.hi) return 'shrank';
  if (s.hi === s.lo) return { found: s.lo };
  if (s.hi === undefined) return { guess: s.lo + s.step - 1 };
  return { guess: Math.floor((s.lo + s.hi) / 2) };
}

/** The search after comparing the organization with `guess` members. */
export function narrow(s: CountSearch, guess: number, answer: OrgCount): CountSearch {
  if (answer === 'same') return { lo: guess, hi: guess, step: s.step };
  if (answer === 'more')
    return { ...s, lo: guess + 1, step: s.hi === undefined ? s.step * 2 : s.step };
  return { ...s, hi: guess - 1 };
}

function sameRecord(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}
