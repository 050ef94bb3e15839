// This project's part of the last run that visited it (its own run or a site run): when, why it
// came here, what Jira answered here; whether the last site run passed it by; when the next
// scheduled run is due and what it checks.
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { ProjectStatus } from '../../../shared/contract';
import { formatDateTime, formatRelative } from '../../../shared/format';
import { isRunActive, RunStatusLozenge } from '../../../shared/RunStatusLozenge';
import { card } from '../../../shared/styles';
import { RunChanges, RunFailures } from '../components/RunPartDetails';
import { formatIn, readableMessage } from '../format';
import {
  checkedBy,
  partCountsSentence,
  partStatus,
  siteRunMissed,
  visitReasonSentence,
} from '../run-words';

export function LastRunSection({ status }: { status: ProjectStatus }) {
  const part = status.lastRun;
  return (
    <Stack space="space.150" testId="last-run-section">
      <Heading size="medium" as="h2">
        Runs
      </Heading>
      <Box xcss={card}>
        <Stack space="space.150">
          {part ? (
            <Stack space="space.100" testId="last-run">
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <Text weight="medium" testId="last-checked">
                  Last checked {formatRelative(part.checkedAt)} by {checkedBy(part)}
                </Text>
                <RunStatusLozenge status={partStatus(part)} />
                <Text color="color.text.subtle">({formatDateTime(part.checkedAt)})</Text>
              </Inline>
              <Text as="p" testId="visit-reason">
                {visitReasonSentence(part, status.sweepHours)}
              </Text>
              <Text as="p" color="color.text.subtle" testId="last-run-counts">
                In {status.project.key}: {partCountsSentence(part)}
              </Text>
              <RunFailures part={part} status={status} />
              <RunChanges part={part} roleName={status.roleName} />
            </Stack>
          ) : (
            <Text as="p" testId="no-run">
              No run has checked this project yet.
            </Text>
          )}
          {status.lastSiteRun ? (
            <Text as="p" testId="site-run-missed">
              {siteRunMissed(status.lastSiteRun)}
            </Text>
          ) : null}
          <OwnRun status={status} />
          <Text as="p" testId="next-run">
            {nextRunSentence(status)}
          </Text>
        </Stack>
      </Box>
    </Stack>
  );
}

/** Enforce now started after the last visit and not recorded here yet: still going, or stopped. */
function OwnRun({ status }: { status: ProjectStatus }) {
  const run = status.ownRun;
  if (!run) return null;
  if (isRunActive(run))
    return (
      <Text as="p" testId="own-run">
        Enforce now, started {formatRelative(run.createdAt)}, is still checking this project.
      </Text>
    );
  return (
    <Box testId="own-run">
      <SectionMessage appearance="warning" title="The last Enforce now did not check the project">
        <Text as="p">
          {run.message
            ? readableMessage(run.message)
            : `It was started ${formatRelative(run.createdAt)} and ended before reaching the project.`}
        </Text>
      </SectionMessage>
    </Box>
  );
}

function nextRunSentence(status: ProjectStatus): string {
  const at = status.nextScheduledRunAt;
  if (!at)
    return (
      'Scheduled runs are turned off by your Jira admins: nothing changes here unless someone ' +
      'starts a run.'
    );
  const hours = status.sweepHours ?? 24;
  return (
    `The next hourly run is due ${formatIn(at)} (${formatDateTime(at)}). Hourly runs check ` +
    'the projects that changed (roles edited in Jira, new projects, rule changes) and a share ' +
    `of the others, so that every project, this one included, is verified at least once every ` +
    `${hours === 1 ? 'hour' : `${hours} hours`}.`
  );
}
