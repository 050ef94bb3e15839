// The `start` event of a run that Jira's quota kept from starting (pause-start.ts): after the
// reset, the run starts as it would have, with the lease it kept (its token proves it was not
// ended meanwhile). Exactly once: the delivery claims `start:<attempt>` first. The quota spent
// again: it waits again. Another failure: Forge retries, and after its last try the run fails.
import { errorMessage } from '../../domain/errors';
import type { JiraClient } from '../../jira/client';
import { log, withLogContext } from '../../log';
import { claimEvent, type Delivery } from '../../store/event-claims';
import { LeaseLostError } from '../../store/lease';
import { getPendingStart, type PendingStart } from '../../store/pending-starts';
import { getRunRecord } from '../../store/runs';
import { LAST_ATTEMPT } from '../queue/event-gate';
import { LeaseKeeper } from '../queue/lease-keeper';
import { eventKey, type StartEvent } from '../queue/queue';
import { endRunFailed } from './fail-run';
import { pauseStart } from './pause-start';
import { failedSubset, previewSubset, uninstallSubset } from './run-subsets';
import type { StartRunRequest } from './start-request';
import { prepareRun } from './start-run';

export function resumeStart(ev: StartEvent, delivery: Delivery, jira: JiraClient): Promise<void> {
  return withLogContext({ runId: ev.runId }, async () => {
    const [run, pending] = await Promise.all([getRunRecord(ev.runId), getPendingStart(ev.runId)]);
    if (run?.status !== 'running' || !pending) return;
    if (!(await claimEvent(run.id, eventKey(ev), delivery)))
      return log.info('event.duplicate', { event: eventKey(ev), eventId: delivery.eventId });
    let req: StartRunRequest = pending.request;
    try {
      await new LeaseKeeper(pending.fence).renew();
      req = await requestOf(pending, jira);
      await prepareRun(run, req, pending.fence, jira, new Date(), ev.attempt);
      log.info('run.start-resumed', { attempt: ev.attempt });
    } catch (err) {
      if (err instanceof LeaseLostError)
        return log.warn('lease.lost', { event: eventKey(ev), token: err.fence.token });
      if (jira.quotaTracker.stopped())
        return pauseStart(run, req, pending.fence, jira, ev.attempt + 1);
      if (delivery.attempt < LAST_ATTEMPT) throw err;
      await endRunFailed(run, pending.fence, 'starting it', errorMessage(err)).catch(
        (e: unknown) => {
          if (!(e instanceof LeaseLostError)) throw err;
        },
      );
    }
  });
}

/** What was asked; a run of chosen projects chooses them again, from the same earlier run. */
async function requestOf(pending: PendingStart, jira: JiraClient): Promise<StartRunRequest> {
  const { request } = pending;
  if (request.appliesPreview)
    return { ...request, subset: await previewSubset(request.appliesPreview) };
  if (request.retryOf) return { ...request, subset: await failedSubset(request.retryOf) };
  if (request.trigger === 'uninstall') return { ...request, subset: await uninstallSubset(jira) };
  return request;
}
