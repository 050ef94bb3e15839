// A settings save and the routine check's period in the viewer's language, composed from the
// parts the engine stored: each setting changed, before → after; the period in hours.
import type { SettingChange } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';

/** "Settings saved. What changed: scheduled enforcement on → off." */
export function settingsSentence(changes: SettingChange[] | undefined): string {
  if (!changes?.length) return t('audit.sentence.settingsUnchanged');
  return t('audit.sentence.settingsSaved', { changes: changes.map(changeWords).join('; ') });
}

function changeWords(c: SettingChange): string {
  const words = (v: SettingChange['before']) => valueWords(c.field, v);
  return t(`audit.settings.change.${c.field}`, { before: words(c.before), after: words(c.after) });
}

function valueWords(field: SettingChange['field'], v: SettingChange['before']): string {
  if (typeof v === 'object')
    return v.pinned
      ? t('audit.settings.every', { period: periodWords(v.hours) })
      : t('audit.settings.adapting');
  if (typeof v === 'boolean') {
    if (field === 'allowProjectExclusions')
      return t(v ? 'audit.settings.allowed' : 'audit.settings.notAllowed');
    return t(v ? 'audit.settings.on' : 'audit.settings.off');
  }
  // The numbers as the stored English writes them (never grouped: all are below 10,000).
  const n = String(v);
  if (field === 'projectRunIntervalMinutes') return t('audit.settings.interval', { n });
  if (field === 'auditRetentionDays') return t('audit.settings.retention', { n });
  return t('audit.settings.percent', { n });
}

/** "6 hours", "2 days". */
export function periodWords(hours: number): string {
  return hours % 24 === 0
    ? t('audit.settings.days', { count: hours / 24 })
    : t('audit.settings.hours', { count: hours });
}
