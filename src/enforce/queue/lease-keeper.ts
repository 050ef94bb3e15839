// Keeps a lease while an invocation works: renewed when the invocation starts and again
// whenever the last renewal is older than its renewal period, so the lease never lapses under
// work and the watchdog sees progress. Throws LeaseLostError once another run or the watchdog
// has a run's lease, ProjectLeaseLostError once another run has a project's.
import type { Route } from '@forge/api';

import type { CallOptions, JiraClient } from '../../jira/client';
import {
  type Fence,
  getLease,
  LEASE_TTL_MS,
  leaseLost,
  RENEW_EVERY_MS,
  renewLease,
} from '../../store/lease';

export interface LeaseTiming {
  /** How long the lease holds after a renewal. */
  ttlMs: number;
  /** Renewed at least this often while its holder works. */
  renewEveryMs: number;
}

const RUN_LEASE: LeaseTiming = { ttlMs: LEASE_TTL_MS, renewEveryMs: RENEW_EVERY_MS };

export class LeaseKeeper {
  private pending: Promise<void> | undefined;

  constructor(
    readonly fence: Fence,
    private readonly now: () => number = Date.now,
    private readonly timing: LeaseTiming = RUN_LEASE,
    /** When the lease was last renewed (or taken), if the caller knows; else renewal is due. */
    private last = 0,
  ) {}

  async renew(): Promise<void> {
    const at = this.now();
    await renewLease(this.fence, at, this.timing.ttlMs);
    this.last = at;
  }

  /** Concurrent callers (projects worked on at once) share one renewal. */
  renewIfDue(): Promise<void> {
    if (this.now() - this.last < this.timing.renewEveryMs) return Promise.resolve();
    this.pending ??= this.renew().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * Before a change outside storage (a Jira write, which no token can fence): the lease, as
   * stored, is still this fence's (one read), and is renewed if its last renewal, wherever made,
   * is due. Throws the lease's loss otherwise, so the change is not made.
   */
  async confirm(): Promise<void> {
    const now = this.now();
    const stored = await getLease(this.fence.key);
    if (stored?.token !== this.fence.token) throw leaseLost(this.fence);
    if (now - stored.renewedAt >= this.timing.renewEveryMs || stored.expiresAt <= now)
      await this.renew();
  }
}

/**
 * The client one project is enforced with under its lease: every call keeps the lease renewed,
 * and every write first confirms it, so a holder that lost the project writes nothing more there.
 */
export function writesUnderLease(jira: JiraClient, keeper: LeaseKeeper): JiraClient {
  // The batch's client itself underneath (its limiter, quota and cost are shared): only
  // requestJira differs.
  const leased = Object.create(jira) as JiraClient;
  leased.requestJira = async <T>(r: Route, options: CallOptions): Promise<T | null> => {
    if ((options.method ?? 'GET').toUpperCase() === 'GET') await keeper.renewIfDue();
    else await keeper.confirm();
    return jira.requestJira<T>(r, options);
  };
  return leased;
}
