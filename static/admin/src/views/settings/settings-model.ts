// What the settings view shows and says: its switches and numbers with their explanations, how a
// typed number is checked, and the notices its sections show.
import { asResolverError } from '../../../../shared/api';
import { type Settings, SettingsSchema } from '../../../../shared/contract';

export type NumberKey =
  | 'projectRunIntervalMinutes'
  | 'auditRetentionDays'
  | 'quotaBudgetPercent'
  | 'peopleBudgetPercent'
  | 'sweepHours';
export type Toggle = Exclude<keyof Settings, 'version' | NumberKey>;

/** The switches that change what runs do across the site: asked before saving. */
export const CONFIRMED: Toggle[] = ['scheduleEnabled', 'removeUnwanted'];

export interface NumberSetting {
  key: NumberKey;
  label: string;
  unit: string;
  explain: string;
}

/** Number settings, validated with the schema the resolver uses (limits are not written twice). */
export const NUMBERS: NumberSetting[] = [
  {
    key: 'projectRunIntervalMinutes',
    label: 'Minutes between runs of one project',
    unit: 'minutes',
    explain:
      'A project admin may run their project, or ask to exclude it, once in this many minutes, so no project can slow the site’s runs down.',
  },
  {
    key: 'auditRetentionDays',
    label: 'Days the audit log keeps entries',
    unit: 'days',
    explain:
      'Older entries are deleted by the hourly run, a few hundred at a time. Export the audit log first if you must keep it longer.',
  },
  {
    key: 'sweepHours',
    label: 'Hours in which every project is verified (when pinned)',
    unit: 'hours',
    explain:
      'Hourly runs visit what changed in Jira plus a slice of every project, so that each project is read again at least once in this many hours. Used only when the routine check’s period is pinned. Fewer hours mean more Jira usage.',
  },
  {
    key: 'quotaBudgetPercent',
    label: 'Share of the hourly Jira usage runs may take',
    unit: 'percent',
    explain:
      'Jira usage is counted in Jira’s points: each call the app makes costs some, and Jira allows the app a fixed number of points an hour for all its calls. A run pauses until the next hour once it has used this share, so the app’s pages and other sites keep working.',
  },
  {
    key: 'peopleBudgetPercent',
    label: 'Share of the hourly Jira usage project admins may take',
    unit: 'percent',
    explain:
      'What project admins cause (their project settings pages reading Jira, Enforce now) comes out of this share, not the runs’ share, and one person may use at most a fifth of it in an hour, however many projects they administer. Once it is spent they are asked to try again at the next hour; the hourly run and your own runs are not affected.',
  },
];

/** The error to show under a number field, or undefined when the value can be saved. */
export function numberError(n: NumberSetting, text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return `Enter a whole number of ${n.unit}.`;
  const parsed = SettingsSchema.shape[n.key].safeParse(Number(text));
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_small') return `Enter at least ${String(issue.minimum)} ${n.unit}.`;
  if (issue?.code === 'too_big') return `Enter at most ${String(issue.maximum)} ${n.unit}.`;
  return issue?.message;
}

export const SETTINGS: { key: Toggle; label: string; explain: string }[] = [
  {
    key: 'scheduleEnabled',
    label: 'Run every hour',
    explain:
      'Apply the rules every hour, so groups the identity provider creates and projects created since the last run are covered. When off, rules run only when you press Run now and when a project is created.',
  },
  {
    key: 'removeUnwanted',
    label: 'Remove groups the app added when no rule wants them',
    explain:
      'When a rule is deleted, disabled or narrowed, runs take the groups it added back out of the project roles. Groups people added by hand are never removed. When off, nothing is ever removed.',
  },
  {
    key: 'sweepPinned',
    label: 'Pin the routine check’s period',
    explain:
      'When off, the period adapts: from 1 day it lengthens one step (2, 4, 7 days) after each whole cycle in which the routine check found no change the app had not noticed, and goes back to 6 hours at the first change the app had not noticed, or while Jira’s audit log does not show the app’s own changes. When on, every project is verified within the hours set below.',
  },
  {
    key: 'allowProjectExclusions',
    label: 'Let project admins exclude their project',
    explain:
      'Project admins can opt their own project out of a rule from the project’s settings page. Every exclusion is written to the audit log.',
  },
];

export interface Notice {
  appearance: 'success' | 'error' | 'information' | 'warning';
  title?: string;
  text: string;
  /** The settings changed under the admin: offer to reload them. */
  reload?: boolean;
}

/** A failed call as a notice: the title says what did not happen; a conflict offers a reload. */
export function failureNotice(title: string, err: unknown): Notice {
  const e = asResolverError(err);
  return { appearance: 'error', title, text: e.message, reload: e.code === 'conflict' };
}
