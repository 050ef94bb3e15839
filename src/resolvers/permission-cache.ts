// Resolvers' own permission checks, remembered per caller for a short while: opening the admin
// page makes several resolver calls, and each would otherwise ask Jira the same question (and
// spend the app's hourly points). Kept in the module's memory, i.e. per Forge container; an
// answer is trusted for at most TTL_MS, so a revoked admin keeps access for up to that long
// (docs/threat-model.md). Failures are not remembered: the next call asks again.

/** How long an answer is trusted. */
export const PERMISSION_TTL_MS = 60_000;
/** Callers remembered at most; the oldest are forgotten first. */
const MAX_ENTRIES = 500;

export class PermissionCache {
  private readonly entries = new Map<string, { at: number; answer: Promise<boolean> }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = PERMISSION_TTL_MS,
  ) {}

  /** The remembered answer for `key` while fresh; else asks (concurrent callers share one ask). */
  get(key: string, ask: () => Promise<boolean>): Promise<boolean> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.answer;
    const answer = ask();
    this.entries.delete(key);
    this.entries.set(key, { at: now, answer });
    answer.catch(() => {
      if (this.entries.get(key)?.answer === answer) this.entries.delete(key);
    });
    while (this.entries.size > MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value as string);
    return answer;
  }
}
