// A run's status as a Jira-style lozenge.
import Lozenge from '@atlaskit/lozenge';

import type { Run } from './contract';

const LOOK: Record<
  Run['status'],
  { appearance: 'default' | 'inprogress' | 'success' | 'moved' | 'removed' | 'new'; label: string }
> = {
  queued: { appearance: 'default', label: 'Queued' },
  running: { appearance: 'inprogress', label: 'Running' },
  paused: { appearance: 'moved', label: 'Paused' },
  succeeded: { appearance: 'success', label: 'Succeeded' },
  'partly-failed': { appearance: 'moved', label: 'Partly failed' },
  failed: { appearance: 'removed', label: 'Failed' },
};

export function RunStatusLozenge({ status, dryRun }: { status: Run['status']; dryRun?: boolean }) {
  const look = LOOK[status] ?? LOOK.queued;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Lozenge appearance={look.appearance}>{look.label}</Lozenge>
      {dryRun ? (
        <>
          {' '}
          <Lozenge appearance="new">Preview</Lozenge>
        </>
      ) : null}
    </span>
  );
}

export function isRunActive(run: Pick<Run, 'status'> | undefined): boolean {
  return !!run && (run.status === 'queued' || run.status === 'running' || run.status === 'paused');
}
