// A run that fails after it started ends at once, saying why: its record is marked failed and an
// audit entry (`run-failed`) gives the reason and what to do, in the same transaction that gives
// its lease up, so a run that another run or the watchdog ended already is left alone.
import { stoppedByFailure } from '../../domain/run-failure-words';
import { log } from '../../log';
import { auditWrites } from '../../store/audit';
import { endLease, type Fence } from '../../store/lease';
import {
  finalRecord,
  getRunListed,
  listBatchCheckpoints,
  type RunRecord,
  withBatchTotals,
} from '../../store/runs';

/** Ends `run` as failed because `what` failed with `reason`; throws LeaseLostError if ended. */
export async function endRunFailed(
  run: RunRecord,
  fence: Fence,
  what: string,
  reason: string,
): Promise<void> {
  const [parts, listed] = await Promise.all([listBatchCheckpoints(run.id), getRunListed(run.id)]);
  const totals = withBatchTotals(run, parts, listed?.total);
  const said = stoppedByFailure(
    run.dryRun,
    what,
    reason,
    totals.progress.done,
    totals.progress.total,
  );
  const { message } = said;
  const failed: RunRecord = {
    ...totals,
    status: 'failed',
    finishedAt: new Date().toISOString(),
    message,
  };
  await endLease(fence, [
    finalRecord(failed),
    ...auditWrites([
      {
        kind: 'run-failed',
        actor: run.startedBy,
        runId: run.id,
        projectKey: run.projectKey,
        ...said,
      },
    ]),
  ]);
  log.warn('run.failed', { runId: run.id, projects: totals.progress.done });
}
