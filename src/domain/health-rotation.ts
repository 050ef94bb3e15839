// Which of Health's kept reads to read again (cost principle: work in proportion to what
// changed). A project's permission scheme is read once, then again when the audit log names the
// project and in a slow rotation, oldest first, so that every covered project is re-read within
// SCHEME_ROTATION_DAYS; group members follow the organization sync's rule (org-probe.ts): the
// same groups, no audit record naming one since the read and the same one-call counts. Pure.
import { z } from 'zod';

import { type AuditRecordLike, roleChangeOf } from './audit-match';
import { utc } from './health-licences';
import { HEALTH_REFRESH_HOURS, type SchemeReadsNote } from './health-schemas';
import { type HealthSentence, say } from './health-sentences';
import { count } from './text';

/** Every covered project's permission scheme is read again at least this often. */
export const SCHEME_ROTATION_DAYS = 7;
const ROTATION_MS = SCHEME_ROTATION_DAYS * 24 * 3_600_000;
/** A read this close to the period's end is taken now: the next computation may be this far off. */
const NEXT_MS = HEALTH_REFRESH_HOURS * 3_600_000;

/** A project's scheme as last read: scheme id and when (epoch ms, to keep 5,000 of them small). */
export const SchemeOfSchema = z.tuple([z.string(), z.number()]);
export type SchemeOf = z.infer<typeof SchemeOfSchema>;

export interface SchemeReadsDue {
  /** Project keys to read now, in the order given. */
  keys: string[];
  /** Of them: never read, named by the audit log, due in the rotation. */
  unread: number;
  named: number;
  rotation: number;
}

/**
 * The projects whose scheme to read now: never read, named by a signal, and the rotation's
 * share of the time since the last computation (oldest first), which also takes every read that
 * would pass the rotation period before the next scheduled computation. `named === 'all'` when the signals could not be read in full.
 */
export function schemeReadsDue(input: {
  keys: readonly string[];
  known: ReadonlyMap<string, SchemeOf>;
  named: ReadonlySet<string> | 'all';
  /** Time since the previous computation (the whole period when there was none). */
  elapsedMs: number;
  now: number;
}): SchemeReadsDue {
  const { keys, known, named, now } = input;
  const unread = keys.filter((k) => !known.has(k));
  const signalled = keys.filter((k) => known.has(k) && (named === 'all' || named.has(k)));
  const taken = new Set([...unread, ...signalled]);
  const rest = keys
    .filter((k) => !taken.has(k))
    .sort((a, b) => known.get(a)![1] - known.get(b)![1] || a.localeCompare(b));
  // Spread over the period less one gap, so that little is left over when it ends.
  const span = ROTATION_MS - NEXT_MS;
  const share = Math.round((keys.length * Math.min(input.elapsedMs, span)) / span);
  const overdue = rest.filter((k) => now - known.get(k)![1] >= ROTATION_MS - NEXT_MS).length;
  const rotation = rest.slice(0, Math.max(share, overdue));
  const due = new Set([...taken, ...rotation]);
  return {
    keys: keys.filter((k) => due.has(k)),
    unread: unread.length,
    named: signalled.length,
    rotation: rotation.length,
  };
}

/** When the kept reads of these projects were made: the oldest and the newest. */
export function readSpan(
  keys: readonly string[],
  known: ReadonlyMap<string, SchemeOf>,
): { oldest: string; newest: string } | undefined {
  const times = keys.flatMap((k) => (known.has(k) ? [known.get(k)![1]] : []));
  if (!times.length) return undefined;
  const iso = (t: number) => new Date(t).toISOString();
  return { oldest: iso(Math.min(...times)), newest: iso(Math.max(...times)) };
}

export type MembersReason = 'not-read-before' | 'groups-changed' | 'audit-hint' | 'period-old';

/**
 * Why the kept member read cannot be reused, before any count is asked (no call), or undefined
 * when the counts decide. `hints`: groupId -> the newest audit record naming the group.
 */
export function membersReadDue(
  kept: { fingerprint: string; readAt: string; counts?: Record<string, number> } | undefined,
  cur: {
    fingerprint: string;
    groupIds: readonly string[];
    hints: Readonly<Record<string, string>>;
    now: number;
    maxAgeMs: number;
  },
): MembersReason | undefined {
  if (!kept?.counts) return 'not-read-before';
  if (kept.fingerprint !== cur.fingerprint) return 'groups-changed';
  // A record made after the read began may name a change it did not see.
  if (cur.groupIds.some((g) => cur.hints[g] !== undefined && cur.hints[g] >= kept.readAt))
    return 'audit-hint';
  if (cur.now - Date.parse(kept.readAt) >= cur.maxAgeMs) return 'period-old';
  return undefined;
}

/** After counting: a group whose active member count moved needs a new read. */
export function memberCountsMoved(
  kept: Record<string, number>,
  counts: Record<string, number>,
): boolean {
  const ids = new Set([...Object.keys(kept), ...Object.keys(counts)]);
  return [...ids].some((g) => kept[g] !== counts[g]);
}

/** What Health's kept reads learn from the audit log since the last computation. */
export interface HealthHints {
  /** Ids of projects created or changed (their scheme may have changed): 'all' when cut short. */
  projectIds: Set<string> | 'all';
  /** Ids of permission schemes changed (their grants): 'all' when a record names none. */
  schemeIds: Set<string> | 'all';
  /** groupId -> the newest record naming the group (members added or removed, renamed). */
  groups: Record<string, string>;
}

export const noHints = (): HealthHints => ({
  projectIds: new Set(),
  schemeIds: new Set(),
  groups: {},
});

/**
 * Adds one record's hints, read from its items' types and ids (the same on every site; the
 * summary is in the site's language). A role change moves no scheme, so it names nothing here.
 */
export function addHealthHints(h: HealthHints, r: AuditRecordLike, readUntil: string): void {
  if (roleChangeOf(r)) return;
  const items = [r.objectItem, ...(r.associatedItems ?? [])];
  for (const i of items) {
    if (!i?.typeName) continue;
    if (i.typeName === 'PROJECT' && i.id && h.projectIds !== 'all') h.projectIds.add(i.id);
    else if (i.typeName === 'GROUP' && i.id) {
      const at = r.created ?? readUntil;
      if (!(h.groups[i.id] >= at)) h.groups[i.id] = at;
    } else if (i.typeName.includes('SCHEME') && /PERMISSION|^SCHEME$/.test(i.typeName)) {
      if (h.schemeIds === 'all') continue;
      if (i.id) h.schemeIds.add(i.id);
      else h.schemeIds = 'all';
    }
  }
}

/** When the permission schemes behind a check were read, for its detail. */
export function schemeReadsText(r: SchemeReadsNote): string {
  const now = r.unread + r.named + r.rotation;
  const why = [
    r.unread ? `${r.unread} new` : '',
    r.named ? `${r.named} named by the audit log` : '',
    r.rotation ? `${r.rotation} in rotation` : '',
  ].filter(Boolean);
  const head = r.oldest
    ? `Project schemes: ${count(now, 'project')} read now${why.length ? ` (${why.join(', ')})` : ''}, ` +
      `the others kept from ${utc(r.oldest)} on; each is read again within ${r.rotationDays} ` +
      `days, or when the audit log names the project.`
    : `Project schemes: all read now.`;
  const log = r.signalsUnreadable
    ? ` The audit log could not be read (${r.signalsUnreadable}): only the rotation reads them again.`
    : '';
  const listed = r.listedAt
    ? ` Service projects were listed ${utc(r.listedAt)}, with the changes the audit log names since.`
    : '';
  return `${head}${log}${listed}`;
}

/** The same note as codes and values, for the page to word. */
export function schemeReadsWords(r: SchemeReadsNote): HealthSentence[] {
  const now = r.unread + r.named + r.rotation;
  const why = { fresh: r.unread, named: r.named, rotation: r.rotation };
  const out = [
    r.oldest
      ? say(r.unread || r.named || r.rotation ? 'schemesReadNowWhy' : 'schemesReadNow', {
          count: now,
          at: r.oldest,
          days: r.rotationDays,
          ...(now ? why : {}),
        })
      : say('schemesAllReadNow'),
  ];
  if (r.signalsUnreadable) out.push(say('schemesLogUnreadable', { why: r.signalsUnreadable }));
  if (r.listedAt) out.push(say('schemesListedAt', { at: r.listedAt }));
  return out;
}
