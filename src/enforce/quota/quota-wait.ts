// One link of a chained delay: an event that must still wait (`waitSeconds`, a run paused
// until Jira's hourly quota resets) is pushed on, delayed again, without being claimed or
// worked on. Forge never delivers a delayed event early, so counting the delays down reaches
// the reset no sooner than it comes. Each link renews the run's lease (links are at most 900 s
// apart, the lease lasts 30 minutes): a paused run keeps the site, and the watchdog sees it alive.
import { log, withLogContext } from '../../log';
import { LeaseLostError } from '../../store/lease';
import { getPendingStart } from '../../store/pending-starts';
import { getRunHead, getRunRecord } from '../../store/runs';
import { LeaseKeeper } from '../queue/lease-keeper';
import {
  type BatchEvent,
  eventKey,
  type ListEvent,
  type OrgEvent,
  pushEvents,
  type StartEvent,
} from '../queue/queue';

export function waitOn(ev: ListEvent | BatchEvent | OrgEvent | StartEvent): Promise<void> {
  return withLogContext({ runId: ev.runId }, async () => {
    // A run that has not started yet (run/pause-start.ts) has no context: its fence is kept aside.
    const [run, fence] = await Promise.all([
      getRunRecord(ev.runId),
      ev.kind === 'start'
        ? getPendingStart(ev.runId).then((p) => p?.fence)
        : getRunHead(ev.runId).then((c) => c?.fence),
    ]);
    if (run?.status !== 'running' || !fence) return;
    try {
      await new LeaseKeeper(fence).renew();
    } catch (err) {
      if (!(err instanceof LeaseLostError)) throw err;
      log.warn('lease.lost', { event: eventKey(ev), token: err.fence.token });
      return;
    }
    const waitSeconds = ev.waitSeconds ?? 0;
    await pushEvents([ev], waitSeconds * 1000);
    log.info('run.waiting', { event: eventKey(ev), waitSeconds });
  });
}
