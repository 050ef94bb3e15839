// Confirms deleting or turning off a rule, saying what the next run removes once it is gone (planned with the
// other rules as they are) and what it keeps.
import type { Rule } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
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
      title={t('rules.delete.title', { rule: rule.name })}
      subject={t('rules.delete.subject', { rule: rule.name })}
      change={{ kind: 'delete', ruleId: rule.id }}
      confirmLabel={t('rules.delete.confirm')}
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
      title={t('rules.disable.title', { rule: rule.name })}
      subject={t('rules.disable.subject', { rule: rule.name })}
      change={{ kind: 'disable', ruleId: rule.id }}
      confirmLabel={t('rules.disable.confirm')}
      testId="disable-rule-dialog"
      onConfirm={onDisable}
      onCancel={onClose}
      onPreview={onPreview}
    />
  );
}
