// Runs: "Run now", the running run's progress, the history with a chart, and each run's detail.
// Its history table is in ./runs/RunsTable.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';

import { asResolverError, call, type ResolverError } from '../../../shared/api';
import type { Run } from '../../../shared/contract';
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
          Runs
        </Heading>
        <Inline space="space.100">
          <Button onClick={runs.reload} isDisabled={runs.loading}>
            Refresh
          </Button>
          <Button appearance="primary" onClick={() => setConfirming(true)} isLoading={starting}>
            Run now
          </Button>
        </Inline>
      </Inline>
      <Text as="p" color="color.text.subtle">
        A run applies every enabled rule to every service project. Runs happen every hour, when a
        project is created, and when you press Run now.
      </Text>
      <SweepProgress />
      {confirming ? (
        <RemovalConfirmDialog
          title="Run every rule now?"
          subject="This run"
          change={{ kind: 'none' }}
          confirmLabel="Run now"
          testId="run-now-dialog"
          before={
            <Text as="p">
              The run applies every enabled rule to every service project: it adds what the rules
              want and removes what the app added that no rule wants any more.
            </Text>
          }
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
          title="The run did not start"
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
          <Text as="p">A run is in progress. Open it to follow its progress.</Text>
        </SectionMessage>
      ) : null}
      <PagedView
        paged={runs}
        loadingLabel="Loading runs"
        errorTitle="The runs could not be loaded"
        empty={
          <Empty
            header="No runs yet"
            description="Press Run now to apply the rules, or preview the changes first."
          />
        }
        moreLabel="Load more runs"
        moreErrorTitle="More runs could not be loaded"
      >
        <RunChart runs={runs.items} />
        <RunsTable runs={runs.items} onOpenRun={onOpenRun} />
      </PagedView>
    </Stack>
  );
}
