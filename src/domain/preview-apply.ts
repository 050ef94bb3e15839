// Applying a preview: the run does what the preview showed and nothing else. The plan is made
// again from what Jira has now (level-based: never a stale write), then cut down to the
// previewed changes; a previewed change Jira no longer needs, or a new one the preview did not
// show, is reported as a skip instead of applied. Pure: no I/O.
import { z } from 'zod';

import type { PlanAction, PlanSkip, ProjectPlan } from './schemas';

/** One change a preview showed: the run that applies the preview may make only these. */
export const ApprovedChangeSchema = z.object({
  kind: z.enum(['add', 'remove']),
  roleId: z.string(),
  groupId: z.string(),
  groupName: z.string().optional(),
});
export type ApprovedChange = z.infer<typeof ApprovedChangeSchema>;

/** Skips of an applied preview's run that are changes it left out, not changes Jira refused. */
const LEFT_OUT: ReadonlySet<PlanSkip['code']> = new Set(['not-previewed', 'changed-since-preview']);
export const isLeftOut = (skip: Pick<PlanSkip, 'code'>): boolean => LEFT_OUT.has(skip.code);

/** Adds a project's skips to a run's counts: the left-out changes apart from the rest. */
export function countSkips(
  plans: ProjectPlan[],
  counts: { skips: number; leftOut?: number },
): void {
  for (const s of plans.flatMap((p) => p.skips))
    if (isLeftOut(s)) counts.leftOut = (counts.leftOut ?? 0) + 1;
    else counts.skips++;
}

const keyOf = (c: { kind: string; groupId: string }, roleId: string) =>
  `${c.kind}:${roleId}:${c.groupId}`;

/** The changes a preview's plans show for one project. */
export function approvedChanges(plans: ProjectPlan[]): ApprovedChange[] {
  return plans.flatMap((p) =>
    p.roleId
      ? p.actions.map((a) => ({
          kind: a.kind,
          roleId: p.roleId!,
          groupId: a.groupId,
          ...(a.groupName ? { groupName: a.groupName } : {}),
        }))
      : [],
  );
}

/** Keeps only the actions of one rule: a one-rule preview shows (and applies) that rule's changes. */
export function onlyRuleActions(plans: ProjectPlan[], ruleId: string): ProjectPlan[] {
  return plans.map((p) => ({ ...p, actions: p.actions.filter((a) => a.ruleIds.includes(ruleId)) }));
}

/**
 * Cuts fresh plans down to the approved changes. `inRole` says whether a group is in a role of
 * the project now, to tell "already there" from "no longer needed".
 */
export function restrictToApproved(
  plans: ProjectPlan[],
  approved: ApprovedChange[],
  inRole: (roleId: string, groupId: string) => boolean,
): ProjectPlan[] {
  const wanted = new Map(approved.map((c) => [keyOf(c, c.roleId), c]));
  const seen = new Set<string>();
  const out = plans.map((plan) => {
    const actions: PlanAction[] = [];
    const skips: PlanSkip[] = [...plan.skips];
    for (const a of plan.actions) {
      const key = plan.roleId ? keyOf(a, plan.roleId) : '';
      if (wanted.has(key)) {
        seen.add(key);
        actions.push(a);
      } else
        skips.push({
          code: 'not-previewed',
          groupId: a.groupId,
          ...(a.groupName ? { groupName: a.groupName } : {}),
          reason:
            `The preview did not show this ${a.kind === 'add' ? 'add' : 'removal'} of group ` +
            `${a.groupName ?? a.groupId}, so it was not applied; the next run or a new preview ` +
            'covers it.',
          say: {
            code: a.kind === 'add' ? 'not-previewed-add' : 'not-previewed-remove',
            values: { group: a.groupName ?? a.groupId },
          },
        });
    }
    return { ...plan, actions, skips };
  });
  for (const [key, c] of wanted) {
    if (seen.has(key)) continue;
    const plan = out.find((p) => p.roleId === c.roleId);
    const now = inRole(c.roleId, c.groupId);
    const group = c.groupName ?? c.groupId;
    const role = plan?.roleName ?? 'the role';
    const reason =
      c.kind === 'add'
        ? now
          ? `Group ${group} is already in ${role} now (added since the preview): nothing to add.`
          : `Group ${group} is no longer needed in ${role} (the rules or the group changed ` +
            'since the preview): not added.'
        : now
          ? `Group ${group} is no longer to be removed from ${role} (a rule wants it again, or ` +
            'the app no longer owns it): kept.'
          : `Group ${group} is already gone from ${role} now: nothing to remove.`;
    const code =
      c.kind === 'add'
        ? now
          ? 'already-added'
          : 'no-longer-needed'
        : now
          ? 'kept-since-preview'
          : 'already-removed';
    const skip: PlanSkip = {
      code: 'changed-since-preview',
      groupId: c.groupId,
      ...(c.groupName ? { groupName: c.groupName } : {}),
      reason,
      say: { code, values: { group, ...(plan ? { role: plan.roleName } : {}) } },
    };
    // A role no plan covers any more (its rule was deleted): the project's first plan says it.
    (plan ?? out[0])?.skips.push(skip);
  }
  return out;
}
