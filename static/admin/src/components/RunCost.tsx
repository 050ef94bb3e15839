// What a run cost in Jira's hourly points quota, and why it waits when it is paused.
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { Run } from '../../../shared/contract';

const number = new Intl.NumberFormat('en');

/** "14:00 UTC" */
function utc(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** "42 calls · 310 points · quota 65,000 points an hour, 9,000 left until 14:00 UTC" */
export function costLine(run: Pick<Run, 'calls' | 'points' | 'quota'>): string | undefined {
  if (run.calls === undefined && run.points === undefined) return undefined;
  const parts = [
    `${number.format(run.calls ?? 0)} Jira call${run.calls === 1 ? '' : 's'}`,
    `${number.format(run.points ?? 0)} points`,
  ];
  const q = run.quota;
  if (q) {
    const left =
      q.left !== undefined
        ? `, ${number.format(q.left)} left${q.resetAt ? ` until ${utc(q.resetAt)}` : ''}`
        : '';
    parts.push(`Jira's quota ${number.format(q.limit)} points an hour${left}`);
  }
  return parts.join(' · ');
}

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
        <Text as="p" color="color.text.subtle" testId="run-cost">
          Cost: {line}
        </Text>
      ) : null}
    </Stack>
  );
}
