// What one invocation's Jira calls cost, and whether it may make more: counts calls and points
// (quota.ts), keeps the last quota Jira announced, and stops every further call once Jira said
// the hourly quota is spent (until its reset) or the invocation's share of the run budget is
// used: those calls fail at once with QuotaSpentError, without reaching Jira (no retry storm).
import type { QuotaSnapshot } from '../domain/schemas';
import { log } from '../log';
import { JiraError } from './errors';
import { estimatePoints, pointsSpent, type QuotaHeaders, snapshotOf, topOfNextHour } from './quota';

export type PauseCause = 'quota' | 'budget';

/** "14:00 UTC" */
export const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export const PAUSE_WORDS: Record<PauseCause, string> = {
  quota: "Jira's hourly quota for this app is spent",
  budget: "this hour's share of Jira's quota for the app's runs is spent",
};

/** A call not made, or refused, because the hour's points are spent: wait until `until`. */
export class QuotaSpentError extends JiraError {
  constructor(
    call: string,
    readonly until: number,
    readonly pauseCause: PauseCause,
    jiraMessages: string[] = [],
  ) {
    super(
      call,
      429,
      jiraMessages,
      "Until then Jira refuses the app's calls: runs pause and resume by themselves; try other actions again then.",
      `${PAUSE_WORDS[pauseCause]} until ${utcTime(until)}`,
    );
    this.name = 'QuotaSpentError';
  }
}

export interface CallCost {
  calls: number;
  points: number;
  quota?: QuotaSnapshot;
}

export class QuotaTracker {
  private calls = 0;
  private points = 0;
  private snapshot: QuotaSnapshot | undefined;
  private lastLeft: { left: number; resetAtMs: number } | undefined;
  private stop: { until: number; cause: PauseCause } | undefined;
  /** Points this invocation may spend; undefined: no budget applies. */
  private allowance: number | undefined;
  /**
   * Points held for calls in flight, so that calls let out at once cannot overshoot the
   * allowance together: each holds what its endpoint cost last time (a read 3, a write 1 until
   * then), given back when it is answered.
   */
  private reserved = 0;
  private readonly lastCost = new Map<string, number>();
  private warnedNearLimit = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** Limits what the calls from now on may spend in total (this tracker's points included). */
  limitTo(points: number | undefined): void {
    this.allowance = points === undefined ? undefined : this.points + Math.max(0, points);
  }

  /**
   * Throws instead of letting a call out once the quota or the budget is spent. The allowance
   * holds for the whole invocation: once a stop lapses (a short quota Retry-After), it is
   * checked again.
   */
  check(call: string): void {
    const now = this.now();
    const stopLive = this.stop !== undefined && now < this.stop.until;
    if (!stopLive && this.allowance !== undefined && this.points + this.reserved >= this.allowance)
      this.stop = { until: topOfNextHour(now), cause: 'budget' };
    if (this.stop && now < this.stop.until)
      throw new QuotaSpentError(call, this.stop.until, this.stop.cause);
  }

  /**
   * check(), then holds what a call to `endpoint` (limiter.ts endpointKey) is expected to cost
   * until its answer is recorded (or it fails unanswered: release). Answers what it holds. Calls
   * that are all let out before any answer then spend at most the allowance plus one call's
   * cost, plus what they cost beyond what their endpoint cost last time.
   */
  reserve(call: string, endpoint: string): number {
    this.check(call);
    const held = this.lastCost.get(endpoint) ?? (endpoint.startsWith('GET ') ? 3 : 1);
    this.reserved += held;
    return held;
  }

  /** A call reserved for got no answer: what it held is free again. */
  release(held: number): void {
    this.reserved = Math.max(0, this.reserved - held);
  }

  /** Jira refused with a quota 429 that this invocation cannot wait out. */
  spentUntil(until: number): void {
    if (!this.stop || this.stop.until < until) this.stop = { until, cause: 'quota' };
  }

  /** When calls stopped (and why), or undefined while they may go on. */
  stopped(): { until: number; cause: PauseCause } | undefined {
    return this.stop && this.now() < this.stop.until ? { ...this.stop } : undefined;
  }

  /** One answer: its cost (the headers' drop, else the model) and what it said of the quota. */
  record(answer: {
    method: string;
    path: string;
    status: number;
    headers: QuotaHeaders;
    body?: unknown;
    /** What reserve() held for the call, and the endpoint, to learn its cost. */
    held?: { points: number; endpoint: string };
  }): void {
    const now = this.now();
    this.calls++;
    const snap = snapshotOf(answer.headers, now);
    const resetAtMs = snap?.resetAt ? Date.parse(snap.resetAt) : undefined;
    const estimate = estimatePoints(answer.method, answer.path, answer.status, answer.body);
    const spent =
      answer.status === 429 ? 0 : pointsSpent(this.lastLeft, answer.headers, resetAtMs, estimate);
    this.points += spent;
    if (answer.held) {
      this.release(answer.held.points);
      if (answer.status < 400) this.lastCost.set(answer.held.endpoint, estimate);
    }
    if (answer.headers.left !== undefined && resetAtMs !== undefined)
      this.lastLeft = { left: answer.headers.left, resetAtMs };
    if (snap) this.snapshot = snap;
    // Once per invocation: an operator sees the app's pool running out before calls are refused.
    if (answer.headers.nearLimit && !this.warnedNearLimit) {
      this.warnedNearLimit = true;
      log.warn('jira.quota-near-limit', {
        left: answer.headers.left,
        limit: answer.headers.limit,
        resetInSeconds: answer.headers.resetInSeconds,
      });
    }
  }

  cost(): CallCost {
    return {
      calls: this.calls,
      points: this.points,
      ...(this.snapshot ? { quota: { ...this.snapshot } } : {}),
    };
  }

  /** The quota Jira last announced (q), if it did. */
  announcedLimit(): number | undefined {
    return this.snapshot?.limit;
  }
}
