// A run's events within Jira's hourly points quota: each event may spend only its share of what
// is left of the hour's budget (settings.quotaBudgetPercent of the quota Jira announced), records
// what it spent under the hour, and when the budget or Jira's quota is spent, marks the run
// paused until the reset; the caller hands the rest of its work on, delayed until then.
import { hourlyBudget, hourKey, invocationAllowance, DEFAULT_QUOTA_POINTS } from '../jira/quota';
import { PAUSE_WORDS, utcTime } from '../jira/quota-tracker';
import type { JiraClient } from '../jira/client';
import { log } from '../log';
import type { Fence } from '../store/lease';
import { recordSpend, spentInHour } from '../store/quota-spend';
import { putRunPause, type RunContext } from '../store/runs';
import { RUN_CONSUMERS } from './queue';

/** Below this many points an invocation would stop after a call or two: it waits instead. */
const MIN_ALLOWANCE = 10;

/**
 * Limits what this invocation's calls may spend to its share of the hour's budget: a run's
 * events share it with the other consumer; a run's start is one invocation (`consumers` 1).
 */
export async function applyBudget(
  jira: JiraClient,
  settings: Pick<RunContext['settings'], 'quotaBudgetPercent'>,
  consumers = RUN_CONSUMERS,
  now = Date.now(),
): Promise<void> {
  const spent = await spentInHour(hourKey(now));
  const budget = hourlyBudget(
    settings.quotaBudgetPercent,
    spent.limit ?? jira.quotaTracker.announcedLimit() ?? DEFAULT_QUOTA_POINTS,
  );
  const allowance = invocationAllowance(budget, spent.points, consumers);
  jira.quotaTracker.limitTo(allowance < MIN_ALLOWANCE ? 0 : allowance);
}

/** Adds what this invocation's calls spent to the hour's total. */
export async function recordEventSpend(
  jira: JiraClient,
  runId: string,
  eventKey: string,
  now = Date.now(),
): Promise<void> {
  const { calls, points, quota } = jira.cost();
  await recordSpend(hourKey(now), runId, eventKey, { calls, points, limit: quota?.limit });
}

/**
 * If the invocation's calls stopped for the quota or the budget, marks the run paused and
 * answers how long the rest must wait (ms); 0 when the calls may go on.
 */
export async function pauseIfSpent(
  jira: JiraClient,
  fence: Fence,
  runId: string,
  now = Date.now(),
): Promise<number> {
  const stop = jira.quotaTracker.stopped();
  if (!stop) return 0;
  const reason = `Paused until ${utcTime(stop.until)}: ${PAUSE_WORDS[stop.cause]}`;
  await putRunPause(fence, runId, { until: stop.until, cause: stop.cause, reason, at: now });
  log.info('run.paused', { cause: stop.cause, untilMs: stop.until, waitMs: stop.until - now });
  return Math.max(0, stop.until - now);
}
