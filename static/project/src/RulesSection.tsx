// The rules that cover this project, each with "Ask to exclude this project". Whether asking takes
// effect depends on a setting only Jira admins change; either way the request is audited.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import { useState } from 'react';
import type { ProjectResults, ProjectStatus } from '../../../src/resolvers/contract';
import { ExclusionDialog } from './ExclusionDialog';

type RuleRow = ProjectStatus['rules'][number];

const nameCell = xcss({ overflowWrap: 'anywhere', paddingBlock: 'space.050' });

export function RulesSection({
  status,
  reload,
}: {
  status: ProjectStatus;
  reload: () => Promise<void>;
}) {
  const [asking, setAsking] = useState<RuleRow>();
  const [answer, setAnswer] = useState<{
    rule: RuleRow;
    result: ProjectResults['requestExclusion'];
  }>();
  const key = status.project.key;

  return (
    <Stack space="space.150" testId="rules-section">
      <Heading size="medium" as="h2">
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
              Your Jira admins have not allowed project admins to exclude their projects from rules.
              You can still ask: the request and your reason are recorded in the audit trail for
              them, but nothing changes until a Jira admin excludes {key}.
            </Text>
          </SectionMessage>
        </Box>
      )}
      {answer ? (
        <Box testId="exclusion-answer" role="status">
          <SectionMessage
            appearance={answer.result.excluded ? 'success' : 'warning'}
            title={
              answer.result.excluded
                ? `${key} is excluded from “${answer.rule.name}”`
                : `Your request to leave “${answer.rule.name}” is recorded`
            }
          >
            <Text as="p">{answer.result.message}</Text>
          </SectionMessage>
        </Box>
      ) : null}
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
              content: r.enabled ? (
                <Lozenge appearance="success">On</Lozenge>
              ) : (
                <Lozenge appearance="default">Turned off</Lozenge>
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
                  >
                    Ask to exclude this project
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
            setAnswer({ rule: asking, result });
            setAsking(undefined);
            if (result.excluded) void reload();
          }}
        />
      ) : null}
    </Stack>
  );
}
