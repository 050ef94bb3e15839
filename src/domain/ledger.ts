// The ledger's pure half: which bindings the app owns after a plan was applied. Pure: no I/O.
import type { ActionResult, Binding, LedgerEntry, ProjectPlan } from './schemas';

/** One string per (project, role, group): the identity of a binding. */
export function ledgerKey(binding: Pick<Binding, 'projectId' | 'roleId' | 'groupId'>): string {
  return `${binding.projectId}:${binding.roleId}:${binding.groupId}`;
}

/**
 * The project's ledger after `plan` ran with `results` (the results of this plan's actions).
 * - a successful add is recorded (or re-recorded, after drift) with the action's rules, this run and the time Jira answered;
 * - a successful removal is forgotten;
 * - the plan's stale entries (group gone from the role and wanted by no rule) are forgotten, so a group someone adds
 *   by hand later is not mistaken for the app's;
 * - failed actions change nothing, and a group already in the role (someone added it by hand) gets no entry: the plan
 *   has no add for it, so the app never takes ownership of it.
 * Entries of other roles are kept as they are. The result is sorted by binding.
 */
export function applyResults(
  ledger: readonly LedgerEntry[],
  plan: ProjectPlan,
  results: readonly ActionResult[],
  runId: string,
): LedgerEntry[] {
  const roleId = plan.roleId;
  if (roleId === undefined) return sortLedger([...ledger]);
  const here = (e: LedgerEntry) => e.projectId === plan.projectId && e.roleId === roleId;
  const succeeded = (kind: 'add' | 'remove', groupId: string) =>
    results.find(
      (r) => r.ok && r.kind === kind && r.groupId === groupId && r.projectKey === plan.projectKey,
    );

  const forget = new Set(plan.staleLedgerGroupIds ?? []);
  const added = new Map<string, LedgerEntry>();
  for (const action of plan.actions) {
    const result = succeeded(action.kind, action.groupId);
    if (!result) continue;
    if (action.kind === 'remove') {
      forget.add(action.groupId);
      continue;
    }
    added.set(action.groupId, {
      projectId: plan.projectId,
      projectKey: plan.projectKey,
      roleId,
      groupId: action.groupId,
      ...(action.groupName !== undefined ? { groupName: action.groupName } : {}),
      ruleIds: [...action.ruleIds],
      addedAt: result.at,
      runId,
    });
  }
  const kept = ledger.filter((e) => !(here(e) && (forget.has(e.groupId) || added.has(e.groupId))));
  return sortLedger([...kept, ...added.values()]);
}

function sortLedger(entries: LedgerEntry[]): LedgerEntry[] {
  return entries.sort((a, b) => {
    const ka = ledgerKey(a);
    const kb = ledgerKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
