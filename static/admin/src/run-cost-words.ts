// A run's Jira usage in words: calls, and shares of the app's hourly allowance. Jira counts usage
// in points; the page names them only in the line shown on hover. Pure, so tested without a
// browser.
import type { Run } from '../../shared/contract';
import { formatTime } from '../../shared/format';
import { currentLocale, formatNumber, t } from '../../shared/i18n';

/** "0.5%", "12%", "under 0.1%", in the viewer's language. */
function share(part: number, whole: number): string {
  const p = part / whole;
  const percent = (n: number, digits: number) =>
    new Intl.NumberFormat(currentLocale(), {
      style: 'percent',
      maximumFractionDigits: digits,
    }).format(n);
  if (part > 0 && p < 0.001) return t('runs.cost.under', { share: percent(0.001, 1) });
  return percent(p, p < 0.1 ? 1 : 0);
}

/**
 * "42 calls to Jira, 0.5% of the app's hourly Jira usage allowance (86% left until 2:00 PM)",
 * the reset in the viewer's time zone.
 */
export function costLine(run: Pick<Run, 'calls' | 'points' | 'quota'>): string | undefined {
  if (run.calls === undefined && run.points === undefined) return undefined;
  const calls = t('runs.cost.calls', { count: run.calls ?? 0 });
  const q = run.quota;
  if (!q?.limit) return calls;
  const used = share(run.points ?? 0, q.limit);
  if (q.left === undefined) return t('runs.cost.share', { calls, share: used });
  const left = share(q.left, q.limit);
  return q.resetAt
    ? t('runs.cost.shareLeftUntil', { calls, share: used, left, until: formatTime(q.resetAt) })
    : t('runs.cost.shareLeft', { calls, share: used, left });
}

/** The same in Jira's own unit, for hovering. */
export function pointsLine(run: Pick<Run, 'points' | 'quota'>): string | undefined {
  if (run.points === undefined) return undefined;
  return run.quota?.limit
    ? t('runs.cost.pointsOf', { count: run.points, limit: formatNumber(run.quota.limit) })
    : t('runs.cost.points', { count: run.points });
}
