// The first thing an admin sees on the Rules tab: Health (a danger card when a check fails:
// licences may be leaking), the last run, the next scheduled run and requests waiting.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { AdminResults } from '../../../shared/api';
import { formatDateTime, formatRelative, plural } from '../../../shared/format';
import { RunStatusLozenge } from '../../../shared/RunStatusLozenge';
import type { Navigate } from '../App';

export type SummaryData = AdminResults['getSummary'];

const HEALTH_LOOK = {
  pass: { appearance: 'success', label: 'All checks pass' },
  warn: { appearance: 'moved', label: 'Needs attention' },
  unknown: { appearance: 'moved', label: 'Not all checked' },
  fail: { appearance: 'removed', label: 'Failing' },
  unchecked: { appearance: 'default', label: 'Never checked' },
} as const;

export function healthLook(status: SummaryData['health']['status']) {
  return HEALTH_LOOK[status];
}

function runChanges(run: NonNullable<SummaryData['lastRun']>): string {
  const c = run.counts;
  const parts = [
    c.adds ? `${plural(c.adds, 'group')} added` : '',
    c.removals ? `${plural(c.removals, 'group')} removed` : '',
    c.errors ? plural(c.errors, 'error') : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no changes';
}

export function SummaryCard({ summary, navigate }: { summary: SummaryData; navigate: Navigate }) {
  const { health, lastRun } = summary;
  return (
    <Stack space="space.150" testId="summary">
      {health.status === 'fail' ? (
        <SectionMessage
          appearance="error"
          title={`${plural(health.failing.length, 'health check')} failed: customers may be taking agent licences or access they should not have`}
          actions={[
            <Button key="health" onClick={() => navigate('Health')}>
              Open Health
            </Button>,
          ]}
          testId="summary-health-danger"
        >
          <Box as="ul" xcss={list}>
            {health.failing.map((c) => (
              <li key={c.id}>
                <Text>
                  Check {c.number}: {c.title}
                </Text>
              </li>
            ))}
          </Box>
        </SectionMessage>
      ) : null}
      <Box xcss={card}>
        <Inline space="space.400" shouldWrap alignBlock="start">
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              Last run
            </Heading>
            {lastRun ? (
              <>
                <Inline space="space.100" alignBlock="center" shouldWrap>
                  <RunStatusLozenge status={lastRun.status} />
                  <Text>{formatRelative(lastRun.createdAt)}</Text>
                </Inline>
                <Text color="color.text.subtle" testId="summary-last-run">
                  {runChanges(lastRun)}
                </Text>
                <Box>
                  <Button
                    spacing="compact"
                    appearance="subtle"
                    onClick={() => navigate('Runs', { runId: lastRun.id })}
                  >
                    Open the run
                  </Button>
                </Box>
              </>
            ) : (
              <Text color="color.text.subtle">No run yet</Text>
            )}
          </Stack>
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              Next scheduled run
            </Heading>
            <Text testId="summary-next-run">
              {summary.nextScheduledRunAt
                ? formatDateTime(summary.nextScheduledRunAt)
                : 'Hourly runs are off (Settings)'}
            </Text>
          </Stack>
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              Health
            </Heading>
            <Box>
              <Lozenge appearance={healthLook(health.status).appearance} testId="summary-health">
                {healthLook(health.status).label}
              </Lozenge>
            </Box>
            {health.checkedAt ? (
              <Text color="color.text.subtle">Checked {formatRelative(health.checkedAt)}</Text>
            ) : null}
          </Stack>
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              Exclusion requests
            </Heading>
            {summary.pendingRequests ? (
              <Box>
                <Button
                  spacing="compact"
                  onClick={() => navigate('Requests')}
                  testId="summary-requests"
                >
                  {plural(summary.pendingRequests, 'request')} waiting
                </Button>
              </Box>
            ) : (
              <Text color="color.text.subtle">None waiting</Text>
            )}
          </Stack>
        </Inline>
      </Box>
    </Stack>
  );
}

const list = xcss({ paddingInlineStart: 'space.250', margin: 'space.0' });
const cell = xcss({ minWidth: '160px' });
const card = xcss({
  padding: 'space.200',
  borderRadius: 'radius.medium',
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  backgroundColor: 'elevation.surface.raised',
});
