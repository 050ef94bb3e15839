// Confirms deleting a rule, saying what the deletion removes (the bindings this rule added) and what it keeps.
import { Stack, Text } from '@atlaskit/primitives';

import type { AdminResults } from '../../../shared/api';
import { call } from '../../../shared/api';
import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import type { Rule } from '../../../shared/contract';
import { listSentence, plural } from '../../../shared/format';
import { ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';

export function DeleteRuleDialog({
  rule,
  onClose,
  onDeleted,
}: {
  rule: Rule;
  onClose: () => void;
  onDeleted: (result: AdminResults['deleteRule']) => void;
}) {
  const impact = useLoad(() => call('getRuleImpact', { id: rule.id }), [rule.id]);
  let body;
  if (impact.loading) body = <Loading label="Checking what deleting this rule changes" />;
  else if (impact.error) {
    body = (
      <ErrorMessageBox
        title="Could not check what deleting this rule changes"
        subject="This rule"
        error={impact.error}
        onRetry={() => void impact.reload()}
      />
    );
  } else if (impact.data) {
    const { bindingsToRemove, projects, removalEnabled } = impact.data;
    body = (
      <Stack space="space.150">
        {!removalEnabled ? (
          <Text as="p">
            Removal is turned off in Settings, so nothing is removed from Jira: the groups this rule
            added stay in their project roles until you remove them by hand.
          </Text>
        ) : bindingsToRemove > 0 ? (
          <Text as="p">
            The next run removes {plural(bindingsToRemove, 'group binding')} this rule added in{' '}
            {projects.length === 1 ? 'project' : 'projects'} {listSentence(projects, 10)}, unless
            another rule still wants them.
          </Text>
        ) : (
          <Text as="p">
            This rule has not added any group to a project role, so the next run removes nothing.
          </Text>
        )}
        <Text as="p">Groups people added by hand stay. Other rules are not affected.</Text>
      </Stack>
    );
  }

  return (
    <ConfirmDialog
      title={`Delete rule “${rule.name}”?`}
      confirmLabel="Delete rule"
      appearance="danger"
      confirmDisabled={impact.loading}
      testId="delete-rule-dialog"
      onConfirm={async () => onDeleted(await call('deleteRule', { id: rule.id }))}
      onCancel={onClose}
    >
      {body}
    </ConfirmDialog>
  );
}
