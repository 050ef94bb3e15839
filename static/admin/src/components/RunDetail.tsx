// One run: its progress while it runs, then its plan, per-action results and errors.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import type { ActionResult, Run } from '../../../../src/domain/schemas';
import { call } from '../../../shared/api';
import { formatDateTime, plural, runDuration, triggerLabel } from '../../../shared/format';
import { RunProgress } from '../../../shared/RunProgress';
import { isRunActive } from '../../../shared/RunStatusLozenge';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { useRunPolling } from '../../../shared/useRunPolling';
import { ToggleField } from '../../../shared/ToggleField';
import { PlanList } from './PlanList';

export function RunDetail({ runId, onBack, onFinished }: { runId: string; onBack: () => void; onFinished?: (run: Run) => void }) {
  const polling = useRunPolling(runId, { onDone: onFinished });
  const { run } = polling;
  const [changesOnly, setChangesOnly] = useState(false);
  const finished = !!run && !isRunActive(run);

  return (
    <Stack space="space.200">
      <Box>
        <Button appearance="subtle" onClick={onBack}>
          ← All runs
        </Button>
      </Box>
      <Heading size="medium" as="h2">
        {run ? `${run.dryRun ? 'Preview' : 'Run'} started ${formatDateTime(run.startedAt ?? run.createdAt)}` : 'Run'}
      </Heading>
      {run ? (
        <Text as="p" color="color.text.subtle">
          {triggerLabel(run)}
          {run.projectKey ? ` for project ${run.projectKey}` : ''}
          {run.startedBy && run.startedBy !== 'app' ? ' · started by a Jira admin' : ''} · {runDuration(run)}
        </Text>
      ) : null}
      {!run && polling.error ? <ErrorMessageBox title="The run could not be loaded" message={polling.error} onRetry={onBack} /> : null}
      {!run && !polling.error ? <Loading label="Loading the run" /> : null}
      {run ? (
        <Box xcss={progressBox}>
          <RunProgress polling={polling} label={isRunActive(run) ? 'Applying the rules' : 'Result'} />
        </Box>
      ) : null}
      {finished ? (
        <Tabs id="run-detail-tabs">
          <TabList>
            <Tab>Plan</Tab>
            <Tab>{run.dryRun ? 'Actions' : `Actions${run.counts.errors ? ` (${plural(run.counts.errors, 'error')})` : ''}`}</Tab>
          </TabList>
          <TabPanel>
            <Stack space="space.200" xcss={panel}>
              <ToggleField id="run-changes-only" label="Changes only" isChecked={changesOnly} onChange={() => setChangesOnly(!changesOnly)} />
              <PlanList runId={runId} changesOnly={changesOnly} applied={!run.dryRun} />
            </Stack>
          </TabPanel>
          <TabPanel>
            <Box xcss={panel}>
              {run.dryRun ? (
                <Text as="p" color="color.text.subtle">
                  A preview changes nothing, so it has no actions.
                </Text>
              ) : (
                <ActionList runId={runId} />
              )}
            </Box>
          </TabPanel>
        </Tabs>
      ) : null}
    </Stack>
  );
}

function ActionList({ runId }: { runId: string }) {
  const [items, setItems] = useState<ActionResult[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [errorsOnly, setErrorsOnly] = useState(false);

  async function load(next?: string) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await call('getRunActions', { runId, cursor: next });
      setItems((prev) => (next ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  }
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);

  if (loading && items.length === 0) return <Loading label="Loading the run’s actions" />;
  if (error && items.length === 0) return <ErrorMessageBox title="The actions could not be loaded" message={error} onRetry={() => void load()} />;
  if (items.length === 0) return <Empty header="Nothing was changed" description="This run found every project already as the rules want it." />;
  const shown = errorsOnly ? items.filter((a) => !a.ok) : items;
  return (
    <Stack space="space.200">
      <ToggleField id="errors-only" label="Errors only" isChecked={errorsOnly} onChange={() => setErrorsOnly(!errorsOnly)} />
      <Box xcss={tableWrap}>
        <DynamicTable
          label="Actions of this run"
          emptyView={<Text>No errors among the loaded actions.</Text>}
          head={{
            cells: [
              { key: 'project', content: 'Project' },
              { key: 'kind', content: 'Change' },
              { key: 'group', content: 'Group' },
              { key: 'result', content: 'Result' },
              { key: 'at', content: 'At' },
            ],
          }}
          rows={shown.map((a, i) => ({
            key: `${i}`,
            cells: [
              { key: 'project', content: <Text>{a.projectKey}</Text> },
              { key: 'kind', content: a.kind === 'add' ? <Lozenge appearance="success">Add</Lozenge> : <Lozenge appearance="removed">Remove</Lozenge> },
              { key: 'group', content: <Text>{a.groupName ?? a.groupId}</Text> },
              {
                key: 'result',
                content: a.ok ? (
                  <Lozenge appearance="success">Done</Lozenge>
                ) : (
                  <Stack space="space.050">
                    <Box>
                      <Lozenge appearance="removed">Failed</Lozenge>
                    </Box>
                    <Text size="small">{a.error ?? 'No reason given'}</Text>
                  </Stack>
                ),
              },
              { key: 'at', content: <Text size="small">{formatDateTime(a.at)}</Text> },
            ],
          }))}
        />
      </Box>
      {error ? <ErrorMessageBox title="More actions could not be loaded" message={error} /> : null}
      {cursor ? (
        <Box>
          <Button onClick={() => void load(cursor)} isLoading={loading}>
            Load more actions
          </Button>
        </Box>
      ) : null}
    </Stack>
  );
}

const panel = xcss({ paddingBlockStart: 'space.200', width: '100%' });
const tableWrap = xcss({ overflowX: 'auto' });
const progressBox = xcss({
  padding: 'space.200',
  borderRadius: 'radius.medium',
  backgroundColor: 'color.background.neutral.subtle',
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
});
