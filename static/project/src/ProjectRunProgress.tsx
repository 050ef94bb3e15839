// One project's run: static/shared/RunProgress with the project page's wording. The run's message is
// shown only when it says more than the counts (errors, a failure), since a project admin reads this
// right after pressing the button.
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives';
import type { Run } from '../../../src/domain/schemas';
import { plural } from '../../shared/format';
import { RunProgress, type RunProgressWording } from '../../shared/RunProgress';
import type { RunPolling } from '../../shared/useRunPolling';
import { readableMessage } from './format';

/** true when the run's message adds to its counts: it failed, or some changes did. */
export function messageMatters(run: Run): boolean {
  return !!run.message && (run.status !== 'succeeded' || run.counts.errors > 0);
}

const PROJECT_RUN_WORDING: RunProgressWording = {
  progressText: (run, active, percent) =>
    active ? (run.status === 'queued' ? 'Waiting to start…' : `Working… ${percent}%`) : 'Done',
  outcome: (run) =>
    messageMatters(run) ? (
      <SectionMessage
        appearance={run.status === 'failed' ? 'error' : 'warning'}
        title={
          run.counts.errors
            ? `${plural(run.counts.errors, 'change')} could not be made`
            : 'The run did not finish'
        }
      >
        <Text as="p">{readableMessage(run.message!)}</Text>
      </SectionMessage>
    ) : null,
};

export function ProjectRunProgress({ polling, label }: { polling: RunPolling; label: string }) {
  return <RunProgress polling={polling} label={label} wording={PROJECT_RUN_WORDING} />;
}
