// One project's run: a progress bar while it runs, then its outcome. Like static/shared/RunProgress,
// whose pieces it reuses, but the run's message is shown only when it says more than the counts
// (errors, a failure), since a project admin reads this right after pressing the button.
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { Run } from '../../../src/domain/schemas';
import { plural } from '../../shared/format';
import { runCountsSentence } from '../../shared/RunProgress';
import { RunStatusLozenge, isRunActive } from '../../shared/RunStatusLozenge';
import type { RunPolling } from '../../shared/useRunPolling';
import { readableMessage } from './format';

/** true when the run's message adds to its counts: it failed, or some changes did. */
export function messageMatters(run: Run): boolean {
  return !!run.message && (run.status !== 'succeeded' || run.counts.errors > 0);
}

export function ProjectRunProgress({ polling, label }: { polling: RunPolling; label: string }) {
  const { run, error, fraction } = polling;
  const active = isRunActive(run) || (!run && !error);
  const percent = Math.round(fraction * 100);
  return (
    <Stack space="space.100" testId="run-progress">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Text weight="medium">{label}</Text>
        <Inline space="space.100" alignBlock="center">
          {run ? <RunStatusLozenge status={run.status} /> : null}
          <Text color="color.text.subtle" testId="run-progress-text">
            {!run ? 'Starting…' : active ? (run.status === 'queued' ? 'Waiting to start…' : `Working… ${percent}%`) : 'Done'}
          </Text>
        </Inline>
      </Inline>
      <ProgressBar
        value={fraction}
        isIndeterminate={active && (!run || run.progress.total === 0)}
        appearance={run && !active && run.status === 'succeeded' ? 'success' : 'default'}
        ariaLabel={`${label}: ${percent}%`}
      />
      {run && !active ? <Text color="color.text.subtle">{runCountsSentence(run)}</Text> : null}
      {run && !active && messageMatters(run) ? (
        <SectionMessage
          appearance={run.status === 'failed' ? 'error' : 'warning'}
          title={run.counts.errors ? `${plural(run.counts.errors, 'change')} could not be made` : 'The run did not finish'}
        >
          <Text as="p">{readableMessage(run.message!)}</Text>
        </SectionMessage>
      ) : null}
      {error ? (
        <SectionMessage appearance="warning" title="Could not read the run’s progress">
          <Text as="p">{error}</Text>
        </SectionMessage>
      ) : null}
    </Stack>
  );
}
