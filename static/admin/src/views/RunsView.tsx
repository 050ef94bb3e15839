// Runs: "Run now", the running run's progress, the history with a chart, and each run's detail.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import type { Run } from '../../../../src/domain/schemas';
import { call } from '../../../shared/api';
import { formatDateTime, runDuration, triggerLabel } from '../../../shared/format';
import { RunStatusLozenge, isRunActive } from '../../../shared/RunStatusLozenge';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { RunChart } from '../components/RunChart';
import { RunDetail } from '../components/RunDetail';

export default function RunsView({ openRunId, onOpenRun }: { openRunId?: string; onOpenRun: (runId: string | undefined) => void }) {
  const [runs, setRuns] = useState<Run[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string>();

  async function load(next?: string) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await call('listRuns', next ? { cursor: next } : {});
      setRuns((prev) => (next ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load();
  }, []);

  async function runNow() {
    setStarting(true);
    setStartError(undefined);
    try {
      const { runId } = await call('startRun', { dryRun: false });
      onOpenRun(runId);
    } catch (err) {
      setStartError((err as Error).message);
    } finally {
      setStarting(false);
    }
  }

  if (openRunId) {
    return (
      <RunDetail
        runId={openRunId}
        onBack={() => {
          onOpenRun(undefined);
          void load();
        }}
        onFinished={() => void load()}
      />
    );
  }

  const someoneRunning = runs.some((r) => isRunActive(r) && !r.dryRun);

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          Runs
        </Heading>
        <Inline space="space.100">
          <Button onClick={() => void load()} isDisabled={loading}>
            Refresh
          </Button>
          <Button appearance="primary" onClick={() => void runNow()} isLoading={starting}>
            Run now
          </Button>
        </Inline>
      </Inline>
      <Text as="p" color="color.text.subtle">
        A run applies every enabled rule to every service project. Runs happen every hour, when a project is created, and when
        you press Run now.
      </Text>
      {startError ? (
        <SectionMessage appearance="error" title="The run did not start">
          <Text as="p">{startError}</Text>
        </SectionMessage>
      ) : null}
      {someoneRunning ? (
        <SectionMessage appearance="information">
          <Text as="p">A run is in progress. Open it to follow its progress.</Text>
        </SectionMessage>
      ) : null}
      {loading && runs.length === 0 ? (
        <Loading label="Loading runs" />
      ) : error && runs.length === 0 ? (
        <ErrorMessageBox title="The runs could not be loaded" message={error} onRetry={() => void load()} />
      ) : runs.length === 0 ? (
        <Empty header="No runs yet" description="Press Run now to apply the rules, or preview the changes first." />
      ) : (
        <Stack space="space.200">
          <RunChart runs={runs} />
          <Box xcss={tableWrap}>
            <DynamicTable
              label="Run history"
              head={{
                cells: [
                  { key: 'started', content: 'Started' },
                  { key: 'trigger', content: 'Trigger' },
                  { key: 'duration', content: 'Duration' },
                  { key: 'changes', content: 'Changes' },
                  { key: 'drift', content: 'Drift' },
                  { key: 'errors', content: 'Errors' },
                  { key: 'status', content: 'Status' },
                  { key: 'open', content: 'Details' },
                ],
              }}
              rows={runs.map((r) => ({
                key: r.id,
                testId: `run-row-${r.id}`,
                cells: [
                  { key: 'started', content: <Text>{formatDateTime(r.startedAt ?? r.createdAt)}</Text> },
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
                  { key: 'changes', content: <Text>{`+${r.counts.adds} −${r.counts.removals}`}</Text> },
                  { key: 'drift', content: r.counts.drift ? <Lozenge appearance="inprogress">{r.counts.drift}</Lozenge> : <Text>0</Text> },
                  { key: 'errors', content: r.counts.errors ? <Lozenge appearance="removed">{r.counts.errors}</Lozenge> : <Text>0</Text> },
                  { key: 'status', content: <RunStatusLozenge status={r.status} dryRun={r.dryRun} /> },
                  {
                    key: 'open',
                    content: (
                      <Button spacing="compact" onClick={() => onOpenRun(r.id)} aria-label={`Open the run started ${formatDateTime(r.startedAt ?? r.createdAt)}`}>
                        Open
                      </Button>
                    ),
                  },
                ],
              }))}
            />
          </Box>
          {error ? <ErrorMessageBox title="More runs could not be loaded" message={error} /> : null}
          {cursor ? (
            <Box>
              <Button onClick={() => void load(cursor)} isLoading={loading}>
                Load more runs
              </Button>
            </Box>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

const tableWrap = xcss({ overflowX: 'auto' });
