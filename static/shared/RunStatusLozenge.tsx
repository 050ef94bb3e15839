// A run's status as a Jira-style lozenge.
import Lozenge from '@atlaskit/lozenge';

import type { Run } from './contract';
import { type MessageKey, t } from './i18n';

const LOOK: Record<
  Run['status'],
  {
    appearance: 'default' | 'inprogress' | 'success' | 'moved' | 'removed' | 'new';
    label: MessageKey;
  }
> = {
  queued: { appearance: 'default', label: 'shared.runStatus.queued' },
  running: { appearance: 'inprogress', label: 'shared.runStatus.running' },
  paused: { appearance: 'moved', label: 'shared.runStatus.paused' },
  succeeded: { appearance: 'success', label: 'shared.runStatus.succeeded' },
  'partly-failed': { appearance: 'moved', label: 'shared.runStatus.partlyFailed' },
  failed: { appearance: 'removed', label: 'shared.runStatus.failed' },
};

export function RunStatusLozenge({ status, dryRun }: { status: Run['status']; dryRun?: boolean }) {
  const look = LOOK[status] ?? LOOK.queued;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Lozenge appearance={look.appearance}>{t(look.label)}</Lozenge>
      {dryRun ? (
        <>
          {' '}
          <Lozenge appearance="new">{t('shared.runStatus.preview')}</Lozenge>
        </>
      ) : null}
    </span>
  );
}

export function isRunActive(run: Pick<Run, 'status'> | undefined): boolean {
  return !!run && (run.status === 'queued' || run.status === 'running' || run.status === 'paused');
}
