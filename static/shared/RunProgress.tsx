// A run's progress: a progress bar with "N of M projects" while it runs, then its outcome.
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';

import type { Run } from './contract';
import { t } from './i18n';
import { runCountsSentence, waitingWords } from './run-counts';
import { isRunActive, RunStatusLozenge } from './RunStatusLozenge';
import type { RunPolling } from './useRunPolling';

// The counts and waiting sentences live in a pure module (tested without a browser); re-exported
// here for the pages that took them from this one.
export { countsSentence, runCountsSentence, waitingWords } from './run-counts';

/** How a run's progress is worded; the admin page's unless a page passes its own. */
export interface RunProgressWording {
  /** Beside the status lozenge once the run has been read (before that: "Starting…"). */
  progressText: (run: Run, active: boolean, percent: number) => string;
  /** Under the counts once the run has ended: what its message adds, or null. */
  outcome: (run: Run) => ReactNode;
}

export const SITE_RUN_WORDING: RunProgressWording = {
  progressText: (run, active, percent) => {
    const { done, total } = run.progress;
    if (!active) return t('shared.runProgress.percentDone', { percent });
    const progress = total
      ? t('shared.runProgress.projectsDone', { done, count: total, percent })
      : run.status === 'queued'
        ? t('shared.runProgress.waitingToStart')
        : t('shared.runProgress.listingProjects');
    return run.waiting
      ? t('shared.runProgress.withWaiting', { progress, waiting: waitingWords(run.waiting) })
      : progress;
  },
  // The counts sentence already says what failed; the message adds only why a run stopped or
  // which batches failed (failed changes are listed with the run's errors).
  outcome: (run) =>
    run.message &&
    (run.status === 'failed' || (run.status === 'partly-failed' && run.counts.errors === 0)) ? (
      <SectionMessage appearance="warning">
        <Text as="p">{run.message}</Text>
      </SectionMessage>
    ) : null,
};

export function RunProgress({
  polling,
  label,
  wording = SITE_RUN_WORDING,
}: {
  polling: RunPolling;
  label: string;
  wording?: RunProgressWording;
}) {
  const { run, error, fraction } = polling;
  const active = isRunActive(run) || (!run && !error);
  const total = run?.progress.total ?? 0;
  const percent = Math.round(fraction * 100);
  return (
    <Stack space="space.100" testId="run-progress">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Text weight="medium">{label}</Text>
        <Inline space="space.100" alignBlock="center">
          {run ? <RunStatusLozenge status={run.status} dryRun={run.dryRun} /> : null}
          <Text color="color.text.subtle" testId="run-progress-text">
            {run ? wording.progressText(run, active, percent) : t('shared.runProgress.starting')}
          </Text>
        </Inline>
      </Inline>
      <Box aria-hidden={false}>
        <ProgressBar
          value={fraction}
          isIndeterminate={active && total === 0}
          appearance={run && !active && run.status === 'succeeded' ? 'success' : 'default'}
          ariaLabel={`${label}: ${percent}%`}
        />
      </Box>
      {run && !active ? <Text color="color.text.subtle">{runCountsSentence(run)}</Text> : null}
      {run && !active ? wording.outcome(run) : null}
      {error ? <ProgressReadError error={error} /> : null}
    </Stack>
  );
}

/** Polling a run failed: said under its progress, which stays as last read. */
export function ProgressReadError({ error }: { error: Error }) {
  return (
    <SectionMessage appearance="warning" title={t('shared.runProgress.readError')}>
      <Text as="p">{error.message}</Text>
    </SectionMessage>
  );
}
