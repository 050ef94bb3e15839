// Takes this project out of one rule at once (where project admins may), or asks the Jira
// admins to; with an optional reason for the audit trail.
import { HelperMessage, Label } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives';
import TextArea from '@atlaskit/textarea';
import { useState } from 'react';

import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import type { ProjectResults, ProjectStatus } from '../../../shared/contract';
import { listSentence } from '../../../shared/format';
import { t } from '../../../shared/i18n';
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
          ? t('project.exclusion.title', { key: projectKey, rule: rule.name })
          : t('project.exclusion.askTitle', { key: projectKey, rule: rule.name })
      }
      label={
        allowed
          ? t('project.exclusion.label', { key: projectKey })
          : t('project.exclusion.askLabel', { key: projectKey })
      }
      confirmLabel={allowed ? t('project.rules.exclude') : t('project.exclusion.send')}
      errorTitle={allowed ? t('project.exclusion.notExcluded') : t('project.exclusion.notSent')}
      testId="exclusion-dialog"
      confirmTestId="exclusion-send"
      onConfirm={send}
      onCancel={onClose}
    >
      {allowed ? (
        <Text as="p">{t('project.exclusion.atOnce', { key: projectKey })}</Text>
      ) : (
        <Text as="p">{t('project.exclusion.asks')}</Text>
      )}
      {impact.loading ? (
        <Loading label={t('project.exclusion.checkingImpact')} />
      ) : impact.data ? (
        <Text as="p" testId="exclusion-impact">
          {exclusionWords(impact.data, projectKey, allowed)}
        </Text>
      ) : null}
      <Stack space="space.050">
        <Label htmlFor="exclusion-reason">{t('project.exclusion.reason')}</Label>
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
            {t('project.exclusion.reasonHelp', { count: MAX_REASON - reason.length })}
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
  const names = impact.groups.map((g) => g.groupName ?? t('project.exclusion.deletedGroup'));
  if (!names.length) return t('project.exclusion.removesNothing', { key: projectKey });
  const groups = listSentence(names);
  if (!impact.removalEnabled) return t('project.exclusion.removalOff', { groups, key: projectKey });
  return allowed
    ? t('project.exclusion.removes', { groups, key: projectKey })
    : t('project.exclusion.removesAfterApproval', { groups, key: projectKey });
}
