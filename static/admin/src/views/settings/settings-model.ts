// What the settings view shows and says: its switches and numbers with their explanations, how a
// typed number is checked, and the notices its sections show.
import { asResolverError } from '../../../../shared/api';
import { type Settings, SettingsSchema } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';

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
  /** Which unit the number counts: its name and errors are in the catalogue under it. */
  unit: 'minutes' | 'days' | 'hours' | 'percent';
  explain: string;
}

/** Number settings, validated with the schema the resolver uses (limits are not written twice). */
export const NUMBERS: NumberSetting[] = [
  {
    key: 'projectRunIntervalMinutes',
    get label() {
      return t('settings.number.projectRunIntervalMinutes.label');
    },
    unit: 'minutes',
    get explain() {
      return t('settings.number.projectRunIntervalMinutes.explain');
    },
  },
  {
    key: 'auditRetentionDays',
    get label() {
      return t('settings.number.auditRetentionDays.label');
    },
    unit: 'days',
    get explain() {
      return t('settings.number.auditRetentionDays.explain');
    },
  },
  {
    key: 'sweepHours',
    get label() {
      return t('settings.number.sweepHours.label');
    },
    unit: 'hours',
    get explain() {
      return t('settings.number.sweepHours.explain');
    },
  },
  {
    key: 'quotaBudgetPercent',
    get label() {
      return t('settings.number.quotaBudgetPercent.label');
    },
    unit: 'percent',
    get explain() {
      return t('settings.number.quotaBudgetPercent.explain');
    },
  },
  {
    key: 'peopleBudgetPercent',
    get label() {
      return t('settings.number.peopleBudgetPercent.label');
    },
    unit: 'percent',
    get explain() {
      return t('settings.number.peopleBudgetPercent.explain');
    },
  },
];

/** The error to show under a number field, or undefined when the value can be saved. */
export function numberError(n: NumberSetting, text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return t(`settings.numberError.whole.${n.unit}`);
  const parsed = SettingsSchema.shape[n.key].safeParse(Number(text));
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_small')
    return t(`settings.numberError.atLeast.${n.unit}`, { count: Number(issue.minimum) });
  if (issue?.code === 'too_big')
    return t(`settings.numberError.atMost.${n.unit}`, { count: Number(issue.maximum) });
  return issue?.message;
}

export const SETTINGS: { key: Toggle; label: string; explain: string }[] = [
  {
    key: 'scheduleEnabled',
    get label() {
      return t('settings.toggle.scheduleEnabled.label');
    },
    get explain() {
      return t('settings.toggle.scheduleEnabled.explain');
    },
  },
  {
    key: 'removeUnwanted',
    get label() {
      return t('settings.toggle.removeUnwanted.label');
    },
    get explain() {
      return t('settings.toggle.removeUnwanted.explain');
    },
  },
  {
    key: 'sweepPinned',
    get label() {
      return t('settings.toggle.sweepPinned.label');
    },
    get explain() {
      return t('settings.toggle.sweepPinned.explain');
    },
  },
  {
    key: 'allowProjectExclusions',
    get label() {
      return t('settings.toggle.allowProjectExclusions.label');
    },
    get explain() {
      return t('settings.toggle.allowProjectExclusions.explain');
    },
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
