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
import { formatDateTime, runDuration, triggerLabel } from '../../../shared/format';
import { type MessageKey, t } from '../../../shared/i18n';
import { PagedView, usePaged } from '../../../shared/paged';
import { RunProgress } from '../../../shared/RunProgress';
import { isRunActive } from '../../../shared/RunStatusLozenge';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { subtleCard, tableWrap } from '../../../shared/styles';
import { Time } from '../../../shared/Time';
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
          {t('runs.detail.back')}
        </Button>
      </Box>
      <Heading size="medium" as="h2">
        {run
          ? t(run.dryRun ? 'runs.detail.previewStarted' : 'runs.detail.runStarted', {
              when: formatDateTime(run.startedAt ?? run.createdAt),
            })
          : t('runs.detail.run')}
      </Heading>
      {run ? (
        <Text as="p" color="color.text.subtle">
          {run.projectKey
            ? t('runs.detail.forProject', { trigger: triggerLabel(run), project: run.projectKey })
            : triggerLabel(run)}
          {run.startedBy && run.startedBy !== 'app' ? (
            <span title={run.startedBy}>
              {t('runs.detail.startedBy', {
                name: run.startedByName ?? t('runs.detail.aJiraAdmin'),
              })}
            </span>
          ) : null}{' '}
          · {runDuration(run)}
        </Text>
      ) : null}
      {!run && polling.error ? (
        <ErrorMessageBox
          title={t('runs.detail.loadError')}
          subject={t('runs.detail.subject')}
          error={polling.error}
          onRetry={onBack}
        />
      ) : null}
      {!run && !polling.error ? <Loading label={t('runs.detail.loading')} /> : null}
      {run ? (
        <Box xcss={subtleCard}>
          <RunProgress
            polling={polling}
            label={isRunActive(run) ? t('runs.detail.applying') : t('runs.detail.result')}
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
            <Tab>{t('runs.detail.planTab')}</Tab>
            <Tab>
              {!run.dryRun && run.counts.errors
                ? t('runs.detail.actionsErrors', { count: run.counts.errors })
                : t('runs.detail.actionsTab')}
            </Tab>
          </TabList>
          <TabPanel>
            <Stack space="space.200" xcss={panel}>
              <ToggleField
                id="run-changes-only"
                label={t('runs.detail.changesOnly')}
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
                  {t('runs.detail.previewNoActions')}
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
      loadingLabel={t('runs.actions.loading')}
      errorTitle={t('runs.actions.loadError')}
      empty={
        <Empty header={t('runs.actions.emptyTitle')} description={t('runs.actions.emptyText')} />
      }
      moreLabel={t('runs.actions.more')}
      moreErrorTitle={t('runs.actions.moreError')}
    >
      <ToggleField
        id="errors-only"
        label={t('runs.actions.errorsOnly')}
        isChecked={errorsOnly}
        onChange={() => setErrorsOnly(!errorsOnly)}
      />
      <Box xcss={tableWrap}>
        <DynamicTable
          label={t('runs.actions.label')}
          emptyView={<Text>{t('runs.actions.noErrors')}</Text>}
          head={{
            cells: [
              { key: 'project', content: t('runs.actions.project') },
              { key: 'kind', content: t('runs.actions.change') },
              { key: 'group', content: t('runs.actions.group') },
              { key: 'result', content: t('runs.actions.result') },
              { key: 'at', content: t('runs.actions.at') },
            ],
          }}
          rows={shown.map((a, i) => ({
            key: `${i}`,
            cells: [
              {
                key: 'project',
                content: (
                  <Text>
                    {a.projectName
                      ? t('runs.actions.projectNamed', { name: a.projectName, key: a.projectKey })
                      : a.projectKey}
                  </Text>
                ),
              },
              { key: 'kind', content: <ActionKind action={a} /> },
              { key: 'group', content: <ActionSubject action={a} /> },
              {
                key: 'result',
                content: a.ok ? (
                  <Lozenge appearance="success">{t('runs.actions.done')}</Lozenge>
                ) : (
                  <Stack space="space.050">
                    <Box>
                      <Lozenge appearance="removed">{t('runs.actions.failed')}</Lozenge>
                    </Box>
                    <Text size="small">{a.error ?? t('runs.actions.noReason')}</Text>
                  </Stack>
                ),
              },
              {
                key: 'at',
                content: (
                  <Text size="small">
                    <Time iso={a.at} />
                  </Text>
                ),
              },
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
  const title =
    changes && reads
      ? t('runs.errors.both', {
          changes: t('runs.errors.changes', { count: changes }),
          reads: t('runs.errors.reads', { count: reads }),
        })
      : changes
        ? t('runs.errors.changes', { count: changes })
        : t('runs.errors.reads', { count: reads });
  return (
    <SectionMessage appearance="error" title={title} testId="run-errors">
      <Stack space="space.100">
        {changes ? <Text as="p">{t('runs.errors.refused')}</Text> : null}
        {reads ? <Text as="p">{t('runs.errors.readsText', { count: reads })}</Text> : null}
        <Text as="p">{t('runs.errors.fix')}</Text>
        <Box>
          <Button onClick={() => void onRetry()} isLoading={retrying}>
            {t('runs.errors.retry')}
          </Button>
        </Box>
        {retryError ? <Text as="p">{retryError}</Text> : null}
      </Stack>
    </SectionMessage>
  );
}

const KIND_LABEL = {
  add: 'runs.actions.kind.add',
  'org-add': 'runs.actions.kind.add',
  remove: 'runs.actions.kind.remove',
  'org-remove': 'runs.actions.kind.remove',
  'org-link': 'runs.actions.kind.link',
  project: 'runs.actions.kind.readFailed',
  org: 'runs.actions.kind.readFailed',
} as const satisfies Record<ActionResult['kind'], MessageKey>;
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
  return <Lozenge appearance={KIND_LOOK[action.kind]}>{t(KIND_LABEL[action.kind])}</Lozenge>;
}

/** What the action was about, by name (ids on hover only). */
function ActionSubject({ action: a }: { action: ActionResult }) {
  const name = a.organizationName;
  const text =
    a.kind === 'project'
      ? t('runs.actions.wholeProject')
      : a.kind === 'org'
        ? name
          ? t('runs.actions.orgUnchanged', { name })
          : t('runs.actions.anOrgUnchanged')
        : a.organizationId || name
          ? orgWithMembers(name, a.members)
          : (a.groupName ?? a.groupId ?? t('common.dash'));
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

/** "Organization Acme (3 members)", "An organization". */
function orgWithMembers(name: string | undefined, members: number | undefined): string {
  if (members)
    return name
      ? t('runs.actions.orgMembers', { name, count: members })
      : t('runs.actions.anOrgMembers', { count: members });
  return name ? t('runs.actions.organizationNamed', { name }) : t('runs.actions.anOrganization');
}

const panel = xcss({ paddingBlockStart: 'space.200', width: '100%' });
