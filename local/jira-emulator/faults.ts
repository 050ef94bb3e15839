// Injected faults for /rest/ and /scim/: latency, failures on chosen paths and random 429/5xx
// from a seeded PRNG, so that a test run is repeatable. Jira's own rate limits (the points quota
// and burst buckets) are not faults: see limits.ts.
import { z } from 'zod';

import { Clock } from './clock';
import { prng } from './seeds';

// Strict: a setting that moved (burstPerSecond: PUT /__emulator/limits {burst: {site}}) is
// refused, not silently ignored.
export const FaultConfigSchema = z.strictObject({
  latencyMs: z.number().min(0).max(60000).optional(),
  rate429: z.number().min(0).max(1).optional(),
  retryAfterSeconds: z.number().min(0).max(3600).optional(),
  rate5xx: z.number().min(0).max(1).optional(),
  failPaths: z
    .array(
      z.object({
        method: z.string().optional(),
        pathRegex: z.string(),
        status: z.number().int().min(400).max(599),
        /** How many matching requests fail; absent = all. */
        times: z.number().int().positive().optional(),
        /**
         * Carry the request out, then answer `status` instead of the success: the change is made
         * but the caller sees a failure (a 5xx that hid a successful write).
         */
        afterApplying: z.boolean().optional(),
        /**
         * A Retry-After on this failure, whatever its status (Jira sends one with some 503s); a
         * 429 without it takes the config's retryAfterSeconds.
         */
        retryAfterSeconds: z.number().min(0).max(3600).optional(),
        /** A 429's `RateLimit-Reason` (default jira-quota-tenant-based); Retry-After is retryAfterSeconds. */
        reason: z
          .enum(['jira-quota-global-based', 'jira-quota-tenant-based', 'jira-burst-based'])
          .optional(),
      }),
    )
    .optional(),
  /** Platform pages hold at most this many items, whatever maxResults asks: Jira may answer short pages. */
  maxPageSize: z.number().int().positive().optional(),
  /** Seed of the PRNG behind rate429/rate5xx (default 1). */
  seed: z.number().int().optional(),
  /**
   * What these accounts change is carried out but not recorded in the audit log: a log that
   * does not show an app's changes (or shows them in a form it cannot know).
   */
  auditOmitAuthors: z.array(z.string()).optional(),
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export interface InjectedFault {
  status: number;
  message: string;
  headers: Record<string, string>;
}

export class Faults {
  constructor(private readonly clock = new Clock()) {}

  private config: FaultConfig = {};
  private rand = prng(1);
  private rules: {
    method?: string;
    re: RegExp;
    status: number;
    left: number;
    afterApplying: boolean;
    reason: string;
    retryAfterSeconds?: number;
  }[] = [];

  /** The most items a platform page may hold now, if capped. */
  pageCap(): number | undefined {
    return this.config.maxPageSize;
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.rand = prng(config.seed ?? 1);
    this.rules = (config.failPaths ?? []).map((f) => ({
      method: f.method?.toUpperCase(),
      re: new RegExp(f.pathRegex),
      status: f.status,
      left: f.times ?? Infinity,
      afterApplying: f.afterApplying ?? false,
      reason: f.reason ?? 'jira-quota-tenant-based',
      retryAfterSeconds: f.retryAfterSeconds,
    }));
  }

  clear(): void {
    this.set({});
  }

  get current(): FaultConfig {
    return this.config;
  }

  /** Waits the configured latency, then says whether this request fails and how. */
  async apply(method: string, path: string): Promise<InjectedFault | null> {
    const c = this.config;
    if (c.latencyMs) await new Promise((r) => setTimeout(r, c.latencyMs));
    const failure = this.matchRule(method, path, false);
    if (failure) return failure;
    if (c.rate429 && this.rand() < c.rate429)
      return {
        status: 429,
        message: 'Rate limit exceeded (injected).',
        headers: this.retryHeaders('jira-quota-tenant-based'),
      };
    if (c.rate5xx && this.rand() < c.rate5xx)
      return { status: 503, message: 'Service unavailable (injected).', headers: {} };
    return null;
  }

  /** Whether the audit log records nothing of what `accountId` changes. */
  auditOmits(accountId: string | undefined): boolean {
    return !!accountId && !!this.config.auditOmitAuthors?.includes(accountId);
  }

  /** After a request was carried out successfully: whether its answer is replaced by a failure. */
  afterApplying(method: string, path: string): InjectedFault | null {
    return this.matchRule(method, path, true);
  }

  private matchRule(method: string, path: string, afterApplying: boolean): InjectedFault | null {
    for (const rule of this.rules) {
      if (
        rule.afterApplying === afterApplying &&
        rule.left > 0 &&
        (!rule.method || rule.method === method) &&
        rule.re.test(path)
      ) {
        rule.left -= 1;
        return {
          status: rule.status,
          message: `Injected failure (${rule.status}) for ${method} ${path}${afterApplying ? ', after carrying it out' : ''}.`,
          headers:
            rule.status === 429
              ? this.retryHeaders(rule.reason, rule.retryAfterSeconds)
              : rule.retryAfterSeconds !== undefined
                ? { 'retry-after': String(rule.retryAfterSeconds) }
                : {},
        };
      }
    }
    return null;
  }

  private retryHeaders(
    reason: string,
    seconds = this.config.retryAfterSeconds ?? 1,
  ): Record<string, string> {
    return {
      'retry-after': String(seconds),
      'x-ratelimit-reset': new Date(this.clock.now() + seconds * 1000).toISOString(),
      'ratelimit-reason': reason,
    };
  }
}
