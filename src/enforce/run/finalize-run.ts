// A run is finished when listing is done and every batch has a final part. Whichever
// invocation sees that first ends it: the final record, the run-finished audit entry and the
// release of the run's lease are one transaction conditional on the run's token, so a run ends
// exactly once, and never after the watchdog or another run has taken its lease.
import { sentence } from '../../domain/audit-sentences';
import { count } from '../../domain/text';
import { log } from '../../log';
import { auditWrites } from '../../store/audit';
import { clearMarksBefore, deleteScopeMark } from '../../store/dirty-projects';
import { endLease, type Fence, LeaseLostError } from '../../store/lease';
import { getOrgSync } from '../../store/org-runs';
import {
  type BatchCheckpoint,
  deleteRun,
  finalRecord,
  getRunHead,
  getRunListed,
  getRunRecord,
  isFinalPart,
  listBatchCheckpoints,
  listRunsPage,
  type RunRecord,
  withBatchTotals,
} from '../../store/runs';
import { putFullVerified } from '../../store/sweep';
import { withOrgTotals } from '../orgs/org-summary';

/** How many site runs, and how many project runs, the history keeps; older ones are dropped. */
export const RUNS_KEPT = 60;

export async function finalizeIfDone(runId: string, fence: Fence): Promise<void> {
  const [run, listed] = await Promise.all([getRunRecord(runId), getRunListed(runId)]);
  if (run?.status !== 'running' || !listed?.done) return;
  // Every part calls this when it ends. Listing all checkpoints each time would cost O(B^2)
  // reads over a run of B batches (KVS answers 20 a page); the last batch pushed usually ends
  // last, so while it has no final part the run cannot be done: one read says so.
  if (
    listed.batches > 0 &&
    !(await listBatchCheckpoints(runId, listed.batches - 1)).some(isFinalPart)
  )
    return;
  const parts = await listBatchCheckpoints(runId);
  if (parts.filter(isFinalPart).length < listed.batches) return;
  // The run's organization sync (org-sync.ts), if it has one, must be done too.
  const orgs = await getOrgSync(runId);
  if (orgs && !orgs.done) return;

  const finished = finishedRun(
    withOrgTotals(withBatchTotals(run, parts, listed.total, listed), orgs),
    parts,
  );
  const audit = auditWrites([
    {
      kind: 'run-finished',
      actor: run.startedBy,
      runId,
      projectKey: run.projectKey,
      message: finished.message!,
      sentence: sentence('runFinished', {
        ...definedCounts(finished.counts),
        dryRun: finished.dryRun ? 1 : 0,
      }),
    },
  ]);
  try {
    await endLease(fence, [finalRecord(finished), ...audit]);
  } catch (err) {
    // Another invocation ended the run first, or the run lost its lease: nothing to do here.
    if (err instanceof LeaseLostError) return;
    throw err;
  }
  await noteFullVerification(finished);
  await answerRuleChanges(finished, parts);
  log.info('run.finished', {
    runId,
    status: finished.status,
    projects: finished.progress.done,
    ...finished.counts,
  });
  await pruneOldRuns();
}

/** The run's counts that are set, as an audit sentence's values. */
function definedCounts(counts: RunRecord['counts']): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

function finishedRun(totals: RunRecord, parts: BatchCheckpoint[]): RunRecord {
  const failedParts = parts.filter((b) => b.error);
  return {
    ...totals,
    status: totals.counts.errors > 0 || failedParts.length > 0 ? 'partly-failed' : 'succeeded',
    progress: { done: totals.progress.done, total: totals.progress.done },
    finishedAt: new Date().toISOString(),
    message: summary(
      totals.counts,
      totals.dryRun,
      failedParts.map((b) => b.error!),
    ),
  };
}

function summary(c: RunRecord['counts'], dryRun: boolean, batchErrors: string[]): string {
  const parts = [
    `${count(c.adds, 'group')} ${dryRun ? 'to add' : 'added'}`,
    `${c.removals} ${dryRun ? 'to remove' : 'removed'}`,
    `${c.skips} skipped`,
  ];
  if (c.leftOut) parts.push(`${c.leftOut} left out (not in the preview, or changed since it)`);
  if (c.drift) parts.push(`${c.drift} of them drift ${dryRun ? 'to repair' : 'repaired'}`);
  if (c.orgAdds || c.orgRemovals)
    parts.push(
      `${count(c.orgAdds ?? 0, 'organization member')} ${dryRun ? 'to add' : 'added'}, ` +
        `${c.orgRemovals ?? 0} ${dryRun ? 'to remove' : 'removed'}`,
    );
  if (c.errors)
    parts.push(
      `${c.errors} failed` +
        (c.failedReads
          ? ` (${c.failedReads} of them could not be read, so nothing changed there)`
          : ''),
    );
  // Jira's quota charges 2 points per member read (group and organization members).
  if (c.memberReads)
    parts.push(`${count(c.memberReads, 'member')} read (${2 * c.memberReads} points)`);
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

/**
 * A change-driven run whose every batch ended visited every project its rule changes named (a
 * project that failed there kept a mark of its own): those changes are answered. A mark made
 * meanwhile has another key and stays.
 */
async function answerRuleChanges(run: RunRecord, parts: BatchCheckpoint[]): Promise<void> {
  if (run.status === 'failed' || parts.some((b) => b.error)) return;
  const ctx = await getRunHead(run.id);
  for (const key of ctx?.scopeMarks ?? []) await deleteScopeMark(key);
}

/**
 * A full run of the site that did not fail verified every project: the sweep's progress counts
 * from its start, and a full run asked for by a change is answered. A run of chosen projects (a
 * preview's apply, a retry of the failed ones) verified those only: it answers nothing else.
 */
async function noteFullVerification(run: RunRecord): Promise<void> {
  if (run.dryRun || run.projectKey || run.ruleId || run.status === 'failed') return;
  if (run.trigger !== 'scheduled' && run.trigger !== 'manual') return;
  const ctx = await getRunHead(run.id);
  if (!ctx || ctx.selectedAt || ctx.chosenProjects) return;
  const startedAt = run.startedAt ?? run.createdAt;
  await putFullVerified({ startedAt, runId: run.id });
  await clearMarksBefore(startedAt);
}
