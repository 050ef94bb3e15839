// A run is finished when listing is done and every batch has left its checkpoint. Whichever
// invocation sees that first writes the final record; doing it twice writes the same thing.
import { appendAudit } from '../store/audit';
import { releaseLock } from '../store/lock';
import { deleteRun, getRunRecord, listBatchCheckpoints, listRunsPage, putRunRecord, withBatchTotals } from '../store/runs';

/** How many runs the history keeps; older ones are dropped with everything they stored. */
export const RUNS_KEPT = 60;

export async function finalizeIfDone(runId: string): Promise<void> {
  const run = await getRunRecord(runId);
  if (!run || run.status !== 'running' || !run.listingDone) return;
  const batches = await listBatchCheckpoints(runId);
  if (batches.length < run.batches) return;

  const totals = withBatchTotals(run, batches);
  const failedBatches = batches.filter((b) => b.error);
  const status = totals.counts.errors > 0 || failedBatches.length > 0 ? 'partly-failed' : 'succeeded';
  const finished = {
    ...totals,
    status,
    progress: { done: totals.progress.done, total: totals.progress.done },
    finishedAt: new Date().toISOString(),
    message: summary(totals.counts, totals.dryRun, failedBatches.map((b) => b.error!)),
  } as const;
  await putRunRecord(finished);
  if (!run.dryRun) await releaseLock(runId);
  await appendAudit([{ kind: 'run-finished', actor: run.startedBy, runId, projectKey: run.projectKey, message: finished.message }]);
  await pruneOldRuns();
}

function summary(c: { adds: number; removals: number; skips: number; errors: number; drift: number }, dryRun: boolean, batchErrors: string[]): string {
  const verb = dryRun ? 'would add' : 'added';
  const parts = [`${c.adds} ${verb}`, `${c.removals} ${dryRun ? 'would remove' : 'removed'}`, `${c.skips} skipped`];
  if (c.drift) parts.push(`${c.drift} drift repaired`);
  if (c.errors) parts.push(`${c.errors} failed`);
  const extra = batchErrors.length ? ` ${batchErrors.length} batch(es) failed: ${batchErrors[0]}` : '';
  return parts.join(', ') + '.' + extra;
}

async function pruneOldRuns(): Promise<void> {
  let cursor: string | undefined;
  let seen = 0;
  const old: string[] = [];
  do {
    const page = await listRunsPage(cursor);
    for (const r of page.items) if (++seen > RUNS_KEPT && r.status !== 'running') old.push(r.id);
    cursor = page.nextCursor;
  } while (cursor);
  for (const id of old) await deleteRun(id);
}
