// The scheduled enforcement is never lost: Forge does not retry a scheduled trigger,
// so when another site run holds the site at the top of the hour, the hourly queues a retry (a
// delayed event) and tries again every few minutes until a run covering every project started
// after it, or the next hour is close (that hour's run takes over). A project run never holds the
// site (it has a project lease), so it never makes the schedule wait at all.
import { UserFacingError } from '../../domain/errors';
import { hourlySkipped } from '../../domain/run-failure-words';
import { triggerClient } from '../../jira/client';
import { log } from '../../log';
import { appendAudit } from '../../store/audit';
import { listRunsPage } from '../../store/runs';
import { pushEvents, type RetryScheduledEvent } from '../queue/queue';
import { startRun } from './start-run';

/** Between tries: a site run usually ends within minutes. */
export const RETRY_EVERY_MS = 5 * 60_000;
/** Tries stop this long after the skipped hour began: the next hour's run is near. */
const RETRY_WINDOW_MS = 50 * 60_000;
/** Runs that enforce every project: one of them started after the skip does its work. */
const WHOLE_SITE_TRIGGERS = new Set(['scheduled', 'manual']);

/** Starts the scheduled run; when the site is busy, queues a retry instead of losing it. */
export async function startScheduledRun(
  retry?: RetryScheduledEvent,
  now = new Date(),
  jira = triggerClient(),
): Promise<void> {
  const skippedAt = retry ? Date.parse(retry.skippedAt) : now.getTime();
  if (retry && (await coveredSince(skippedAt)))
    return log.info('run.retry-done', { reason: 'covered', attempt: retry.attempt });
  try {
    await startRun({ trigger: 'scheduled', dryRun: false, startedBy: 'app' }, jira);
    if (retry) log.info('run.retry-started', { attempt: retry.attempt });
  } catch (err) {
    if (!(err instanceof UserFacingError && err.code === 'conflict')) throw err;
    const attempt = (retry?.attempt ?? 0) + 1;
    const giveUp = now.getTime() + RETRY_EVERY_MS > skippedAt + RETRY_WINDOW_MS;
    log.info('run.skipped', { reason: 'conflict', attempt, retry: !giveUp });
    // One entry when the hour is first refused and one when the tries end, none in between.
    if (!retry || giveUp)
      await appendAudit([
        {
          kind: 'run-skipped',
          actor: 'app',
          ...hourlySkipped(err.message, attempt, giveUp, RETRY_EVERY_MS / 60_000),
        },
      ]);
    if (giveUp) return;
    await pushEvents(
      [
        {
          kind: 'retry-scheduled',
          runId: `scheduled-retry-${skippedAt}`,
          skippedAt: new Date(skippedAt).toISOString(),
          attempt,
        },
      ],
      RETRY_EVERY_MS,
    );
  }
}

/**
 * Whether a run that enforces every project started after the skip and did not fail (or a copy
 * of this retry started it): then nothing is lost and no further try is needed. Such a run is
 * among the newest records (one page).
 */
async function coveredSince(skippedAt: number): Promise<boolean> {
  const { items } = await listRunsPage();
  return items.some(
    (r) =>
      WHOLE_SITE_TRIGGERS.has(r.trigger) &&
      !r.dryRun &&
      !r.projectKey &&
      r.status !== 'failed' &&
      Date.parse(r.createdAt) >= skippedAt,
  );
}
