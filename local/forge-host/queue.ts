// The async events queue behind @forge/events: answers the SDK's push / stats / cancel calls
// (POST /webhook/queue/{publish,stats,cancel}/...), enforces Forge's limits (50 events and
// 200 KB per push, delayInSeconds 0..900, 500 events a minute), and delivers each event to the
// consumer module of its queue, a few at a time, retrying failures as Forge does (retryContext
// with retryCount, up to 4 retries; an InvocationError's retryAfter/retryReason/retryData).
import { randomUUID } from 'crypto';

import type { ConsumerModule } from './manifest';
import type { WorkTracker } from './tracker';

export interface AsyncEvent {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  queueName: string;
  jobId: string;
  eventId: string;
  retryContext?: { retryCount: number; retryReason: string; retryData: unknown };
}
export interface ConsumerOutcome {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string };
  timedOut?: boolean;
  crashed?: boolean;
}

interface Pending {
  event: AsyncEvent;
  consumer: ConsumerModule;
  rootId: string;
  retryCount: number;
  retryReason?: string;
  retryData?: unknown;
  /** Set on a copy made by a duplicate fault, and on an event released after a pause. */
  faulted?: boolean;
}

/** Test faults pick events by their body: every field given must be equal. */
export type EventMatcher = Record<string, unknown>;

function matches(body: Record<string, unknown>, m: EventMatcher): boolean {
  return Object.entries(m).every(([k, v]) => JSON.stringify(body[k]) === JSON.stringify(v));
}
interface JobStats {
  success: number;
  inProgress: number;
  failed: number;
  cancelled: boolean;
}

export const QUEUE_LIMITS = {
  maxEventsPerPush: 50,
  maxPushBytes: 200 * 1024,
  maxDelaySeconds: 900,
  maxRetries: 4,
  eventsPerMinute: 500,
};

export interface EventQueueOptions {
  consumers: ConsumerModule[];
  tracker: WorkTracker;
  runConsumer: (
    consumer: ConsumerModule,
    event: AsyncEvent,
    rootId: string,
  ) => Promise<ConsumerOutcome>;
  /** Consumer invocations at once (default 4). */
  concurrency?: number;
  /** Multiplies every delay (delayInSeconds, retryAfter, backoff): 0.001 makes tests fast. */
  timeScale?: number;
  maxRetries?: number;
  /** 0 disables the per-minute limit. */
  eventsPerMinute?: number;
  /** The host's clock: a delayed event is delivered once it passes the due time (or its timer fires). */
  now?: () => number;
  log?: (line: string) => void;
}

type Answer = { status: number; body?: unknown };

export class EventQueue {
  private readonly ready: Pending[] = [];
  private readonly jobs = new Map<string, JobStats>();
  private readonly runningByKey = new Map<string, number>();
  private readonly recentPushes: { at: number; n: number }[] = [];
  /** Delayed events: their timer and when they are due by the host's clock. */
  private readonly timers = new Map<NodeJS.Timeout, { due: number; pending: Pending }>();
  private running = 0;
  private closed = false;
  private pauseFaults: EventMatcher[] = [];
  private duplicateFaults: EventMatcher[] = [];
  private readonly held: Pending[] = [];
  private heldWaiters: ((e: AsyncEvent) => void)[] = [];

  constructor(private readonly opts: EventQueueOptions) {}

  get stats() {
    return {
      ready: this.ready.length,
      running: this.running,
      delayed: this.timers.size,
      held: this.held.length,
    };
  }

  // --- test faults ---

  /**
   * The next event whose body matches is held instead of delivered, until `release()`. A held
   * event is not pending work: the host can go idle while it waits.
   */
  pauseNext(m: EventMatcher): void {
    this.pauseFaults.push(m);
  }
  /** The next event whose body matches is delivered twice at once (the same eventId), as an at-least-once queue may. */
  duplicateNext(m: EventMatcher): void {
    this.duplicateFaults.push(m);
  }
  /** Resolves with the next event held by a pause (or one already held). */
  whenHeld(): Promise<AsyncEvent> {
    if (this.held.length) return Promise.resolve(this.held[0].event);
    return new Promise((r) => this.heldWaiters.push(r));
  }
  get heldEvents(): AsyncEvent[] {
    return this.held.map((p) => p.event);
  }
  /** Delivers every held event; answers how many. */
  release(): number {
    const all = this.held.splice(0);
    for (const p of all) {
      this.opts.tracker.begin(p.rootId);
      this.ready.push({ ...p, faulted: true });
    }
    this.pump();
    return all.length;
  }
  clearFaults(): void {
    this.pauseFaults = [];
    this.duplicateFaults = [];
  }

  /** Applies pause and duplicate faults to an event about to be delivered; true if it was held. */
  private applyFaults(p: Pending): boolean {
    if (p.faulted) return false;
    const pause = this.pauseFaults.findIndex((m) => matches(p.event.body, m));
    if (pause >= 0) {
      this.pauseFaults.splice(pause, 1);
      this.held.push(p);
      this.opts.tracker.end(p.rootId);
      for (const w of this.heldWaiters.splice(0)) w(p.event);
      return true;
    }
    const dup = this.duplicateFaults.findIndex((m) => matches(p.event.body, m));
    if (dup >= 0) {
      this.duplicateFaults.splice(dup, 1);
      this.jobs.get(p.event.jobId)!.inProgress++;
      this.opts.tracker.begin(p.rootId);
      this.ready.unshift({ ...p, faulted: true });
    }
    return false;
  }

  /** Handles the SDK's HTTP call; `rootId` ties pushed events to the invocation that pushed them. */
  handleApi(reqPath: string, rawBody: string | undefined, rootId: string): Answer {
    let body: any;
    try {
      body = JSON.parse(rawBody ?? '{}');
    } catch {
      return { status: 400, body: { message: 'Request body is not JSON.' } };
    }
    if (reqPath.startsWith('/webhook/queue/publish/')) return this.push(body, rootId);
    if (reqPath.startsWith('/webhook/queue/stats/')) {
      const job = this.jobs.get(body.jobId);
      if (!job) return { status: 404, body: { message: `Job ${body.jobId} does not exist.` } };
      return {
        status: 200,
        body: { success: job.success, inProgress: job.inProgress, failed: job.failed },
      };
    }
    if (reqPath.startsWith('/webhook/queue/cancel/')) {
      const job = this.jobs.get(body.jobId);
      if (!job) return { status: 404, body: { message: `Job ${body.jobId} does not exist.` } };
      job.cancelled = true;
      return { status: 204 };
    }
    return { status: 404, body: { message: `Unknown queue API ${reqPath}.` } };
  }

  /**
   * The app was uninstalled: every event not yet delivered (ready, delayed, held) is dropped, as
   * Forge drops an uninstalled app's queued work. Answers how many. Events being delivered finish.
   */
  dropPending(): number {
    const dropped = [
      ...this.ready.splice(0),
      ...[...this.timers].map(([t, d]) => {
        clearTimeout(t);
        return d.pending;
      }),
    ];
    this.timers.clear();
    for (const p of dropped) {
      this.jobs.get(p.event.jobId)!.inProgress--;
      this.opts.tracker.end(p.rootId);
    }
    const held = this.held.splice(0).length;
    return dropped.length + held;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.keys()) clearTimeout(t);
    this.timers.clear();
  }

  private push(req: any, rootId: string): Answer {
    const events: any[] = Array.isArray(req.payload) ? req.payload : [];
    const queueName = String(req.queueName ?? '');
    if (events.length === 0) return { status: 400, body: { message: 'No events to push.' } };
    if (events.length > QUEUE_LIMITS.maxEventsPerPush)
      return {
        status: 400,
        body: {
          message: `At most ${QUEUE_LIMITS.maxEventsPerPush} events can be pushed at once; got ${events.length}.`,
        },
      };
    const bytes = Buffer.byteLength(JSON.stringify(events));
    if (bytes > QUEUE_LIMITS.maxPushBytes)
      return {
        status: 413,
        body: {
          errorMessage: `The push is ${Math.ceil(bytes / 1024)} KB; Forge allows at most 200 KB per push.`,
        },
      };
    for (const e of events) {
      const d = e.delayInSeconds;
      if (
        d !== undefined &&
        !(typeof d === 'number' && d >= 0 && d <= QUEUE_LIMITS.maxDelaySeconds)
      ) {
        return {
          status: 400,
          body: { message: `delayInSeconds must be 0..${QUEUE_LIMITS.maxDelaySeconds}; got ${d}.` },
        };
      }
    }
    const consumer = this.opts.consumers.find((c) => c.queue === queueName);
    if (!consumer)
      return {
        status: 400,
        body: {
          message: `No consumer module in manifest.yml listens to queue "${queueName}": add one under modules.consumer.`,
        },
      };
    const perMinute = this.opts.eventsPerMinute ?? QUEUE_LIMITS.eventsPerMinute;
    if (perMinute > 0) {
      const now = Date.now();
      while (this.recentPushes.length && now - this.recentPushes[0].at > 60_000)
        this.recentPushes.shift();
      const used = this.recentPushes.reduce((n, p) => n + p.n, 0);
      if (used + events.length > perMinute)
        return {
          status: 429,
          body: { message: `Rate limited: more than ${perMinute} events pushed in a minute.` },
        };
      this.recentPushes.push({ at: now, n: events.length });
    }
    const jobId = String(req.jobId ?? randomUUID());
    const job: JobStats = this.jobs.get(jobId) ?? {
      success: 0,
      inProgress: 0,
      failed: 0,
      cancelled: false,
    };
    this.jobs.set(jobId, job);
    for (const e of events) {
      const event: AsyncEvent = { ...e, queueName, jobId, eventId: randomUUID() };
      job.inProgress++;
      this.opts.tracker.begin(rootId);
      this.schedule({ event, consumer, rootId, retryCount: 0 }, (e.delayInSeconds ?? 0) * 1000);
    }
    return { status: 201, body: { jobId } };
  }

  private schedule(p: Pending, delayMs: number): void {
    const scaled = delayMs * (this.opts.timeScale ?? 1);
    if (scaled <= 0) {
      this.ready.push(p);
      this.pump();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.ready.push(p);
      this.pump();
    }, scaled);
    this.timers.set(t, { due: this.now() + delayMs, pending: p });
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** When the next delayed event is due by the host's clock (ms since the epoch), if any. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const { due } of this.timers.values()) if (next === undefined || due < next) next = due;
    return next;
  }

  /** The host's clock moved on: delayed events now due are delivered, in the order they fall due. */
  clockMoved(): void {
    const now = this.now();
    const due = [...this.timers]
      .filter(([, d]) => d.due <= now)
      .sort((a, b) => a[1].due - b[1].due);
    for (const [t, d] of due) {
      clearTimeout(t);
      this.timers.delete(t);
      this.ready.push(d.pending);
    }
    if (due.length) this.pump();
  }

  private pump(): void {
    const limit = this.opts.concurrency ?? 4;
    for (let i = 0; i < this.ready.length && this.running < limit && !this.closed;) {
      const p = this.ready[i];
      const ck = p.event.concurrency;
      if (ck && (this.runningByKey.get(ck.key) ?? 0) >= ck.limit) {
        i++;
        continue;
      }
      this.ready.splice(i, 1);
      void this.deliver(p);
    }
  }

  private async deliver(p: Pending): Promise<void> {
    const job = this.jobs.get(p.event.jobId)!;
    if (job.cancelled) {
      job.inProgress--;
      this.opts.tracker.end(p.rootId);
      return;
    }
    if (this.applyFaults(p)) return;
    this.running++;
    const ck = p.event.concurrency?.key;
    if (ck) this.runningByKey.set(ck, (this.runningByKey.get(ck) ?? 0) + 1);
    const event: AsyncEvent =
      p.retryCount > 0
        ? {
            ...p.event,
            retryContext: {
              retryCount: p.retryCount,
              retryReason: p.retryReason ?? 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
              retryData: p.retryData,
            },
          }
        : p.event;
    let outcome: ConsumerOutcome;
    try {
      outcome = await this.opts.runConsumer(p.consumer, event, p.rootId);
    } catch (e) {
      outcome = { ok: false, error: { name: 'Error', message: String(e) } };
    }
    this.running--;
    if (ck) this.runningByKey.set(ck, (this.runningByKey.get(ck) ?? 1) - 1);

    const retry = this.retryFor(outcome);
    const maxRetries = this.opts.maxRetries ?? QUEUE_LIMITS.maxRetries;
    if (retry && p.retryCount < maxRetries && !this.closed && !job.cancelled) {
      this.opts.log?.(
        `[queue] event ${p.event.eventId} on ${p.event.queueName}: retry ${p.retryCount + 1}/${maxRetries} in ${retry.afterMs / 1000} s (${retry.reason})`,
      );
      this.schedule(
        { ...p, retryCount: p.retryCount + 1, retryReason: retry.reason, retryData: retry.data },
        retry.afterMs,
      );
    } else {
      job.inProgress--;
      if (outcome.ok && !retry) job.success++;
      else job.failed++;
      if (retry)
        this.opts.log?.(
          `[queue] event ${p.event.eventId} on ${p.event.queueName} failed after ${p.retryCount} retries: ${outcome.error?.message ?? retry.reason}`,
        );
      this.opts.tracker.end(p.rootId);
    }
    this.pump();
  }

  /** Forge retries a consumer that asked for it (InvocationError / QueueResponse.retry()), threw, timed out or crashed. */
  private retryFor(o: ConsumerOutcome): { afterMs: number; reason: string; data?: unknown } | null {
    const v = o.value as
      | {
          _retry?: boolean;
          retryOptions?: { retryAfter?: number; retryReason?: string; retryData?: unknown };
        }
      | undefined;
    if (o.ok && v && typeof v === 'object' && v._retry === true) {
      const ro = v.retryOptions ?? {};
      return {
        afterMs: Math.min(900, Math.max(1, ro.retryAfter ?? 1)) * 1000,
        reason: ro.retryReason ?? 'FUNCTION_RETRY_REQUEST',
        data: ro.retryData,
      };
    }
    if (o.ok) return null;
    if (o.timedOut) return { afterMs: 1000, reason: 'FUNCTION_TIME_OUT' };
    if (o.crashed) return { afterMs: 1000, reason: 'FUNCTION_OUT_OF_MEMORY' };
    return { afterMs: 1000, reason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR' };
  }
}
