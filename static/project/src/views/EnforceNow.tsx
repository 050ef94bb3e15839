// "Enforce now": one run of this project only. Starts it, shows its progress while polling getRun
// about once a second, then what changed, and reads the project's status again.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useRef, useState } from 'react';

import { asResolverError, type ResolverError } from '../../../shared/api';
import type { ProjectGroupState, ProjectRun, ProjectStatus } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { runCountsSentence } from '../../../shared/RunProgress';
import { card } from '../../../shared/styles';
import { Time } from '../../../shared/Time';
import { useRunPolling } from '../../../shared/useRunPolling';
import { callProject, fetchProjectRun } from '../api';
import { ProjectRunProgress } from '../components/ProjectRunProgress';
import { describeChanges, formatIn, readableMessage } from '../format';

const visuallyHidden: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

export function EnforceNow({
  status,
  reload,
}: {
  status: ProjectStatus;
  reload: () => Promise<void>;
}) {
  const [runId, setRunId] = useState<string>();
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ResolverError>();
  /** Set once the status was read again after the run ended: then the page compares before and after. */
  const [refreshed, setRefreshed] = useState(false);
  const [announce, setAnnounce] = useState('');
  const before = useRef<ProjectGroupState[]>([]);

  const polling = useRunPolling(runId, {
    intervalMs: 1000,
    fetchRun: fetchProjectRun,
    onDone: (run: ProjectRun) => {
      setAnnounce(runEndedAnnouncement(run));
      void reload().finally(() => setRefreshed(true));
    },
  });

  async function start() {
    setStarting(true);
    setStartError(undefined);
    setRefreshed(false);
    setRunId(undefined);
    setAnnounce(t('project.enforce.announceStart', { key: status.project.key }));
    before.current = status.groups;
    try {
      const { runId: id } = await callProject('startProjectRun', {});
      setRunId(id);
    } catch (err) {
      setStartError(asResolverError(err));
      setAnnounce('');
    } finally {
      setStarting(false);
    }
  }

  const busy = starting || polling.active;
  const changes =
    refreshed && polling.run && !polling.active
      ? describeChanges(before.current, status.groups, status)
      : undefined;
  const missing = status.groups.filter((g) => g.state === 'missing').length;

  return (
    <Stack space="space.150" testId="enforce-section">
      <Heading size="medium" as="h2">
        {t('project.enforce.heading')}
      </Heading>
      <Box xcss={card}>
        <Stack space="space.200">
          <Inline space="space.200" alignBlock="center" spread="space-between" shouldWrap>
            <Box xcss={xcss({ flexBasis: '420px', flexGrow: 1, minWidth: '0' })}>
              <Text as="p">
                {missing > 0
                  ? t('project.enforce.addsMissing', {
                      count: missing,
                      key: status.project.key,
                      role: status.roleName,
                    })
                  : t('project.enforce.checksNow', { key: status.project.key })}{' '}
                {t('project.enforce.onlyThisProject')}
              </Text>
            </Box>
            <Button
              appearance="primary"
              onClick={() => void start()}
              isLoading={starting}
              isDisabled={busy}
              testId="enforce-now"
            >
              {t('project.enforce.button')}
            </Button>
          </Inline>
          {startError ? (
            <Box testId="enforce-error" role="alert">
              {/* Its title carries a <Time> (UTC on hover), which a section message's title cannot. */}
              <SectionMessage appearance="warning">
                <Stack space="space.100">
                  <Heading size="xsmall" as="h3">
                    <StartErrorTitle err={startError} />
                  </Heading>
                  <Text as="p">{readableMessage(startError.message)}</Text>
                </Stack>
              </SectionMessage>
            </Box>
          ) : null}
          {runId ? (
            <ProjectRunProgress
              polling={polling}
              label={t('project.enforce.progressLabel', { key: status.project.key })}
              status={status}
              part={refreshed ? status.lastRun : undefined}
            />
          ) : null}
          {changes ? (
            <Box testId="enforce-changes">
              {changes.length ? (
                <Stack space="space.050">
                  <Text weight="medium">{t('project.enforce.whatChanged')}</Text>
                  <Box as="ul" xcss={xcss({ margin: 'space.0', paddingInlineStart: 'space.300' })}>
                    {changes.map((c) => (
                      <li key={c}>
                        <Text>{c}</Text>
                      </li>
                    ))}
                  </Box>
                </Stack>
              ) : (
                <Text as="p" color="color.text.subtle">
                  {t('project.enforce.noChange')}
                </Text>
              )}
            </Box>
          ) : null}
        </Stack>
      </Box>
      <div role="status" aria-live="polite" style={visuallyHidden}>
        {announce}
      </div>
    </Stack>
  );
}

/** What a screen reader hears when the run ends: how it ended, then its counts. */
function runEndedAnnouncement(run: ProjectRun): string {
  const counts = runCountsSentence(run);
  switch (run.status) {
    case 'succeeded':
      return t('project.enforce.announceFinished', { counts });
    case 'partly-failed':
      return t('project.enforce.announcePartlyFailed', { counts });
    case 'failed':
      return t('project.enforce.announceFailed', { counts });
    default:
      return t('project.enforce.announceEnded', { counts });
  }
}

/** Refused for running too soon: when it may run again, in the viewer's time; else plainly. */
function StartErrorTitle({ err }: { err: ResolverError }) {
  if (err.code === 'too-soon' && err.retryAt)
    return (
      <>
        {t('project.enforce.tooSoonTitle', { when: formatIn(err.retryAt) })} (
        <Time iso={err.retryAt} />)
      </>
    );
  return <>{t('project.enforce.startError')}</>;
}
