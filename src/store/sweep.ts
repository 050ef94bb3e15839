// The rolling sweep's state (its period included) and the audit log's checkpoint, written by
// the hourly run alone (it holds the site's lease), plus when a full run last verified every
// project and the sweep's last miss (written by a run's parts), and the names of the rules'
// groups as of the last read of the log. Small keys, so that what the admin page asks ("every
// project verified in the last 19 h") is one read.
import { z } from 'zod';

import { SweepMissSchema, SweepPeriodSchema } from '../domain/sweep-period';
import { getValue, setValue } from './kv';

export const SweepStateSchema = z.object({
  /**
   * Where the next slice starts in the service projects ordered by id, when the last slice
   * ended: projects deleted since move it back, so a slice finds its place by `lastId`.
   */
  cursor: z.number().int().min(0),
  /** The id of the last project the sweep verified: the next slice starts after it. */
  lastId: z.string().optional(),
  /** Before the sweep went by id: a cycle in progress then starts again from the first project. */
  lastKey: z.string().optional(),
  /** Service projects Jira counted when the sweep last listed. */
  total: z.number().int().min(0),
  /** When the current cycle (a pass over every project) began. */
  cycleStartedAt: z.string(),
  /** Projects of this cycle's slices so far that a run had verified since it began: not visited. */
  passedOver: z.number().int().min(0).optional(),
  /** When the last completed cycle began: every project was verified since then. */
  completedCycleStartedAt: z.string().optional(),
  /**
   * The cycle the last slice ended, not yet claimed: it is, once the run that visited that slice
   * has ended and no visit of the sweep is owed (one that failed is visited again next hour).
   */
  cycleEnded: z.object({ cycleStartedAt: z.string(), runId: z.string().optional() }).optional(),
  /** The adaptive period and why (domain/sweep-period.ts); absent before the first hourly run. */
  period: SweepPeriodSchema.optional(),
});
export type SweepState = z.infer<typeof SweepStateSchema>;

export const AuditSignalsSchema = z.object({
  /** Records created since then are still to read (re-reading is harmless). */
  checkpoint: z.string().optional(),
  /** Records near the checkpoint already handled: the next read's overlap skips them. */
  recent: z.array(z.number()).default([]),
  /** The app's own account: its writes in the log are not signals. */
  appAccountId: z.string().optional(),
  readable: z.boolean(),
  checkedAt: z.string(),
  /** Jira's refusal, when unreadable. */
  message: z.string().optional(),
  status: z.number().optional(),
  /**
   * The log did not show the app's own changes (audit-trust.ts): its signals are not trusted
   * until it shows them again.
   */
  ownChangesMissing: z.object({ writtenAt: z.string(), checkedAt: z.string() }).optional(),
});
export type AuditSignals = z.infer<typeof AuditSignalsSchema>;

const FullVerifiedSchema = z.object({ startedAt: z.string(), runId: z.string() });

const SWEEP_KEY = 'sweep:state';
const MISS_KEY = 'sweep:miss';
const AUDIT_KEY = 'sweep:audit';
const FULL_KEY = 'sweep:full';
const GROUP_NAMES_KEY = 'sweep:group-names';

/** Names kept for at most this many groups (well under a value's 240 KiB); the rest are unknown. */
export const KEPT_GROUP_NAMES = 500;
/** null: the group's name changed since it was read (domain/role-change-concern.ts KeptNames). */
const GroupNamesSchema = z.object({ names: z.record(z.string(), z.string().nullable()) });

export const getSweepState = () => getValue(SWEEP_KEY, SweepStateSchema);
export const putSweepState = (s: SweepState) => setValue(SWEEP_KEY, SweepStateSchema.parse(s));
/** The newest change the sweep found that no signal announced (one write per part that finds one). */
export const getSweepMiss = () => getValue(MISS_KEY, SweepMissSchema);
export const putSweepMiss = (m: z.infer<typeof SweepMissSchema>) =>
  setValue(MISS_KEY, SweepMissSchema.parse(m));
export const getAuditSignals = () => getValue(AUDIT_KEY, AuditSignalsSchema);
export const putAuditSignals = (s: AuditSignals) =>
  setValue(AUDIT_KEY, AuditSignalsSchema.parse(s));
export const getFullVerified = () => getValue(FULL_KEY, FullVerifiedSchema);
/** A full run that ended (any outcome but failure) verified every project it listed. */
export const putFullVerified = (v: z.infer<typeof FullVerifiedSchema>) => setValue(FULL_KEY, v);

/**
 * The name each rule's group (enabled or not) had at the last read of the audit log, by groupId:
 * what the hourly run knows of a group it did not read (a disabled rule's), or read after a
 * rename Jira recorded late.
 */
export const getKeptGroupNames = async () =>
  (await getValue(GROUP_NAMES_KEY, GroupNamesSchema))?.names ?? {};
export const putKeptGroupNames = (names: Record<string, string | null>) =>
  setValue(GROUP_NAMES_KEY, { names });

/** Since when every service project is known verified: a full run, or a completed sweep. */
export async function verifiedSince(): Promise<string | undefined> {
  const [sweep, full] = await Promise.all([getSweepState(), getFullVerified()]);
  const times = [sweep?.completedCycleStartedAt, full?.startedAt].filter(
    (t): t is string => t !== undefined,
  );
  return times.sort().at(-1);
}
