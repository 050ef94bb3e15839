// A run is finished when listing is done and every batch has left its checkpoint. Whichever
// invocation sees that first writes the final record; doing it twice writes the same thing.
import { count } from '../domain/text';
import { appendAudit } from '../store/audit';
import { releaseLock } from '../store/lock';
import {
  deleteRun,
  getBatchCheckpoint,
  getRunRecord,
  listBatchCheckpoints,
  listRunsPage,
  putRunRecord,
  withBatchTotals,
} from '../store/runs';

/** How many site runs, and how many project runs, the history keeps; older ones are dropped. */
export const RUNS_KEPT = 60;

export async function finalizeIfDone(runId: string): Promise<void> {
  const run = await getRunRecord(runId);
  if (!run || run.status !== 'running' || !run.listingDone) return;
  // Every batch calls this when it ends. Listing all checkpoints each time would cost O(B^2)
  // reads over a run of B batches (KVS answers 20 a page); the last batch pushed usually ends
  // last, so while its checkpoint is missing the run cannot be done: one read says so.
  if (run.batches > 0 && !(await getBatchCheckpoint(runId, run.batches - 1))) return;
  const batches = await listBatchCheckpoints(runId);
  if (batches.length < run.batches) return;

  const totals = withBatchTotals(run, batches);
  const failedBatches = batches.filter((b) => b.error);
  const status =
    totals.counts.errors > 0 || failedBatches.length > 0 ? 'partly-failed' : 'succeeded';
  const finished = {
    ...totals,
    status,
    progress: { done: totals.progress.done, total: totals.progress.done },
    finishedAt: new Date().toISOString(),
    message: summary(
      totals.counts,
      totals.dryRun,
      failedBatches.map((b) => b.error!),
    ),
  } as const;
  // Audit first, then the record, then the lock: if a write fails the consumer is retried and,
  // while the record still says running, finalizes again, so the audit entry is never lost (a
  // retry may write it twice). A lock left behind by a failed release is dropped by the retry.
  await appendAudit([
    {
      kind: 'run-finished',
      actor: run.startedBy,
      runId,
      projectKey: run.projectKey,
      message: finished.message,
    },
  ]);
  await putRunRecord(finished);
  if (!run.dryRun) await releaseLock(runId);
  await pruneOldRuns();
}

/**
 * A delivery for a run that is no longer running: if the run finished but releasing its lock
 * failed, the lock is still this run's; release it instead of leaving the site locked until it
 * expires. releaseLock only deletes a lock this run holds.
 */
export async function releaseIfFinished(run: {
  id: string;
  status: string;
  dryRun: boolean;
}): Promise<void> {
  if (run.status !== 'running' && !run.dryRun) await releaseLock(run.id);
}

function summary(
  c: { adds: number; removals: number; skips: number; errors: number; drift: number },
  dryRun: boolean,
  batchErrors: string[],
): string {
  const parts = [
    `${count(c.adds, 'group')} ${dryRun ? 'to add' : 'added'}`,
    `${c.removals} ${dryRun ? 'to remove' : 'removed'}`,
    `${c.skips} skipped`,
  ];
  if (c.drift) parts.push(`${c.drift} of them drift ${dryRun ? 'to repair' : 'repaired'}`);
  if (c.errors) parts.push(`${c.errors} failed`);
  const extra = batchErrors.length
    ? ` ${count(batchErrors.length, 'batch', 'batches')} of projects failed: ${batchErrors[0]}`
    : '';
  return parts.join(', ') + '.' + extra;
}

async function pruneOldRuns(): Promise<void> {
  let cursor: string | undefined;
  // Site runs and one-project runs are kept apart: project runs never push site runs out.
  const seen = { site: 0, project: 0 };
  const old: string[] = [];
  do {
    const page = await listRunsPage(cursor);
    for (const r of page.items)
      if (
        ++seen[r.trigger === 'project' ? 'project' : 'site'] > RUNS_KEPT &&
        r.status !== 'running'
      )
        old.push(r.id);
    cursor = page.nextCursor;
  } while (cursor);
  for (const id of old) await deleteRun(id);
}
