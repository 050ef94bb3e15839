// Jira's points-based hourly quota (2026), as the app sees it: what the headers of an answer
// say (the quota q, its window w, what is left r, seconds to reset t, near-limit), what a call
// cost, and how much of the hour a run may still spend. Pure: no I/O, the clock is passed in.
// Spending by this app's calls is read from the headers' drop where Jira shows it (r appears only
// under 20% left), else estimated with the published model.
import type { QuotaSnapshot } from '../domain/schemas';

/** Tier 1's pool, and what the app assumes until Jira has announced a quota. */
export const DEFAULT_QUOTA_POINTS = 65_000;
const HOUR_MS = 3_600_000;

/** What one answer's quota headers said; absent fields were not sent. */
export interface QuotaHeaders {
  /** q: points per window. */
  limit?: number;
  /** w: the window, in seconds. */
  windowSeconds?: number;
  /** r: points left in this window (Jira sends it under 20% left). */
  left?: number;
  /** t: seconds until the window resets. */
  resetInSeconds?: number;
  nearLimit: boolean;
  /** RateLimit-Reason of a 429: jira-quota-global-based, jira-quota-tenant-based, jira-burst-based. */
  reason?: string;
}

type HeaderGet = (name: string) => string | null;

/** Reads `"global-app-quota";q=65000;w=3600` style parameters; non-numbers are ignored. */
function params(value: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value) return out;
  for (const part of value.split(';').slice(1)) {
    const [k, v] = part.split('=', 2).map((s) => s.trim());
    if (k && v !== undefined && /^\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

export function parseQuotaHeaders(get: HeaderGet): QuotaHeaders {
  const policy = params(get('Beta-RateLimit-Policy'));
  const state = params(get('Beta-RateLimit'));
  const reason = get('RateLimit-Reason')?.trim() || undefined;
  return {
    ...(policy.q !== undefined ? { limit: policy.q } : {}),
    ...(policy.w !== undefined ? { windowSeconds: policy.w } : {}),
    ...(state.r !== undefined ? { left: state.r } : {}),
    ...(state.t !== undefined ? { resetInSeconds: state.t } : {}),
    nearLimit: get('X-RateLimit-NearLimit')?.trim().toLowerCase() === 'true',
    ...(reason ? { reason } : {}),
  };
}

/** A 429 because the app's hourly points are spent (as opposed to a per-second burst). */
export const isQuotaReason = (reason: string | undefined) =>
  reason?.startsWith('jira-quota-') === true;

/** The top of the next window of `windowSeconds` (windows end on multiples since the epoch). */
export function nextWindowStart(nowMs: number, windowSeconds = 3600): number {
  const w = windowSeconds * 1000;
  return Math.floor(nowMs / w) * w + w;
}

export const topOfNextHour = (nowMs: number) => nextWindowStart(nowMs, HOUR_MS / 1000);

/** The snapshot an answer's headers give, or undefined when they announce no quota. */
export function snapshotOf(h: QuotaHeaders, nowMs: number): QuotaSnapshot | undefined {
  if (h.limit === undefined) return undefined;
  const resetMs =
    h.resetInSeconds !== undefined
      ? nowMs + h.resetInSeconds * 1000
      : h.windowSeconds !== undefined
        ? nextWindowStart(nowMs, h.windowSeconds)
        : undefined;
  return {
    limit: h.limit,
    ...(h.left !== undefined ? { left: h.left } : {}),
    ...(resetMs !== undefined ? { resetAt: new Date(resetMs).toISOString() } : {}),
    at: new Date(nowMs).toISOString(),
  };
}

type ObjectKind = 'project' | 'user' | 'group' | 'role' | 'permission';
const OBJECT_POINTS: Record<ObjectKind, number> = {
  project: 1,
  user: 2,
  group: 2,
  role: 2,
  permission: 2,
};

const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const at = (b: unknown, k: string): unknown =>
  b && typeof b === 'object' ? (b as Record<string, unknown>)[k] : undefined;
const keys = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).length : 0);
const P = '/rest/api/3';
const SD = '/rest/servicedeskapi';

/** The reads the app makes: which objects they list, and how to count them in the answer. */
const READS: [RegExp, ObjectKind, (body: unknown) => number][] = [
  [new RegExp(`^${P}/project/search$`), 'project', (b) => count(at(b, 'values'))],
  [new RegExp(`^${P}/project$`), 'project', count],
  [new RegExp(`^${P}/project/[^/]+$`), 'project', () => 1],
  [new RegExp(`^${P}/project/[^/]+/role$`), 'role', keys],
  [new RegExp(`^${P}/project/[^/]+/roledetails$`), 'role', count],
  [new RegExp(`^${P}/project/[^/]+/role/[^/]+$`), 'role', () => 1],
  [new RegExp(`^${P}/role$`), 'role', count],
  [new RegExp(`^${P}/role/[^/]+(/actors)?$`), 'role', () => 1],
  [new RegExp(`^${P}/groups/picker$`), 'group', (b) => count(at(b, 'groups'))],
  [new RegExp(`^${P}/group/bulk$`), 'group', (b) => count(at(b, 'values'))],
  [new RegExp(`^${P}/group$`), 'group', () => 1],
  [new RegExp(`^${P}/group/member$`), 'user', (b) => count(at(b, 'values'))],
  [new RegExp(`^${P}/(myself|user)$`), 'user', () => 1],
  [new RegExp(`^${P}/users?/search$`), 'user', count],
  [new RegExp(`^${P}/mypermissions$`), 'permission', (b) => keys(at(b, 'permissions'))],
  [new RegExp(`^${SD}/servicedesk/[^/]+/customer$`), 'user', (b) => count(at(b, 'values'))],
  [new RegExp(`^${SD}/organization/[^/]+/user$`), 'user', (b) => count(at(b, 'values'))],
];

/**
 * The published model: 1 per request, plus per object an answer lists (projects 1; users,
 * groups, project roles, permissions 2); a write costs 1; a 429 did nothing and costs nothing.
 * `path` is without its query.
 */
export function estimatePoints(
  method: string,
  path: string,
  status: number,
  body: unknown,
): number {
  if (status === 429) return 0;
  if (method.toUpperCase() !== 'GET' || status >= 400) return 1;
  const read = READS.find(([re]) => re.test(path));
  return read ? 1 + OBJECT_POINTS[read[1]] * read[2](body) : 1;
}

/**
 * The points a call cost: the drop in what is left when Jira showed it before and after (the
 * same window), else the estimate. A drop may include other calls answered meanwhile, which is
 * still spending: it errs towards counting more, never less.
 */
export function pointsSpent(
  before: { left: number; resetAtMs: number } | undefined,
  after: QuotaHeaders,
  resetAtMs: number | undefined,
  estimate: number,
): number {
  if (!before || after.left === undefined || resetAtMs === undefined) return estimate;
  // A new window (reset later than the one seen before) starts from a full pool.
  if (Math.abs(resetAtMs - before.resetAtMs) > 2_000) return estimate;
  const drop = before.left - after.left;
  return drop >= 0 ? drop : estimate;
}

/** The points the app's runs may spend in one hour: a share of the quota Jira announced. */
export function hourlyBudget(percent: number, announcedLimit = DEFAULT_QUOTA_POINTS): number {
  return Math.floor((announcedLimit * Math.min(100, Math.max(0, percent))) / 100);
}

/**
 * One person's part of the people's share each hour (%): whoever administers many projects
 * still spends at most this much, and the rest is left for everyone else.
 */
export const PERSON_SHARE_PERCENT = 20;

/** What people may spend in one hour (`pool`), and one person of them (`person`). */
export function peopleBudgets(
  percent: number,
  announcedLimit = DEFAULT_QUOTA_POINTS,
): { pool: number; person: number } {
  const pool = hourlyBudget(percent, announcedLimit);
  return { pool, person: Math.floor((pool * PERSON_SHARE_PERCENT) / 100) };
}

/**
 * What one invocation may spend now: its share of what is left of this hour's budget, as
 * `consumers` invocations of runs may be spending at once (each reads the same total).
 */
export function invocationAllowance(budget: number, spentThisHour: number, consumers = 1): number {
  return Math.max(0, Math.floor((budget - spentThisHour) / Math.max(1, consumers)));
}

/** The UTC hour a time falls in, as a KVS key part: 2026-03-01T13. */
export const hourKey = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 13);
