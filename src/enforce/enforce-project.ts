// One project of a batch: read what Jira has, plan, and (unless it is a dry run) apply.
// The ledger is written ahead of each add (pending) and settled after it, so an invocation
// killed between Jira's answer and the ledger write still leaves the binding owned.
import { ActionResult, LedgerEntry, Project, ProjectPlan, RunSchema } from '../domain/schemas';
import { planProject, RoleState } from '../domain/planner';
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

export async function enforceProject(
  project: Project,
  ctx: RunContext,
  run: { id: string; dryRun: boolean; startedBy: string },
  jira: JiraClient,
): Promise<ProjectOutcome> {
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
    if (!plan.roleId || plan.actions.length === 0) continue;
    const roleId = plan.roleId;
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
      entries = [...entries.filter((e) => !pending.some((p) => sameBinding(p, e))), ...pending];
      await putProjectLedger(project.id, entries);
      try {
        // One POST adds every group this project's role is missing.
        await addGroupsToProjectRole(jira, project.key, roleId, adds.map((a) => a.groupId));
        entries = entries.map((e) => (pending.some((p) => sameBinding(p, e)) ? { ...e, pending: undefined } : e));
        for (const a of adds) {
          actions.push({ projectKey: project.key, kind: 'add', groupId: a.groupId, groupName: a.groupName, ok: true, at });
          audit.push({ kind: 'binding-added', actor: run.startedBy, runId: run.id, projectKey: project.key, groupId: a.groupId, ruleId: a.ruleIds[0], message: `Added group ${a.groupName ?? a.groupId} to ${plan.roleName} of ${project.key}${a.drift ? ' (it had been removed since the app added it)' : ''}: ${a.reason}` });
        }
      } catch (err) {
        entries = entries.filter((e) => !pending.some((p) => sameBinding(p, e)) || ledger.some((l) => sameBinding(l, e)));
        counts.errors += adds.length;
        for (const a of adds) {
          actions.push({ projectKey: project.key, kind: 'add', groupId: a.groupId, groupName: a.groupName, ok: false, error: errorMessage(err), at });
          audit.push({ kind: 'binding-failed', actor: run.startedBy, runId: run.id, projectKey: project.key, groupId: a.groupId, ruleId: a.ruleIds[0], message: `Could not add group ${a.groupName ?? a.groupId} to ${plan.roleName} of ${project.key}: ${errorMessage(err)}` });
        }
      }
    }
    for (const r of plan.actions.filter((a) => a.kind === 'remove')) {
      const at = new Date().toISOString();
      try {
        await removeGroupFromProjectRole(jira, project.key, roleId, r.groupId);
        entries = entries.filter((e) => !(e.roleId === roleId && e.groupId === r.groupId));
        actions.push({ projectKey: project.key, kind: 'remove', groupId: r.groupId, groupName: r.groupName, ok: true, at });
        audit.push({ kind: 'binding-removed', actor: run.startedBy, runId: run.id, projectKey: project.key, groupId: r.groupId, ruleId: r.ruleIds[0], message: `Removed group ${r.groupName ?? r.groupId} from ${plan.roleName} of ${project.key}: ${r.reason}` });
      } catch (err) {
        counts.errors++;
        actions.push({ projectKey: project.key, kind: 'remove', groupId: r.groupId, groupName: r.groupName, ok: false, error: errorMessage(err), at });
        audit.push({ kind: 'binding-failed', actor: run.startedBy, runId: run.id, projectKey: project.key, groupId: r.groupId, message: `Could not remove group ${r.groupName ?? r.groupId} from ${plan.roleName} of ${project.key}: ${errorMessage(err)}` });
      }
    }
  }
  if (!sameLedger(entries, ledger)) await putProjectLedger(project.id, entries);
  if (actions.length > 0) await rememberProjectRun(project.key, run.id);
  return { plans, actions, audit, counts };
}

/** Reads the actors of each role the project's rules or ledger involve (company-managed only). */
async function readRoles(project: Project, ctx: RunContext, ledger: LedgerEntry[], jira: JiraClient): Promise<Map<string, RoleState>> {
  const roles = new Map<string, RoleState>();
  if (project.style !== 'classic') return roles;
  const names = new Set<string>();
  for (const rule of ctx.rules) if (rule.enabled && ruleCoversProject(rule, project).covered) names.add(rule.roleName);
  const idToName = new Map(Object.entries(ctx.roleIds).map(([name, id]) => [id, name]));
  for (const e of ledger) names.add(idToName.get(e.roleId) ?? e.roleId);
  for (const name of names) {
    const roleId = ctx.roleIds[name.toLowerCase()] ?? (idToName.has(name) ? name : undefined);
    if (!roleId) {
      roles.set(name, { role: null, actorGroupIds: null });
      continue;
    }
    const actors = await getProjectRoleActors(jira, project.key, roleId);
    roles.set(name, actors ? { role: { id: roleId, name }, actorGroupIds: actors.groupIds } : { role: null, actorGroupIds: null });
  }
  return roles;
}

function sameBinding(a: LedgerEntry, b: LedgerEntry): boolean {
  return a.roleId === b.roleId && a.groupId === b.groupId;
}

function sameLedger(a: LedgerEntry[], b: LedgerEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
