// A run's events within Jira's hourly points quota: each event may spend only its share of what
// is left of the hour's budget (settings.quotaBudgetPercent of the quota Jira announced), records
// what it spent under the hour, and when the budget or Jira's quota is spent, marks the run
// paused until the reset; the caller hands the rest of its work on, delayed until then. A run a
// project admin started (Enforce now) spends from the people's share instead, and its starter's
// part of it (people-budget.ts): it can never spend what the scheduled run and Jira admins' runs
// need.
import type { Rule, Run } from '../../domain/schemas';
import type { JiraClient } from '../../jira/client';
import { DEFAULT_QUOTA_POINTS, hourKey, hourlyBudget, invocationAllowance } from '../../jira/quota';
import { PAUSE_WORDS, utcTime } from '../../jira/quota-tracker';
import { log } from '../../log';
import type { Fence } from '../../store/lease';
import { recordSpend, spentInHour } from '../../store/quota-spend';
import { putRunPause, type RunContext } from '../../store/runs';
import { RUN_CONSUMERS } from '../queue/queue';
import {
  claimShare,
  holdShare,
  PROJECT_BATCH_POINTS,
  projectStartPoints,
  recordShareSpend,
} from './people-budget';

/** Whose share of the hour a run's calls spend: the runs', or one person's of the people's. */
export type Payer = { kind: 'runs' } | { kind: 'person'; accountId: string };

/** A run started from a project's settings page spends its starter's share; others the runs'. */
export function payerOf(run: Pick<Run, 'trigger' | 'startedBy'>): Payer {
  return run.trigger === 'project'
    ? { kind: 'person', accountId: run.startedBy }
    : { kind: 'runs' };
}

const PEOPLE_PAUSE_WORDS =
  "this hour's share of Jira's quota for project admins' requests is spent";

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
  settings: Pick<RunContext['settings'], 'quotaBudgetPercent'> &
    Partial<Pick<RunContext['settings'], 'peopleBudgetPercent'>>,
  {
    consumers = RUN_CONSUMERS,
    now = Date.now(),
    hold,
    payer = { kind: 'runs' },
    rules = [],
  }: {
    consumers?: number;
    now?: number;
    hold?: { runId: string; eventKey: string };
    payer?: Payer;
    /** A start paid by a person: the rules it reads the groups of. */
    rules?: Pick<Rule, 'enabled' | 'groupIds'>[];
  } = {},
): Promise<void> {
  if (payer.kind === 'person') {
    // Always held (people's requests run at once); not enough left: the first call stops the
    // event, and the run waits for the next hour.
    const eventKey = hold?.eventKey ?? 'event';
    const points = eventKey.startsWith('start')
      ? projectStartPoints(rules) + PROJECT_BATCH_POINTS
      : PROJECT_BATCH_POINTS;
    const claim = await claimShare(
      payer.accountId,
      `${hold?.runId}:${eventKey}`,
      points,
      settings,
      {
        now,
        announcedLimit: jira.quotaTracker.announcedLimit(),
      },
    );
    jira.quotaTracker.limitTo(claim.granted ? claim.points : 0);
    return;
  }
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

/** What the next invocation of a run paid by the runs' share would be allowed now. */
export async function runsShareLeft(
  jira: JiraClient,
  settings: Pick<RunContext['settings'], 'quotaBudgetPercent'>,
  now = Date.now(),
): Promise<number> {
  const spent = await spentInHour(hourKey(now));
  const limit = spent.limit ?? jira.quotaTracker.announcedLimit() ?? DEFAULT_QUOTA_POINTS;
  return invocationAllowance(
    hourlyBudget(settings.quotaBudgetPercent, limit),
    spent.points,
    RUN_CONSUMERS,
  );
}

/** Adds what this invocation's calls spent to the hour's total. */
export async function recordEventSpend(
  jira: JiraClient,
  runId: string,
  eventKey: string,
  now = Date.now(),
  payer: Payer = { kind: 'runs' },
): Promise<void> {
  if (payer.kind === 'person') {
    await recordShareSpend(jira, payer.accountId, `${runId}:${eventKey}`, now);
    // A project run's start claimed for its one batch too: held for it until it runs.
    if (eventKey.startsWith('start'))
      await holdShare(payer.accountId, `${runId}:batch:0:0`, PROJECT_BATCH_POINTS, now);
    return;
  }
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
  payer: Payer = { kind: 'runs' },
): Promise<number> {
  const stop = jira.quotaTracker.stopped();
  if (!stop) return 0;
  const words =
    stop.cause === 'budget' && payer.kind === 'person'
      ? PEOPLE_PAUSE_WORDS
      : PAUSE_WORDS[stop.cause];
  const reason = `Paused until ${utcTime(stop.until)}: ${words}`;
  const code = stop.cause === 'budget' && payer.kind === 'person' ? 'people-budget' : stop.cause;
  await putRunPause(fence, runId, { until: stop.until, cause: stop.cause, reason, code, at: now });
  log.info('run.paused', { cause: stop.cause, untilMs: stop.until, waitMs: stop.until - now });
  return Math.max(0, stop.until - now);
}
