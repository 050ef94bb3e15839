// The bench's figures, pure: who spent what of Jira's points (by the function that made each
// call, as the local host tells the emulator), per-hour means and maxima, tenants per Tier 1
// pool, and the Forge side of the bill at Atlassian's published prices.
import type { HostUsage } from './forge-host/usage';

/** A numeric option of the bench: a number >= 0, or an error naming the option. */
export function benchNumber(name: string, raw: string | undefined): number {
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number; got ${raw}.`);
  return n;
}

/** Who spends: a run's work, Health, the organization sync, the admin's and projects' pages. */
export type Spender = 'runs' | 'health' | 'orgs' | 'pages' | 'other';
export const SPENDERS: Spender[] = ['runs', 'health', 'orgs', 'pages', 'other'];

/** A Tier 1 app's hourly points, shared by every installation. */
export const TIER1_POOL = 65_000;

/**
 * The spender of a call from the function that made it (`function[:event kind or resolver
 * key]`, src/index.ts and manifest.yml): the health-check consumer is Health, an `org` event of
 * the enforce-batch consumer the organization sync, a resolver a page; the rest is runs' work
 * (the hourly trigger, list/batch/start events, project events). No function: the host's own.
 */
export function spenderOf(madeBy: string | undefined): Spender {
  if (!madeBy) return 'other';
  const [fn, detail] = madeBy.split(':');
  if (fn === 'health-check') return 'health';
  if (fn === 'enforce-batch' && detail === 'org') return 'orgs';
  if (fn === 'admin-resolver' || fn === 'project-resolver') return 'pages';
  return 'runs';
}

export interface LoggedCall {
  method?: string;
  path?: string;
  status: number;
  points?: number;
  metered?: boolean;
  madeBy?: string;
}
export type BySpender = Record<Spender, number>;
export interface Spend {
  calls: BySpender;
  points: BySpender;
}

const zero = (): BySpender => ({ runs: 0, health: 0, orgs: 0, pages: 0, other: 0 });
const sum = (b: BySpender) => SPENDERS.reduce((n, k) => n + b[k], 0);

/** The app's calls (429s are refusals, not calls: they cost nothing) and metered points. */
export function spendOf(log: LoggedCall[]): Spend {
  const out: Spend = { calls: zero(), points: zero() };
  for (const r of log) {
    const who = spenderOf(r.madeBy);
    if (r.status !== 429) out.calls[who]++;
    if (r.metered) out.points[who] += r.points ?? 0;
  }
  return out;
}

/** The mean points an hour of the costliest 24 consecutive hours (null: under a day). */
export function worstDay(spends: Spend[]): number | null {
  if (spends.length < 24) return null;
  const total = (x: Spend) => SPENDERS.reduce((n, k) => n + x.points[k], 0);
  const hours = spends.map(total);
  let worst = 0;
  for (let i = 0; i + 24 <= hours.length; i++)
    worst = Math.max(
      worst,
      hours.slice(i, i + 24).reduce((a, b) => a + b, 0),
    );
  return Math.round(worst / 24);
}

/** "spender METHOD /path/{id}" -> metered calls and points, the 12 costliest first. */
export function pointsByPath(log: LoggedCall[]) {
  const out: Record<string, { calls: number; points: number }> = {};
  for (const r of log) {
    if (!r.metered) continue;
    const p = (r.path ?? '')
      .replace(/\/project\/(?!search)[^/]+/, '/project/{key}')
      .replace(/\/(role|organization|servicedesk)\/\d+/g, '/$1/{id}');
    const e = (out[`${spenderOf(r.madeBy)} ${r.method ?? ''} ${p}`] ??= { calls: 0, points: 0 });
    e.calls++;
    e.points += r.points ?? 0;
  }
  return Object.fromEntries(
    Object.entries(out)
      .sort((a, b) => b[1].points - a[1].points)
      .slice(0, 12),
  );
}

export interface MeanMax {
  mean: number;
  max: number;
}
const meanMax = (xs: number[]): MeanMax => ({
  mean: xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0,
  max: Math.max(0, ...xs),
});

/** Per hour, all-in and by spender: mean and max of calls and points; tenants per pool. */
export function hourlyFigures(hours: Spend[]) {
  const by = (k: 'calls' | 'points') =>
    Object.fromEntries(SPENDERS.map((s) => [s, meanMax(hours.map((h) => h[k][s]))])) as Record<
      Spender,
      MeanMax
    >;
  const points = meanMax(hours.map((h) => sum(h.points)));
  return {
    calls: meanMax(hours.map((h) => sum(h.calls))),
    points,
    callsBy: by('calls'),
    pointsBy: by('points'),
    tenantsPerPool: tenantsPerPool(points.mean),
  };
}

/** Sites like this one a Tier 1 pool of 65,000 points an hour carries (null: none spent). */
export function tenantsPerPool(meanPointsPerHour: number): number | null {
  return meanPointsPerHour > 0 ? Math.floor(TIER1_POOL / meanPointsPerHour) : null;
}

/**
 * Forge platform prices (USD, overage beyond the app's monthly free allowance), from
 * https://developer.atlassian.com/platform/forge/forge-platform-pricing (last updated
 * 30 Jun 2025): functions $0.000025 per GB-second; KVS reads $0.055 and writes $1.090 per GB;
 * logs $1.005 per GB written. A function is billed for its memory (512 MB unless the manifest
 * says otherwise) times its duration.
 */
export const FORGE_PRICES = {
  perGbSecond: 0.000025,
  perKvsReadGb: 0.055,
  perKvsWriteGb: 1.09,
  perLogGb: 1.005,
  functionMemoryGb: 0.5,
} as const;
const GB = 1024 ** 3;
const HOURS_PER_MONTH = 730;

/** What the host counted of the platform in one simulated hour. */
export type ForgeUsage = HostUsage;

/** Mean per hour of each measure, and a month of it (730 hours) at the prices above. */
export function forgeBill(hours: ForgeUsage[]) {
  const mean = (k: keyof ForgeUsage) =>
    hours.length ? hours.reduce((n, h) => n + h[k], 0) / hours.length : 0;
  const gbSeconds = (mean('functionMs') / 1000) * FORGE_PRICES.functionMemoryGb;
  const month = {
    gbSeconds: gbSeconds * HOURS_PER_MONTH,
    kvsReadGb: (mean('kvsReadBytes') * HOURS_PER_MONTH) / GB,
    kvsWriteGb: (mean('kvsWriteBytes') * HOURS_PER_MONTH) / GB,
    logGb: (mean('logBytes') * HOURS_PER_MONTH) / GB,
  };
  const usd =
    month.gbSeconds * FORGE_PRICES.perGbSecond +
    month.kvsReadGb * FORGE_PRICES.perKvsReadGb +
    month.kvsWriteGb * FORGE_PRICES.perKvsWriteGb +
    month.logGb * FORGE_PRICES.perLogGb;
  const r = (x: number, d = 3) => Number(x.toFixed(d));
  return {
    perHour: {
      invocations: Math.round(mean('invocations')),
      functionSeconds: r(mean('functionMs') / 1000, 1),
      kvsReads: Math.round(mean('kvsReads')),
      kvsWrites: Math.round(mean('kvsWrites')),
      kvsReadKb: r(mean('kvsReadBytes') / 1024, 1),
      kvsWriteKb: r(mean('kvsWriteBytes') / 1024, 1),
      logKb: r(mean('logBytes') / 1024, 1),
    },
    perMonth: {
      gbSeconds: r(month.gbSeconds, 0),
      kvsReadGb: r(month.kvsReadGb),
      kvsWriteGb: r(month.kvsWriteGb),
      logGb: r(month.logGb),
      // Before the app's free monthly allowance, which all its installations share.
      usdAtOveragePrices: r(usd, 2),
    },
  };
}

/** Milliseconds from `nowMs` to the next top of a UTC hour (a whole hour when on one). */
export function msToNextHour(nowMs: number): number {
  const HOUR = 3_600_000;
  return HOUR - (nowMs % HOUR);
}
