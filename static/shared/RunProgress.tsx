// A run's progress: a progress bar with "N of M projects" while it runs, then its outcome.
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import type { Run } from '../../src/domain/schemas';
import { plural } from './format';
import { RunStatusLozenge, isRunActive } from './RunStatusLozenge';
import type { RunPolling } from './useRunPolling';

export function runCountsSentence(run: Run): string {
  const { adds, removals, skips, errors, drift } = run.counts;
  const verb = run.dryRun ? 'would be' : 'were';
  const parts = [`${plural(adds, 'group')} ${run.dryRun ? 'to add' : 'added'}`, `${removals} ${run.dryRun ? 'to remove' : 'removed'}`];
  if (skips) parts.push(`${skips} skipped`);
  if (drift) parts.push(`${drift} fixing drift`);
  if (errors) parts.push(`${plural(errors, 'error')}`);
  return `${parts.join(', ')}${adds + removals === 0 ? ` (nothing ${verb} changed)` : ''}.`;
}

export function RunProgress({ polling, label }: { polling: RunPolling; label: string }) {
  const { run, error, fraction } = polling;
  const active = isRunActive(run) || (!run && !error);
  const done = run?.progress.done ?? 0;
  const total = run?.progress.total ?? 0;
  const percent = Math.round(fraction * 100);
  return (
    <Stack space="space.100" testId="run-progress">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Text weight="medium">{label}</Text>
        <Inline space="space.100" alignBlock="center">
          {run ? <RunStatusLozenge status={run.status} dryRun={run.dryRun} /> : null}
          <Text color="color.text.subtle" testId="run-progress-text">
            {run
              ? active
                ? total
                  ? `${done} of ${plural(total, 'project')} (${percent}%)`
                  : run.status === 'queued'
                    ? 'Waiting to start…'
                    : 'Reading projects…'
                : `${percent}% done`
              : 'Starting…'}
          </Text>
        </Inline>
      </Inline>
      <Box aria-hidden={false}>
        <ProgressBar
          value={fraction}
          isIndeterminate={active && total === 0}
          appearance={run && !active ? (run.status === 'succeeded' ? 'success' : 'default') : 'default'}
          ariaLabel={`${label}: ${percent}%`}
        />
      </Box>
      {run && !active ? <Text color="color.text.subtle">{runCountsSentence(run)}</Text> : null}
      {run?.message && !active && run.status !== 'succeeded' ? (
        <SectionMessage appearance="warning">
          <Text as="p">{run.message}</Text>
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
