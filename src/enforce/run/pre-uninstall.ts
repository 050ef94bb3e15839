// Forge's preUninstall trigger: the app is being uninstalled (no user, about 55 s, and the
// uninstall goes on whatever this does). It does not try to take bindings out (Settings'
// "Prepare to uninstall" does that, with a run an admin can watch): it ends every run still
// going, cancelled, with its lease released, so no queued part of it writes to Jira again, and
// logs what the app leaves behind in Jira, in counts only (no names, no ids).
import { count } from '../../domain/text';
import { log, logError } from '../../log';
import { endLease, LeaseLostError } from '../../store/lease';
import { allLedgerEntries } from '../../store/ledger';
import { getOrgIndex, getOrgLedger } from '../../store/org-ledger';
import { getPendingStart } from '../../store/pending-starts';
import { listSavedRules } from '../../store/rules';
import {
  finalRecord,
  getRunHead,
  getRunListed,
  listBatchCheckpoints,
  listRunsPage,
  type RunRecord,
  withBatchTotals,
} from '../../store/runs';

export async function preUninstall(): Promise<void> {
  const cancelled = await cancelRuns().catch((err: unknown) => {
    logError('uninstall.cancel-failed', err);
    return 0;
  });
  const [bindings, orgMembers, rules] = await Promise.all([
    countBindings(),
    countOrgMembers(),
    listSavedRules().then((r) => r.length),
  ]);
  // What stays in Jira: the app's storage goes with the app, so nothing will know these again.
  log.info('uninstall.left-behind', { bindings, orgMembers, rules, cancelled });
}

/** Ends every run still going, cancelled; answers how many. */
async function cancelRuns(): Promise<number> {
  let cancelled = 0;
  let cursor: string | undefined;
  do {
    const page = await listRunsPage(cursor);
    for (const run of page.items)
      if (run.status === 'running' || run.status === 'queued') if (await cancel(run)) cancelled++;
    cursor = page.nextCursor;
  } while (cursor);
  return cancelled;
}

/** Ends the run and releases its lease in one write: false when it had ended meanwhile. */
async function cancel(run: RunRecord): Promise<boolean> {
  // A run waiting for Jira's quota to start has no context yet: its lease is kept with its request.
  const fence = (await getRunHead(run.id))?.fence ?? (await getPendingStart(run.id))?.fence;
  if (!fence) return false;
  const [parts, listed] = await Promise.all([listBatchCheckpoints(run.id), getRunListed(run.id)]);
  const totals = withBatchTotals(run, parts, listed?.total, listed);
  const cancelledRun: RunRecord = {
    ...totals,
    status: 'failed',
    finishedAt: new Date().toISOString(),
    message: `Cancelled: the app is being uninstalled. ${totals.progress.done} of ${count(totals.progress.total, 'project')} were done.`,
  };
  try {
    await endLease(fence, [finalRecord(cancelledRun)]);
  } catch (err) {
    if (err instanceof LeaseLostError) return false;
    throw err;
  }
  log.info('uninstall.run-cancelled', { runId: run.id, dryRun: run.dryRun });
  return true;
}

async function countBindings(): Promise<number> {
  let n = 0;
  for await (const _ of allLedgerEntries()) n++;
  return n;
}

async function countOrgMembers(): Promise<number> {
  let n = 0;
  for (const org of await getOrgIndex())
    n += (await getOrgLedger(org.id)).filter((e) => !e.pending).length;
  return n;
}
