// One run: its progress while it runs, then its plan, per-action results and errors.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { type ComponentProps, useState } from 'react';

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
        <RunErrors run={run} retrying={retrying} retryError={retryError} onRetry={retryFailed} />
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
              { key: 'kind', content: <ActionKind action={a} /> },
              { key: 'group', content: <ActionSubject action={a} /> },
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

/**
 * Why the run has errors, said apart: changes Jira refused, and projects or organizations it
 * could not read (where nothing was changed, nothing removed).
 */
function RunErrors({
  run,
  retrying,
  retryError,
  onRetry,
}: {
  run: Run;
  retrying: boolean;
  retryError?: string;
  onRetry: () => Promise<void>;
}) {
  const reads = run.counts.failedReads ?? 0;
  const changes = run.counts.errors - reads;
  const title = [
    changes ? `${plural(changes, 'change')} failed` : '',
    reads ? `${plural(reads, 'read')} failed` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <SectionMessage appearance="error" title={title} testId="run-errors">
      <Stack space="space.100">
        {changes ? (
          <Text as="p">
            Jira refused some of this run’s changes; the Actions tab says which and why.
          </Text>
        ) : null}
        {reads ? (
          <Text as="p">
            Jira did not answer (or refused) when the run read{' '}
            {reads === 1 ? 'a project or organization' : `${reads} projects or organizations`}:
            nothing was changed or removed there. The Actions tab lists them.
          </Text>
        ) : null}
        <Text as="p">Fix the cause, then run the failed projects again.</Text>
        <Box>
          <Button onClick={() => void onRetry()} isLoading={retrying}>
            Retry the failed projects
          </Button>
        </Box>
        {retryError ? <Text as="p">{retryError}</Text> : null}
      </Stack>
    </SectionMessage>
  );
}

const KIND_LABEL: Record<ActionResult['kind'], string> = {
  add: 'Add',
  'org-add': 'Add',
  remove: 'Remove',
  'org-remove': 'Remove',
  'org-link': 'Link',
  project: 'Read failed',
  org: 'Read failed',
};
const KIND_LOOK: Record<ActionResult['kind'], ComponentProps<typeof Lozenge>['appearance']> = {
  add: 'success',
  'org-add': 'success',
  remove: 'removed',
  'org-remove': 'removed',
  'org-link': 'new',
  project: 'moved',
  org: 'moved',
};

/** What the action was: a change, or a read that failed (which changed nothing). */
function ActionKind({ action }: { action: ActionResult }) {
  return <Lozenge appearance={KIND_LOOK[action.kind]}>{KIND_LABEL[action.kind]}</Lozenge>;
}

/** What the action was about, by name (ids on hover only). */
function ActionSubject({ action: a }: { action: ActionResult }) {
  const org = a.organizationName ? `Organization ${a.organizationName}` : 'An organization';
  const text =
    a.kind === 'project'
      ? 'The whole project (nothing changed)'
      : a.kind === 'org'
        ? `${org} (nothing changed)`
        : a.organizationId || a.organizationName
          ? org + (a.members ? ` (${plural(a.members, 'member')})` : '')
          : (a.groupName ?? a.groupId ?? '—');
  const id = a.organizationId ?? a.groupId;
  return (
    <Stack space="space.0">
      <Text>
        <span title={id}>{text}</span>
      </Text>
      {a.roleName ? (
        <Text size="small" color="color.text.subtle">
          {a.roleName}
        </Text>
      ) : null}
    </Stack>
  );
}

const panel = xcss({ paddingBlockStart: 'space.200', width: '100%' });
