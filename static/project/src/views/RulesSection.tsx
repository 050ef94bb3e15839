// The rules that cover this project, and those it is excluded from. Where Jira admins allow it
// the project admin may "Exclude this project" at once, and take that exclusion back; otherwise
// they "Ask to exclude": the request waits in the Jira admins' inbox, and this page shows its
// status (waiting, approved, declined). A waiting request cannot be sent twice. What a Jira admin
// excluded only a Jira admin includes again.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { FlagsProvider, useFlags } from '@atlaskit/flag';
import Heading from '@atlaskit/heading';
import SuccessIcon from '@atlaskit/icon/core/status-success';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';

import { asResolverError, type ResolverError } from '../../../shared/api';
import type { ProjectResults, ProjectStatus } from '../../../shared/contract';
import { formatRelative } from '../../../shared/format';
import { type MessageKey, t } from '../../../shared/i18n';
import { ErrorMessageBox } from '../../../shared/states';
import { callProject } from '../api';
import { ExclusionDialog } from '../components/ExclusionDialog';

type RuleRow = ProjectStatus['rules'][number];
type ExcludedRow = NonNullable<ProjectStatus['excludedRules']>[number];

const nameCell = xcss({ overflowWrap: 'anywhere', paddingBlock: 'space.050' });

type Request = NonNullable<ProjectStatus['exclusionRequests']>[number];

/** Who excluded the project, as the excluded row says it. */
const EXCLUDED_BY: Record<ExcludedRow['by'], MessageKey> = {
  'project-admin': 'project.rules.excludedBy.projectAdmin',
  approved: 'project.rules.excludedBy.approved',
  'jira-admin': 'project.rules.excludedBy.jiraAdmin',
};

const REQUEST_LOOK = {
  pending: { appearance: 'inprogress', label: 'project.rules.request.pending' },
  approved: { appearance: 'success', label: 'project.rules.request.approved' },
  declined: { appearance: 'removed', label: 'project.rules.request.declined' },
} as const satisfies Record<Request['status'], { appearance: string; label: MessageKey }>;

export function RulesSection(props: { status: ProjectStatus; reload: () => Promise<void> }) {
  return (
    <FlagsProvider>
      <RulesSectionInner {...props} />
    </FlagsProvider>
  );
}

function RulesSectionInner({
  status,
  reload,
}: {
  status: ProjectStatus;
  reload: () => Promise<void>;
}) {
  const [asking, setAsking] = useState<RuleRow>();
  const { showFlag } = useFlags();
  const { undo, undoing, undoError } = useIncludeAgain(status.project.key, reload);
  const key = status.project.key;
  const requestOf = (ruleId: string): Request | undefined =>
    status.exclusionRequests?.find((r) => r.ruleId === ruleId);

  function answered(rule: RuleRow, result: ProjectResults['requestExclusion']) {
    showFlag({
      appearance: 'success',
      icon: <SuccessIcon label={t('project.rules.success')} color={token('color.icon.success')} />,
      title: result.excluded
        ? t('project.rules.excludedFlag', { key, rule: rule.name })
        : t('project.rules.requestSentFlag'),
      description: result.excluded
        ? t('project.rules.excludedFlagText', { key, rule: rule.name })
        : t('project.rules.requestSentFlagText', { key, rule: rule.name }),
      isAutoDismiss: true,
      testId: 'exclusion-flag',
    });
  }

  const excluded = status.excludedRules ?? [];
  const actionLabel = status.canRequestExclusion
    ? t('project.rules.exclude')
    : t('project.rules.askToExclude');

  return (
    <Stack space="space.150" testId="rules-section">
      <Heading size="medium" as="h2" id="rules-heading">
        {t('project.rules.heading', { key })}
      </Heading>
      {status.canRequestExclusion ? (
        <Text as="p" color="color.text.subtle" testId="exclusion-allowed">
          {t('project.rules.exclusionAllowed')}
        </Text>
      ) : (
        <Box testId="exclusion-not-allowed">
          <SectionMessage appearance="information" title={t('project.rules.onlyJiraAdmins')}>
            <Text as="p">{t('project.rules.onlyJiraAdminsText')}</Text>
          </SectionMessage>
        </Box>
      )}
      {undoError ? (
        <ErrorMessageBox
          title={t('project.rules.includeError')}
          admins="project"
          error={undoError}
          onRetry={() => void reload()}
        />
      ) : null}
      <DynamicTable
        testId="rules-table"
        label={t('project.rules.heading', { key })}
        head={{
          cells: [
            { key: 'rule', content: t('project.rules.head.rule'), width: 46 },
            { key: 'enabled', content: t('project.rules.head.state'), width: 18 },
            {
              key: 'action',
              content: (
                <span style={{ position: 'absolute', left: -10000 }}>
                  {t('project.rules.head.actions')}
                </span>
              ),
            },
          ],
        }}
        rows={[
          ...status.rules.map((r) => ({
            key: r.id,
            cells: [
              {
                key: 'rule',
                content: (
                  <Box xcss={nameCell}>
                    <Text weight="medium">{r.name}</Text>
                  </Box>
                ),
              },
              {
                key: 'enabled',
                content: (
                  <Stack space="space.050">
                    {r.enabled ? (
                      <Lozenge appearance="success">{t('project.rules.on')}</Lozenge>
                    ) : (
                      <Lozenge appearance="default">{t('project.rules.off')}</Lozenge>
                    )}
                    {requestOf(r.id) ? (
                      <Box testId={`request-status-${r.id}`}>
                        <Lozenge appearance={REQUEST_LOOK[requestOf(r.id)!.status].appearance}>
                          {t(REQUEST_LOOK[requestOf(r.id)!.status].label)}
                        </Lozenge>
                      </Box>
                    ) : null}
                  </Stack>
                ),
              },
              {
                key: 'action',
                content: (
                  <Box xcss={xcss({ textAlign: 'end', paddingBlock: 'space.050' })}>
                    <Button
                      onClick={() => setAsking(r)}
                      testId={`exclude-${r.id}`}
                      aria-label={t('project.rules.excludeAria', {
                        action: actionLabel,
                        key,
                        rule: r.name,
                      })}
                      // A request still waiting cannot be sent twice.
                      isDisabled={requestOf(r.id)?.status === 'pending'}
                    >
                      {requestOf(r.id)?.status === 'pending'
                        ? t('project.rules.requestSent')
                        : actionLabel}
                    </Button>
                  </Box>
                ),
              },
            ],
          })),
          ...excluded.map((r) => excludedRow(r, key, undoing, (x) => void undo(x))),
        ]}
      />
      {asking ? (
        <ExclusionDialog
          rule={asking}
          projectKey={key}
          allowed={status.canRequestExclusion}
          onClose={() => setAsking(undefined)}
          onAnswered={(result) => {
            answered(asking, result);
            setAsking(undefined);
            void reload().then(() => document.getElementById('rules-heading')?.focus());
          }}
        />
      ) : null}
    </Stack>
  );
}

function excludedRow(
  r: ExcludedRow,
  key: string,
  undoing: string | undefined,
  onUndo: (r: ExcludedRow) => void,
) {
  return {
    key: `excluded-${r.ruleId}`,
    testId: `excluded-${r.ruleId}`,
    cells: [
      {
        key: 'rule',
        content: (
          <Box xcss={nameCell}>
            <Text weight="medium">{r.ruleName}</Text>
          </Box>
        ),
      },
      {
        key: 'enabled',
        content: (
          <Stack space="space.050">
            <Box testId={`excluded-state-${r.ruleId}`}>
              <Lozenge appearance="moved">{t('project.rules.excluded')}</Lozenge>
            </Box>
            <Text size="small" color="color.text.subtle" testId={`excluded-by-${r.ruleId}`}>
              {r.excludedAt
                ? t('project.rules.excludedSince', {
                    by: t(EXCLUDED_BY[r.by]),
                    when: formatRelative(r.excludedAt),
                  })
                : t(EXCLUDED_BY[r.by])}
            </Text>
          </Stack>
        ),
      },
      {
        key: 'action',
        content: (
          <Box xcss={xcss({ textAlign: 'end', paddingBlock: 'space.050' })}>
            {r.canUndo ? (
              <Button
                onClick={() => onUndo(r)}
                testId={`include-again-${r.ruleId}`}
                aria-label={t('project.rules.includeAgainAria', { key, rule: r.ruleName })}
                isLoading={undoing === r.ruleId}
                isDisabled={undoing !== undefined}
              >
                {t('project.rules.includeAgain')}
              </Button>
            ) : (
              <Text size="small" color="color.text.subtle" testId={`undo-not-allowed-${r.ruleId}`}>
                {r.by === 'project-admin'
                  ? t('project.rules.undoNoLonger')
                  : t('project.rules.undoJiraAdminOnly')}
              </Text>
            )}
          </Box>
        ),
      },
    ],
  };
}

/** Takes back this project's own exclusion from a rule: a flag when done, the error if not. */
function useIncludeAgain(key: string, reload: () => Promise<void>) {
  const [undoing, setUndoing] = useState<string>();
  const [undoError, setUndoError] = useState<ResolverError>();
  const { showFlag } = useFlags();

  async function undo(rule: ExcludedRow) {
    setUndoing(rule.ruleId);
    setUndoError(undefined);
    try {
      await callProject('undoExclusion', { ruleId: rule.ruleId });
      showFlag({
        appearance: 'success',
        icon: (
          <SuccessIcon label={t('project.rules.success')} color={token('color.icon.success')} />
        ),
        title: t('project.rules.includedFlag', { key, rule: rule.ruleName }),
        description: t('project.rules.includedFlagText', { key }),
        isAutoDismiss: true,
        testId: 'include-again-flag',
      });
      await reload();
      document.getElementById('rules-heading')?.focus();
    } catch (err) {
      setUndoError(asResolverError(err));
    } finally {
      setUndoing(undefined);
    }
  }

  return { undo, undoing, undoError };
}
