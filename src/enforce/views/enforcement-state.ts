// What the admin page shows of change-driven enforcement: how recently every project was
// verified, how far the sweep is, whether Jira's audit log can be read and shows the app's own
// changes, what waits for the next hourly run. A few KVS reads, no Jira call.
import type { EnforcementState } from '../../domain/answers';
import { sweepPeriodHours } from '../../domain/audit-trust';
import { getFullRunMark, listDirty, listScopeMarks } from '../../store/dirty-projects';
import { getSettings } from '../../store/settings';
import { getAuditSignals, getSweepState, verifiedSince } from '../../store/sweep';

export async function enforcementState(now = new Date()): Promise<EnforcementState> {
  const [settings, since, sweep, audit, dirty, scopes, full] = await Promise.all([
    getSettings(),
    verifiedSince(),
    getSweepState(),
    getAuditSignals(),
    listDirty(),
    listScopeMarks(),
    getFullRunMark(),
  ]);
  const hours = since
    ? Math.max(1, Math.ceil((now.getTime() - Date.parse(since)) / 3_600_000))
    : undefined;
  return {
    sweepHours: sweepPeriodHours(settings.sweepHours, audit),
    ...(since ? { verifiedSince: since, verifiedWithinHours: hours } : {}),
    ...(sweep ? { sweep: { position: sweep.cursor, total: sweep.total } } : {}),
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
