// The app's hourly points quota (Jira Cloud, from March 2026). Tier 1 ("global"): one pool of
// 65,000 points an hour for every installation of the app; Tier 2 ("tenant"): a pool per site by
// plan and users. The window ends at the next multiple of its length since the epoch (the top of
// the UTC hour for 3600 s); once the pool is spent every request is refused until then. Usage can
// be set and the window moved on from the control API, so tests need not wait an hour.
import { z } from 'zod';

import type { Plan } from './model';

export const TIER1_POINTS = 65_000;
/** Under this share of the quota left, answers say how much is left. */
const NEAR_LIMIT = 0.2;

export const QuotaSettingsSchema = z
  .object({
    enabled: z.boolean().optional(),
    /** global: Tier 1, one pool for all installations; tenant: Tier 2, this site's own pool. */
    mode: z.enum(['global', 'tenant']).optional(),
    /** Points per window (q). Default: 65,000 (global) or what the site's plan gives (tenant). */
    points: z.number().int().positive().nullable().optional(),
    windowSeconds: z.number().int().min(1).max(86_400).optional(),
    /** The points already used in this window (by other installations, say). */
    used: z.number().int().min(0).optional(),
  })
  .strict();
export type QuotaSettings = z.infer<typeof QuotaSettingsSchema>;

const TIER2: Record<Plan, [base: number, perUser: number]> = {
  free: [65_000, 0],
  standard: [100_000, 10],
  premium: [130_000, 20],
  enterprise: [150_000, 30],
};

/** A site's Tier 2 quota: by plan, plus per user, at most 500,000 points an hour. */
export function tenantQuota(plan: Plan, users: number): number {
  const [base, perUser] = TIER2[plan];
  return Math.min(500_000, base + perUser * users);
}

export class Quota {
  private enabled = false;
  private mode: 'global' | 'tenant' = 'global';
  private points: number | null = null;
  private windowSeconds = 3600;
  private used = 0;
  private windowEnds: number;

  constructor(
    /** The site's plan and user count, for tenant quotas. */
    private readonly site: () => { plan: Plan; users: number },
    private readonly now: () => number = Date.now,
  ) {
    this.windowEnds = this.boundaryAfter(now());
  }

  configure(s: QuotaSettings): void {
    if (s.enabled !== undefined) this.enabled = s.enabled;
    if (s.mode) this.mode = s.mode;
    if (s.points !== undefined) this.points = s.points;
    if (s.windowSeconds !== undefined && s.windowSeconds !== this.windowSeconds) {
      this.windowSeconds = s.windowSeconds;
      this.windowEnds = this.boundaryAfter(this.now());
    }
    if (s.used !== undefined) this.used = s.used;
  }

  reset(): void {
    this.enabled = false;
    this.mode = 'global';
    this.points = null;
    this.windowSeconds = 3600;
    this.moveOn();
  }

  /** A new window: nothing used. It ends at the next boundary, as real windows do. */
  moveOn(): void {
    this.used = 0;
    this.windowEnds = this.boundaryAfter(this.now());
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** The points this window holds (q). */
  limit(): number {
    if (this.points !== null) return this.points;
    if (this.mode === 'global') return TIER1_POINTS;
    const { plan, users } = this.site();
    return tenantQuota(plan, users);
  }

  /** Whether the pool is spent, and if so the answer Jira gives instead of doing the request. */
  refusal(): { message: string; headers: Record<string, string> } | null {
    if (!this.enabled) return null;
    this.roll();
    if (this.left() > 0) return null;
    const q = this.limit();
    const resets = new Date(this.windowEnds).toISOString();
    const pool =
      this.mode === 'global'
        ? 'shared by all its installations (Tier 1)'
        : "this site's own pool (Tier 2)";
    return {
      message:
        `The app's quota of ${q} points per ${this.windowSeconds} s, ${pool}, is spent: Jira ` +
        `refuses its requests until ${resets.slice(11, 19)} UTC. Wait for Retry-After.`,
      headers: {
        ...this.headers(),
        'ratelimit-reason': `jira-quota-${this.mode}-based`,
        'retry-after': String(this.secondsLeft()),
        'x-ratelimit-reset': resets,
      },
    };
  }

  charge(points: number): void {
    if (!this.enabled) return;
    this.roll();
    this.used += points;
  }

  /** The quota headers of an answer to a metered request. */
  headers(): Record<string, string> {
    if (!this.enabled) return {};
    this.roll();
    const q = this.limit();
    const name = this.policyName();
    const out: Record<string, string> = {
      'beta-ratelimit-policy': `"${name}";q=${q};w=${this.windowSeconds}`,
    };
    const left = this.left();
    if (left < q * NEAR_LIMIT) {
      out['beta-ratelimit'] = `"${name}";r=${left};t=${this.secondsLeft()}`;
      out['x-ratelimit-nearlimit'] = 'true';
    }
    return out;
  }

  status() {
    this.roll();
    return {
      enabled: this.enabled,
      mode: this.mode,
      points: this.limit(),
      windowSeconds: this.windowSeconds,
      used: this.used,
      left: this.left(),
      resetsAt: new Date(this.windowEnds).toISOString(),
      resetInSeconds: this.secondsLeft(),
    };
  }

  private policyName(): string {
    return this.mode === 'global' ? 'global-app-quota' : 'tenant-app-quota';
  }

  private left(): number {
    return Math.max(0, this.limit() - this.used);
  }

  private secondsLeft(): number {
    return Math.max(1, Math.ceil((this.windowEnds - this.now()) / 1000));
  }

  /** The window rolls over by itself once its end has passed. */
  private roll(): void {
    const t = this.now();
    if (t < this.windowEnds) return;
    this.used = 0;
    this.windowEnds = this.boundaryAfter(t);
  }

  private boundaryAfter(t: number): number {
    const w = this.windowSeconds * 1000;
    return (Math.floor(t / w) + 1) * w;
  }
}
