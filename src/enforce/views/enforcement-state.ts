// What the admin page shows of change-driven enforcement: how recently every project was
// verified, how far the sweep is, whether Jira's audit log can be read and shows the app's own
// changes, what waits for the next hourly run. A few KVS reads, no Jira call.
import type { EnforcementState } from '../../domain/answers';
import {
  FIRST_SWEEP_HOURS,
  hoursText,
  periodInForce,
  periodReason,
  type SweepPeriod,
} from '../../domain/sweep-period';
import { getFullRunMark, listDirty, listScopeMarks } from '../../store/dirty-projects';
import { getSettings } from '../../store/settings';
import { getAuditSignals, getSweepMiss, getSweepState, verifiedSince } from '../../store/sweep';

/** Before the first hourly run chose a period. */
const FIRST_PERIOD: SweepPeriod = { hours: FIRST_SWEEP_HOURS, since: '', why: 'first' };

export async function enforcementState(now = new Date()): Promise<EnforcementState> {
  const [settings, since, sweep, audit, dirty, scopes, full, miss] = await Promise.all([
    getSettings(),
    verifiedSince(),
    getSweepState(),
    getAuditSignals(),
    listDirty(),
    listScopeMarks(),
    getFullRunMark(),
    getSweepMiss(),
  ]);
  const hours = since
    ? Math.max(1, Math.ceil((now.getTime() - Date.parse(since)) / 3_600_000))
    : undefined;
  const period = sweep?.period ?? FIRST_PERIOD;
  return {
    sweepHours: periodInForce(settings, sweep?.period, audit),
    sweepPeriod: {
      pinned: settings.sweepPinned,
      reason: settings.sweepPinned
        ? `Pinned in Settings: the routine check verifies every project every ${hoursText(settings.sweepHours)}.`
        : periodReason(period),
      ...(settings.sweepPinned
        ? { why: 'pinned' as const, hours: settings.sweepHours }
        : {
            why: period.why,
            hours: period.hours,
            ...(period.projectKey ? { projectKey: period.projectKey } : {}),
          }),
      ...(!settings.sweepPinned && sweep?.period ? { since: sweep.period.since } : {}),
      ...(miss ? { lastMiss: { at: miss.at, projectKey: miss.projectKey } } : {}),
    },
    ...(since ? { verifiedSince: since, verifiedWithinHours: hours } : {}),
    ...(sweep
      ? {
          sweep: {
            position: sweep.cursor,
            total: sweep.total,
            ...(sweep.passedOver ? { passedOver: sweep.passedOver } : {}),
          },
        }
      : {}),
    ...(audit
      ? {
          auditLog: {
            readable: audit.readable,
            checkedAt: audit.checkedAt,
            ...(audit.message ? { message: audit.message } : {}),
            ...(audit.ownChangesMissing
              ? { ownChangesMissingAt: audit.ownChangesMissing.writtenAt }
              : {}),
          },
        }
      : {}),
    pending: {
      projects: new Set(dirty.map((d) => d.ref)).size,
      ruleChanges: scopes.length,
      fullRun: full !== undefined,
    },
  };
}
