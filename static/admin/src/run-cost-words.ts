// A run's Jira usage in words: calls, and shares of the app's hourly allowance. Jira counts usage
// in points; the page names them only in the line shown on hover. Pure, so tested without a
// browser.
import type { Run } from '../../shared/contract';

const number = new Intl.NumberFormat('en');

/** "14:00 UTC" */
function utc(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** "0.5%", "12%", "under 0.1%" */
function share(part: number, whole: number): string {
  const p = (100 * part) / whole;
  if (part > 0 && p < 0.1) return 'under 0.1%';
  return `${number.format(Number(p.toFixed(p < 10 ? 1 : 0)))}%`;
}

/** "42 calls to Jira, 0.5% of the app's hourly Jira usage allowance (86% left until 14:00 UTC)" */
export function costLine(run: Pick<Run, 'calls' | 'points' | 'quota'>): string | undefined {
  if (run.calls === undefined && run.points === undefined) return undefined;
  const calls = `${number.format(run.calls ?? 0)} call${run.calls === 1 ? '' : 's'} to Jira`;
  const q = run.quota;
  if (!q?.limit) return calls;
  const left =
    q.left !== undefined
      ? ` (${share(q.left, q.limit)} left${q.resetAt ? ` until ${utc(q.resetAt)}` : ''})`
      : '';
  return `${calls}, ${share(run.points ?? 0, q.limit)} of the app’s hourly Jira usage allowance${left}`;
}

/** The same in Jira's own unit, for hovering. */
export function pointsLine(run: Pick<Run, 'points' | 'quota'>): string | undefined {
  if (run.points === undefined) return undefined;
  const of = run.quota?.limit
    ? ` of the ${number.format(run.quota.limit)} Jira allows an hour`
    : '';
  return `${number.format(run.points)} points${of}`;
}
