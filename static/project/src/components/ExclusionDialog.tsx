// Takes this project out of one rule at once (where project admins may), or asks the Jira
// admins to; with an optional reason for the audit trail.
import { HelperMessage, Label } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives';
import TextArea from '@atlaskit/textarea';
import { useState } from 'react';

import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import type { ProjectResults, ProjectStatus } from '../../../shared/contract';
import { listSentence } from '../../../shared/format';
import { Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import { callProject } from '../api';

const MAX_REASON = 500;

export function ExclusionDialog({
  rule,
  projectKey,
  allowed,
  onClose,
  onAnswered,
}: {
  rule: ProjectStatus['rules'][number];
  projectKey: string;
  allowed: boolean;
  onClose: () => void;
  onAnswered: (result: ProjectResults['requestExclusion']) => void;
}) {
  const [reason, setReason] = useState('');
  const impact = useLoad(() => callProject('getExclusionImpact', { ruleId: rule.id }), [rule.id]);

  async function send() {
    const trimmed = reason.trim();
    onAnswered(
      await callProject('requestExclusion', {
        ruleId: rule.id,
        ...(trimmed ? { reason: trimmed } : {}),
      }),
    );
  }

  return (
    <ConfirmDialog
      title={
        allowed
          ? `Exclude ${projectKey} from “${rule.name}”`
          : `Ask to exclude ${projectKey} from “${rule.name}”`
      }
      label={allowed ? `Exclude ${projectKey}` : `Ask to exclude ${projectKey}`}
      confirmLabel={allowed ? 'Exclude this project' : 'Send request'}
      errorTitle={allowed ? 'The project was not excluded' : 'The request was not sent'}
      testId="exclusion-dialog"
      confirmTestId="exclusion-send"
      onConfirm={send}
      onCancel={onClose}
    >
      {allowed ? (
        <Text as="p">
          {projectKey} leaves this rule at once. Groups people added by hand stay. Other rules that
          cover {projectKey} still apply. You can include the project again from this page.
        </Text>
      ) : (
        <Text as="p">
          Your request and reason go to your Jira admins, who approve or decline it. Nothing changes
          until they approve; this page shows their answer.
        </Text>
      )}
      {impact.loading ? (
        <Loading label="Checking what leaving this rule removes" />
      ) : impact.data ? (
        <Text as="p" testId="exclusion-impact">
          {exclusionWords(impact.data, projectKey, allowed)}
        </Text>
      ) : null}
      <Stack space="space.050">
        <Label htmlFor="exclusion-reason">Reason (optional)</Label>
        <TextArea
          id="exclusion-reason"
          name="reason"
          value={reason}
          maxLength={MAX_REASON}
          minimumRows={3}
          resize="vertical"
          onChange={(e) => setReason(e.currentTarget.value)}
          aria-describedby="exclusion-reason-help"
        />
        <HelperMessage testId="exclusion-reason-help">
          <span id="exclusion-reason-help">
            For example, why this project’s customers should not come from the identity provider.{' '}
            {MAX_REASON - reason.length} characters left.
          </span>
        </HelperMessage>
      </Stack>
    </ConfirmDialog>
  );
}

/** What the next run removes from the project once it leaves the rule, planned as a run plans. */
function exclusionWords(
  impact: ProjectResults['getExclusionImpact'],
  projectKey: string,
  allowed: boolean,
): string {
  const when = allowed ? 'the next run' : 'the next run after they approve';
  const names = impact.groups.map((g) => g.groupName ?? 'a deleted group');
  if (!names.length)
    return `Leaving this rule removes nothing from ${projectKey}: other rules or people keep its groups.`;
  if (!impact.removalEnabled)
    return `Nothing will be removed: your Jira admins turned removal off, so ${listSentence(names)} stay in ${projectKey}.`;
  return `Leaving this rule removes ${listSentence(names)} from ${projectKey} at ${when}: their members stop being customers here unless another group makes them so.`;
}
