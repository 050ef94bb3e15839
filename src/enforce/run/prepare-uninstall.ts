// "Prepare to uninstall" (Settings): stops every run from adding anything (the hourly runs are
// turned off, and no other run starts until they are turned back on), then removes what the app
// added with a normal run that wants nothing (start-run.ts, trigger `uninstall`): the app's
// ledgers say what that is, and the planner removes only what they prove the app made. The view
// says when it is safe to uninstall, or what is left and why. Asked again (Retry), it starts
// another removal run.
import { UserFacingError } from '../../domain/errors';
import type { ActionResult, Settings } from '../../domain/schemas';
import { settingsSavedWords } from '../../domain/settings-words';
import { isSafeToUninstall, leftBehind, type UninstallView } from '../../domain/uninstall';
import { JiraClient } from '../../jira/client';
import { log } from '../../log';
import { appendAudit } from '../../store/audit';
import { getRun, runActionsPage } from '../../store/runs';
import { getSettings, putSettings } from '../../store/settings';
import { clearUninstall, getUninstall, putUninstall } from '../../store/uninstall';
import { removalImpact } from '../rules/removal-impact';
import { uninstallSubset } from './run-subsets';
import { startRun } from './start-run';

/** Settings saves tried when another admin saves at the same moment. */
const SAVE_TRIES = 3;

export async function prepareUninstall(accountId: string): Promise<{ runId: string }> {
  const now = new Date().toISOString();
  const before = await getUninstall();
  // First: nothing adds any more (start-run.ts refuses other runs), whatever happens next.
  await putUninstall({ preparedAt: before?.preparedAt ?? now, preparedBy: accountId });
  const schedule = await scheduleOff();
  await appendAudit([
    {
      kind: 'uninstall-prepared',
      actor: accountId,
      message: before
        ? 'Removal of what the app added started again, before uninstalling.'
        : 'Prepared to uninstall: runs add nothing from now on (hourly runs turned off), and a run removes every group and organization member the app added. Turn “Run every hour” back on in Settings to undo.',
    },
    ...(schedule ? [{ kind: 'settings-saved' as const, actor: accountId, message: schedule }] : []),
  ]);
  const jira = new JiraClient({ maxTotalWaitMs: 5_000 });
  const run = await startRun(
    {
      trigger: 'uninstall',
      dryRun: false,
      startedBy: accountId,
      subset: await uninstallSubset(jira),
    },
    jira,
  );
  await putUninstall({
    preparedAt: before?.preparedAt ?? now,
    preparedBy: accountId,
    runId: run.id,
  });
  log.info('uninstall.prepared', { runId: run.id, again: !!before });
  return { runId: run.id };
}

/** Turns the hourly runs off; answers the audit's words for it, or undefined when already off. */
async function scheduleOff(): Promise<string | undefined> {
  for (let i = 0; i < SAVE_TRIES; i++) {
    const current = await getSettings();
    if (!current.scheduleEnabled) return undefined;
    const next: Settings = { ...current, scheduleEnabled: false };
    const result = await putSettings(next);
    if ('saved' in result) return settingsSavedWords(current, result.saved);
  }
  throw new UserFacingError(
    'The settings kept changing while the hourly runs were being turned off. Try again.',
    'conflict',
  );
}

/** Turning the hourly runs back on ends the preparation: runs add again. */
export async function endUninstallPreparation(): Promise<void> {
  if (await getUninstall()) await clearUninstall();
}

/** What the Settings page shows: prepared or not, the removal run, what is left, and why. */
export async function uninstallView(): Promise<UninstallView> {
  const prepared = await getUninstall();
  if (!prepared) return { running: false, left: [], notCounted: [], safe: false };
  const run = prepared.runId ? await getRun(prepared.runId) : undefined;
  const running =
    !!run && (run.status === 'running' || run.status === 'queued' || run.status === 'paused');
  const view = {
    prepared: {
      at: prepared.preparedAt,
      by: prepared.preparedBy,
      ...(prepared.runId ? { runId: prepared.runId } : {}),
    },
    ...(run ? { run } : {}),
    running,
    left: [] as UninstallView['left'],
    notCounted: [] as string[],
  };
  if (!running) {
    const [impact, failed] = await Promise.all([
      removalImpact({ kind: 'uninstall' }),
      run ? failedActions(run.id) : Promise.resolve([]),
    ]);
    view.left = leftBehind(impact, failed);
    view.notCounted = impact.orgsNotCounted;
  }
  return { ...view, safe: isSafeToUninstall(view) };
}

async function failedActions(runId: string): Promise<ActionResult[]> {
  const failed: ActionResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await runActionsPage(runId, cursor);
    failed.push(...page.items.filter((a) => !a.ok));
    cursor = page.nextCursor;
  } while (cursor);
  return failed;
}
