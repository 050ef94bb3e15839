// One project's run (Enforce now): a run of one project has no percent to show, so it says
// "Checking the project…" until Jira has answered, then the outcome. A run with errors opens on
// them (named, with what to do, from this project's part of the run once the page has it);
// counts come from what Jira answered.
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';

import type { ProjectRun as Run, ProjectStatus, ProjectVisit } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { ProgressReadError } from '../../../shared/RunProgress';
import { isRunActive, RunStatusLozenge } from '../../../shared/RunStatusLozenge';
import type { RunPolling } from '../../../shared/useRunPolling';
import { readableMessage } from '../format';
import { partCountsSentence, partStatus, whatToDo } from '../run-words';
import { RunChanges, RunFailures } from './RunPartDetails';

/** true when the run's message adds to its counts: it failed, or some changes did. */
export function messageMatters(run: Run): boolean {
  return !!run.message && (run.status !== 'succeeded' || run.counts.errors > 0);
}

function activeText(run: Run | undefined, key: string): string {
  if (run?.status === 'queued') return t('shared.runProgress.waitingToStart');
  if (run?.status === 'paused')
    return run.pauseReason
      ? t('project.runProgress.pausedBecause', { reason: run.pauseReason })
      : t('project.runProgress.paused');
  return t('project.runProgress.checking', { key });
}

export function ProjectRunProgress({
  polling,
  label,
  status,
  part,
}: {
  polling: RunPolling<Run>;
  label: string;
  status: ProjectStatus;
  /** This run's part in the project, once the page has read it again after the run. */
  part?: ProjectVisit;
}) {
  const { run, error } = polling;
  const active = isRunActive(run) || (!run && !error);
  return (
    <Stack space="space.100" testId="run-progress">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Text weight="medium">{label}</Text>
        <Inline space="space.100" alignBlock="center">
          {active ? <Spinner size="small" label={label} /> : null}
          {run && !active ? (
            // A one-project run whose every change failed failed here, whatever the run's word.
            <RunStatusLozenge status={run.status === 'failed' ? 'failed' : partStatus(run)} />
          ) : null}
          <Text color="color.text.subtle" testId="run-progress-text">
            {active ? activeText(run, status.project.key) : t('project.runProgress.done')}
          </Text>
        </Inline>
      </Inline>
      {run && !active ? (
        <Outcome run={run} status={status} part={part?.runId === run.id ? part : undefined} />
      ) : null}
      {error ? <ProgressReadError error={error} /> : null}
    </Stack>
  );
}

function Outcome({ run, status, part }: { run: Run; status: ProjectStatus; part?: ProjectVisit }) {
  if (part)
    return (
      <Stack space="space.100">
        <RunFailures part={part} status={status} />
        <Text color="color.text.subtle" testId="run-outcome">
          {t('project.lastRun.inProject', {
            key: status.project.key,
            counts: partCountsSentence(part),
          })}
        </Text>
        <RunChanges part={part} roleName={status.roleName} />
      </Stack>
    );
  // Before the page has this run's part (or when the run stopped before the project): the run's
  // own counts, which for a one-project run are this project's, and why it stopped.
  return (
    <Stack space="space.100">
      {messageMatters(run) ? (
        <SectionMessage
          appearance={run.status === 'failed' ? 'error' : 'warning'}
          title={
            run.counts.errors
              ? t('project.runProgress.changesFailed', {
                  count: run.counts.errors,
                  key: status.project.key,
                })
              : t('project.runProgress.didNotFinish')
          }
        >
          <Stack space="space.100">
            <Text as="p">{readableMessage(run.message!)}</Text>
            <Text as="p">{whatToDo(status.sweepHours)}</Text>
          </Stack>
        </SectionMessage>
      ) : null}
      <Text color="color.text.subtle" testId="run-outcome">
        {t('project.lastRun.inProject', {
          key: status.project.key,
          counts: partCountsSentence(run),
        })}
      </Text>
    </Stack>
  );
}
