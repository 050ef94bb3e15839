// One project's part of a run that visited it: why it was visited and what Jira answered there.
// Written once per visited project when its plan is recorded, so the project settings page reads
// one key instead of scanning a run's pages, and never sees another project or the site's totals.
import { z } from 'zod';

import {
  type ActionResult,
  ActionResultSchema,
  type Project,
  type ProjectPlan,
  type Run,
  RunSchema,
  RunTriggerSchema,
  VisitReasonSchema,
} from './schemas';

/** A project has a handful of groups; the cap only bounds the stored value. */
const MAX_ACTIONS = 100;

/** A change or failure in the project, with the names known when it was made. */
export const VisitActionSchema = ActionResultSchema.pick({
  kind: true,
  groupId: true,
  groupName: true,
  roleName: true,
  organizationId: true,
  ok: true,
  error: true,
}).extend({ organizationName: z.string().optional() });
export type VisitAction = z.infer<typeof VisitActionSchema>;

export const ProjectVisitSchema = z.object({
  runId: z.string(),
  /** The project visited (a key may change hands); absent in records older than it. */
  projectId: z.string().optional(),
  trigger: RunTriggerSchema,
  /** When the run started, and when it had finished this project. */
  runCreatedAt: z.string(),
  checkedAt: z.string(),
  /** Why a change-driven run came here; absent: a run that checks every project it covers. */
  visit: z.array(VisitReasonSchema).optional(),
  /** This project's counts, from what Jira answered (a failed add is an error, not an add). */
  counts: RunSchema.shape.counts.pick({
    adds: true,
    removals: true,
    skips: true,
    errors: true,
    drift: true,
  }),
  /** Changes made and changes that failed here. */
  actions: z.array(VisitActionSchema).max(MAX_ACTIONS),
  /**
   * The run planned and applied every rule here, as the routine check does: not a one-rule
   * preview, a preview's apply (its approved changes only) or the removal before uninstalling.
   */
  complete: z.literal(true).optional(),
});
export type ProjectVisit = z.infer<typeof ProjectVisitSchema>;

/** The record of one project's part of a run, from its plans and action results. */
export function projectVisit(
  run: Pick<Run, 'id' | 'trigger' | 'createdAt'>,
  project: Pick<Project, 'id' | 'key' | 'visit'>,
  outcome: { plans: ProjectPlan[]; actions: ActionResult[]; counts: ProjectVisit['counts'] },
  checkedAt: string,
  complete: boolean,
): ProjectVisit {
  const orgNames = new Map(
    outcome.plans.flatMap((p) => p.orgLinks ?? []).map((o) => [o.organizationId, o.name]),
  );
  // Failures first, so that a cut list still says what went wrong.
  const actions = outcome.actions
    .filter((a) => a.projectKey === project.key)
    .sort((a, b) => Number(a.ok) - Number(b.ok))
    .slice(0, MAX_ACTIONS)
    .map((a) => {
      const organizationName = a.organizationId ? orgNames.get(a.organizationId) : undefined;
      return {
        kind: a.kind,
        ok: a.ok,
        ...(a.groupId ? { groupId: a.groupId } : {}),
        ...(a.groupName ? { groupName: a.groupName } : {}),
        ...(a.roleName ? { roleName: a.roleName } : {}),
        ...(a.organizationId ? { organizationId: a.organizationId } : {}),
        ...(organizationName ? { organizationName } : {}),
        ...(a.error ? { error: a.error } : {}),
      };
    });
  const { adds, removals, skips, errors, drift } = outcome.counts;
  return {
    runId: run.id,
    projectId: project.id,
    trigger: run.trigger,
    runCreatedAt: run.createdAt,
    checkedAt,
    ...(project.visit ? { visit: project.visit } : {}),
    counts: { adds, removals, skips, errors, drift },
    actions,
    ...(complete ? { complete: true as const } : {}),
  };
}

/**
 * Whether this visit verified the project since `since`, as a visit of the routine check would
 * have: a complete run (never a preview: those record no visit), nothing failed there, and the
 * run began after then, so the project was read after then (`checkedAt`, when it was done, may
 * follow a read made before). Not the run that began the cycle (`since` is its start): the last
 * slice of the cycle before is its own, and counted again would go unchecked for two periods.
 * When in doubt (an older record, another project under the key), it did not.
 */
export function verifiedSince(
  visit: ProjectVisit | undefined,
  project: Pick<Project, 'id'>,
  since: string,
): boolean {
  return (
    visit?.complete === true &&
    visit.projectId === project.id &&
    visit.counts.errors === 0 &&
    visit.actions.every((a) => a.ok) &&
    visit.runCreatedAt > since
  );
}
