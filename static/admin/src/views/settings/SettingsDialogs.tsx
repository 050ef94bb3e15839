// The settings view's confirmations: a site-wide switch says what it will do (what the next runs
// remove, or stop correcting) before it is saved, and an import that replaces all rules says what
// it leaves unwanted.
import type { RemovalImpact } from '../../../../shared/contract';
import { capitalize } from '../../../../shared/format';
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
        title="Turn on removal?"
        confirmLabel="Turn on removal"
        danger={any}
        busy={busy}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <RemovalImpactText impact={impact} subject="Turning on removal" />
        <Para>
          From then on, runs remove what a deleted, disabled or narrowed rule added: no enabled rule
          wants it any more, so its members stop being customers there.
        </Para>
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
          {any
            ? `${capitalize(unwanted)}, which no enabled rule wants, stay, and their members stay customers.`
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
        {removalOn && any ? ` The first run removes ${unwanted}, which no enabled rule wants.` : ''}
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
      {removalOn && any ? (
        <Para>{`${capitalize(unwanted)}, which no rule wants, stay until the next run.`}</Para>
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
      title="Replace all rules?"
      confirmLabel="Replace all rules"
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>{preview}</Para>
      <RemovalImpactText impact={removal} subject="This import" />
    </ConfirmSwitchDialog>
  );
}
