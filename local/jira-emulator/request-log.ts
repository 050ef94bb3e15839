// Every request the emulator answered, for tests to assert on ("the app made 3 calls as
// itself"). Indexes are absolute, so `since` keeps working after old entries are dropped.
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  caller: string | null;
  at: string;
  /** What the request cost in Jira's points model (REST only; 0 for SCIM and refusals). */
  points: number;
  /** Whether it was charged to the app's quota (made through the product proxy: Bearer). */
  metered: boolean;
  /** The app's function that made it, when the local Forge host said (MADE_BY_HEADER). */
  madeBy?: string;
}

/**
 * Sent by the local Forge host with each product call: the function that made it (as
 * `function[:event kind or resolver key]`), so what a run, Health or a page spent can be told
 * apart. Jira knows the app's invocations too (the developer console shows them); no client
 * depends on it.
 */
export const MADE_BY_HEADER = 'x-local-forge-function';

const MAX = 100_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private dropped = 0;

  add(e: LoggedRequest): void {
    this.entries.push(e);
    if (this.entries.length > MAX) {
      const cut = this.entries.length - MAX;
      this.entries.splice(0, cut);
      this.dropped += cut;
    }
  }

  /** Entries from absolute index `since`, and the index to ask from next time. */
  since(since = 0): { requests: LoggedRequest[]; next: number } {
    const from = Math.max(0, since - this.dropped);
    return { requests: this.entries.slice(from), next: this.dropped + this.entries.length };
  }

  clear(): void {
    this.dropped += this.entries.length;
    this.entries = [];
  }
}
