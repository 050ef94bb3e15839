// Re-checking a preview before it is applied: a project's plan made again from what Jira has now,
// compared with the changes the preview showed there. The apply makes the previewed changes that
// are still needed (restrictToApproved); this says, in words, what it will leave out and why, so the
// admin sees it before confirming. Pure: no I/O.
import { z } from 'zod';

import type { ApprovedChange } from './preview-apply';
import type { Project, ProjectPlan } from './schemas';

export const PreviewDifferenceSchema = z.object({
  projectKey: z.string(),
  projectName: z.string(),
  roleName: z.string(),
  kind: z.enum(['add', 'remove']),
  groupId: z.string(),
  groupName: z.string().optional(),
  /**
   * done: Jira already has what the change would make (someone made it by hand);
   * unneeded: the rules no longer want it; new: needed now, but the preview did not show it.
   */
  change: z.enum(['done', 'unneeded', 'new']),
  /** new adds: someone removed it since the app added it. */
  drift: z.boolean().optional(),
  /** What happens to it, in words: "…: it will not be added." */
  message: z.string(),
});
export type PreviewDifference = z.infer<typeof PreviewDifferenceSchema>;

export interface ProjectRecheck {
  /** Previewed changes Jira still needs here: the apply makes these. */
  stillNeeded: number;
  differences: PreviewDifference[];
}

const keyOf = (kind: string, roleId: string, groupId: string) => `${kind}:${roleId}:${groupId}`;

/**
 * Compares the fresh plans of a project with the changes the preview showed there. `focus`
 * keeps the new changes to those of the previewed rule (a one-rule preview never showed the
 * others' changes, and they did not change since). `inRole` says whether a group is in a role
 * now, to tell "already there" from "no longer wanted".
 */
export function compareWithPreview(
  project: Pick<Project, 'key' | 'name'>,
  approved: ApprovedChange[],
  plans: ProjectPlan[],
  inRole: (roleId: string, groupId: string) => boolean,
  focus?: string,
): ProjectRecheck {
  const where = (roleName: string) => `${roleName} of ${project.name} (${project.key})`;
  const base = { projectKey: project.key, projectName: project.name };
  const fresh = new Set(
    plans.flatMap((p) =>
      p.roleId ? p.actions.map((a) => keyOf(a.kind, p.roleId!, a.groupId)) : [],
    ),
  );
  const previewed = new Set(approved.map((c) => keyOf(c.kind, c.roleId, c.groupId)));
  const differences: PreviewDifference[] = [];
  let stillNeeded = 0;

  for (const c of approved) {
    if (fresh.has(keyOf(c.kind, c.roleId, c.groupId))) {
      stillNeeded++;
      continue;
    }
    const roleName = plans.find((p) => p.roleId === c.roleId)?.roleName ?? 'the customer role';
    const group = c.groupName ?? c.groupId;
    const there = inRole(c.roleId, c.groupId);
    const done = c.kind === 'add' ? there : !there;
    const message =
      c.kind === 'add'
        ? done
          ? `${group} is already in ${where(roleName)}: it will not be added.`
          : `${group} is no longer wanted in ${where(roleName)} (a rule or the group changed ` +
            'since the preview): it will not be added.'
        : done
          ? `${group} is already gone from ${where(roleName)}: nothing to remove.`
          : `${group} is wanted in ${where(roleName)} again (or the app no longer owns it): ` +
            'it will be kept.';
    differences.push({
      ...base,
      roleName,
      kind: c.kind,
      groupId: c.groupId,
      ...(c.groupName ? { groupName: c.groupName } : {}),
      change: done ? 'done' : 'unneeded',
      message,
    });
  }

  for (const plan of plans) {
    if (!plan.roleId) continue;
    for (const a of plan.actions) {
      if (previewed.has(keyOf(a.kind, plan.roleId, a.groupId))) continue;
      if (focus && !a.ruleIds.includes(focus)) continue;
      const group = a.groupName ?? a.groupId;
      const why = a.drift ? ' (someone removed it since the app added it)' : '';
      const message =
        a.kind === 'add'
          ? `${group} is now missing from ${where(plan.roleName)}${why}; the preview did not ` +
            'show adding it, so Apply leaves it out. Preview again to include it.'
          : `${group} is now to be removed from ${where(plan.roleName)}; the preview did not ` +
            'show it, so Apply leaves it out. Preview again to include it.';
      differences.push({
        ...base,
        roleName: plan.roleName,
        kind: a.kind,
        groupId: a.groupId,
        ...(a.groupName ? { groupName: a.groupName } : {}),
        change: 'new',
        ...(a.drift ? { drift: true } : {}),
        message,
      });
    }
  }
  return { stillNeeded, differences };
}
