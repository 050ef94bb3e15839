// The last run that checked this project (its own run, or a run of the whole site) and when the
// next scheduled run is due.
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import type { ProjectStatus } from '../../../src/resolvers/contract';
import { formatDateTime, formatRelative, runDuration } from '../../shared/format';
import { runCountsSentence } from '../../shared/RunProgress';
import { RunStatusLozenge, isRunActive } from '../../shared/RunStatusLozenge';
import { formatIn, readableMessage } from './format';
import { messageMatters } from './ProjectRunProgress';
import { card } from '../../shared/styles';

const TRIGGER: Record<string, string> = {
  scheduled: 'the hourly scheduled run',
  manual: 'a run a Jira admin started',
  project: 'Enforce now on this page',
  'project-created': 'the check made when the project was created',
};

export function LastRunSection({ status }: { status: ProjectStatus }) {
  const run = status.lastRun;
  const siteWide = run && !run.projectKey;
  return (
    <Stack space="space.150" testId="last-run-section">
      <Heading size="medium" as="h2">
        Runs
      </Heading>
      <Box xcss={card}>
        <Stack space="space.150">
          {run ? (
            <Stack space="space.100" testId="last-run">
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <Text weight="medium">Last run</Text>
                <RunStatusLozenge status={run.status} dryRun={run.dryRun} />
                <Text color="color.text.subtle">
                  {formatRelative(run.createdAt)} ({formatDateTime(run.createdAt)})
                </Text>
              </Inline>
              <Text as="p">
                Started by {TRIGGER[run.trigger] ?? run.trigger}
                {siteWide ? ', which checked every service project on the site' : ''}.{' '}
                {run.status === 'paused' && run.pauseReason
                  ? `${run.pauseReason}; it resumes by itself then.`
                  : isRunActive(run)
                    ? 'It is still running.'
                    : `It took ${runDuration(run)}.`}
              </Text>
              {!isRunActive(run) && !siteWide ? (
                <Text as="p" color="color.text.subtle">
                  In this project: {runCountsSentence(run)}
                </Text>
              ) : null}
              {messageMatters(run) ? (
                <SectionMessage appearance={run.status === 'failed' ? 'error' : 'warning'}>
                  <Text as="p">{readableMessage(run.message!)}</Text>
                </SectionMessage>
              ) : null}
            </Stack>
          ) : (
            <Text as="p" testId="no-run">
              No run has checked this project yet.
            </Text>
          )}
          <Text as="p" testId="next-run">
            {status.nextScheduledRunAt
              ? `The next scheduled run is due ${formatIn(status.nextScheduledRunAt)} (${formatDateTime(status.nextScheduledRunAt)}). It checks every service project and puts back anything that drifted.`
              : 'Scheduled runs are turned off by your Jira admins: nothing changes here unless someone starts a run.'}
          </Text>
        </Stack>
      </Box>
    </Stack>
  );
}
