// A small pool of worker threads, each running one invocation at a time (one Forge container).
// Time limits are real: a worker that overruns is terminated and a fresh one takes its place.
// Workers start lazily and extra idle ones are stopped, so an idle host stays small in memory.
import { Worker } from 'worker_threads';

export interface FetchRequest {
  id: number;
  invocationId: string | null;
  target: any;
  path: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}
export interface FetchResponse {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  body: string | null;
  error?: string;
}

export interface Job {
  invocationId: string;
  exportName: string;
  args: unknown[];
  runtime: Record<string, unknown>;
  limitMs: number;
  priority?: boolean;
}
export type JobOutcome =
  | { ok: true; value: unknown; ms: number }
  | {
      ok: false;
      error: { name: string; message: string; stack?: string };
      ms: number;
      timedOut?: boolean;
      crashed?: boolean;
    };

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  idleSince: number;
  current?: Running;
}
interface Running {
  job: Job;
  started: number;
  timer: NodeJS.Timeout;
  resolve: (o: JobOutcome) => void;
}

export interface WorkerPoolOptions {
  size: number;
  workerFile: string;
  appBundle: string;
  onFetch: (req: FetchRequest) => Promise<FetchResponse>;
  /** A console line the app wrote (console method, formatted text). */
  onLog?: (line: { invocationId: string | null; method: string; text: string }) => void;
  /** Workers above `keepWarm` idle this long are stopped. */
  idleMs?: number;
  keepWarm?: number;
  /** Per-worker heap cap (MB); Forge functions get 512 MB by default. */
  maxHeapMb?: number;
  loadRuntime?: Record<string, unknown>;
  /** The host clock's offset from real time (ms): what the app's Date and timers see. */
  clockOffsetMs?: () => number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { job: Job; resolve: (o: JobOutcome) => void }[] = [];
  private readonly reaper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {
    this.reaper = setInterval(() => this.reapIdle(), Math.max(1000, (opts.idleMs ?? 30_000) / 2));
    this.reaper.unref();
  }

  get stats() {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.busy).length,
      waiting: this.waiting.length,
    };
  }

  run(job: Job): Promise<JobOutcome> {
    if (this.closed)
      return Promise.resolve({
        ok: false,
        error: { name: 'Error', message: 'The local Forge host is shutting down.' },
        ms: 0,
      });
    return new Promise((resolve) => {
      const entry = { job, resolve };
      if (job.priority) this.waiting.unshift(entry);
      else this.waiting.push(entry);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    for (const w of this.waiting.splice(0))
      w.resolve({
        ok: false,
        error: { name: 'Error', message: 'The local Forge host stopped.' },
        ms: 0,
      });
    await Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.current) {
          clearTimeout(s.current.timer);
          s.current.resolve({
            ok: false,
            error: { name: 'Error', message: 'The local Forge host stopped.' },
            ms: Date.now() - s.current.started,
          });
        }
        return s.worker.terminate();
      }),
    );
  }

  /** The host's clock moved: every worker's Date follows, and timers now due fire. */
  clockMoved(): void {
    const offsetMs = this.opts.clockOffsetMs?.() ?? 0;
    for (const s of this.slots) s.worker.postMessage({ type: 'clock', offsetMs });
  }

  /**
   * Stops the container running this invocation at once, as a crash (out of memory) would: the
   * invocation fails with `crashed` and a fresh worker takes the slot. False if it is not running.
   */
  kill(invocationId: string, why: string): boolean {
    const slot = this.slots.find((s) => s.current?.job.invocationId === invocationId);
    if (!slot?.current) return false;
    this.crash(slot, why);
    void slot.worker.terminate();
    return true;
  }

  /** Drops a worker that is gone: what it ran fails as crashed, and others may take the slot. */
  private crash(slot: Slot, why: string): void {
    const cur = slot.current;
    this.remove(slot);
    if (cur) {
      clearTimeout(cur.timer);
      slot.current = undefined;
      cur.resolve({
        ok: false,
        error: { name: 'Error', message: why },
        ms: Date.now() - cur.started,
        crashed: true,
      });
    }
    this.dispatch();
  }

  private dispatch(): void {
    while (this.waiting.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.opts.size) return;
        slot = this.spawn();
      }
      const { job, resolve } = this.waiting.shift()!;
      slot.busy = true;
      void this.start(slot, job, resolve);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.workerFile, {
      workerData: {
        appBundle: this.opts.appBundle,
        loadRuntime: this.opts.loadRuntime,
        clockOffsetMs: this.opts.clockOffsetMs?.() ?? 0,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb ?? 512 },
    });
    let markReady!: () => void;
    let markFailed!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => {
      markReady = res;
      markFailed = rej;
    });
    // Seen here so a load failure is no unhandled rejection; start() reports it to the job.
    ready.catch(() => undefined);
    const slot: Slot = { worker, ready, busy: false, idleSince: Date.now() };
    worker.on('message', (msg: any) => {
      if (msg.type === 'ready') markReady();
      else if (msg.type === 'loadError')
        markFailed(new Error(`The app bundle failed to load: ${msg.message}`));
      else if (msg.type === 'fetch') {
        this.opts.onFetch(msg).then(
          (r) => worker.postMessage({ type: 'fetchResult', id: msg.id, ...r }),
          (e) =>
            worker.postMessage({
              type: 'fetchResult',
              id: msg.id,
              status: 0,
              headers: {},
              body: null,
              error: e instanceof Error ? e.message : String(e),
            }),
        );
      } else if (msg.type === 'log') {
        this.opts.onLog?.(msg);
      } else if (msg.type === 'result') {
        const cur = slot.current;
        if (!cur || cur.job.invocationId !== msg.invocationId) return;
        this.finish(
          slot,
          msg.ok
            ? { ok: true, value: msg.value, ms: Date.now() - cur.started }
            : { ok: false, error: msg.error, ms: Date.now() - cur.started },
        );
      }
    });
    // An uncaught error or a heap overflow ends the worker: fail what it ran and replace it.
    const onDeath = (why: string) => {
      markFailed(new Error(why));
      this.crash(slot, why);
    };
    worker.on('error', (e) =>
      onDeath(`The function crashed: ${e instanceof Error ? e.message : String(e)}`),
    );
    worker.on('exit', (code) => {
      if (this.slots.includes(slot))
        onDeath(`The function's container exited (code ${code}), e.g. out of memory.`);
    });
    this.slots.push(slot);
    return slot;
  }

  private async start(slot: Slot, job: Job, resolve: (o: JobOutcome) => void): Promise<void> {
    try {
      await slot.ready;
    } catch (e) {
      this.remove(slot);
      void slot.worker.terminate();
      resolve({
        ok: false,
        error: { name: 'Error', message: (e as Error).message },
        ms: 0,
        crashed: true,
      });
      this.dispatch();
      return;
    }
    const started = Date.now();
    const timer = setTimeout(() => {
      // Forge stops the container at the limit; so do we. The worker is gone: replace it.
      const cur = slot.current;
      this.remove(slot);
      void slot.worker.terminate();
      slot.current = undefined;
      const secs = (job.limitMs / 1000).toFixed(job.limitMs % 1000 ? 1 : 0);
      cur?.resolve({
        ok: false,
        timedOut: true,
        ms: Date.now() - started,
        error: {
          name: 'FUNCTION_TIME_OUT',
          message: `Task timed out after ${secs} seconds: the invocation ran past its Forge time limit and was stopped.`,
        },
      });
      this.dispatch();
    }, job.limitMs);
    slot.current = { job, started, timer, resolve };
    slot.worker.postMessage({
      type: 'invoke',
      invocationId: job.invocationId,
      exportName: job.exportName,
      args: job.args,
      runtime: job.runtime,
      deadline: started + job.limitMs,
      clockOffsetMs: this.opts.clockOffsetMs?.() ?? 0,
    });
  }

  private finish(slot: Slot, outcome: JobOutcome): void {
    const cur = slot.current!;
    clearTimeout(cur.timer);
    slot.current = undefined;
    slot.busy = false;
    slot.idleSince = Date.now();
    cur.resolve(outcome);
    this.dispatch();
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private reapIdle(): void {
    const keep = this.opts.keepWarm ?? 1;
    const idleMs = this.opts.idleMs ?? 30_000;
    const idle = this.slots.filter((s) => !s.busy && Date.now() - s.idleSince > idleMs);
    for (const s of idle.slice(0, Math.max(0, this.slots.length - keep))) {
      this.remove(s);
      void s.worker.terminate();
    }
  }
}
