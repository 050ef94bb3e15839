// "Enforce now": one run of this project only. Starts it, shows its progress while polling getRun
// about once a second, then what changed, and reads the project's status again.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useRef, useState } from 'react';

import { asResolverError, type ResolverError } from '../../../shared/api';
import type { ProjectGroupState, ProjectRun, ProjectStatus } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/format';
import { runCountsSentence } from '../../../shared/RunProgress';
import { card } from '../../../shared/styles';
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
      setAnnounce(
        `Run ${run.status === 'succeeded' ? 'finished' : run.status}. ${runCountsSentence(run)}`,
      );
      void reload().finally(() => setRefreshed(true));
    },
  });

  async function start() {
    setStarting(true);
    setStartError(undefined);
    setRefreshed(false);
    setRunId(undefined);
    setAnnounce(`Enforcing the rules in ${status.project.key}…`);
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
      ? describeChanges(before.current, status.groups)
      : undefined;
  const missing = status.groups.filter((g) => g.state === 'missing').length;

  return (
    <Stack space="space.150" testId="enforce-section">
      <Heading size="medium" as="h2">
        Enforce now
      </Heading>
      <Box xcss={card}>
        <Stack space="space.200">
          <Inline space="space.200" alignBlock="center" spread="space-between" shouldWrap>
            <Box xcss={xcss({ flexBasis: '420px', flexGrow: 1, minWidth: '0' })}>
              <Text as="p">
                {missing > 0
                  ? `Adds the missing ${missing === 1 ? 'group' : 'groups'} to ${status.project.key}’s “${status.roleName}” role now, instead of waiting for the next scheduled run.`
                  : `Checks ${status.project.key} now and puts back anything that has drifted, instead of waiting for the next scheduled run.`}{' '}
                Only this project is changed; groups people added by hand are never removed.
              </Text>
            </Box>
            <Button
              appearance="primary"
              onClick={() => void start()}
              isLoading={starting}
              isDisabled={busy}
              testId="enforce-now"
            >
              Enforce now
            </Button>
          </Inline>
          {startError ? (
            <Box testId="enforce-error" role="alert">
              <SectionMessage appearance="warning" title={startErrorTitle(startError)}>
                <Text as="p">{readableMessage(startError.message)}</Text>
              </SectionMessage>
            </Box>
          ) : null}
          {runId ? (
            <ProjectRunProgress
              polling={polling}
              label={`Enforcing the rules in ${status.project.key}`}
              status={status}
              part={refreshed ? status.lastRun : undefined}
            />
          ) : null}
          {changes ? (
            <Box testId="enforce-changes">
              {changes.length ? (
                <Stack space="space.050">
                  <Text weight="medium">What changed</Text>
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
                  The groups’ states here are the same as before the run.
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

/** Refused for running too soon: when it may run again, in the viewer's time; else plainly. */
function startErrorTitle(err: ResolverError): string {
  if (err.code === 'too-soon' && err.retryAt)
    return `The run could not start: you can run it again ${formatIn(err.retryAt)} (${formatDateTime(err.retryAt)})`;
  return 'The run could not start';
}
