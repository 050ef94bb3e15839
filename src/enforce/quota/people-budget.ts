// The people's share of Jira's hourly quota: what project admins cause (the project page's live
// reads, Enforce now) spends from a share of its own (settings.peopleBudgetPercent), never from
// the runs' share (quota-budget.ts), and one person at most PERSON_SHARE_PERCENT of it, whatever
// the number of projects they administer. So no person, nor all of them together, can spend the
// quota the scheduled run and the Jira admins' runs need.
//
// A request holds what it expects to spend before its first call and replaces the hold with
// what it spent after: the hold is written first and the totals read after it, so of requests
// made at once each sees the others' holds, and the admitted ones never exceed the share
// together (some may be refused that alone would fit: never more spending, only less). A
// request's calls stop at what it holds, so it spends at most that plus the call under way.
import { TooSoonError } from '../../domain/errors';
import type { Rule, Settings } from '../../domain/schemas';
import { count } from '../../domain/text';
import type { JiraClient } from '../../jira/client';
import { DEFAULT_QUOTA_POINTS, hourKey, peopleBudgets, topOfNextHour } from '../../jira/quota';
import { utcTime } from '../../jira/quota-tracker';
import { log } from '../../log';
import { peopleSpentInHour, recordPeopleSpend } from '../../store/people-spend';
import { spentInHour } from '../../store/quota-spend';

export type PeopleSettings = Partial<Pick<Settings, 'peopleBudgetPercent'>>;
const DEFAULT_PEOPLE_PERCENT = 5;

export type ShareClaim =
  | { granted: true; points: number }
  | { granted: false; retryAt: number; whose: 'person' | 'people' };

/**
 * Holds `points` of the hour for `item` of `accountId`'s requests (replacing what the item held
 * before), or refuses until the next hour when that is more than is left of their share or of
 * the people's: all or nothing, so that what is admitted can finish. The hold stays until
 * recordShareSpend replaces it.
 */
export async function claimShare(
  accountId: string,
  item: string,
  points: number,
  settings: PeopleSettings,
  { now = Date.now(), announcedLimit }: { now?: number; announcedLimit?: number } = {},
): Promise<ShareClaim> {
  const hour = hourKey(now);
  const refused = (whose: 'person' | 'people'): ShareClaim => {
    log.info('people-share.refused', { whose, points });
    return { granted: false, retryAt: topOfNextHour(now), whose };
  };
  const before = await peopleSpentInHour(hour, accountId, item);
  // The quota Jira announced: from people's requests, else from the runs', else Tier 1's.
  const limit = before.limit ?? announcedLimit ?? (await spentInHour(hour)).limit;
  const budget = peopleBudgets(
    settings.peopleBudgetPercent ?? DEFAULT_PEOPLE_PERCENT,
    limit ?? DEFAULT_QUOTA_POINTS,
  );
  const over = (spent: typeof before, extra: number) =>
    spent.person + extra > budget.person
      ? 'person'
      : spent.people + extra > budget.pool
        ? 'people'
        : undefined;
  const early = over(before, points);
  if (early) return refused(early);
  await recordPeopleSpend(hour, accountId, item, {
    points,
    calls: 0,
    ...(limit !== undefined ? { limit } : {}),
  });
  // Read again with the hold counted: requests made meanwhile are counted too.
  const late = over(await peopleSpentInHour(hour, accountId), 0);
  if (late) {
    await recordPeopleSpend(hour, accountId, item, { points: 0, calls: 0 });
    return refused(late);
  }
  return { granted: true, points };
}

/**
 * What a project run's start may spend: the site's roles and product access, the rules' groups
 * (2 points each), the project; and what its one batch may then spend (its project's roles and
 * changes), held for it from the start's claim, so that a run admitted is a run that finishes.
 */
export const PROJECT_BATCH_POINTS = 40;
export function projectStartPoints(rules: Pick<Rule, 'enabled' | 'groupIds'>[]): number {
  const groups = new Set(rules.filter((r) => r.enabled).flatMap((r) => r.groupIds)).size;
  return 40 + 3 * groups;
}

/** Holds `points` for an item that will spend them later, without asking (its claim paid). */
export async function holdShare(
  accountId: string,
  item: string,
  points: number,
  now = Date.now(),
): Promise<void> {
  await recordPeopleSpend(hourKey(now), accountId, item, { points, calls: 0 });
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
  ).says(claim.whose === 'person' ? 'person-share-spent' : 'people-share-spent', {
    at: new Date(claim.retryAt).toISOString(),
    minutes,
  });
}

/**
 * Lets `jira`'s calls spend at most `points` for `item` of `accountId`, or throws the refusal
 * (too-soon, with when to ask again). Call recordShareSpend when the calls are done.
 */
export async function spendShare(
  jira: JiraClient,
  accountId: string,
  item: string,
  points: number,
  settings: PeopleSettings,
  now = Date.now(),
): Promise<void> {
  const claim = await claimShare(accountId, item, points, settings, {
    now,
    announcedLimit: jira.quotaTracker.announcedLimit(),
  });
  if (!claim.granted) throw shareSpentError(claim, now);
  jira.quotaTracker.limitTo(claim.points);
}
