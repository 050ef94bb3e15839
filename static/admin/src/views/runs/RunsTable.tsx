// The run history as a table: when each run started, why, how long it took, what it changed,
// what it put back after changes outside the app, errors, the Jira usage (points) it spent, its status, and a way to open it.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Text } from '@atlaskit/primitives';

import type { Run } from '../../../../shared/contract';
import { formatDateTime, runDuration, triggerLabel } from '../../../../shared/format';
import { formatNumber, t } from '../../../../shared/i18n';
import { RunStatusLozenge } from '../../../../shared/RunStatusLozenge';
import { TableScroll } from '../../../../shared/TableScroll';
import { Time } from '../../../../shared/Time';

export function RunsTable({
  runs,
  onOpenRun,
}: {
  runs: Run[];
  onOpenRun: (runId: string) => void;
}) {
  return (
    <TableScroll width="wide">
      <DynamicTable
        label={t('runs.table.label')}
        head={{
          cells: [
            { key: 'started', content: t('runs.table.started') },
            { key: 'trigger', content: t('runs.table.trigger') },
            { key: 'duration', content: t('runs.table.duration') },
            { key: 'changes', content: t('runs.table.changes') },
            { key: 'drift', content: t('runs.table.drift') },
            { key: 'errors', content: t('runs.table.errors') },
            { key: 'points', content: t('runs.table.usage') },
            { key: 'status', content: t('runs.table.status') },
            { key: 'open', content: t('runs.table.details') },
          ],
        }}
        rows={runs.map((r) => ({
          key: r.id,
          testId: `run-row-${r.id}`,
          cells: [
            {
              key: 'started',
              content: (
                <Text>
                  <Time iso={r.startedAt ?? r.createdAt} />
                </Text>
              ),
            },
            {
              key: 'trigger',
              content: (
                <Text>
                  {r.projectKey
                    ? t('runs.table.triggerProject', {
                        trigger: triggerLabel(r),
                        project: r.projectKey,
                      })
                    : triggerLabel(r)}
                </Text>
              ),
            },
            { key: 'duration', content: <Text>{runDuration(r)}</Text> },
            {
              key: 'changes',
              content: <RunChanges counts={r.counts} />,
            },
            {
              key: 'drift',
              content: r.counts.drift ? (
                <Lozenge appearance="inprogress">{formatNumber(r.counts.drift)}</Lozenge>
              ) : (
                <Text>0</Text>
              ),
            },
            {
              key: 'errors',
              content: r.counts.errors ? (
                <Lozenge appearance="removed">{formatNumber(r.counts.errors)}</Lozenge>
              ) : (
                <Text>0</Text>
              ),
            },
            {
              key: 'points',
              content: (
                <Text>{r.points === undefined ? t('common.dash') : formatNumber(r.points)}</Text>
              ),
            },
            {
              key: 'status',
              content: <RunStatusLozenge status={r.status} dryRun={r.dryRun} />,
            },
            {
              key: 'open',
              content: (
                <Button
                  spacing="compact"
                  onClick={() => onOpenRun(r.id)}
                  aria-label={t('runs.table.openLabel', {
                    when: formatDateTime(r.startedAt ?? r.createdAt),
                  })}
                >
                  {t('runs.table.open')}
                </Button>
              ),
            },
          ],
        }))}
      />
    </TableScroll>
  );
}

/**
 * A run's changes: groups in roles and organization members together, each part on hover (a run
 * that only kept an organization in step changed something too).
 */
function RunChanges({ counts: c }: { counts: Run['counts'] }) {
  const adds = c.adds + (c.orgAdds ?? 0);
  const removals = c.removals + (c.orgRemovals ?? 0);
  const parts = t('runs.table.changesParts', {
    adds: c.adds,
    removals: c.removals,
    orgAdds: c.orgAdds ?? 0,
    orgRemovals: c.orgRemovals ?? 0,
  });
  return (
    <span title={parts}>
      <Text>{`+${formatNumber(adds)} −${formatNumber(removals)}`}</Text>
    </span>
  );
}
