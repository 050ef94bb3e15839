// A run's progress: a progress bar with "N of M projects" while it runs, then its outcome.
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';

import type { Run } from './contract';
import { plural } from './format';
import { isRunActive, RunStatusLozenge } from './RunStatusLozenge';
import type { RunPolling } from './useRunPolling';

export function runCountsSentence(run: Pick<Run, 'counts' | 'dryRun'>): string {
  const { adds, removals, skips, errors, drift } = run.counts;
  const verb = run.dryRun ? 'would be' : 'was';
  const parts = [
    `${plural(adds, 'group')} ${run.dryRun ? 'to add' : 'added'}`,
    `${removals} ${run.dryRun ? 'to remove' : 'removed'}`,
  ];
  const { orgAdds = 0, orgRemovals = 0 } = run.counts;
  // Organization members are changes too: a run that only keeps an organization changed something.
  if (orgAdds || orgRemovals)
    parts.push(
      `${plural(orgAdds, 'organization member')} ${run.dryRun ? 'to add' : 'added'}, ` +
        `${orgRemovals} ${run.dryRun ? 'to remove' : 'removed'}`,
    );
  if (skips) parts.push(`${skips} skipped`);
  if (run.counts.leftOut) parts.push(`${run.counts.leftOut} left out of the preview`);
  if (drift) parts.push(`${drift} fixing drift`);
  if (errors) parts.push(`${plural(errors, 'error')}`);
  const none = adds + removals + orgAdds + orgRemovals === 0;
  return `${parts.join(', ')}${none ? ` (nothing ${verb} changed)` : ''}.`;
}

/** A Jira call the run waits to try again, in words: "waiting for Jira, try 3 of 10". */
export function waitingWords(w: NonNullable<Run['waiting']>): string {
  const why = w.status === 429 ? 'Jira asked the app to slow down' : 'Jira did not answer';
  return `waiting for Jira, try ${w.attempt} of ${w.of} (${why})`;
}

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
    if (!active) return `${percent}% done`;
    const waiting = run.waiting ? ` · ${waitingWords(run.waiting)}` : '';
    if (total) return `${done} of ${plural(total, 'project')} (${percent}%)${waiting}`;
    return (run.status === 'queued' ? 'Waiting to start…' : 'Listing projects…') + waiting;
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
            {run ? wording.progressText(run, active, percent) : 'Starting…'}
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
    <SectionMessage appearance="warning" title="Could not read the run’s progress">
      <Text as="p">{error.message}</Text>
    </SectionMessage>
  );
}
