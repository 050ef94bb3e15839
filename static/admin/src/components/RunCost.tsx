// What a run used of Jira, in plain words (run-cost-words.ts), and why it waits when it is paused.
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { Run } from '../../../shared/contract';
import { costLine, pointsLine } from '../run-cost-words';

export function RunCost({ run }: { run: Run }) {
  const line = costLine(run);
  return (
    <Stack space="space.100">
      {run.status === 'paused' && run.pauseReason ? (
        <SectionMessage appearance="information" title="Paused">
          <Text as="p">{run.pauseReason}. The run resumes by itself then; nothing is lost.</Text>
        </SectionMessage>
      ) : null}
      {line ? (
        <div title={pointsLine(run)}>
          <Text as="p" color="color.text.subtle" testId="run-cost">
            Jira usage: {line}
          </Text>
        </div>
      ) : null}
    </Stack>
  );
}
