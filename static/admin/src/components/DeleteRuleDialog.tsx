// Confirms deleting or turning off a rule, saying what the next run removes once it is gone (planned with the
// other rules as they are) and what it keeps.
import type { Rule } from '../../../shared/contract';
import { RemovalConfirmDialog } from './RemovalConfirmDialog';

export function DeleteRuleDialog({
  rule,
  onClose,
  onDeleted,
  onPreview,
}: {
  rule: Rule;
  onClose: () => void;
  onDeleted: () => void | Promise<void>;
  onPreview: () => void;
}) {
  return (
    <RemovalConfirmDialog
      title={`Delete rule “${rule.name}”?`}
      subject={`Deleting “${rule.name}”`}
      change={{ kind: 'delete', ruleId: rule.id }}
      confirmLabel="Delete rule"
      testId="delete-rule-dialog"
      onConfirm={onDeleted}
      onCancel={onClose}
      onPreview={onPreview}
    />
  );
}

export function DisableRuleDialog({
  rule,
  onClose,
  onDisable,
  onPreview,
}: {
  rule: Rule;
  onClose: () => void;
  onDisable: () => void | Promise<void>;
  onPreview: () => void;
}) {
  return (
    <RemovalConfirmDialog
      title={`Turn off “${rule.name}”?`}
      subject={`Turning off “${rule.name}”`}
      change={{ kind: 'disable', ruleId: rule.id }}
      confirmLabel="Turn off rule"
      testId="disable-rule-dialog"
      onConfirm={onDisable}
      onCancel={onClose}
      onPreview={onPreview}
    />
  );
}
