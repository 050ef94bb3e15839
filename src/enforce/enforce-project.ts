// One project of a batch: read what Jira has, plan, and (unless it is a dry run) apply.
// The ledger is written ahead of each add (pending) and settled after it, so an invocation
// killed between Jira's answer and the ledger write still leaves the binding owned.
import { ActionResult, LedgerEntry, Project, ProjectPlan, RunSchema } from '../domain/schemas';
import { planProject, RoleState } from '../domain/planner';
import { applyResults } from '../domain/ledger';
import { ruleCoversProject } from '../domain/scope';
import { JiraClient } from '../jira/client';
import { addGroupsToProjectRole, getProjectRoleActors, removeGroupFromProjectRole } from '../jira/roles';
import { AuditInput } from '../store/audit';
import { getProjectLedger, putProjectLedger } from '../store/ledger';
import { rememberProjectRun } from '../store/project-runs';
import { RunContext } from '../store/runs';
import { errorMessage } from './start-run';

type Counts = typeof RunSchema.shape.counts._output;

export interface ProjectOutcome {
  plans: ProjectPlan[];
  actions: ActionResult[];
  audit: AuditInput[];
  counts: Counts;
}

type RunInfo = { id: string; dryRun: boolean; startedBy: string };

export async function enforceProject(project: Project, ctx: RunContext, run: RunInfo, jira: JiraClient): Promise<ProjectOutcome> {
  const ledger = await getProjectLedger(project.id);
  const roles = await readRoles(project, ctx, ledger, jira);
  const plans = planProject({
    project,
    rules: ctx.rules,
    roles,
    ledger,
    groups: new Map(Object.entries(ctx.groups)),
    settings: ctx.settings,
  });
  const counts: Counts = { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
  for (const p of plans) {
    counts.skips += p.skips.length;
    for (const a of p.actions) {
      if (a.kind === 'add') counts.adds++;
      else counts.removals++;
      if (a.drift) counts.drift++;
    }
  }
  if (run.dryRun) return { plans, actions: [], audit: [], counts };

  const actions: ActionResult[] = [];
  const audit: AuditInput[] = [];
  let entries = [...ledger];
  for (const plan of plans) {
    if (!plan.roleId) continue;
    const results = await applyPlan(plan, project, run, jira, entries);
    // Settle the ledger from the ledger as it was before the write-ahead: failed adds leave no entry.
    entries = applyResults(entries, plan, results, run.id);
    for (const r of results) {
      actions.push(r);
      if (!r.ok) counts.errors++;
      audit.push(auditFor(r, plan, run));
    }
  }
  if (!sameLedger(entries, ledger)) await putProjectLedger(project.id, entries);
  if (actions.length > 0) await rememberProjectRun(project.key, run.id);
  return { plans, actions, audit, counts };
}

/**
 * Applies one role's plan: one POST with every group to add, one DELETE per removal. Before the
 * POST the adds are written to the ledger as pending, so that if this invocation is killed
 * between Jira's answer and the final ledger write, the bindings it made are still owned.
 */
async function applyPlan(plan: ProjectPlan, project: Project, run: RunInfo, jira: JiraClient, ledger: LedgerEntry[]): Promise<ActionResult[]> {
  const roleId = plan.roleId!;
  const results: ActionResult[] = [];
  const adds = plan.actions.filter((a) => a.kind === 'add');
  if (adds.length > 0) {
    const at = new Date().toISOString();
    const pending: LedgerEntry[] = adds.map((a) => ({
      projectId: project.id,
      projectKey: project.key,
      roleId,
      groupId: a.groupId,
      groupName: a.groupName,
      ruleIds: a.ruleIds,
      addedAt: at,
      runId: run.id,
      pending: true,
    }));
    await putProjectLedger(project.id, [...ledger.filter((e) => !(e.roleId === roleId && adds.some((a) => a.groupId === e.groupId))), ...pending]);
    let error: string | undefined;
    try {
      await addGroupsToProjectRole(jira, project.key, roleId, adds.map((a) => a.groupId));
    } catch (err) {
      error = errorMessage(err);
    }
    const done = new Date().toISOString();
    for (const a of adds) results.push({ projectKey: project.key, kind: 'add', groupId: a.groupId, groupName: a.groupName, ok: !error, error, at: done });
  }
  for (const r of plan.actions.filter((a) => a.kind === 'remove')) {
    let error: string | undefined;
    try {
      await removeGroupFromProjectRole(jira, project.key, roleId, r.groupId);
    } catch (err) {
      error = errorMessage(err);
    }
    results.push({ projectKey: project.key, kind: 'remove', groupId: r.groupId, groupName: r.groupName, ok: !error, error, at: new Date().toISOString() });
  }
  return results;
}

function auditFor(r: ActionResult, plan: ProjectPlan, run: RunInfo): AuditInput {
  const action = plan.actions.find((a) => a.kind === r.kind && a.groupId === r.groupId);
  const group = r.groupName ?? r.groupId;
  const base = { actor: run.startedBy, runId: run.id, projectKey: r.projectKey, groupId: r.groupId, ruleId: action?.ruleIds[0] };
  if (!r.ok) {
    const verb = r.kind === 'add' ? `add group ${group} to` : `remove group ${group} from`;
    return { ...base, kind: 'binding-failed', message: `Could not ${verb} ${plan.roleName} of ${r.projectKey}: ${r.error}` };
  }
  if (r.kind === 'add') {
    return { ...base, kind: 'binding-added', message: `Added group ${group} to ${plan.roleName} of ${r.projectKey}${action?.drift ? ' (someone had removed it since the app added it)' : ''}. ${action?.reason ?? ''}`.trim() };
  }
  return { ...base, kind: 'binding-removed', message: `Removed group ${group} from ${plan.roleName} of ${r.projectKey}. ${action?.reason ?? ''}`.trim() };
}

/**
 * Reads the actors of each role this project's enabled rules name, and of each role the ledger
 * holds bindings in (a rule may have moved to another role). Company-managed projects only:
 * the planner skips team-managed ones. Group names seen in the roles are added to `groupNames`.
 */
export async function readRoles(
  project: Project,
  ctx: Pick<RunContext, 'rules' | 'roles'>,
  ledger: LedgerEntry[],
  jira: JiraClient,
  groupNames = new Map<string, string>(),
): Promise<Map<string, RoleState>> {
  const roles = new Map<string, RoleState>();
  if (project.style !== 'classic') return roles;
  const wanted = new Set<string>();
  for (const rule of ctx.rules) if (rule.enabled && ruleCoversProject(rule, project).covered) wanted.add(rule.roleName.toLowerCase());
  const ledgerRoleIds = new Set(ledger.map((e) => e.roleId));
  for (const name of wanted) if (!ctx.roles.some((r) => r.name.toLowerCase() === name)) roles.set(name, { role: null, actorGroupIds: null });
  for (const role of ctx.roles) {
    if (!wanted.has(role.name.toLowerCase()) && !ledgerRoleIds.has(role.id)) continue;
    const actors = await getProjectRoleActors(jira, project.key, role.id);
    actors?.groupNames.forEach((name, id) => groupNames.set(id, name));
    roles.set(role.name, actors ? { role, actorGroupIds: actors.groupIds } : { role: null, actorGroupIds: null });
  }
  return roles;
}

function sameLedger(a: LedgerEntry[], b: LedgerEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
