// Dates, durations and counts as a Jira admin reads them.
import type { Run } from './contract';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatShortDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : shortDate.format(d);
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms) || ms < 0) return '—';
  if (ms < 1000) return 'under 1 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m < 60) return rest ? `${m} min ${rest} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export function runDuration(run: Pick<Run, 'startedAt' | 'createdAt' | 'finishedAt'>): string {
  const start = run.startedAt ?? run.createdAt;
  if (!run.finishedAt) return 'still running';
  return formatDuration(new Date(run.finishedAt).getTime() - new Date(start).getTime());
}

export function triggerLabel(run: Pick<Run, 'trigger' | 'dryRun'>): string {
  if (run.dryRun)
    return run.trigger === 'manual'
      ? 'Preview'
      : `${TRIGGER_LABEL[run.trigger] ?? run.trigger} (preview)`;
  return TRIGGER_LABEL[run.trigger] ?? run.trigger;
}

/** The phrase with its first letter upper-case, to start a sentence with it. */
export function capitalize(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "A, B and C" (at most `max` named, then "and N more"). */
export function listSentence(items: string[], max = 8): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length === 1) return shown[0];
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export const TRIGGER_LABEL: Record<Run['trigger'], string> = {
  scheduled: 'Scheduled',
  manual: 'Manual',
  project: 'One project',
  'project-created': 'New project',
  uninstall: 'Before uninstall',
};
