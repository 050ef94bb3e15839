// What every queue event of a run does around its work: find its run (still running) and
// context, claim the event for this delivery (a copy of it then does nothing:
// store/event-claims.ts), renew the run's lease, and stop quietly once the lease is lost.
import { errorMessage } from '../../domain/errors';
import { count } from '../../domain/text';
import { log, withLogContext } from '../../log';
import { claimEvent, type Delivery } from '../../store/event-claims';
import { LeaseLostError } from '../../store/lease';
import { getRunContext, getRunRecord, type RunContext, type RunRecord } from '../../store/runs';
import { endRunFailed } from '../run/fail-run';
import { LeaseKeeper } from './lease-keeper';
import { type BatchEvent, eventKey, type ListEvent, type OrgEvent } from './queue';

export interface EventScope {
  run: RunRecord;
  ctx: RunContext;
  lease: LeaseKeeper;
}

/** Forge delivers a failed event again up to 4 times: attempts 0 to 4. */
export const LAST_ATTEMPT = 4;

function describeEvent(ev: ListEvent | BatchEvent | OrgEvent, tries: number): string {
  if (ev.kind === 'org') return `keeping the rules' organizations in step ${tries} times`;
  return ev.kind === 'list'
    ? `listing the site's projects (page ${ev.index + 1}) ${tries} times`
    : `enforcing a batch of ${count(ev.projects.length, 'project')} ` +
        `(${ev.projects[0]?.key ?? ''}…) ${tries} times`;
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
      if (err instanceof LeaseLostError)
        return log.warn('lease.lost', { event: eventKey(ev), token: err.fence.token });
      // Forge retries a failed event; after its last try the work is lost: end the run now,
      // saying why, instead of leaving it "running" until the watchdog finds it.
      if (delivery.attempt < LAST_ATTEMPT) throw err;
      await endRunFailed(
        run,
        ctx.fence,
        describeEvent(ev, LAST_ATTEMPT + 1),
        errorMessage(err),
      ).catch((e: unknown) => {
        if (!(e instanceof LeaseLostError)) throw err;
      });
    }
  });
}
