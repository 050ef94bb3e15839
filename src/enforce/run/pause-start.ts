// A run that Jira's hourly quota (or the runs' budget for the hour) kept from starting is not
// failed: it is recorded as running, paused until the reset with the same words as a run paused
// midway ("Paused until 14:00 UTC: ..."), keeps its lease, and a queued `start` event (delayed
// until the reset, chained past Forge's 900 s) starts it then (resume-start.ts).
import type { JiraClient } from '../../jira/client';
import { log } from '../../log';
import type { Fence } from '../../store/lease';
import { fencedWrite } from '../../store/lease';
import { pendingStartWrite } from '../../store/pending-starts';
import { rememberProjectRun } from '../../store/project-runs';
import { runKey, type RunRecord } from '../../store/runs';
import { pushEvents } from '../queue/queue';
import { pauseIfSpent, payerOf, recordEventSpend } from '../quota/quota-budget';
import type { StartRunRequest } from './start-request';

/** Records the run as waiting for the reset and queues its start; `attempt` counts the waits. */
export async function pauseStart(
  run: RunRecord,
  req: StartRunRequest,
  fence: Fence,
  jira: JiraClient,
  attempt: number,
): Promise<void> {
  const { calls, points, quota } = jira.cost();
  await fencedWrite(fence, [
    // The schema keeps what was asked, not the chosen projects (chosen again when it starts).
    pendingStartWrite(run.id, { request: req, fence }),
    // The first wait writes the record; a later one keeps it (what the first start spent).
    ...(attempt === 1
      ? [{ key: runKey(run.id), value: { ...run, calls, points, ...(quota ? { quota } : {}) } }]
      : []),
  ]);
  const payer = payerOf(req);
  const delayMs = await pauseIfSpent(jira, fence, run.id, Date.now(), payer);
  const eventKey = attempt === 1 ? 'start' : `start:${attempt - 1}`;
  await recordEventSpend(jira, run.id, eventKey, Date.now(), payer);
  if (req.projectKey && !req.dryRun) await rememberProjectRun(req.projectKey, run.id);
  await pushEvents([{ kind: 'start', runId: run.id, attempt }], delayMs);
  log.info('run.start-paused', { attempt, waitMs: delayMs });
}
