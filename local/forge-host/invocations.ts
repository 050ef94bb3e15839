// What ran, for how long, and how it ended: the benchmark reads maxInvocationMs, people read
// the recent list when something misbehaves. Kept in a ring so a long run stays small.
export type InvocationKind = 'resolver' | 'scheduledTrigger' | 'trigger' | 'consumer';

export interface InvocationRecord {
  id: string;
  rootId: string;
  kind: InvocationKind;
  moduleKey: string;
  function: string;
  /** Resolver function key, for resolvers. */
  functionKey?: string;
  accountId?: string;
  startedAt: string;
  ms: number;
  limitMs: number;
  ok: boolean;
  error?: string;
  timedOut?: boolean;
  retryCount?: number;
  /** Console lines it wrote (GET /api/logs?invocationId=, or /api/invocations?logs=1). */
  logLines: number;
}

export class InvocationLog {
  private readonly ring: InvocationRecord[] = [];
  private maxMs = 0;
  private total = 0;
  private failed = 0;
  private timedOut = 0;
  private readonly byRoot = new Map<string, InvocationRecord[]>();

  constructor(private readonly capacity = 2000) {}

  add(r: InvocationRecord): void {
    this.ring.push(r);
    if (this.ring.length > this.capacity) this.ring.shift();
    this.total++;
    if (!r.ok) this.failed++;
    if (r.timedOut) this.timedOut++;
    this.maxMs = Math.max(this.maxMs, r.ms);
    const list = this.byRoot.get(r.rootId);
    if (list) list.push(r);
  }

  /** Collects every record of one root until `stopCollecting` (used by runTrigger). */
  collect(rootId: string): void {
    this.byRoot.set(rootId, []);
  }
  stopCollecting(rootId: string): InvocationRecord[] {
    const list = this.byRoot.get(rootId) ?? [];
    this.byRoot.delete(rootId);
    return list;
  }

  summary(limit = 200) {
    return {
      count: this.total,
      failed: this.failed,
      timedOut: this.timedOut,
      maxInvocationMs: this.maxMs,
      invocations: this.ring.slice(-limit).reverse(),
    };
  }
}
