// This project's part of the last run that visited it (its own run or a site run): when, why it
// came here, what Jira answered here; whether the last site run passed it by; when the next
// scheduled run is due and what it checks.
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { ProjectStatus } from '../../../shared/contract';
import { formatRelative } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { isRunActive, RunStatusLozenge } from '../../../shared/RunStatusLozenge';
import { card } from '../../../shared/styles';
import { Time } from '../../../shared/Time';
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
        {t('project.lastRun.heading')}
      </Heading>
      <Box xcss={card}>
        <Stack space="space.150">
          {part ? (
            <Stack space="space.100" testId="last-run">
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <Text weight="medium" testId="last-checked">
                  {t('project.lastRun.lastChecked', {
                    when: formatRelative(part.checkedAt),
                    by: checkedBy(part),
                  })}
                </Text>
                <RunStatusLozenge status={partStatus(part)} />
                <Text color="color.text.subtle">
                  (<Time iso={part.checkedAt} />)
                </Text>
              </Inline>
              <Text as="p" testId="visit-reason">
                {visitReasonSentence(part, status.sweepHours)}
              </Text>
              <Text as="p" color="color.text.subtle" testId="last-run-counts">
                {t('project.lastRun.inProject', {
                  key: status.project.key,
                  counts: partCountsSentence(part),
                })}
              </Text>
              <RunFailures part={part} status={status} />
              <RunChanges part={part} roleName={status.roleName} />
            </Stack>
          ) : (
            <Text as="p" testId="no-run">
              {t('project.lastRun.noRun')}
            </Text>
          )}
          {status.lastSiteRun ? (
            <Text as="p" testId="site-run-missed">
              {siteRunMissed(status.lastSiteRun)}
            </Text>
          ) : null}
          <OwnRun status={status} />
          <Text as="p" testId="next-run">
            <NextRun status={status} />
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
        {t('project.lastRun.ownRunActive', { when: formatRelative(run.createdAt) })}
      </Text>
    );
  return (
    <Box testId="own-run">
      <SectionMessage appearance="warning" title={t('project.lastRun.ownRunStopped')}>
        <Text as="p">
          {run.message
            ? readableMessage(run.message)
            : t('project.lastRun.ownRunEnded', { when: formatRelative(run.createdAt) })}
        </Text>
      </SectionMessage>
    </Box>
  );
}

/** When the next hourly run is due (the viewer's time, UTC on hover), and what it checks. */
function NextRun({ status }: { status: ProjectStatus }) {
  const at = status.nextScheduledRunAt;
  if (!at) return <>{t('project.lastRun.scheduleOff')}</>;
  const hours = status.sweepHours ?? 24;
  // The moment sits where the sentence puts {at}: split around it, so it can be a <Time>.
  const [before, after = ''] = t('project.lastRun.nextRun', {
    when: formatIn(at),
    at: '\u0000',
    count: hours,
  }).split('\u0000');
  return (
    <>
      {before}
      <Time iso={at} />
      {after}
    </>
  );
}
