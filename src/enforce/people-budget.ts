// The people's share of Jira's hourly quota: what project admins cause (the project page's live
// reads, Enforce now) spends from a share of its own (settings.peopleBudgetPercent), never from
// the runs' share (quota-budget.ts), and one person at most PERSON_SHARE_PERCENT of it, whatever
// the number of projects they administer. So no person, nor all of them together, can spend the
// quota the scheduled run and the Jira admins' runs need.
//
// A request holds what it expects to spend before its first call and replaces the hold with
// what it spent after: the hold is written first and the totals read after it, so of requests
// made at once each sees the others' holds, and the admitted ones never exceed the share
// together (some may be refused that alone would fit: never more spending, only less).
import { TooSoonError } from '../domain/errors';
import { count } from '../domain/text';
import type { JiraClient } from '../jira/client';
import { DEFAULT_QUOTA_POINTS, hourKey, peopleBudgets, topOfNextHour } from '../jira/quota';
import { utcTime } from '../jira/quota-tracker';
import { log } from '../log';
import { peopleSpentInHour, recordPeopleSpend } from '../store/people-spend';
import type { Settings } from '../domain/schemas';

/** Below this many points a request would stop after a call or two: it is refused instead. */
const MIN_POINTS = 10;

export type PeopleSettings = Partial<Pick<Settings, 'peopleBudgetPercent'>>;
const DEFAULT_PEOPLE_PERCENT = 5;

export type ShareClaim =
  | { granted: true; points: number }
  | { granted: false; retryAt: number; whose: 'person' | 'people' };

/**
 * Holds up to `wanted` points of the hour for `item` of `accountId`'s requests (at least
 * MIN_POINTS, never more than is left of their share or of the people's), or refuses until the
 * next hour. The hold stays until recordShareSpend replaces it.
 */
export async function claimShare(
  accountId: string,
  item: string,
  wanted: number,
  settings: PeopleSettings,
  { now = Date.now(), announcedLimit }: { now?: number; announcedLimit?: number } = {},
): Promise<ShareClaim> {
  const hour = hourKey(now);
  const refused = (whose: 'person' | 'people'): ShareClaim => {
    log.info('people-share.refused', { whose, item });
    return { granted: false, retryAt: topOfNextHour(now), whose };
  };
  const before = await peopleSpentInHour(hour, accountId);
  const budget = peopleBudgets(
    settings.peopleBudgetPercent ?? DEFAULT_PEOPLE_PERCENT,
    before.limit ?? announcedLimit ?? DEFAULT_QUOTA_POINTS,
  );
  const left = (b: typeof before) =>
    Math.min(budget.person - b.person, budget.pool - b.people) as number;
  const points = Math.min(Math.max(wanted, MIN_POINTS), left(before));
  if (points < MIN_POINTS)
    return refused(budget.person - before.person < MIN_POINTS ? 'person' : 'people');
  await recordPeopleSpend(hour, accountId, item, {
    points,
    calls: 0,
    ...(before.limit !== undefined ? { limit: before.limit } : {}),
  });
  // Read again with the hold counted: requests made meanwhile are counted too.
  const after = await peopleSpentInHour(hour, accountId);
  if (after.person > budget.person || after.people > budget.pool) {
    await recordPeopleSpend(hour, accountId, item, { points: 0, calls: 0 });
    return refused(after.person > budget.person ? 'person' : 'people');
  }
  return { granted: true, points };
}

/** Replaces an item's hold with what `jira`'s calls spent (nothing: the hold goes). */
export async function recordShareSpend(
  jira: JiraClient,
  accountId: string,
  item: string,
  now = Date.now(),
): Promise<void> {
  const { calls, points, quota } = jira.cost();
  await recordPeopleSpend(hourKey(now), accountId, item, {
    calls,
    points,
    ...(quota?.limit !== undefined ? { limit: quota.limit } : {}),
  });
}

/** The words of a refusal: whose share is spent, and when to ask again. */
export function shareSpentError(
  claim: Extract<ShareClaim, { granted: false }>,
  now = Date.now(),
): TooSoonError {
  const minutes = Math.max(1, Math.ceil((claim.retryAt - now) / 60_000));
  const whose =
    claim.whose === 'person'
      ? "You have used your share of Jira's hourly quota for this app's project pages this hour"
      : "Project admins have together used this hour's share of Jira's quota for this app's " +
        'project pages';
  return new TooSoonError(
    `${whose}; the rest is kept for the hourly enforcement. You can ask again at ` +
      `${utcTime(claim.retryAt)} (in ${count(minutes, 'minute')}); the hourly enforcement ` +
      'covers your projects meanwhile.',
    new Date(claim.retryAt).toISOString(),
  );
}

/**
 * Lets `jira`'s calls spend at most what `item` of `accountId` was granted, or throws the
 * refusal (too-soon, with when to ask again). Call recordShareSpend when the calls are done.
 */
export async function spendShare(
  jira: JiraClient,
  accountId: string,
  item: string,
  wanted: number,
  settings: PeopleSettings,
  now = Date.now(),
): Promise<void> {
  const claim = await claimShare(accountId, item, wanted, settings, {
    now,
    announcedLimit: jira.quotaTracker.announcedLimit(),
  });
  if (!claim.granted) throw shareSpentError(claim, now);
  jira.quotaTracker.limitTo(claim.points);
}
