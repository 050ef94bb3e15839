// The audit's words for a settings save: what changed, before and after, in the words the
// Settings page uses. Pure.
import type { AuditSentence, SettingChange } from './audit-sentences';
import { sentence } from './audit-sentences';
import type { Settings } from './schemas';
import { hoursText } from './sweep-period';

const onOff = (on: boolean) => (on ? 'on' : 'off');
const routine = (s: Settings) =>
  s.sweepPinned ? `every ${hoursText(s.sweepHours)}` : 'adapting to what it finds';

/** Each setting as the Settings page names it, and its value in words. */
const FIELDS: [string, (s: Settings) => string][] = [
  ['scheduled enforcement', (s) => onOff(s.scheduleEnabled)],
  ['removal of groups the app added', (s) => onOff(s.removeUnwanted)],
  [
    'project admins excluding their projects',
    (s) => (s.allowProjectExclusions ? 'allowed' : 'not allowed'),
  ],
  [
    "a project's runs and requests",
    (s) => `at most once every ${s.projectRunIntervalMinutes} minutes`,
  ],
  ['audit entries kept', (s) => `${s.auditRetentionDays} days`],
  ["runs' share of Jira usage", (s) => `${s.quotaBudgetPercent}%`],
  ["people's share of Jira usage", (s) => `${s.peopleBudgetPercent}%`],
  ['routine check of every project', routine],
];

/** "Settings saved. What changed: scheduled enforcement on → off." */
export function settingsSavedWords(before: Settings, after: Settings): string {
  const changed = FIELDS.filter(([, show]) => show(before) !== show(after)).map(
    ([label, show]) => `${label} ${show(before)} → ${show(after)}`,
  );
  return changed.length
    ? `Settings saved. What changed: ${changed.join('; ')}.`
    : 'Settings saved; nothing changed.';
}

/** The same as a code and the changed settings, for the page to word. */
export function settingsSavedSentence(before: Settings, after: Settings): AuditSentence {
  const sweep = (s: Settings) => ({ pinned: s.sweepPinned, hours: s.sweepHours });
  const all: SettingChange[] = [
    ...(['scheduleEnabled', 'removeUnwanted', 'allowProjectExclusions'] as const).map((field) => ({
      field,
      before: before[field],
      after: after[field],
    })),
    ...(
      [
        'projectRunIntervalMinutes',
        'auditRetentionDays',
        'quotaBudgetPercent',
        'peopleBudgetPercent',
      ] as const
    ).map((field) => ({ field, before: before[field], after: after[field] })),
    { field: 'sweep', before: sweep(before), after: sweep(after) },
  ];
  // Changed as the English words see it: a period that stays "adapting" is no change.
  const words = (c: SettingChange) =>
    c.field === 'sweep'
      ? [c.before, c.after].map((s) => (s.pinned ? s.hours : -1))
      : [c.before, c.after];
  const changed = all.filter((c) => words(c)[0] !== words(c)[1]);
  return changed.length
    ? { ...sentence('settingsSaved', {}), settings: changed }
    : sentence('settingsUnchanged', {});
}
