// The rules that cover this project, each with "Ask to exclude". Where Jira admins allow it the
// project leaves the rule at once; otherwise the request waits in their inbox, and this page
// shows its status (waiting, approved, declined). A waiting request cannot be sent twice.
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

import type { ProjectResults, ProjectStatus } from '../../../shared/contract';
import { ExclusionDialog } from '../components/ExclusionDialog';

type RuleRow = ProjectStatus['rules'][number];

const nameCell = xcss({ overflowWrap: 'anywhere', paddingBlock: 'space.050' });

type Request = NonNullable<ProjectStatus['exclusionRequests']>[number];

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

  return (
    <Stack space="space.150" testId="rules-section">
      <Heading size="medium" as="h2" id="rules-heading">
        Rules that cover {key}
      </Heading>
      {status.canRequestExclusion ? (
        <Text as="p" color="color.text.subtle" testId="exclusion-allowed">
          Your Jira admins allow project admins to take their project out of a rule. If you do, the
          next run removes the groups the app added here for that rule; groups people added stay.
          The request is recorded in the audit trail.
        </Text>
      ) : (
        <Box testId="exclusion-not-allowed">
          <SectionMessage
            appearance="information"
            title="Only Jira admins can exclude projects here"
          >
            <Text as="p">
              You can ask: your request and reason go to your Jira admins&apos; Requests inbox, and
              this page shows their answer. Nothing changes until a Jira admin approves it.
            </Text>
          </SectionMessage>
        </Box>
      )}
      <DynamicTable
        testId="rules-table"
        label={`Rules that cover ${key}`}
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
        rows={status.rules.map((r) => ({
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
                    aria-label={`Ask to exclude ${key} from rule ${r.name}`}
                    // A request still waiting cannot be sent twice.
                    isDisabled={requestOf(r.id)?.status === 'pending'}
                  >
                    {requestOf(r.id)?.status === 'pending' ? 'Request sent' : 'Ask to exclude'}
                  </Button>
                </Box>
              ),
            },
          ],
        }))}
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
