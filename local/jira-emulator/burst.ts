// Jira's burst rate limits: a token bucket per endpoint (the spec's path template) and method,
// GET/POST 100/s and PUT/DELETE 50/s by default, some endpoints their own (the role actors read
// 200/s). Beyond it: 429 with RateLimit-Reason jira-burst-based, which slows that endpoint only.
// `site` adds one bucket shared by every endpoint: the bench's single rate limit.
import { z } from 'zod';

import { TokenBuckets } from './token-bucket';

const rate = z.number().positive().max(100_000);

export const BurstSettingsSchema = z
  .object({
    /** The per-endpoint buckets. */
    enabled: z.boolean().optional(),
    /** Requests per second per endpoint, by method. */
    perSecond: z.partialRecord(z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']), rate).optional(),
    /** Endpoints with a rate of their own: {"GET /rest/api/3/project/{projectIdOrKey}/role/{id}": 200}. */
    endpoints: z.record(z.string().regex(/^[A-Z]+ \/\S+$/), rate).optional(),
    /** One more bucket, shared by every endpoint (null: none). */
    site: rate.nullable().optional(),
  })
  .strict();
export type BurstSettings = z.infer<typeof BurstSettingsSchema>;

const DEFAULT_PER_SECOND: Record<string, number> = {
  GET: 100,
  POST: 100,
  PUT: 50,
  DELETE: 50,
  PATCH: 50,
};
const DEFAULT_ENDPOINTS: Record<string, number> = {
  'GET /rest/api/3/project/{projectIdOrKey}/role/{id}': 200,
};

export interface BurstRefusal {
  message: string;
  headers: Record<string, string>;
}

export class Burst {
  private enabled = false;
  private perSecond = { ...DEFAULT_PER_SECOND };
  private endpoints = { ...DEFAULT_ENDPOINTS };
  private site: number | null = null;
  private readonly buckets: TokenBuckets;

  constructor(private readonly now: () => number = Date.now) {
    this.buckets = new TokenBuckets(now);
  }

  configure(s: BurstSettings): void {
    if (s.enabled !== undefined) this.enabled = s.enabled;
    if (s.perSecond) this.perSecond = { ...this.perSecond, ...s.perSecond };
    if (s.endpoints) this.endpoints = { ...this.endpoints, ...s.endpoints };
    if (s.site !== undefined) this.site = s.site;
    // New rates start from full buckets.
    this.buckets.clear();
  }

  reset(): void {
    this.enabled = false;
    this.perSecond = { ...DEFAULT_PER_SECOND };
    this.endpoints = { ...DEFAULT_ENDPOINTS };
    this.site = null;
    this.buckets.clear();
  }

  /** Takes a token for this endpoint (and the site bucket); the 429 to answer when there is none. */
  check(method: string, template: string): BurstRefusal | null {
    if (this.enabled) {
      const key = `${method} ${template}`;
      const limit = this.endpoints[key] ?? this.perSecond[method] ?? DEFAULT_PER_SECOND.GET;
      const wait = this.buckets.take(key, limit);
      if (wait) return this.refusal(wait, `more than ${limit} ${method} requests per second`, key);
    }
    if (this.site) {
      const wait = this.buckets.take('*', this.site);
      if (wait) return this.refusal(wait, `more than ${this.site} requests per second`, 'the site');
    }
    return null;
  }

  status() {
    return {
      enabled: this.enabled,
      perSecond: this.perSecond,
      endpoints: this.endpoints,
      site: this.site,
    };
  }

  private refusal(seconds: number, what: string, where: string): BurstRefusal {
    return {
      message: `Rate limit exceeded: ${what} to ${where}. Slow down calls to this endpoint.`,
      headers: {
        'retry-after': String(seconds),
        'x-ratelimit-reset': new Date(this.now() + seconds * 1000).toISOString(),
        'ratelimit-reason': 'jira-burst-based',
      },
    };
  }
}
