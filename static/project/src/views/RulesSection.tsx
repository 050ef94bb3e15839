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
import { ErrorMessageBox } from '../../../shared/states';
import { callProject } from '../api';
import { ExclusionDialog } from '../components/ExclusionDialog';

type RuleRow = ProjectStatus['rules'][number];
type ExcludedRow = NonNullable<ProjectStatus['excludedRules']>[number];

const nameCell = xcss({ overflowWrap: 'anywhere', paddingBlock: 'space.050' });

type Request = NonNullable<ProjectStatus['exclusionRequests']>[number];

/** Who excluded the project, as the excluded row says it. */
const EXCLUDED_BY: Record<ExcludedRow['by'], string> = {
  'project-admin': 'Excluded by a project admin',
  approved: 'Excluded: a Jira admin approved the request',
  'jira-admin': 'Excluded by a Jira admin in the rule',
};

const REQUEST_LOOK = {
  pending: { appearance: 'inprogress', label: 'Exclusion asked: waiting' },
  approved: { appearance: 'success', label: 'Exclusion approved' },
  declined: { appearance: 'removed', label: 'Exclusion declined' },
} as const;

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
      icon: <SuccessIcon label="Success" color={token('color.icon.success')} />,
      title: result.excluded
        ? `${key} is excluded from “${rule.name}”`
        : `Request sent to your Jira admins`,
      description: result.message,
      isAutoDismiss: true,
      testId: 'exclusion-flag',
    });
  }

  const excluded = status.excludedRules ?? [];
  const actionLabel = status.canRequestExclusion ? 'Exclude this project' : 'Ask to exclude';

  return (
    <Stack space="space.150" testId="rules-section">
      <Heading size="medium" as="h2" id="rules-heading">
        Rules for {key}
      </Heading>
      {status.canRequestExclusion ? (
        <Text as="p" color="color.text.subtle" testId="exclusion-allowed">
          Your Jira admins let project admins take their project out of a rule: Exclude this project
          does it at once, and you can include the project again. The next run removes the groups
          the app added here for that rule; groups people added stay. Both are recorded in the audit
          trail.
        </Text>
      ) : (
        <Box testId="exclusion-not-allowed">
          <SectionMessage
            appearance="information"
            title="Only Jira admins can exclude projects here"
          >
            <Text as="p">
              Ask to exclude sends your request and reason to your Jira admins&apos; Requests inbox,
              and this page shows their answer. Nothing changes until a Jira admin approves it.
            </Text>
          </SectionMessage>
        </Box>
      )}
      {undoError ? (
        <ErrorMessageBox
          title="The project was not included again"
          admins="project"
          error={undoError}
          onRetry={() => void reload()}
        />
      ) : null}
      <DynamicTable
        testId="rules-table"
        label={`Rules for ${key}`}
        head={{
          cells: [
            { key: 'rule', content: 'Rule', width: 46 },
            { key: 'enabled', content: 'State', width: 18 },
            {
              key: 'action',
              content: <span style={{ position: 'absolute', left: -10000 }}>Actions</span>,
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
                      <Lozenge appearance="success">On</Lozenge>
                    ) : (
                      <Lozenge appearance="default">Turned off</Lozenge>
                    )}
                    {requestOf(r.id) ? (
                      <Box testId={`request-status-${r.id}`}>
                        <Lozenge appearance={REQUEST_LOOK[requestOf(r.id)!.status].appearance}>
                          {REQUEST_LOOK[requestOf(r.id)!.status].label}
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
                      aria-label={`${actionLabel}: ${key} from rule ${r.name}`}
                      // A request still waiting cannot be sent twice.
                      isDisabled={requestOf(r.id)?.status === 'pending'}
                    >
                      {requestOf(r.id)?.status === 'pending' ? 'Request sent' : actionLabel}
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
  const since = r.excludedAt ? ` (${formatRelative(r.excludedAt)})` : '';
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
              <Lozenge appearance="moved">Excluded</Lozenge>
            </Box>
            <Text size="small" color="color.text.subtle" testId={`excluded-by-${r.ruleId}`}>
              {EXCLUDED_BY[r.by]}
              {since}
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
                aria-label={`Include again: ${key} in rule ${r.ruleName}`}
                isLoading={undoing === r.ruleId}
                isDisabled={undoing !== undefined}
              >
                Include again
              </Button>
            ) : (
              <Text size="small" color="color.text.subtle" testId={`undo-not-allowed-${r.ruleId}`}>
                {r.by === 'project-admin'
                  ? 'Project admins may no longer exclude projects: ask a Jira admin to include it again.'
                  : 'Only a Jira admin can include it again.'}
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
        icon: <SuccessIcon label="Success" color={token('color.icon.success')} />,
        title: `“${rule.ruleName}” covers ${key} again`,
        description: `The next run adds the rule’s groups to ${key} again. The change is recorded in the audit trail.`,
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
