// Planning one JSM organization against the groups that rules keep in it. Pure: what to add,
// what to remove and what the ledger should forget. The app removes only members its ledger
// says it added (settled entries: Jira answered the app's add); members a person added by hand
// are never touched, nor are members whose add Jira never confirmed (pending entries).
import { z } from 'zod';

import { OrgSyncReasonSchema } from './org-probe';

/** A member this app added to an organization (key: organization + account). */
export const OrgLedgerEntrySchema = z.object({
  organizationId: z.string(),
  accountId: z.string(),
  ruleIds: z.array(z.string()),
  addedAt: z.string(),
  runId: z.string(),
  /**
   * Written just before the add is sent and cleared once Jira answered it with success for a
   * member absent at the read just before: until then the entry proves nothing (JSM adds are
   * idempotent, so a person may have added the member meanwhile) and the member is never removed.
   */
  pending: z.boolean().optional(),
});
export type OrgLedgerEntry = z.infer<typeof OrgLedgerEntrySchema>;

export const OrgMemberActionSchema = z.object({
  kind: z.enum(['add', 'remove']),
  accountId: z.string(),
  ruleIds: z.array(z.string()),
  /** Add only: the app had added this member before and someone removed them. */
  drift: z.boolean().optional(),
});
export type OrgMemberAction = z.infer<typeof OrgMemberActionSchema>;

/** The plan for one organization: counts and actions, shown before anything changes. */
export const OrgPlanSchema = z.object({
  organizationId: z.string().optional(),
  organizationName: z.string(),
  /** The organization does not exist yet: the run creates it. */
  create: z.boolean().optional(),
  actions: z.array(OrgMemberActionSchema),
  /** Members the app added whose group no longer holds them, kept because removal is off. */
  keptByRemovalSetting: z.number(),
  /** Members nobody asked the app for (added by a person): shown, never touched. */
  manualMembers: z.number(),
  /** Ledger entries of members no longer in the organization and no longer wanted. */
  forget: z.array(z.string()),
  /**
   * Pending entries (the app's add was never confirmed) whose member is in the organization now:
   * nothing proves the app added them, so they are a person's. The entries are dropped; the
   * members stay.
   */
  unproven: z.array(z.string()),
});
export type OrgPlan = z.infer<typeof OrgPlanSchema>;

/** One organization of a run, as kept with the run and shown: counts, not accounts. */
export const OrgPlanSummarySchema = z.object({
  organizationId: z.string().optional(),
  organizationName: z.string(),
  create: z.boolean().optional(),
  adds: z.number(),
  removals: z.number(),
  drift: z.number(),
  keptByRemovalSetting: z.number(),
  manualMembers: z.number(),
  /**
   * Members the app meant to add that were in the organization when it looked, without proof
   * that the app put them there (someone else added them): left as theirs, never removed.
   */
  leftAsTheirs: z.number().optional(),
  error: z.string().optional(),
  /** Hourly run: nothing changed since the last full sync (then), so no member was read. */
  unchangedSince: z.string().optional(),
  /** With unchangedSince: the routine check reads it in full at least this often (hours). */
  fullReadHours: z.number().optional(),
  /** Runs recorded before fullReadHours: the routine check's period, then its full-read period. */
  sweepHours: z.number().optional(),
  /** Hourly run: why the organization was synced in full. */
  syncedBecause: OrgSyncReasonSchema.optional(),
  /** The hour's points ran out before it was synced: the next hourly run goes on from here. */
  continuesNextHour: z.boolean().optional(),
  /** With continuesNextHour: the routine re-read, spread over hours, not the points running out. */
  spread: z.boolean().optional(),
});
export type OrgPlanSummary = z.infer<typeof OrgPlanSummarySchema>;

export interface OrgPlanInput {
  organizationId?: string;
  organizationName: string;
  /** accountId -> rules that want it (active members of the rules' groups). */
  wanted: ReadonlyMap<string, readonly string[]>;
  /** accountIds in the organization now */
  members: ReadonlySet<string>;
  ledger: readonly OrgLedgerEntry[];
  removeUnwanted: boolean;
}

export function planOrganization(input: OrgPlanInput): OrgPlan {
  // Only settled entries say the app added a member; a pending one says it tried.
  const owned = new Map(input.ledger.filter((e) => !e.pending).map((e) => [e.accountId, e]));
  const actions: OrgMemberAction[] = [];
  for (const [accountId, ruleIds] of input.wanted)
    if (!input.members.has(accountId))
      actions.push({
        kind: 'add',
        accountId,
        ruleIds: [...ruleIds],
        ...(owned.has(accountId) ? { drift: true } : {}),
      });
  let kept = 0;
  const forget: string[] = [];
  const unproven: string[] = [];
  for (const e of input.ledger) {
    const present = input.members.has(e.accountId);
    if (e.pending) {
      // Present: a person's (never removed). Absent and wanted: added again above, and owned
      // once Jira answers that add. Absent and unwanted: nothing to keep.
      if (present) unproven.push(e.accountId);
      else if (!input.wanted.has(e.accountId)) forget.push(e.accountId);
      continue;
    }
    if (input.wanted.has(e.accountId)) continue;
    if (!present) forget.push(e.accountId);
    else if (input.removeUnwanted)
      actions.push({ kind: 'remove', accountId: e.accountId, ruleIds: e.ruleIds });
    else kept++;
  }
  let manual = 0;
  for (const m of input.members) if (!owned.has(m) && !input.wanted.has(m)) manual++;
  return {
    ...(input.organizationId ? { organizationId: input.organizationId } : {}),
    organizationName: input.organizationName,
    ...(input.organizationId ? {} : { create: true }),
    actions,
    keptByRemovalSetting: kept,
    manualMembers: manual,
    forget,
    unproven,
  };
}

/** Splits into batches of at most `size` (Jira takes a list of accounts per call). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
