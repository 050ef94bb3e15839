// The settings view's confirmations: a site-wide switch says what it will do (what the next runs
// remove, or stop correcting) before it is saved, and an import that replaces all rules says what
// it leaves unwanted.
import type { RemovalImpact } from '../../../../shared/contract';
import { capitalize } from '../../../../shared/format';
import { ConfirmSwitchDialog, Para } from '../../components/ConfirmSwitchDialog';
import { bindingsText, type Toggle } from './settings-model';

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
  const unwanted = bindingsText(impact);
  if (settingKey === 'removeUnwanted')
    return turningOn ? (
      <ConfirmSwitchDialog
        title="Turn on removal?"
        confirmLabel="Turn on removal"
        danger={impact.bindings > 0}
        busy={busy}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <Para>
          {impact.bindings
            ? `The next run removes ${unwanted}: no enabled rule wants them any more, so their members stop being customers there.`
            : 'No group binding the app added is unwanted now, so the next run removes nothing. From then on, runs remove what a deleted, disabled or narrowed rule added.'}
        </Para>
        <Para>Groups people added by hand are never removed.</Para>
      </ConfirmSwitchDialog>
    ) : (
      <ConfirmSwitchDialog
        title="Turn off removal?"
        confirmLabel="Turn off removal"
        busy={busy}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <Para>
          Runs stop removing anything.{' '}
          {impact.bindings
            ? `${capitalize(unwanted)} that no enabled rule wants stay in their roles, and their members stay customers.`
            : 'Groups a rule no longer wants will stay in their roles.'}
        </Para>
      </ConfirmSwitchDialog>
    );
  return turningOn ? (
    <ConfirmSwitchDialog
      title="Run every hour?"
      confirmLabel="Run every hour"
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>
        The rules are applied every hour from now on, to every project they cover.
        {removalOn && impact.bindings
          ? ` The first run removes ${unwanted}, which no enabled rule wants.`
          : ''}
      </Para>
    </ConfirmSwitchDialog>
  ) : (
    <ConfirmSwitchDialog
      title="Stop the hourly runs?"
      confirmLabel="Stop hourly runs"
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>
        Rules then run only when you press Run now and when a project is created. Groups the
        identity provider creates, projects changed and hand-made changes are not corrected until
        then.
      </Para>
      {removalOn && impact.bindings ? (
        <Para>{`${capitalize(unwanted)} that no rule wants stay until the next run.`}</Para>
      ) : null}
    </ConfirmSwitchDialog>
  );
}

export function ReplaceRulesDialog({
  preview,
  removal,
  removalOn,
  busy,
  onConfirm,
  onCancel,
}: {
  /** What the import creates, changes and deletes, in a sentence. */
  preview?: string;
  removal: RemovalImpact;
  removalOn?: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmSwitchDialog
      title="Replace all rules?"
      confirmLabel="Replace all rules"
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>{preview}</Para>
      <Para>
        {removal.bindings
          ? `${removalOn ? 'The next run removes' : 'With removal on, runs would remove'} ${bindingsText(removal)}, which no imported rule wants. Groups people added by hand stay.`
          : 'No group binding the app added would be left unwanted: the next run removes nothing.'}
      </Para>
    </ConfirmSwitchDialog>
  );
}
