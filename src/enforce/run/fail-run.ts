// A run that fails after it started ends at once, saying why: its record is marked failed and an
// audit entry (`run-failed`) gives the reason and what to do, in the same transaction that gives
// its lease up, so a run that another run or the watchdog ended already is left alone.
import { count } from '../../domain/text';
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
  const message =
    `The ${run.dryRun ? 'preview' : 'run'} stopped: ${what} failed (${reason}). ` +
    `${totals.progress.done} of ${count(totals.progress.total, 'project')} were done. ` +
    (run.dryRun
      ? 'Start the preview again later.'
      : 'The next hourly run enforces what it did not reach.') +
    ' If this happens again, open Health to check the app can still reach Jira.';
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
        message,
      },
    ]),
  ]);
  log.warn('run.failed', { runId: run.id, projects: totals.progress.done });
}
