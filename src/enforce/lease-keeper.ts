// Keeps a run's lease while an invocation works: renewed when the invocation starts and again
// whenever the last renewal is older than RENEW_EVERY_MS, so the lease never lapses under work
// and the watchdog sees progress. Throws LeaseLostError once another run or the watchdog has it.
import { renewLease, RENEW_EVERY_MS, type Fence } from '../store/lease';

export class LeaseKeeper {
  private last = 0;
  private pending: Promise<void> | undefined;

  constructor(
    readonly fence: Fence,
    private readonly now: () => number = Date.now,
  ) {}

  async renew(): Promise<void> {
    const at = this.now();
    await renewLease(this.fence, at);
    this.last = at;
  }

  /** Concurrent callers (projects worked on at once) share one renewal. */
  renewIfDue(): Promise<void> {
    if (this.now() - this.last < RENEW_EVERY_MS) return Promise.resolve();
    this.pending ??= this.renew().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }
}
