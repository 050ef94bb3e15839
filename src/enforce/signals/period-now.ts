// The sweep's period in force now, for everything that follows it (an organization's or Health's
// member re-read, what Health and the pages say of it): pinned in Settings or adaptive, as this
// hour's run recorded it, and at most the shortest while the audit log cannot be trusted.
import { sweepPeriodHours } from '../../domain/audit-trust';
import type { Settings } from '../../domain/schemas';
import { periodInForce } from '../../domain/sweep-period';
import { getAuditSignals, getSweepState } from '../../store/sweep';

export async function sweepPeriodNow(
  settings: Pick<Settings, 'sweepPinned' | 'sweepHours'>,
): Promise<number> {
  const [sweep, audit] = await Promise.all([getSweepState(), getAuditSignals()]);
  return sweepPeriodHours(periodInForce(settings, sweep?.period, audit), audit);
}
