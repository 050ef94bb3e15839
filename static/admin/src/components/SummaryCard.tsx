// The first thing an admin sees on the Rules tab: Health (a danger card when a check fails:
// licences may be leaking), the last run, the next scheduled run and requests waiting.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { AdminResults } from '../../../shared/api';
import { formatRelative } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { RunStatusLozenge } from '../../../shared/RunStatusLozenge';
import { Time } from '../../../shared/Time';
import type { Navigate } from '../App';

export type SummaryData = AdminResults['getSummary'];

const HEALTH_LOOK = {
  pass: 'success',
  warn: 'moved',
  unknown: 'moved',
  fail: 'removed',
  unchecked: 'default',
} as const;

export function healthLook(status: SummaryData['health']['status']) {
  return { appearance: HEALTH_LOOK[status], label: t(`runs.summary.health.${status}`) };
}

function runChanges(run: NonNullable<SummaryData['lastRun']>): string {
  const c = run.counts;
  const parts = [
    c.adds ? t('runs.summary.groupsAdded', { count: c.adds }) : '',
    c.removals ? t('runs.summary.groupsRemoved', { count: c.removals }) : '',
    c.errors ? t('runs.summary.errors', { count: c.errors }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(t('runs.summary.separator')) : t('runs.summary.noChanges');
}

export function SummaryCard({ summary, navigate }: { summary: SummaryData; navigate: Navigate }) {
  const { health, lastRun } = summary;
  return (
    <Stack space="space.150" testId="summary">
      {health.status === 'fail' ? (
        <SectionMessage
          appearance="error"
          title={t('runs.summary.failing', { count: health.failing.length })}
          actions={[
            <Button key="health" onClick={() => navigate('Health')}>
              {t('runs.summary.openHealth')}
            </Button>,
          ]}
          testId="summary-health-danger"
        >
          <Box as="ul" xcss={list}>
            {health.failing.map((c) => (
              <li key={c.id}>
                <Text>{t('runs.summary.check', { number: c.number, title: c.title })}</Text>
              </li>
            ))}
          </Box>
        </SectionMessage>
      ) : null}
      <Box xcss={card}>
        <Inline space="space.400" shouldWrap alignBlock="start">
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              {t('runs.summary.lastRun')}
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
                    {t('runs.summary.openRun')}
                  </Button>
                </Box>
              </>
            ) : (
              <Text color="color.text.subtle">{t('runs.summary.noRun')}</Text>
            )}
          </Stack>
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              {t('runs.summary.nextRun')}
            </Heading>
            <Text testId="summary-next-run">
              {summary.nextScheduledRunAt ? (
                <Time iso={summary.nextScheduledRunAt} />
              ) : (
                t('runs.summary.hourlyOff')
              )}
            </Text>
          </Stack>
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              {t('runs.summary.healthTitle')}
            </Heading>
            <Box>
              <Lozenge appearance={healthLook(health.status).appearance} testId="summary-health">
                {healthLook(health.status).label}
              </Lozenge>
            </Box>
            {health.checkedAt ? (
              <Text color="color.text.subtle">
                {t('runs.summary.checked', { when: formatRelative(health.checkedAt) })}
              </Text>
            ) : null}
          </Stack>
          <Stack space="space.075" xcss={cell}>
            <Heading size="xxsmall" as="h3">
              {t('runs.summary.requests')}
            </Heading>
            {summary.pendingRequests ? (
              <Box>
                <Button
                  spacing="compact"
                  onClick={() => navigate('Requests')}
                  testId="summary-requests"
                >
                  {t('runs.summary.waiting', { count: summary.pendingRequests })}
                </Button>
              </Box>
            ) : (
              <Text color="color.text.subtle">{t('runs.summary.noneWaiting')}</Text>
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
