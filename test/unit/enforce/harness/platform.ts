// A deterministic Forge platform for the engine's unit tests. The app's real code runs in this
// Jest process: @forge/kvs reaches the local host's KvsStore (entities and transactions
// included), @forge/events pushes land in a list the test delivers from, and product calls reach
// a FakeSite. Each invocation runs in its own async context, so every platform call knows who
// made it. A test can hold any KVS call before it is applied (pause), stop an invocation right
// after a call was applied (crash: it never sees the answer, as a container that dies), or, in
// step mode, hold every KVS call and let a scheduler choose the interleaving. No timers: the
// platform only ever waits for the app to block on a held call or to finish. For store-level
// tests, `Platform.ambient()` runs calls made outside any invocation as one ambient invocation:
// the one KVS stand-in of the unit tests.
import { AsyncLocalStorage } from 'node:async_hooks';

import path from 'path';

import { KVS_WRITE_ROUTES, KvsStore } from '../../../../local/forge-host/kvs-store';
import { loadManifest } from '../../../../local/forge-host/manifest';
import { PersonalDataReports, REPORT_PATH } from '../../../../local/forge-host/personal-data';
import { QUEUE_KEY } from '../../../../src/enforce/queue/queue';
import { setLogSink } from '../../../../src/log';
import { FakeSite } from './fake-site';

const ROOT = path.resolve(__dirname, '../../../..');
const manifest = loadManifest(ROOT);

export interface QueuedEvent {
  body: Record<string, any>;
  eventId: string;
  attempt: number;
  /** the delay the app asked for */
  delayInSeconds?: number;
}

export interface Invocation {
  id: number;
  label: string;
  /** the run a consumer works for */
  runId?: string;
  event?: QueuedEvent;
  state: 'running' | 'done' | 'failed' | 'crashed';
  result?: unknown;
  error?: unknown;
  /** time left, for the app's deadline */
  remainingMs: () => number;
  settled: Promise<void>;
}

export interface KvsCall {
  inv: Invocation;
  route: string;
  body: any;
  /** keys written, entities as `<entityName>/<key>`; empty for reads */
  writes: string[];
}

interface Held extends KvsCall {
  go: (mode: 'apply' | 'crash') => void;
}

type Matcher = (c: KvsCall) => boolean;

export class Platform {
  readonly kvs = new KvsStore({ entities: manifest.entities });
  readonly site: FakeSite;
  /** Atlassian's personal data reporting API: mark accounts closed or updated, read the reports. */
  readonly personalData = new PersonalDataReports();
  readonly queue: QueuedEvent[] = [];
  /** events pushed to other queues than the engine's */
  readonly otherQueues: QueuedEvent[] = [];
  readonly invocations: Invocation[] = [];
  /** every KVS write applied, in order */
  readonly kvsWrites: KvsCall[] = [];
  /** Every KVS call answered (reads too), in order: `op` is get, set, query, transaction... */
  readonly log: { op: string; key?: string; status: number }[] = [];
  /** What the app logged (JSON lines), kept instead of printed. */
  readonly logs: string[] = [];
  /** Hold every KVS call until `step` releases it. */
  stepMode = false;
  /**
   * The app's sleeps (a retry's back-off, Retry-After) end at once, in order, instead of after
   * real time: a test whose Jira answers 429 or 5xx stays deterministic and quiesce waits for
   * them. Set before install().
   */
  instantSleeps = false;
  private sleeping = 0;
  private realSetTimeout?: typeof setTimeout;
  private held: Held[] = [];
  private pauses: { match: Matcher; found: (h: HeldCall) => void }[] = [];
  private crashes: { match: Matcher; nth: number; seen: number }[] = [];
  private jiraCrashes: ((method: string, path: string) => boolean)[] = [];
  private readonly als = new AsyncLocalStorage<Invocation>();
  private nextEventId = 1;
  /** Set by ambient(): the invocation that calls made outside any invocation belong to. */
  private ambientInv?: Invocation;

  constructor(site: FakeSite = new FakeSite({ projects: 0, groups: 0 })) {
    this.site = site;
  }

  /** A platform, installed, on which calls outside any invocation run as one ambient invocation. */
  static ambient(): Platform {
    const p = new Platform();
    p.ambientInv = {
      id: 0,
      label: 'ambient',
      state: 'running',
      remainingMs: () => Number.POSITIVE_INFINITY,
      settled: Promise.resolve(),
    };
    p.install();
    return p;
  }

  install(): void {
    setLogSink((_, line) => this.logs.push(line), 'info');
    const g = global as any;
    if (this.instantSleeps) {
      const real = (this.realSetTimeout = g.setTimeout as typeof setTimeout);
      g.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        // Only the app's own sleeps, made inside an invocation; Jest's timers keep real time.
        if (!this.als.getStore()) return real(fn, ms, ...args);
        this.sleeping++;
        return setImmediate(() => {
          this.sleeping--;
          fn(...args);
        });
      };
    }
    g.__forge_fetch__ = (target: any, p: string, init: any) => this.fetch(target, p, init);
    g.__forge_runtime__ = {
      appContext: {
        appId: manifest.appId.replace(/^ari:cloud:ecosystem::app\//, ''),
        appVersion: '1.0.0',
        environmentId: 'unit',
        environmentType: 'DEVELOPMENT',
        invocationId: 'unit',
        installationId: 'unit',
        moduleKey: 'unit',
        permissions: { scopes: manifest.scopes, external: {} },
      },
      proxy: { token: 'unit', url: 'http://unit' },
      tracing: { traceId: '0', spanId: '0' },
      metrics: {
        counter: () => ({ incr: () => undefined, decr: () => undefined }),
        timing: () => ({ measure: () => ({ stop: () => undefined }) }),
        gauge: () => ({ set: () => undefined }),
        histogram: () => ({ record: () => undefined }),
      },
      lambdaContext: {
        awsRequestId: 'unit',
        getRemainingTimeInMillis: () =>
          this.als.getStore()?.remainingMs() ?? Number.POSITIVE_INFINITY,
      },
    };
  }

  uninstall(): void {
    if (this.realSetTimeout) (global as any).setTimeout = this.realSetTimeout;
    delete (global as any).__forge_fetch__;
    delete (global as any).__forge_runtime__;
  }

  // --- invocations ---

  /** Runs `fn` as one invocation of the app. */
  invoke(
    label: string,
    fn: () => Promise<unknown>,
    extra: Partial<Pick<Invocation, 'runId' | 'event' | 'remainingMs'>> = {},
  ): Invocation {
    const inv = {
      id: this.invocations.length + 1,
      label,
      state: 'running',
      remainingMs: () => Number.POSITIVE_INFINITY,
      ...extra,
    } as Invocation;
    inv.settled = this.als.run(inv, async () => {
      try {
        const result = await fn();
        if (inv.state === 'running') {
          inv.state = 'done';
          inv.result = result;
        }
      } catch (err) {
        if (inv.state === 'running') {
          inv.state = 'failed';
          inv.error = err;
        }
      }
    });
    this.invocations.push(inv);
    return inv;
  }

  /** Takes the next queued event (or the one given) off the queue and delivers it. */
  deliver(
    ev: QueuedEvent = this.queue[0],
    handler: (e: unknown) => Promise<void>,
    remainingMs?: () => number,
  ): Invocation {
    const i = this.queue.indexOf(ev);
    if (i >= 0) this.queue.splice(i, 1);
    const key =
      ev.body.kind === 'list'
        ? `list:${ev.body.index}`
        : ev.body.kind === 'batch'
          ? `batch:${ev.body.index}:${ev.body.part}`
          : String(ev.body.kind);
    return this.invoke(
      `${key}#${ev.attempt}`,
      () =>
        handler({
          body: ev.body,
          eventId: ev.eventId,
          ...(ev.attempt > 0 ? { retryContext: { retryCount: ev.attempt } } : {}),
        }),
      { runId: ev.body.runId, event: ev, ...(remainingMs ? { remainingMs } : {}) },
    );
  }

  /** The same event again, as Forge retries a consumer that failed or crashed. */
  retry(inv: Invocation): QueuedEvent {
    const again = { ...inv.event!, attempt: inv.event!.attempt + 1 };
    this.queue.push(again);
    return again;
  }

  /**
   * Resolves once every running invocation is waiting on a held call or has ended. Waits only
   * for the app's own promises (a macrotask turn lets them all run), never for time.
   */
  async quiesce(): Promise<void> {
    for (let quiet = 0; quiet < 2;) {
      const before = this.signature();
      await new Promise((r) => setImmediate(r));
      quiet = this.signature() === before && this.sleeping === 0 ? quiet + 1 : 0;
    }
  }

  private signature(): string {
    return `${this.sleeping}/${this.held.length}/${this.invocations.map((i) => i.state).join()}/${this.queue.length}/${this.kvsWrites.length}`;
  }

  running(): Invocation[] {
    return this.invocations.filter((i) => i.state === 'running');
  }

  /** Stored values under a prefix, straight from the store (not through the app). */
  values<T = any>(prefix: string): T[] {
    const data = (this.kvs as unknown as { data: Map<string, { value: unknown }> }).data;
    return [...data.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, e]) => e.value as T);
  }

  /** Moves every lease's times back, as if `ms` passed with no invocation running. */
  ageLeases(ms: number): void {
    const leases = (
      this.kvs as unknown as { entityData: Map<string, Map<string, any>> }
    ).entityData.get('lease');
    for (const e of leases?.values() ?? [])
      e.value = {
        ...e.value,
        renewedAt: e.value.renewedAt - ms,
        expiresAt: e.value.expiresAt - ms,
      };
  }

  /** Stored keys under a prefix, sorted. */
  keys(prefix = ''): string[] {
    const data = (this.kvs as unknown as { data: Map<string, unknown> }).data;
    return [...data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Writes a value as an older version of the app would have (no SDK, no pause). */
  seed(key: string, value: unknown): void {
    const a = this.kvs.handle('/api/v1/set', JSON.stringify({ key, value }));
    if (a.status >= 300) throw new Error(`seed ${key}: ${a.status}`);
  }

  /** Deletes a key as time would (a value of an hour that is over), with no invocation. */
  unseed(key: string): void {
    const a = this.kvs.handle('/api/v1/delete', JSON.stringify({ key }));
    if (a.status >= 300) throw new Error(`unseed ${key}: ${a.status}`);
  }

  // --- faults ---

  /** Holds the next matching KVS call: `reached` once it is made, `release` applies it. */
  hold(match: Matcher): Gate {
    const held = this.pauseAt(match);
    return {
      reached: held.then(() => undefined),
      release: () => void held.then((h) => h.release()),
    };
  }

  /** Holds the next write of a key starting with `prefix`. */
  holdSet(prefix: string): Gate {
    return this.hold(on.write(prefix));
  }

  /** Holds the next KVS call that matches, before it is applied; resolves with it once made. */
  pauseAt(match: Matcher): Promise<HeldCall> {
    return new Promise((found) => this.pauses.push({ match, found }));
  }

  /** The invocation making the nth matching KVS call stops right after the call is applied. */
  crashAfter(match: Matcher, nth = 1): void {
    this.crashes.push({ match, nth, seen: 0 });
  }

  /** Step mode: the calls held now, oldest first. */
  heldCalls(): HeldCall[] {
    return this.held.map((h) => new HeldCall(h, this));
  }

  /** The next product call matching is carried out by Jira, then its invocation dies unanswered. */
  crashAfterJira(match: (method: string, path: string) => boolean): void {
    this.jiraCrashes.push(match);
  }

  /** @internal */
  releaseHeld(h: Held, mode: 'apply' | 'crash'): void {
    this.held = this.held.filter((x) => x !== h);
    h.go(mode);
  }

  // --- the platform's side of the SDKs ---

  private async fetch(target: any, p: string, init: any): Promise<unknown> {
    const inv = this.als.getStore() ?? this.ambientInv;
    // A crashed container does nothing more: what was still running in it (another project of
    // its batch, say) gets no answer from storage or the queue, and no product call goes out.
    // The product call fails at once, as a platform error the client does not retry, so that
    // nothing it held (a limiter slot) stays held and no retry timer outlives the test. The
    // same for what is left of an earlier test's platform.
    if (!inv || inv.state === 'crashed') {
      if (target?.remote === 'jira')
        throw Object.assign(new Error('The container is gone.'), { name: 'INVALID_REMOTE_ERR' });
      return new Promise(() => undefined);
    }
    if (target?.type === 'kvs') return this.kvsCall(inv, p, init?.body);
    if (target?.remote === 'stargate' && p.startsWith('/webhook/queue/publish/')) {
      const req = JSON.parse(init.body);
      // The engine's queue is delivered by the test; others (Health's) are only kept.
      const to = req.queueName === QUEUE_KEY ? this.queue : this.otherQueues;
      for (const e of req.payload)
        to.push({
          body: e.body,
          eventId: `e${this.nextEventId++}`,
          attempt: 0,
          delayInSeconds: e.delayInSeconds,
        });
      return respond(201, { jobId: req.jobId });
    }
    if (target?.remote === 'stargate' && p === REPORT_PATH) {
      const a = this.personalData.handle(init?.method ?? 'GET', init?.body);
      return respond(a.status, a.body === null ? undefined : JSON.parse(a.body), a.headers);
    }
    if (target?.remote === 'jira') {
      const body = init?.body ? JSON.parse(init.body) : undefined;
      const method = init?.method ?? 'GET';
      const a = this.site.handle(method, p, body, inv?.runId);
      const crash = this.jiraCrashes.find((m) => m(method, p));
      if (crash) {
        // Jira carried the call out; the container died before its answer arrived.
        this.jiraCrashes = this.jiraCrashes.filter((m) => m !== crash);
        inv.state = 'crashed';
        throw Object.assign(new Error('The container is gone.'), { name: 'INVALID_REMOTE_ERR' });
      }
      return respond(a.status, a.body, a.headers);
    }
    throw new Error(`Platform: no route for ${JSON.stringify(target)} ${p}`);
  }

  private async kvsCall(inv: Invocation, p: string, raw: string | undefined): Promise<unknown> {
    const route = p.replace(/^\/api\/v1/, '');
    const body = raw ? JSON.parse(raw) : {};
    const call: KvsCall = {
      inv,
      route,
      body,
      writes: KVS_WRITE_ROUTES.has(route) ? KvsStore.writtenKeys(route, body) : [],
    };
    const pause = this.pauses.find((x) => x.match(call));
    let mode: 'apply' | 'crash' = 'apply';
    if (pause || this.stepMode) {
      mode = await new Promise<'apply' | 'crash'>((go) => {
        const h: Held = { ...call, go };
        this.held.push(h);
        if (pause) {
          this.pauses = this.pauses.filter((x) => x !== pause);
          pause.found(new HeldCall(h, this));
        }
      });
    }
    const a = this.kvs.handle(p, raw);
    this.log.push({ op: route.slice(1), key: body?.key, status: a.status });
    if (call.writes.length && a.status < 300) this.kvsWrites.push(call);
    const crash = this.crashes.find((c) => c.match(call) && call.writes.length && a.status < 300);
    if (crash && ++crash.seen === crash.nth) {
      this.crashes = this.crashes.filter((c) => c !== crash);
      mode = 'crash';
    }
    if (mode === 'crash') {
      inv.state = 'crashed';
      return new Promise(() => undefined); // the container is gone: no answer, ever
    }
    return respond(a.status, a.body);
  }
}

export interface Gate {
  /** Resolves when the held call has arrived (it has not reached storage yet). */
  reached: Promise<void>;
  /** Lets the held call through. */
  release(): void;
}

/** A KVS call held before it is applied. */
export class HeldCall {
  constructor(
    private readonly h: Held,
    private readonly platform: Platform,
  ) {}
  get call(): KvsCall {
    return this.h;
  }
  /** Applies the call and answers it. */
  release(): void {
    this.platform.releaseHeld(this.h, 'apply');
  }
  /** Applies the call, then the invocation dies before it sees the answer. */
  crash(): void {
    this.platform.releaseHeld(this.h, 'crash');
  }
}

/** A fetch Response as the SDKs read it, answered in microtasks (no streams, no timers). */
function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: String(status),
    headers: new Headers({
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    }),
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text) as unknown),
  };
}

/** Matchers for KVS calls. */
export const on = {
  /** a write touching a key that starts with `prefix` */
  write: (prefix: string) => (c: KvsCall) => c.writes.some((k) => k.startsWith(prefix)),
  /** any call of this invocation */
  by: (inv: () => Invocation | undefined) => (c: KvsCall) => c.inv === inv(),
  both:
    (...ms: Matcher[]) =>
    (c: KvsCall) =>
      ms.every((m) => m(c)),
  route: (route: string) => (c: KvsCall) => c.route === route,
};
