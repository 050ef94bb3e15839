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
 * With `hold`, the share is written under the event's spend key at once (recordEventSpend then
 * replaces it with what was spent), so an event starting meanwhile counts it as spent: without
 * it, two consumers each saw the other's spending only once it ended, and an hour overshot its
 * budget by up to half (measured: about 640 points an hour for a budget of 400).
 */
export async function applyBudget(
  jira: JiraClient,
  settings: Pick<RunContext['settings'], 'quotaBudgetPercent'>,
  {
    consumers = RUN_CONSUMERS,
    now = Date.now(),
    hold,
  }: { consumers?: number; now?: number; hold?: { runId: string; eventKey: string } } = {},
): Promise<void> {
  const spent = await spentInHour(hourKey(now));
  const budget = hourlyBudget(
    settings.quotaBudgetPercent,
    spent.limit ?? jira.quotaTracker.announcedLimit() ?? DEFAULT_QUOTA_POINTS,
  );
  const share = invocationAllowance(budget, spent.points, consumers);
  const allowance = share < MIN_ALLOWANCE ? 0 : share;
  jira.quotaTracker.limitTo(allowance);
  if (hold && allowance > 0)
    await recordSpend(hourKey(now), hold.runId, hold.eventKey, {
      points: allowance,
      calls: 0,
      ...(spent.limit !== undefined ? { limit: spent.limit } : {}),
    });
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
