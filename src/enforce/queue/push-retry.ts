// Forge refuses pushes past 500 events a minute (RateLimitError). A run's pushes are few (a
// page of listing, a batch per 100 projects), and project runs are limited per project, so a
// refusal means other work filled the minute: wait for it to pass and push again, instead of
// losing the run's continuation.
import { RateLimitError } from '@forge/events';

import { log } from '../../log';

export interface PushRetry {
  /** Waits; tests pass a stand-in that records instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Total wait before giving up: within a consumer's time limit. */
  maxWaitMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function pushWithRetry<T>(push: () => Promise<T>, opts: PushRetry = {}): Promise<T> {
  const sleep = opts.sleep ?? realSleep;
  const maxWaitMs = opts.maxWaitMs ?? 70_000;
  let waited = 0;
  for (let pause = 5_000; ; pause = Math.min(pause * 2, 30_000)) {
    try {
      return await push();
    } catch (err) {
      if (!(err instanceof RateLimitError) || waited + pause > maxWaitMs) throw err;
      log.warn('queue.throttled', { waitMs: pause, waitedMs: waited });
      await sleep(pause);
      waited += pause;
    }
  }
}
