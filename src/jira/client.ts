// The one way the app talks to Jira: every product REST call goes through JiraClient.request,
// which retries what is worth retrying (429, 5xx, network), within a bounded number of tries
// and a bounded total wait (Forge invocations have hard time limits: 25 s for a resolver, 55 s
// for a consumer), shares a concurrency limiter that learns from 429s, and turns failures into
// JiraErrors that say which call failed and what to do.
import type { Route } from '@forge/api';
import api from '@forge/api';

import { log, type LogFields } from '../log';
import { hintFor, JiraError, jiraMessagesOf } from './errors';
import { AdaptiveLimiter, endpointKey } from './limiter';
import { isQuotaReason, parseQuotaHeaders } from './quota';
import { type CallCost, QuotaSpentError, QuotaTracker } from './quota-tracker';

/** The parts of a fetch Response the client reads; Forge's Response and test fakes both fit. */
export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface RequestInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export type JiraTransport = (r: Route, init?: RequestInitLike) => Promise<ResponseLike>;

export interface JiraClientOptions {
  /** Defaults to api.asApp().requestJira; pass api.asUser(accountId).requestJira to act as a person. */
  request?: JiraTransport;
  /** Attempts per call, the first included. */
  maxTries?: number;
  /** Backoff: the first retry waits up to baseDelayMs, doubling per retry, never above maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Total sleeping one call may do across its retries; beyond it the call fails. */
  maxTotalWaitMs?: number;
  /** False when the invocation cannot afford to sleep this long before a retry: the call fails. */
  maySleep?: (waitMs: number) => boolean;
  /** Shared with other clients to pace a whole invocation; a client gets its own otherwise. */
  limiter?: AdaptiveLimiter;
  sleep?: (ms: number) => Promise<void>;
  /** What the calls cost and whether the hour's points allow more; a client gets its own. */
  quota?: QuotaTracker;
  /**
   * Retry after a quota 429 (jira-quota-*) when its Retry-After fits the waits allowed (the
   * default). Off for triggers (triggerClient): they give up at once and leave the work to the
   * queue or the next hour.
   */
  waitOutQuota?: boolean;
  /** In [0, 1): the jitter source. */
  random?: () => number;
  now?: () => number;
}

/** What one call sends (method, body, headers) and how it is handled, with the call's name. */
export type CallOptions = RequestInitLike & RequestOptions & { call: string };

export interface RequestOptions {
  /** Statuses that count as success besides 2xx (their body is parsed and returned). */
  okStatuses?: number[];
  /** Answer null for 404 instead of failing (a project or role that is not there). */
  notFoundAsNull?: boolean;
  /** Replaces the generic hint for a 404, when the call knows better what is missing. */
  notFoundHint?: string;
  /**
   * Retry a POST after a 5xx or a network error. Off by default, as a POST may have been
   * applied before the failure; a 429 is always retried (Jira did nothing).
   */
  retryUnsafe?: boolean;
  /**
   * Told when an attempt got no answer or a 5xx and is tried again: that attempt may have been
   * applied, so whatever the retry meets (Jira's "already there") may be this call's own doing.
   */
  onUnsureAttempt?: () => void;
}

export interface JiraStats {
  /** Requests sent, retries included. */
  calls: number;
  retries: number;
  /** 429 answers received. */
  throttled: number;
}

/** A retry about to be made: the try it will be, of how many at most, and why. */
export interface JiraRetry {
  /** The call's name, as in its errors. */
  call: string;
  /** The try about to be made (2 for the first retry). */
  attempt: number;
  /** The most tries a call makes. */
  of: number;
  /** What the last try met: 429 (Jira asked to slow down), a 5xx, or 0 (no answer). */
  status: number;
  waitMs: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Forge platform errors that no retry can fix (scopes, egress, consent). */
const PERMANENT_FORGE_ERRORS = new Set([
  'REQUEST_EGRESS_ALLOWLIST_ERR',
  'NEEDS_AUTHENTICATION_ERR',
  'INVALID_REMOTE_ERR',
  'INVALID_CONTAINER_SERVICE_ERR',
]);

/**
 * A call's path for logs: the path with its ids and keys, and the query's parameter names
 * without their values (a query may hold a search text or a group name).
 */
export function pathForLog(r: Route): string {
  const [path, query] = r.value.split('?', 2);
  if (!query) return path;
  const names = [...new URLSearchParams(query).keys()];
  return `${path}?${[...new Set(names)].join('&')}`;
}

/**
 * The client of a trigger (the hourly one, a project event) or of Health's reads: Forge does not
 * retry a trigger and bills its time, so on a quota 429 it gives up at once, and every later call
 * of the same client fails without reaching Jira; runs it starts wait for the reset queued.
 */
export const triggerClient = () => new JiraClient({ waitOutQuota: false });

let sharedAppLimiter: AdaptiveLimiter | undefined;

/** The limiter that clients calling as the app share. */
export function appLimiter(): AdaptiveLimiter {
  return (sharedAppLimiter ??= new AdaptiveLimiter());
}

export class JiraClient {
  private readonly transport: JiraTransport;
  private readonly maxTries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxTotalWaitMs: number;
  private readonly maySleep: (waitMs: number) => boolean;
  private readonly limiter: AdaptiveLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly quota: QuotaTracker;
  private readonly waitOutQuota: boolean;
  private readonly counters: JiraStats = { calls: 0, retries: 0, throttled: 0 };
  private readonly retryListeners = new Set<(retry: JiraRetry) => void>();

  constructor(opts: JiraClientOptions = {}) {
    // Resolved per request, not here: the Forge runtime is set up by the time a call is made,
    // not necessarily when a module creates its default client.
    this.transport = opts.request ?? ((r, init) => api.asApp().requestJira(r, init));
    this.maxTries = Math.max(1, opts.maxTries ?? 5);
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 8_000;
    this.maxTotalWaitMs = opts.maxTotalWaitMs ?? 15_000;
    this.maySleep = opts.maySleep ?? (() => true);
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
    this.quota = opts.quota ?? new QuotaTracker(this.now);
    this.waitOutQuota = opts.waitOutQuota ?? true;
    // Calls made as the app share Jira's rate limit for the app, so default clients share one
    // limiter (per Forge container); an injected transport gets its own.
    this.limiter =
      opts.limiter ??
      (opts.request ? new AdaptiveLimiter({ now: this.now, sleep: this.sleep }) : appLimiter());
  }

  stats(): JiraStats {
    return { ...this.counters };
  }

  /** Calls Jira answered, the points they cost, and the quota Jira last announced. */
  cost(): CallCost {
    return this.quota.cost();
  }

  /** The tracker of this client's spending (to set a budget, or to see it stopped). */
  get quotaTracker(): QuotaTracker {
    return this.quota;
  }

  /**
   * Sends one call, retrying as needed; returns the parsed JSON body (null for an empty body,
   * or for a 404 with notFoundAsNull). `call` names the call in errors: "add groups to role
   * 10101 of project ITHELP". Named and shaped like Forge's requestJira (route first, an object
   * literal with `method` second) so that @forge/lint's permission linter checks every call.
   */
  async requestJira<T = unknown>(r: Route, options: CallOptions): Promise<T | null> {
    const call = callState(r, options);
    for (let attempt = 1; ; attempt++) {
      const step = await this.attempt<T>(call, attempt);
      if (step.done) return step.value;
      if (step.unsure) call.onUnsureAttempt?.();
      this.tellRetry({ call: call.callName, attempt: attempt + 1, of: this.maxTries, ...step });
      call.waited += await this.pause(step.waitMs);
    }
  }

  /**
   * Told before each retry (which try comes next, of how many, after what), so that a run can
   * show it is waiting for Jira rather than stuck; answers a function that stops the telling.
   */
  onRetry(listener: (retry: JiraRetry) => void): () => void {
    this.retryListeners.add(listener);
    return () => this.retryListeners.delete(listener);
  }

  private tellRetry(retry: JiraRetry): void {
    for (const listener of this.retryListeners) {
      try {
        listener(retry);
      } catch (err) {
        // Display only: a listener's failure must not fail the call.
        log.warn('jira.retry-listener', { reason: err instanceof Error ? err.name : 'unknown' });
      }
    }
  }

  /** One try: Jira's answer (the call is done) or a retry to wait for; throws when it fails. */
  private async attempt<T>(call: CallState, attempt: number): Promise<Step<T>> {
    // Once the hour's points are spent, no call of this invocation reaches Jira (nor waits for
    // the limiter first).
    this.quota.check(call.callName);
    let held = 0;
    let res: ResponseLike;
    try {
      this.counters.calls++;
      res = await this.limiter.run(() => {
        // Checked again as the call leaves the limiter, with what the calls in flight will cost
        // held back, so calls let out together stay within the budget.
        held = this.quota.reserve(call.callName, call.endpoint);
        return this.transport(call.route, call.init);
      }, call.endpoint);
    } catch (err) {
      this.quota.release(held);
      return this.noAnswer(call, attempt, err);
    }
    const recordAnswer = answerRecorder(this.quota, call, res, held);
    if (res.status === 429) return this.throttled(call, attempt, res, recordAnswer);
    if (res.status >= 500) return this.serverError(call, attempt, res, recordAnswer);
    return this.answered<T>(call, attempt, res, held, recordAnswer);
  }

  /** No answer (network, Forge): retried when the call is safe to repeat and time allows. */
  private noAnswer(call: CallState, attempt: number, err: unknown): RetryStep {
    if (err instanceof QuotaSpentError) {
      this.counters.calls--;
      throw err;
    }
    const name = err instanceof Error ? err.name : '';
    const detail = err instanceof Error ? err.message : String(err);
    const wait = this.backoff(attempt);
    const permanent = PERMANENT_FORGE_ERRORS.has(name);
    if (!call.mayRetryFailure || permanent || !this.mayRetry(call, attempt, wait)) {
      call.failed(0, attempt, name || 'network');
      throw new JiraError(
        call.callName,
        0,
        [detail],
        permanent
          ? "The Forge platform refused the call: check the app's scopes and that it is installed."
          : hintFor(0),
      );
    }
    log.warn('jira.retry', { ...call.where, status: 0, attempt, waitMs: wait, reason: 'network' });
    return { done: false, waitMs: wait, status: 0, unsure: true };
  }

  /** A 429: waited out when Jira's wait fits (a quota 429 only by a client that may). */
  private async throttled(
    call: CallState,
    attempt: number,
    res: ResponseLike,
    recordAnswer: AnswerRecorder,
  ): Promise<RetryStep> {
    this.counters.throttled++;
    recordAnswer(429);
    const wait = this.retryAfterMs(res) ?? this.backoff(attempt);
    // Jira says why: jira-burst-based (this endpoint and method only, briefly: only it waits)
    // or jira-quota-*-based (the app's hourly points are spent until the reset).
    const reason = recordAnswer.quotaHeaders.reason;
    const quotaSpent = isQuotaReason(reason);
    // A Retry-After longer than what is left of the budget cannot be honoured: give up now
    // rather than sleep into the invocation's time limit. A quota 429 is waited out only by a
    // client that may (waitOutQuota): a trigger must not spend its invocation on it.
    const giveUp = !this.mayRetry(call, attempt, wait) || (quotaSpent && !this.waitOutQuota);
    // The shared limiter holds every call of the container: never for a wait this client does
    // not make itself (its tracker stops its own calls until the reset; a caller giving up on a
    // burst 429 retries nothing, and the others learn Jira's wait from their own).
    if (reason === 'jira-burst-based') {
      if (!giveUp) this.limiter.onBurst(call.endpoint, wait);
    } else if (!(quotaSpent && giveUp)) this.limiter.onThrottle(this.maySleep(wait) ? wait : 0);
    if (!giveUp) {
      log.info('jira.retry', { ...call.where, status: 429, attempt, waitMs: wait, reason });
      return { done: false, waitMs: wait, status: 429, unsure: false };
    }
    call.failed(429, attempt, reason);
    const error = await this.errorFrom(call.callName, res, call.opts);
    if (!quotaSpent) throw error;
    // The quota is spent: this invocation makes no more calls until it resets.
    log.warn('jira.quota-spent', { ...call.where, waitMs: wait });
    this.quota.spentUntil(this.now() + wait);
    this.quota.check(call.callName);
    throw error;
  }

  /** A 5xx: retried when the call is safe to repeat and time allows. */
  private async serverError(
    call: CallState,
    attempt: number,
    res: ResponseLike,
    recordAnswer: AnswerRecorder,
  ): Promise<RetryStep> {
    recordAnswer(res.status);
    const wait = this.retryAfterMs(res) ?? this.backoff(attempt);
    if (!call.mayRetryFailure || !this.mayRetry(call, attempt, wait)) {
      call.failed(res.status, attempt);
      throw await this.errorFrom(call.callName, res, call.opts);
    }
    log.warn('jira.retry', { ...call.where, status: res.status, attempt, waitMs: wait });
    return { done: false, waitMs: wait, status: res.status, unsure: true };
  }

  /** Any other answer, a 4xx included, is Jira working normally: no sign of load. */
  private async answered<T>(
    call: CallState,
    attempt: number,
    res: ResponseLike,
    held: number,
    recordAnswer: AnswerRecorder,
  ): Promise<Step<T>> {
    this.limiter.onSuccess();
    const { opts } = call;
    if ((res.status >= 200 && res.status < 300) || opts.okStatuses?.includes(res.status)) {
      const body = await this.bodyOf<T>(call.callName, res, () => {
        this.quota.release(held);
        call.failed(res.status, attempt, 'not-json');
      });
      recordAnswer(res.status, body);
      return { done: true, value: body };
    }
    recordAnswer(res.status);
    if (res.status === 404 && opts.notFoundAsNull) return { done: true, value: null };
    call.failed(res.status, attempt);
    throw await this.errorFrom(call.callName, res, opts);
  }

  /** Tries are left, and the wait fits what this call and the invocation may sleep. */
  private mayRetry(call: CallState, attempt: number, wait: number): boolean {
    return attempt < this.maxTries && this.mayWait(call.waited, wait);
  }

  private mayWait(waited: number, wait: number): boolean {
    return waited + wait <= this.maxTotalWaitMs && this.maySleep(wait);
  }

  private async pause(ms: number): Promise<number> {
    this.counters.retries++;
    await this.sleep(ms);
    return ms;
  }

  /** Capped exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(n-1))]. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  /** Retry-After (seconds, or an HTTP date), else X-RateLimit-Reset (an ISO time). */
  private retryAfterMs(res: ResponseLike): number | undefined {
    const retryAfter = res.headers.get('Retry-After')?.trim();
    if (retryAfter) {
      if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) return Math.max(0, at - this.now());
    }
    const reset = res.headers.get('X-RateLimit-Reset')?.trim();
    if (reset) {
      const at = Date.parse(reset);
      if (!Number.isNaN(at)) return Math.max(0, at - this.now());
    }
    return undefined;
  }

  private async bodyOf<T>(
    callName: string,
    res: ResponseLike,
    onNotJson: () => void,
  ): Promise<T | null> {
    const text = await res.text();
    if (!text.trim()) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      onNotJson();
      throw new JiraError(
        callName,
        res.status,
        [],
        "Jira answered in a way the app does not understand: report this to the app's maintainers with what you were doing.",
        `Jira answered ${res.status} with a body that is not JSON: ${text.slice(0, 120)}`,
      );
    }
  }

  private async errorFrom(
    callName: string,
    res: ResponseLike,
    opts: RequestOptions,
  ): Promise<JiraError> {
    let body: unknown;
    try {
      const text = await res.text();
      try {
        body = JSON.parse(text);
      } catch {
        // An HTML error page from a proxy says nothing useful beyond the status.
        body = /^\s*</.test(text) ? undefined : text;
      }
    } catch {
      // The body could not be read (the connection dropped): the status alone tells the error.
      body = undefined;
    }
    const hint = res.status === 404 && opts.notFoundHint ? opts.notFoundHint : hintFor(res.status);
    return new JiraError(callName, res.status, jiraMessagesOf(body), hint);
  }
}

/**
 * A call that ends in a JiraError. Retryable failures (no answer, 429, 5xx) that outlasted the
 * retries are errors; 4xx answers are Jira deciding (warn), and a 404 is often expected (a
 * binding already gone), so it is info.
 */
function logFailure(fields: LogFields & { status: number }): void {
  const { status } = fields;
  if (status === 0 || status === 429 || status >= 500) log.error('jira.failed', fields);
  else if (status === 404) log.info('jira.failed', fields);
  else log.warn('jira.failed', fields);
}

/** One call as it goes through its tries: what it sends, and how long it has slept so far. */
interface CallState {
  route: Route;
  callName: string;
  opts: RequestOptions;
  init: RequestInitLike & { method: string; headers: Record<string, string> };
  endpoint: string;
  where: { method: string; path: string };
  /** A POST may have been applied before a failure: retried only when the call says so. */
  mayRetryFailure: boolean;
  onUnsureAttempt?: () => void;
  waited: number;
  /** Logs a failure the caller will see as a JiraError, with what an operator needs. */
  failed: (status: number, tries: number, reason?: string) => void;
}

type RetryStep = { done: false; waitMs: number; status: number; unsure: boolean };
type Step<T> = { done: true; value: T | null } | RetryStep;

function callState(r: Route, options: CallOptions): CallState {
  const {
    call: callName,
    okStatuses,
    notFoundAsNull,
    notFoundHint,
    retryUnsafe,
    onUnsureAttempt,
    ...init
  } = options;
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...init.headers,
  };
  const where = { method, path: pathForLog(r) };
  const call: CallState = {
    route: r,
    callName,
    opts: { okStatuses, notFoundAsNull, notFoundHint, retryUnsafe },
    init: { ...init, method, headers },
    endpoint: endpointKey(method, r.value.split('?', 1)[0]),
    where,
    mayRetryFailure: method !== 'POST' || retryUnsafe === true,
    onUnsureAttempt,
    waited: 0,
    failed: (status, tries, reason) =>
      logFailure({ ...where, status, tries, waitedMs: call.waited, reason }),
  };
  return call;
}

type AnswerRecorder = ((status: number, body?: unknown) => void) & {
  quotaHeaders: ReturnType<typeof parseQuotaHeaders>;
};

/** Records what an answer cost, giving back what the call held for it. */
function answerRecorder(
  quota: QuotaTracker,
  call: CallState,
  res: ResponseLike,
  held: number,
): AnswerRecorder {
  const quotaHeaders = parseQuotaHeaders((name) => res.headers.get(name));
  const path = call.route.value.split('?', 1)[0];
  const record = (status: number, body?: unknown) =>
    quota.record({
      method: call.init.method,
      path,
      status,
      headers: quotaHeaders,
      body,
      held: { points: held, endpoint: call.endpoint },
    });
  return Object.assign(record, { quotaHeaders });
}
