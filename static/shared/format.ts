// Dates, durations and counts as a Jira admin reads them: in the viewer's language and time
// zone (from Forge's view context, through i18n.ts).
import type { Run } from './contract';
import { currentLocale, currentTimeZone, formatNumber, t } from './i18n';

function formatter(opts: Intl.DateTimeFormatOptions, timeZone = currentTimeZone()) {
  return new Intl.DateTimeFormat(currentLocale(), { ...opts, timeZone });
}

const parse = (iso: string): Date | undefined => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** A moment in the viewer's time zone ("6 Dec 2026, 15:00"). */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = parse(iso);
  return d ? formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(d) : iso;
}

/** The same moment in UTC, with its zone named: what a hover over a time shows. */
export function formatUtc(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  if (!d) return '';
  // Fields, not dateStyle/timeStyle: those cannot be combined with timeZoneName (a RangeError).
  return formatter(
    {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    },
    'UTC',
  ).format(d);
}

/** A time of day in the viewer's time zone ("14:00", "2:00 PM"). */
export function formatTime(iso: string | undefined): string {
  const d = iso ? parse(iso) : undefined;
  return d ? formatter({ timeStyle: 'short' }).format(d) : '';
}

export function formatShortDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = parse(iso);
  return d
    ? formatter({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d)
    : iso;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago", in the viewer's language. */
export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const s = Math.round((now - at) / 1000);
  if (s < 45) return t('time.justNow');
  const rtf = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'always' });
  const m = Math.round(s / 60);
  if (m < 60) return rtf.format(-m, 'minute');
  const h = Math.round(m / 60);
  if (h < 24) return rtf.format(-h, 'hour');
  return rtf.format(-Math.round(h / 24), 'day');
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms) || ms < 0) return '—';
  if (ms < 1000) return t('time.underOneSecond');
  const s = Math.round(ms / 1000);
  if (s < 60) return t('time.seconds', { s });
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m < 60) return rest ? t('time.minutesSeconds', { m, s: rest }) : t('time.minutes', { m });
  return t('time.hoursMinutes', { h: Math.floor(m / 60), m: m % 60 });
}

export function runDuration(run: Pick<Run, 'startedAt' | 'createdAt' | 'finishedAt'>): string {
  const start = run.startedAt ?? run.createdAt;
  if (!run.finishedAt) return t('time.stillRunning');
  return formatDuration(new Date(run.finishedAt).getTime() - new Date(start).getTime());
}

export function triggerLabel(run: Pick<Run, 'trigger' | 'dryRun'>): string {
  const trigger = t(`trigger.${run.trigger}`);
  if (!run.dryRun) return trigger;
  return run.trigger === 'manual' ? t('trigger.preview') : t('trigger.asPreview', { trigger });
}

/** The phrase with its first letter upper-case, to start a sentence with it. */
export function capitalize(phrase: string): string {
  return phrase.charAt(0).toLocaleUpperCase(currentLocale()) + phrase.slice(1);
}

/** "A, B and C" in the viewer's language (at most `max` named, then "and N more"). */
export function listSentence(items: string[], max = 8): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  const list = new Intl.ListFormat(currentLocale(), { type: 'conjunction' });
  if (more > 0) return t('list.andMore', { list: shown.join(', '), count: more });
  return list.format(shown);
}

export { formatNumber };
