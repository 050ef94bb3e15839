// Runs: "Run now", the running run's progress, the history with a chart, and each run's detail.
// Its history table is in ./runs/RunsTable.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';

import { asResolverError, call, type ResolverError } from '../../../shared/api';
import type { Run } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { PagedView, usePaged } from '../../../shared/paged';
import { isRunActive } from '../../../shared/RunStatusLozenge';
import { Empty, ErrorMessageBox } from '../../../shared/states';
import { RemovalConfirmDialog } from '../components/RemovalConfirmDialog';
import { RunChart } from '../components/RunChart';
import { RunDetail } from '../components/RunDetail';
import { SweepProgress } from '../components/SweepProgress';
import { RunsTable } from './runs/RunsTable';

export default function RunsView({
  openRunId,
  onOpenRun,
  onPreview,
}: {
  openRunId?: string;
  onOpenRun: (runId: string | undefined) => void;
  /** Opens the Preview tab. */
  onPreview: () => void;
}) {
  const runs = usePaged<Run>((cursor) => call('listRuns', cursor ? { cursor } : {}), []);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ResolverError>();
  /** Run now waits for the admin to see what the run removes. */
  const [confirming, setConfirming] = useState(false);

  async function runNow() {
    setStarting(true);
    setStartError(undefined);
    try {
      const { runId } = await call('startRun', { dryRun: false });
      onOpenRun(runId);
    } catch (err) {
      setStartError(asResolverError(err));
    } finally {
      setStarting(false);
    }
  }

  if (openRunId) {
    return (
      <RunDetail
        // Another run (a retry) starts from its own tabs and filters.
        key={openRunId}
        runId={openRunId}
        onBack={() => {
          onOpenRun(undefined);
          runs.reload();
        }}
        onFinished={() => runs.reload()}
        onOpenRun={onOpenRun}
      />
    );
  }

  const someoneRunning = runs.items.some((r) => isRunActive(r) && !r.dryRun);

  return (
    <Stack space="space.200">
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          {t('runs.tab.title')}
        </Heading>
        <Inline space="space.100">
          <Button onClick={runs.reload} isDisabled={runs.loading}>
            {t('runs.tab.refresh')}
          </Button>
          <Button appearance="primary" onClick={() => setConfirming(true)} isLoading={starting}>
            {t('runs.tab.runNow')}
          </Button>
        </Inline>
      </Inline>
      <Text as="p" color="color.text.subtle">
        {t('runs.tab.intro')}
      </Text>
      <SweepProgress />
      {confirming ? (
        <RemovalConfirmDialog
          title={t('runs.tab.confirmTitle')}
          subject={t('runs.tab.subject')}
          change={{ kind: 'none' }}
          confirmLabel={t('runs.tab.runNow')}
          testId="run-now-dialog"
          before={<Text as="p">{t('runs.tab.confirmBefore')}</Text>}
          onPreview={() => {
            setConfirming(false);
            onPreview();
          }}
          onConfirm={async () => {
            setConfirming(false);
            await runNow();
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
      {startError ? (
        <ErrorMessageBox
          title={t('runs.tab.notStarted')}
          error={startError}
          onRetry={() => void runNow()}
          onReload={() => {
            setStartError(undefined);
            runs.reload();
          }}
        />
      ) : null}
      {someoneRunning ? (
        <SectionMessage appearance="information">
          <Text as="p">{t('runs.tab.inProgress')}</Text>
        </SectionMessage>
      ) : null}
      <PagedView
        paged={runs}
        loadingLabel={t('runs.tab.loading')}
        errorTitle={t('runs.tab.loadError')}
        empty={<Empty header={t('runs.tab.emptyTitle')} description={t('runs.tab.emptyText')} />}
        moreLabel={t('runs.tab.more')}
        moreErrorTitle={t('runs.tab.moreError')}
      >
        <RunChart runs={runs.items} />
        <RunsTable runs={runs.items} onOpenRun={onOpenRun} />
      </PagedView>
    </Stack>
  );
}
