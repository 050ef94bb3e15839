// What a run used of Jira, in plain words (run-cost-words.ts), and why it waits when it is paused.
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { Run } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { Message } from '../../../shared/Message';
import { Time } from '../../../shared/Time';
import { costLine, pointsLine } from '../run-cost-words';

export function RunCost({ run }: { run: Run }) {
  const line = costLine(run);
  return (
    <Stack space="space.100">
      {run.status === 'paused' && run.pauseReason ? (
        <SectionMessage appearance="information" title={t('runs.cost.pausedTitle')}>
          <Text as="p">
            {run.pauseCode && run.pausedUntil ? (
              <Message
                id={`runs.cost.paused.${run.pauseCode}`}
                values={{ until: <Time iso={run.pausedUntil} as="time" /> }}
              />
            ) : (
              // A pause recorded before pauses had codes: its reason as the server wrote it.
              t('runs.cost.pausedOther', { reason: run.pauseReason })
            )}
          </Text>
        </SectionMessage>
      ) : null}
      {line ? (
        <div title={pointsLine(run)}>
          <Text as="p" color="color.text.subtle" testId="run-cost">
            {t('runs.cost.line', { line })}
          </Text>
        </div>
      ) : null}
    </Stack>
  );
}
