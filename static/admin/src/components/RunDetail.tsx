// One run: its progress while it runs, then its plan, per-action results and errors.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useState } from 'react';

import { call } from '../../../shared/api';
import type { ActionResult, Run } from '../../../shared/contract';
import { formatDateTime, plural, runDuration, triggerLabel } from '../../../shared/format';
import { PagedView, usePaged } from '../../../shared/paged';
import { RunProgress } from '../../../shared/RunProgress';
import { isRunActive } from '../../../shared/RunStatusLozenge';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { subtleCard, tableWrap } from '../../../shared/styles';
import { ToggleField } from '../../../shared/ToggleField';
import { useRunPolling } from '../../../shared/useRunPolling';
import { OrgPlanList } from './OrgPlanList';
import { PlanList } from './PlanList';
import { RunCost } from './RunCost';

export function RunDetail({
  runId,
  onBack,
  onFinished,
  onOpenRun,
}: {
  runId: string;
  onBack: () => void;
  onFinished?: (run: Run) => void;
  /** Opens another run (the retry of this one's failed projects). */
  onOpenRun?: (runId: string) => void;
}) {
  const polling = useRunPolling(runId, { onDone: onFinished });
  const { run } = polling;
  const [changesOnly, setChangesOnly] = useState(false);
  const [tab, setTab] = useState<number>();
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string>();
  const finished = !!run && !isRunActive(run);
  const hasErrors = finished && !run.dryRun && run.counts.errors > 0;
  // A run with errors opens on its errors.
  const selectedTab = tab ?? (hasErrors ? 1 : 0);

  async function retryFailed() {
    setRetrying(true);
    setRetryError(undefined);
    try {
      const { runId: id } = await call('retryFailed', { runId });
      onOpenRun?.(id);
    } catch (err) {
      setRetryError((err as Error).message);
    } finally {
      setRetrying(false);
    }
  }

  return (
    <Stack space="space.200">
      <Box>
        <Button appearance="subtle" onClick={onBack}>
          ← All runs
        </Button>
      </Box>
      <Heading size="medium" as="h2">
        {run
          ? `${run.dryRun ? 'Preview' : 'Run'} started ${formatDateTime(run.startedAt ?? run.createdAt)}`
          : 'Run'}
      </Heading>
      {run ? (
        <Text as="p" color="color.text.subtle">
          {triggerLabel(run)}
          {run.projectKey ? ` for project ${run.projectKey}` : ''}
          {run.startedBy && run.startedBy !== 'app' ? (
            <span title={run.startedBy}> · started by {run.startedByName ?? 'a Jira admin'}</span>
          ) : null}{' '}
          · {runDuration(run)}
        </Text>
      ) : null}
      {!run && polling.error ? (
        <ErrorMessageBox
          title="The run could not be loaded"
          subject="This run"
          error={polling.error}
          onRetry={onBack}
        />
      ) : null}
      {!run && !polling.error ? <Loading label="Loading the run" /> : null}
      {run ? (
        <Box xcss={subtleCard}>
          <RunProgress
            polling={polling}
            label={isRunActive(run) ? 'Applying the rules' : 'Result'}
          />
        </Box>
      ) : null}
      {run ? <RunCost run={run} /> : null}
      {hasErrors ? (
        <SectionMessage
          appearance="error"
          title={`${plural(run.counts.errors, 'change')} failed`}
          testId="run-errors"
        >
          <Stack space="space.100">
            <Text as="p">
              Jira refused some of this run’s changes; the Actions tab says which and why. Fix the
              cause, then run the failed projects again.
            </Text>
            <Box>
              <Button onClick={() => void retryFailed()} isLoading={retrying}>
                Retry the failed projects
              </Button>
            </Box>
            {retryError ? <Text as="p">{retryError}</Text> : null}
          </Stack>
        </SectionMessage>
      ) : null}
      {finished ? (
        <Tabs id="run-detail-tabs" selected={selectedTab} onChange={(index) => setTab(index)}>
          <TabList>
            <Tab>Plan</Tab>
            <Tab>
              {run.dryRun
                ? 'Actions'
                : `Actions${run.counts.errors ? ` (${plural(run.counts.errors, 'error')})` : ''}`}
            </Tab>
          </TabList>
          <TabPanel>
            <Stack space="space.200" xcss={panel}>
              <ToggleField
                id="run-changes-only"
                label="Changes only"
                isChecked={changesOnly}
                onChange={() => setChangesOnly(!changesOnly)}
              />
              <OrgPlanList runId={runId} applied={!run.dryRun} />
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
                <ActionList runId={runId} errorsFirst={hasErrors} />
              )}
            </Box>
          </TabPanel>
        </Tabs>
      ) : null}
    </Stack>
  );
}

function ActionList({ runId, errorsFirst }: { runId: string; errorsFirst: boolean }) {
  const actions = usePaged<ActionResult>(
    (cursor) => call('getRunActions', { runId, cursor }),
    [runId],
  );
  const [errorsOnly, setErrorsOnly] = useState(errorsFirst);
  const shown = errorsOnly ? actions.items.filter((a) => !a.ok) : actions.items;
  return (
    <PagedView
      paged={actions}
      loadingLabel="Loading the run’s actions"
      errorTitle="The actions could not be loaded"
      empty={
        <Empty
          header="Nothing was changed"
          description="This run found every project already as the rules want it."
        />
      }
      moreLabel="Load more actions"
      moreErrorTitle="More actions could not be loaded"
    >
      <ToggleField
        id="errors-only"
        label="Errors only"
        isChecked={errorsOnly}
        onChange={() => setErrorsOnly(!errorsOnly)}
      />
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
              {
                key: 'project',
                content: (
                  <Text>{a.projectName ? `${a.projectName} (${a.projectKey})` : a.projectKey}</Text>
                ),
              },
              {
                key: 'kind',
                content:
                  a.kind === 'add' || a.kind === 'org-add' ? (
                    <Lozenge appearance="success">Add</Lozenge>
                  ) : a.kind === 'org-link' ? (
                    <Lozenge appearance="new">Link</Lozenge>
                  ) : (
                    <Lozenge appearance="removed">Remove</Lozenge>
                  ),
              },
              {
                key: 'group',
                content: (
                  <Stack space="space.0">
                    <Text>
                      {a.organizationId
                        ? `Organization ${a.organizationId}` +
                          (a.members ? ` (${plural(a.members, 'member')})` : '')
                        : (a.groupName ?? a.groupId ?? '—')}
                    </Text>
                    {a.roleName ? (
                      <Text size="small" color="color.text.subtle">
                        {a.roleName}
                      </Text>
                    ) : null}
                  </Stack>
                ),
              },
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
    </PagedView>
  );
}

const panel = xcss({ paddingBlockStart: 'space.200', width: '100%' });
