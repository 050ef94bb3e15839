// The limits Jira Cloud puts on REST calls: the app's points quota (only calls made through
// Forge's product proxy, i.e. with a Bearer token, as asApp or asUser: API-token traffic is not
// metered) and the burst buckets (every REST call). Off unless configured, so tests run at full
// speed; `npm start` turns on the Tier 1 figures (TIER1_LIMITS).
import { z } from 'zod';

import { Burst, BurstSettingsSchema } from './burst';
import type { Plan } from './model';
import { Quota, QuotaSettingsSchema } from './quota';

export const LimitsSettingsSchema = z
  .object({ quota: QuotaSettingsSchema.optional(), burst: BurstSettingsSchema.optional() })
  .strict();
export type LimitsSettings = z.infer<typeof LimitsSettingsSchema>;

/** Jira Cloud's defaults for a Tier 1 app: 65,000 points an hour, per-endpoint bursts. */
export const TIER1_LIMITS: LimitsSettings = {
  quota: { enabled: true, mode: 'global' },
  burst: { enabled: true },
};

export interface LimitRefusal {
  message: string;
  headers: Record<string, string>;
}

export class Limits {
  readonly quota: Quota;
  readonly burst: Burst;

  constructor(site: () => { plan: Plan; users: number }, now: () => number = Date.now) {
    this.quota = new Quota(site, now);
    this.burst = new Burst(now);
  }

  configure(s: LimitsSettings): void {
    if (s.quota) this.quota.configure(s.quota);
    if (s.burst) this.burst.configure(s.burst);
  }

  reset(): void {
    this.quota.reset();
    this.burst.reset();
  }

  /** Before a REST request is carried out: the 429 to answer instead, if any. */
  admit(method: string, template: string, metered: boolean): LimitRefusal | null {
    const spent = metered ? this.quota.refusal() : null;
    return spent ?? this.burst.check(method, template);
  }

  /** After: charges a metered request's points and gives the quota headers of its answer. */
  settle(points: number, metered: boolean): Record<string, string> {
    if (!metered) return {};
    this.quota.charge(points);
    return this.quota.headers();
  }

  status() {
    return { quota: this.quota.status(), burst: this.burst.status() };
  }
}
