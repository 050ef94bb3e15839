// What every queue event of a run does around its work: find its run (still running) and
// context, claim the event for this delivery (a copy of it then does nothing:
// store/event-claims.ts), renew the run's lease, and stop quietly once the lease is lost.
import { log, withLogContext } from '../log';
import { claimEvent, type Delivery } from '../store/event-claims';
import { LeaseLostError } from '../store/lease';
import { getRunContext, getRunRecord, type RunContext, type RunRecord } from '../store/runs';
import { LeaseKeeper } from './lease-keeper';
import { eventKey, type BatchEvent, type ListEvent, type OrgEvent } from './queue';

export interface EventScope {
  run: RunRecord;
  ctx: RunContext;
  lease: LeaseKeeper;
}

export function runEvent(
  ev: ListEvent | BatchEvent | OrgEvent,
  delivery: Delivery,
  work: (scope: EventScope) => Promise<void>,
): Promise<void> {
  return withLogContext({ runId: ev.runId }, async () => {
    const [run, ctx] = await Promise.all([getRunRecord(ev.runId), getRunContext(ev.runId)]);
    if (run?.status !== 'running' || !ctx) return;
    if (!(await claimEvent(run.id, eventKey(ev), delivery))) {
      log.info('event.duplicate', { event: eventKey(ev), eventId: delivery.eventId });
      return;
    }
    try {
      const lease = new LeaseKeeper(ctx.fence);
      await lease.renew();
      await work({ run, ctx, lease });
    } catch (err) {
      // Another run or the watchdog has the lease: this run must change nothing more.
      if (!(err instanceof LeaseLostError)) throw err;
      log.warn('lease.lost', { event: eventKey(ev), token: err.fence.token });
    }
  });
}
