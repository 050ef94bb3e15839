// The hourly watchdog: a run (a preview too) whose lease has not been renewed for longer than
// the lease lasts has stopped making progress: its queue events were lost, or kept failing until
// the queue gave up. It would show "running" for ever and, for a real run, hold the site until
// someone else's run took over. The watchdog ends it as failed, saying so in words an admin
// understands, and frees its lease in the same transaction, so the run can write nothing more.
import { count } from '../../domain/text';
import { log, logError } from '../../log';
import { appendAudit, type AuditInput, auditWrites } from '../../store/audit';
import { setValue } from '../../store/kv';
import { getLease, LEASE_TTL_MS, revokeLease } from '../../store/lease';
import { getPendingStart } from '../../store/pending-starts';
import {
  finalRecord,
  getRunHead,
  getRunListed,
  getRunPause,
  listBatchCheckpoints,
  listRunsPage,
  runKey,
  type RunRecord,
  withBatchTotals,
} from '../../store/runs';
import { Deadline } from '../queue/deadline';

/** Ends every stalled run among the kept history; never throws (the hourly run goes on). */
export async function runWatchdog(now = Date.now(), deadline = Deadline.fromRuntime()) {
  let ended = 0;
  try {
    // The history is short (the newest 60 runs, plus runs still running, which are never pruned).
    let cursor: string | undefined;
    do {
      const page = await listRunsPage(cursor);
      for (const run of page.items) {
        if (run.status !== 'running' || deadline.expired()) continue;
        if (await endIfStalled(run, now)) ended++;
      }
      cursor = page.nextCursor;
    } while (cursor && !deadline.expired());
  } catch (err) {
    logError('watchdog.failed', err, { ended });
  }
  return ended;
}

async function endIfStalled(run: RunRecord, now: number): Promise<boolean> {
  // A run the quota kept from starting has no context yet: its lease is kept with its request.
  const fence = (await getRunHead(run.id))?.fence ?? (await getPendingStart(run.id))?.fence;
  const lease = fence ? await getLease(fence.key) : undefined;
  const held = lease !== undefined && fence !== undefined && lease.token === fence.token;
  // Last sign of life: the lease's renewal while the run holds it, else when the run started.
  const lastProgress = held ? lease.renewedAt : Date.parse(run.createdAt);
  const idleMs = now - lastProgress;
  if (idleMs <= LEASE_TTL_MS) return false;
  // A run waiting for Jira's hourly quota is not stalled (its wait renews the lease too).
  const pause = await getRunPause(run.id);
  if (pause && pause.until > now) return false;

  const [parts, listed] = await Promise.all([listBatchCheckpoints(run.id), getRunListed(run.id)]);
  const totals = withBatchTotals(run, parts, listed?.total, listed);
  const what = run.dryRun ? 'preview' : 'run';
  const failed: RunRecord = {
    ...totals,
    status: 'failed',
    finishedAt: new Date(now).toISOString(),
    message:
      `The ${what} made no progress after ${new Date(lastProgress).toISOString()} (for more ` +
      `than ${LEASE_TTL_MS / 60_000} minutes): its queued work was lost or kept failing. ` +
      `${totals.progress.done} of ${count(totals.progress.total, 'project')} were done. ` +
      `The app marked it failed${run.dryRun ? '' : ' and freed the site for the next run'}; ` +
      (run.dryRun ? 'start the preview again.' : 'the next runs enforce what it did not reach.'),
  };
  const audit: AuditInput = {
    kind: 'run-failed',
    actor: 'app',
    runId: run.id,
    message: failed.message!,
  };
  if (held) {
    // Conditional on the lease as read: if the run renewed meanwhile, it is alive after all.
    const writes = [finalRecord(failed), ...auditWrites([audit])];
    if (!(await revokeLease(fence.key, lease, writes, now))) return false;
  } else {
    // Its lease is gone already (taken over, or it never took one): only the record is left.
    await setValue(runKey(run.id), failed);
    await appendAudit([audit]);
  }
  log.warn('watchdog.ended-run', { runId: run.id, dryRun: run.dryRun, idleMs });
  return true;
}
