// What the admin page shows of change-driven enforcement: how recently every project was
// verified, how far the sweep is, whether Jira's audit log can be read and shows the app's own
// changes, what waits for the next hourly run. A few KVS reads, no Jira call.
import { z } from 'zod';
import { getFullRunMark, listDirty, listScopeMarks } from '../../store/dirty-projects';
import { getAuditSignals, getSweepState, verifiedSince } from '../../store/sweep';
import { getSettings } from '../../store/settings';
import { sweepPeriodHours } from '../../domain/audit-trust';

export const EnforcementStateSchema = z.object({
  /** The sweep's period now: the setting, or its shortest while the log is not trusted. */
  sweepHours: z.number(),
  /** Every service project was verified at or after this time (a full run or a sweep cycle). */
  verifiedSince: z.string().optional(),
  /** Whole hours since then, rounded up: "every project verified in the last 19 h". */
  verifiedWithinHours: z.number().optional(),
  sweep: z.object({ position: z.number(), total: z.number() }).optional(),
  auditLog: z
    .object({
      readable: z.boolean(),
      checkedAt: z.string(),
      message: z.string().optional(),
      /** When the app made changes the log did not show: its signals are not trusted. */
      ownChangesMissingAt: z.string().optional(),
    })
    .optional(),
  /** Projects marked for the next hourly run, and rule changes not yet resolved to projects. */
  pending: z.object({ projects: z.number(), ruleChanges: z.number(), fullRun: z.boolean() }),
});
export type EnforcementState = z.infer<typeof EnforcementStateSchema>;

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
