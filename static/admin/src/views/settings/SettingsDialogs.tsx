// The settings view's confirmations: a site-wide switch says what it will do (what the next runs
// remove, or stop correcting) before it is saved, and an import that replaces all rules says what
// it leaves unwanted.
import type { RemovalImpact } from '../../../../shared/contract';
import { capitalize } from '../../../../shared/format';
import { t } from '../../../../shared/i18n';
import { ConfirmSwitchDialog, Para } from '../../components/ConfirmSwitchDialog';
import { RemovalImpactText, removalSummary } from '../../components/RemovalConfirmDialog';
import type { Toggle } from './settings-model';

export function SwitchConfirmation({
  settingKey,
  turningOn,
  removalOn,
  impact,
  busy,
  onConfirm,
  onCancel,
}: {
  settingKey: Toggle;
  turningOn: boolean;
  removalOn: boolean;
  impact: RemovalImpact;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const unwanted = removalSummary(impact);
  const any = impact.bindings.length + impact.orgMembers.length > 0;
  if (settingKey === 'removeUnwanted')
    return turningOn ? (
      <ConfirmSwitchDialog
        title={t('settings.confirm.removalOn.title')}
        confirmLabel={t('settings.confirm.removalOn.confirm')}
        danger={any}
        busy={busy}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <RemovalImpactText impact={impact} subject={t('settings.confirm.removalOn.subject')} />
        <Para>{t('settings.confirm.removalOn.text')}</Para>
      </ConfirmSwitchDialog>
    ) : (
      <ConfirmSwitchDialog
        title={t('settings.confirm.removalOff.title')}
        confirmLabel={t('settings.confirm.removalOff.confirm')}
        busy={busy}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <Para>
          {any
            ? t('settings.confirm.removalOff.textStays', { unwanted: capitalize(unwanted) })
            : t('settings.confirm.removalOff.text')}
        </Para>
      </ConfirmSwitchDialog>
    );
  return turningOn ? (
    <ConfirmSwitchDialog
      title={t('settings.confirm.scheduleOn.title')}
      confirmLabel={t('settings.confirm.scheduleOn.confirm')}
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>
        {removalOn && any
          ? t('settings.confirm.scheduleOn.textRemoves', { unwanted })
          : t('settings.confirm.scheduleOn.text')}
      </Para>
    </ConfirmSwitchDialog>
  ) : (
    <ConfirmSwitchDialog
      title={t('settings.confirm.scheduleOff.title')}
      confirmLabel={t('settings.confirm.scheduleOff.confirm')}
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>{t('settings.confirm.scheduleOff.text')}</Para>
      {removalOn && any ? (
        <Para>{t('settings.confirm.scheduleOff.stays', { unwanted: capitalize(unwanted) })}</Para>
      ) : null}
    </ConfirmSwitchDialog>
  );
}

export function ReplaceRulesDialog({
  preview,
  removal,
  busy,
  onConfirm,
  onCancel,
}: {
  /** What the import creates, changes and deletes, in a sentence. */
  preview?: string;
  removal: RemovalImpact;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmSwitchDialog
      title={t('settings.confirm.replace.title')}
      confirmLabel={t('settings.confirm.replace.confirm')}
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>{preview}</Para>
      <RemovalImpactText impact={removal} subject={t('settings.confirm.replace.subject')} />
    </ConfirmSwitchDialog>
  );
}
