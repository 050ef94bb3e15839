// The site settings as the admin edits them: switches (the site-wide ones confirmed first, with
// what they would remove), numbers typed as drafts until saved, and saves that carry the version
// they were read at, so a save over someone else's is refused and offers a reload.
import { useState } from 'react';

import { asResolverError, call } from '../../../../shared/api';
import type { RemovalImpact, Settings } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';
import { useLoad } from '../../../../shared/useLoad';
import { isConflict } from '../../rules';
import {
  CONFIRMED,
  failureNotice,
  type Notice,
  numberError,
  type NumberKey,
  NUMBERS,
  type NumberSetting,
  SETTINGS,
  type Toggle,
} from './settings-model';

export type SiteSettings = ReturnType<typeof useSiteSettings>;

export function useSiteSettings(flag: (title: string, description?: string) => void) {
  const settings = useLoad(() => call('getSettings', {}));
  const [saving, setSaving] = useState<Toggle | NumberKey | null>(null);
  /** What the admin typed in a number field, until it is saved. */
  const [drafts, setDrafts] = useState<Partial<Record<NumberKey, string>>>({});
  const [numberErrors, setNumberErrors] = useState<Partial<Record<NumberKey, string>>>({});
  const [notice, setNotice] = useState<Notice>();
  /** A site-wide switch waiting for the admin to confirm, with what it would remove. */
  const [confirming, setConfirming] = useState<{ key: Toggle; impact: RemovalImpact }>();

  /** A refused number sits with its field; any other error above the settings. */
  const notSaved = (err: unknown) => {
    const e = asResolverError(err);
    const n = NUMBERS.find((x) => x.key === e.field);
    if (e.code === 'invalid-input' && n) setNumberErrors((x) => ({ ...x, [n.key]: e.message }));
    else setNotice(failureNotice(t('settings.notSaved'), e));
  };

  /** Site-wide switches say what they do first; the others save at once. */
  async function askToggle(key: Toggle) {
    if (!CONFIRMED.includes(key)) return void toggle(key);
    setSaving(key);
    setNotice(undefined);
    try {
      // Turning removal on: what the next run removes then; any other switch: as things are.
      const turningOn = key === 'removeUnwanted' && !settings.data?.removeUnwanted;
      const impact = await call('getRemovalImpact', {
        change: turningOn ? { kind: 'removal-on' } : { kind: 'none' },
      });
      setConfirming({ key, impact });
    } catch (err) {
      notSaved(err);
    } finally {
      setSaving(null);
    }
  }

  async function toggle(key: Toggle) {
    if (settings.data) await save(key, { ...settings.data, [key]: !settings.data[key] });
  }

  /** What the admin types in a number field: kept as a draft, its error cleared. */
  function editNumber(key: NumberKey, text: string) {
    setDrafts((d) => ({ ...d, [key]: text }));
    setNumberErrors((x) => ({ ...x, [key]: undefined }));
  }

  async function saveNumber(n: NumberSetting) {
    const key = n.key;
    const text = drafts[key];
    if (!settings.data || text === undefined) return;
    const error = numberError(n, text);
    setNumberErrors((e) => ({ ...e, [key]: error }));
    if (error) return;
    if (await save(key, { ...settings.data, [key]: Number(text) }))
      setDrafts((d) => ({ ...d, [key]: undefined }));
  }

  /** Carries the version it was read at: the save is refused if someone saved since. */
  async function save(key: Toggle | NumberKey, next: Settings): Promise<boolean> {
    setSaving(key);
    setNotice(undefined);
    try {
      const answer = await call('saveSettings', { settings: next });
      if (isConflict(answer)) {
        setNotice({
          appearance: 'warning',
          title: t('settings.notSaved'),
          text: answer.conflict.message,
          reload: true,
        });
        return false;
      }
      settings.setData(answer);
      flag(t('settings.saved'), [...SETTINGS, ...NUMBERS].find((x) => x.key === key)?.label);
      // Back on the control that was changed, not lost at the top of the page.
      document.getElementById(`setting-${key}`)?.focus();
      return true;
    } catch (err) {
      notSaved(err);
      return false;
    } finally {
      setSaving(null);
    }
  }

  return {
    settings,
    saving,
    drafts,
    numberErrors,
    notice,
    setNotice,
    confirming,
    setConfirming,
    askToggle,
    toggle,
    editNumber,
    saveNumber,
  };
}
