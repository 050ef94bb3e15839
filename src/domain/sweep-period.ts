// The rolling sweep's period, adapted to what it finds (DESIGN.md "Signals that check
// themselves"). The sweep exists for what the change signals miss, so its own findings are the
// evidence: while Jira's audit log shows the app's own changes and a whole cycle found no drift
// that no signal announced, the next cycle may take one step longer, up to 7 days; at the first
// miss, or when the log cannot be trusted, it returns to the shortest. An admin may pin it. Pure.
import { z } from 'zod';

import type { AuditSentence } from './audit-sentences';
import { sentence } from './audit-sentences';
import { SHORTEST_SWEEP_HOURS, signalsTrusted } from './audit-trust';
import { count } from './text';

/** The periods the sweep steps through, shortest first (6 hours to 7 days). */
export const SWEEP_STEPS_HOURS = [SHORTEST_SWEEP_HOURS, 12, 24, 48, 96, 168] as const;

/** Where an adaptive sweep starts: the period the app has always had. */
export const FIRST_SWEEP_HOURS = 24;

export const SweepPeriodSchema = z.object({
  hours: z.number().int().min(1),
  /** When it took this value: a cycle that began before then is no evidence for the next step. */
  since: z.string(),
  why: z.enum(['first', 'lengthened', 'missed', 'log-unreadable', 'own-changes-missing']),
  /** missed: the project where the sweep found what no signal announced. */
  projectKey: z.string().optional(),
});
export type SweepPeriod = z.infer<typeof SweepPeriodSchema>;

/** A visit of the sweep alone that changed something: a change no signal announced. */
export const SweepMissSchema = z.object({
  at: z.string(),
  projectKey: z.string(),
  runId: z.string(),
});
export type SweepMiss = z.infer<typeof SweepMissSchema>;

export interface PeriodEvidence {
  now: Date;
  /** The audit log's last read (absent: never read, nothing against it). */
  audit?: { readable: boolean; ownChangesMissing?: unknown };
  /** The newest miss the sweep recorded. */
  miss?: SweepMiss;
  /** This hour's slice ended a cycle that began then. */
  cycleCompletedFrom?: string;
}

/**
 * The adaptive period after this hour's evidence: back to the shortest on a miss or a log that
 * cannot be trusted (unless already there for that reason), one step longer after a whole cycle
 * at the current period with neither, else as it was.
 */
export function nextSweepPeriod(previous: SweepPeriod | undefined, e: PeriodEvidence): SweepPeriod {
  const at = e.now.toISOString();
  const current = previous ?? { hours: FIRST_SWEEP_HOURS, since: at, why: 'first' as const };
  const shortest = (why: SweepPeriod['why'], projectKey?: string): SweepPeriod =>
    current.hours === SHORTEST_SWEEP_HOURS && current.why === why
      ? current
      : { hours: SHORTEST_SWEEP_HOURS, since: at, why, ...(projectKey ? { projectKey } : {}) };
  if (e.audit && !e.audit.readable) return shortest('log-unreadable');
  if (!signalsTrusted(e.audit)) return shortest('own-changes-missing');
  if (e.miss && e.miss.at >= current.since) return shortest('missed', e.miss.projectKey);
  if (e.cycleCompletedFrom === undefined || e.cycleCompletedFrom < current.since) return current;
  const longer = SWEEP_STEPS_HOURS.find((h) => h > current.hours);
  return longer === undefined ? current : { hours: longer, since: at, why: 'lengthened' };
}

/** The period in force: the pinned one (at most the shortest while the log is not trusted). */
export function periodInForce(
  settings: { sweepPinned: boolean; sweepHours: number },
  adaptive: SweepPeriod | undefined,
  audit?: { readable: boolean; ownChangesMissing?: unknown },
): number {
  if (!settings.sweepPinned) return adaptive?.hours ?? FIRST_SWEEP_HOURS;
  return signalsTrusted(audit)
    ? settings.sweepHours
    : Math.min(settings.sweepHours, SHORTEST_SWEEP_HOURS);
}

/**
 * Why the period is what it is, for the admin page and the audit entry: in the page's words, the
 * sweep is the "routine check" and a change no signal announced one "the app had not noticed".
 */
export function periodReason(p: SweepPeriod): string {
  const every = `every ${hoursText(p.hours)}`;
  const back = `The routine check went back to verifying every project ${every}`;
  const until =
    'it lengthens again after a whole cycle in which the log shows the app’s own changes and the routine check finds no change the app had not noticed.';
  switch (p.why) {
    case 'first':
      return `The routine check verifies every project ${every}; it lengthens while it finds no change the app had not noticed.`;
    case 'lengthened':
      return `The routine check verifies every project ${every}: its last cycle found no change the app had not noticed, and Jira's audit log showed the app's own changes.`;
    case 'missed':
      return `${back}: it found a change in ${p.projectKey ?? 'a project'} that the app had not noticed; ${until}`;
    case 'log-unreadable':
      return `${back}: Jira's audit log could not be read, so only the routine check finds what people change; ${until}`;
    case 'own-changes-missing':
      return `${back}: Jira's audit log did not show the app's own changes, so the app does not rely on it to notice changes; ${until}`;
  }
}

/** The same as a code and values, for the page to word. */
export function periodAuditSentence(p: SweepPeriod): AuditSentence {
  const code = {
    first: 'sweepFirst',
    lengthened: 'sweepLengthened',
    missed: p.projectKey ? 'sweepMissed' : 'sweepMissedSomewhere',
    'log-unreadable': 'sweepLogUnreadable',
    'own-changes-missing': 'sweepOwnChangesMissing',
  } as const;
  return sentence(code[p.why], {
    hours: p.hours,
    ...(p.projectKey ? { project: p.projectKey } : {}),
  });
}

/** "6 hours", "2 days", "7 days". */
export function hoursText(hours: number): string {
  return hours % 24 === 0 ? count(hours / 24, 'day') : count(hours, 'hour');
}
