// Token buckets by key: a bucket holds up to `perSecond` tokens and refills at that rate, so a
// client may spend one second's worth at once and then keep to the rate, as Jira's burst limits
// allow. The clock is injectable so tests can step it instead of sleeping.
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token: 0 when taken, else the whole seconds until the bucket has one again. */
  take(key: string, perSecond: number): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: perSecond, at: t };
    b.tokens = Math.min(perSecond, b.tokens + ((t - b.at) / 1000) * perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    b.tokens -= 1;
    return 0;
  }

  clear(): void {
    this.buckets.clear();
  }
}
