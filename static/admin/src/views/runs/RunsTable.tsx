// The run history as a table: when each run started, why, how long it took, what it changed,
// what it put back after changes outside the app, errors, the Jira usage (points) it spent, its status, and a way to open it.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Text } from '@atlaskit/primitives';

import type { Run } from '../../../../shared/contract';
import { formatDateTime, runDuration, triggerLabel } from '../../../../shared/format';
import { RunStatusLozenge } from '../../../../shared/RunStatusLozenge';
import { TableScroll } from '../../../../shared/TableScroll';

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
        label="Run history"
        head={{
          cells: [
            { key: 'started', content: 'Started' },
            { key: 'trigger', content: 'Trigger' },
            { key: 'duration', content: 'Duration' },
            { key: 'changes', content: 'Changes' },
            { key: 'drift', content: 'Changed outside the app' },
            { key: 'errors', content: 'Errors' },
            { key: 'points', content: 'Jira usage' },
            { key: 'status', content: 'Status' },
            { key: 'open', content: 'Details' },
          ],
        }}
        rows={runs.map((r) => ({
          key: r.id,
          testId: `run-row-${r.id}`,
          cells: [
            {
              key: 'started',
              content: <Text>{formatDateTime(r.startedAt ?? r.createdAt)}</Text>,
            },
            {
              key: 'trigger',
              content: (
                <Text>
                  {triggerLabel(r)}
                  {r.projectKey ? ` (${r.projectKey})` : ''}
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
                <Lozenge appearance="inprogress">{r.counts.drift}</Lozenge>
              ) : (
                <Text>0</Text>
              ),
            },
            {
              key: 'errors',
              content: r.counts.errors ? (
                <Lozenge appearance="removed">{r.counts.errors}</Lozenge>
              ) : (
                <Text>0</Text>
              ),
            },
            {
              key: 'points',
              content: <Text>{r.points === undefined ? '—' : r.points.toLocaleString('en')}</Text>,
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
                  aria-label={`Open the run started ${formatDateTime(r.startedAt ?? r.createdAt)}`}
                >
                  Open
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
  const parts = `Groups in roles: +${c.adds} −${c.removals}; organization members: +${c.orgAdds ?? 0} −${c.orgRemovals ?? 0}`;
  return (
    <span title={parts}>
      <Text>{`+${adds} −${removals}`}</Text>
    </span>
  );
}
