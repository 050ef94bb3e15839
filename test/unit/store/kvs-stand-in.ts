// A KVS for unit tests that the real @forge/kvs SDK talks to (through global.__forge_fetch__,
// as on Forge), backed by the local host's KvsStore, with gates that hold a chosen call before it
// reaches storage. A test runs one use case up to that call, runs another to its end, then lets
// the first go on: an interleaving without sleeps.
import { KvsStore } from '../../../local/forge-host/kvs-store';

/** The SDK's operation: get, set, delete, query, transaction, batch/set... */
export type KvsOp = string;

export interface Gate {
  /** Resolves when the held call has arrived (it has not reached storage yet). */
  reached: Promise<void>;
  /** Lets the held call through. */
  release(): void;
}

interface PendingGate {
  match: (op: KvsOp, body: any) => boolean;
  arrive: () => void;
  wait: Promise<void>;
}

export class KvsStandIn {
  readonly store = new KvsStore({ file: null });
  /** Every call, in the order it reached storage. */
  readonly log: { op: KvsOp; key?: string; status: number }[] = [];
  private gates: PendingGate[] = [];

  /** Routes @forge/kvs here; call in beforeEach. */
  install(): this {
    (global as any).__forge_fetch__ = (target: { type?: string }, path: string, init: any) => {
      if (target?.type !== 'kvs') throw new Error(`KvsStandIn: unexpected call to ${path}`);
      return this.fetch(path, init?.body);
    };
    return this;
  }

  /** Holds the next call for which `match(op, body)` is true. */
  hold(match: (op: KvsOp, body: any) => boolean): Gate {
    let arrive!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((r) => (arrive = r));
    const wait = new Promise<void>((r) => (release = r));
    this.gates.push({ match, arrive, wait });
    return { reached, release };
  }

  /** Holds the next set of a key starting with `prefix`. */
  holdSet(prefix: string): Gate {
    return this.hold((op, body) => op === 'set' && String(body?.key).startsWith(prefix));
  }

  keys(prefix = ''): string[] {
    const data = (this.store as unknown as { data: Map<string, unknown> }).data;
    return [...data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Writes a value as an older version of the app would have (no SDK, no gate). */
  seed(key: string, value: unknown): void {
    const a = this.store.handle('/api/v1/set', JSON.stringify({ key, value }));
    if (a.status >= 300) throw new Error(`seed ${key}: ${a.status}`);
  }

  private async fetch(path: string, rawBody: string | undefined): Promise<Response> {
    const op = path.replace(/^\/api\/v1\//, '').split('?')[0];
    const body = rawBody ? JSON.parse(rawBody) : {};
    const i = this.gates.findIndex((g) => g.match(op, body));
    if (i >= 0) {
      const [gate] = this.gates.splice(i, 1);
      gate.arrive();
      await gate.wait;
    }
    const answer = this.store.handle(path, rawBody);
    this.log.push({ op, key: body?.key, status: answer.status });
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, {
      status: answer.status,
      headers: text ? { 'content-type': 'application/json' } : {},
    });
  }
}
