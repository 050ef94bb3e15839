// The time an invocation has left, read from the Forge runtime (getAppContext's
// invocationRemainingTimeInMillis, i.e. lambdaContext.getRemainingTimeInMillis), never assumed.
// Work stops starting once less than a reserve is left (a quarter of the invocation's time,
// between 1 s and 2 min), so what has started can finish and be recorded before the platform
// would stop the invocation; the Jira client does not sleep into the last half of that reserve.
import { getAppContext } from '@forge/api';

const RESERVE_SHARE = 0.25;
const MIN_RESERVE_MS = 1_000;
const MAX_RESERVE_MS = 120_000;

export class Deadline {
  /** Past this much time left, no new project starts. */
  readonly reserveMs: number;
  /** The longest wait a call wanted and could not afford: the next invocation waits it out. */
  private refusedWaitMs = 0;

  constructor(private readonly remaining: () => number) {
    const limit = remaining();
    this.reserveMs = Math.min(MAX_RESERVE_MS, Math.max(MIN_RESERVE_MS, limit * RESERVE_SHARE));
  }

  /** The current invocation's deadline; none (never expires) outside a Forge invocation. */
  static fromRuntime(): Deadline {
    let remaining: () => number = () => Number.POSITIVE_INFINITY;
    try {
      const ctx = getAppContext();
      remaining = () => ctx.invocationRemainingTimeInMillis();
      remaining();
    } catch {
      remaining = () => Number.POSITIVE_INFINITY;
    }
    return new Deadline(remaining);
  }

  remainingMs(): number {
    return this.remaining();
  }

  /** True once no new work should start: time is short, or Jira asked for a longer wait. */
  expired(): boolean {
    return this.refusedWaitMs > 0 || this.remaining() < this.reserveMs;
  }

  /** Whether a retry may sleep `waitMs` and still wake with half the reserve left. */
  maySleep(waitMs: number): boolean {
    const ok = this.remaining() - waitMs > this.reserveMs / 2;
    if (!ok) this.refusedWaitMs = Math.max(this.refusedWaitMs, waitMs);
    return ok;
  }

  /** How long the work handed on should wait before it starts (0: at once). */
  handOnDelayMs(): number {
    return this.refusedWaitMs;
  }
}
