// Adaptive concurrency for calls to Jira (AIMD: additive increase, multiplicative decrease).
// Jira's rate limits are points-based and not published per site, so the right concurrency is
// learned: start moderate, halve on a 429 and hold new starts until Jira's Retry-After has
// passed, then creep back up one slot at a time while calls succeed. Pure logic: the clock and
// the timer are injected, so tests drive it without real time.
import { log } from '../log';

export interface LimiterOptions {
  /** Slots at the start. */
  initial?: number;
  max?: number;
  min?: number;
  /** Consecutive successes that earn one more slot. */
  increaseAfter?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface LimiterState {
  limit: number;
  inFlight: number;
  queued: number;
  /** Epoch ms before which nothing new starts (0 when not paused). */
  pausedUntil: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AdaptiveLimiter {
  private limitNow: number;
  private readonly max: number;
  private readonly min: number;
  private readonly increaseAfter: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private inFlight = 0;
  private successes = 0;
  private pausedUntil = 0;
  private timerArmed = false;
  private readonly waiting: (() => void)[] = [];
  /** Burst 429s: endpoint key -> epoch ms before which that endpoint sends nothing new. */
  private readonly endpointPauses = new Map<string, number>();

  constructor(opts: LimiterOptions = {}) {
    this.min = Math.max(1, opts.min ?? 1);
    this.max = Math.max(this.min, opts.max ?? 16);
    this.limitNow = clamp(opts.initial ?? 8, this.min, this.max);
    this.increaseAfter = Math.max(1, opts.increaseAfter ?? 10);
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
  }

  /** Runs fn once a slot is free and no pause is in force (for its endpoint too, if named). */
  async run<T>(fn: () => Promise<T>, endpoint?: string): Promise<T> {
    if (endpoint) await this.endpointClear(endpoint);
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  /**
   * Jira answered 429. Halve the limit once per throttling episode: the calls that were in
   * flight together all tend to get 429, and halving for each would collapse to 1 at once.
   */
  onThrottle(retryAfterMs = 0): void {
    const now = this.now();
    const alreadyPaused = now < this.pausedUntil;
    if (!alreadyPaused) {
      this.limitNow = Math.max(this.min, Math.floor(this.limitNow / 2));
      // Once per episode: the wait each throttled call makes is logged by the client.
      log.info('jira.throttled', { limit: this.limitNow, pauseMs: Math.max(0, retryAfterMs) });
    }
    this.successes = 0;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, retryAfterMs));
    this.pump();
  }

  /**
   * Jira answered 429 jira-burst-based: this endpoint (method and path template) is over its
   * per-second limit. Only its calls wait; the others and the shared limit are untouched.
   */
  onBurst(endpoint: string, retryAfterMs: number): void {
    const until = this.now() + Math.max(0, retryAfterMs);
    if (until > (this.endpointPauses.get(endpoint) ?? 0)) {
      this.endpointPauses.set(endpoint, until);
      log.info('jira.throttled', { endpoint, pauseMs: Math.max(0, retryAfterMs) });
    }
  }

  /** Epoch ms before which `endpoint` starts nothing new (0 when it is not paused). */
  endpointPausedUntil(endpoint: string): number {
    const until = this.endpointPauses.get(endpoint) ?? 0;
    return until > this.now() ? until : 0;
  }

  /** A call succeeded: after `increaseAfter` of them in a row, allow one more in flight. */
  onSuccess(): void {
    if (++this.successes >= this.increaseAfter) {
      this.successes = 0;
      if (this.limitNow < this.max) {
        this.limitNow++;
        this.pump();
      }
    }
  }

  get limit(): number {
    return this.limitNow;
  }

  state(): LimiterState {
    return {
      limit: this.limitNow,
      inFlight: this.inFlight,
      queued: this.waiting.length,
      pausedUntil: this.now() < this.pausedUntil ? this.pausedUntil : 0,
    };
  }

  /** Waits out the endpoint's pause; a pause extended meanwhile is waited out too. */
  private async endpointClear(endpoint: string): Promise<void> {
    let until = this.endpointPausedUntil(endpoint);
    while (until > 0) {
      await this.sleep(Math.max(0, until - this.now()));
      // Trust the timer over the clock (as pump does): only a pause extended meanwhile waits.
      const next = this.endpointPauses.get(endpoint) ?? 0;
      if (next === until) {
        this.endpointPauses.delete(endpoint);
        return;
      }
      until = next > this.now() ? next : 0;
    }
  }

  private acquire(): Promise<void> {
    if (this.waiting.length === 0 && this.canStart()) {
      this.inFlight++;
      return Promise.resolve();
    }
    // First come, first served: a new call never overtakes one already waiting.
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  private canStart(): boolean {
    return this.inFlight < this.limitNow && this.now() >= this.pausedUntil;
  }

  /** Starts waiting calls while slots are free; arms one timer for the end of a pause. */
  private pump(): void {
    while (this.waiting.length > 0 && this.canStart()) {
      this.inFlight++;
      this.waiting.shift()!();
    }
    const pauseLeft = this.pausedUntil - this.now();
    if (this.waiting.length > 0 && pauseLeft > 0 && !this.timerArmed) {
      this.timerArmed = true;
      const armedFor = this.pausedUntil;
      void this.sleep(pauseLeft).then(() => {
        this.timerArmed = false;
        // Trust the timer over the clock (a timer may fire a millisecond early, and a test's
        // sleep may not move the clock); a pause extended meanwhile re-arms for the rest.
        if (this.pausedUntil === armedFor) this.pausedUntil = 0;
        this.pump();
      });
    }
  }
}

/**
 * The endpoint a call goes to, as Jira's burst limits count them: the method and the path with
 * its ids and keys as placeholders (`GET /rest/api/3/project/{}/role/{}`).
 */
export function endpointKey(method: string, path: string): string {
  const template = path
    .split('?', 1)[0]
    .split('/')
    // The API version (`/api/3/`) stays; ids (digits) and project keys (upper case) do not.
    .map((seg, i, all) =>
      all[i - 1] !== 'api' && (/\d/.test(seg) || /^[A-Z][A-Z0-9_]*$/.test(seg)) ? '{}' : seg,
    )
    .join('/');
  return `${method.toUpperCase()} ${template}`;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(n)));
}
