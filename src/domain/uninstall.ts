// "Prepare to uninstall", judged: what the app added is still in Jira after the removal run, and
// why (the run's failure there, or that it has not removed it yet), and whether it is safe to
// uninstall. Pure: the caller reads the removal impact and the run's failed actions.
import type { BindingRemoval, OrgMemberRemoval, RemovalImpact } from './removal-impact';
import type { ActionResult, Run } from './schemas';

/**
 * A binding or member the app added that is still there, and why: the run's error for it, or
 * none when the run did not try (added since it read the project), which the page words.
 */
export type LeftBehind =
  | (BindingRemoval & { kind: 'binding'; why?: string })
  | (OrgMemberRemoval & { kind: 'org-member'; why?: string });

export interface UninstallView {
  /** Not prepared: the app runs as usual. */
  prepared?: { at: string; by: string; runId?: string };
  /** The removal run, as stored (absent before it started or once pruned). */
  run?: Run;
  /** While the run works: nothing is judged yet. */
  running: boolean;
  /** After the run: what the app added that is still in Jira. */
  left: LeftBehind[];
  /** Organizations too large to count here: not known to be empty. */
  notCounted: string[];
  /** Prepared, the run ended, and nothing the app added is left: uninstall now. */
  safe: boolean;
}

/** What is left after the removal run, each with the run's error when it failed there. */
export function leftBehind(
  impact: Pick<RemovalImpact, 'bindings' | 'orgMembers'>,
  failed: readonly ActionResult[],
): LeftBehind[] {
  const bindingWhy = (b: BindingRemoval) =>
    failed.find(
      (a) => a.kind === 'remove' && a.projectKey === b.projectKey && a.groupId === b.groupId,
    )?.error ?? failed.find((a) => a.kind === 'project' && a.projectKey === b.projectKey)?.error;
  const memberWhy = (m: OrgMemberRemoval) =>
    failed.find(
      (a) => (a.kind === 'org-remove' || a.kind === 'org') && a.organizationId === m.organizationId,
    )?.error;
  return [
    ...impact.bindings.map((b) => ({
      ...b,
      kind: 'binding' as const,
      why: bindingWhy(b),
    })),
    ...impact.orgMembers.map((m) => ({
      ...m,
      kind: 'org-member' as const,
      why: memberWhy(m),
    })),
  ];
}

/** Safe once prepared, its removal run has ended, and nothing is left or uncounted. */
export function isSafeToUninstall(view: Omit<UninstallView, 'safe'>): boolean {
  return (
    !!view.prepared?.runId &&
    !view.running &&
    view.left.length === 0 &&
    view.notCounted.length === 0
  );
}
