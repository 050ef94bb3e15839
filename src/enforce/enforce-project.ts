// One project of a batch: read what Jira has, plan, and (unless it is a dry run) apply.
// The ledger is written ahead of each add (pending) and settled after it, so an invocation
// killed between Jira's answer and the ledger write still leaves the binding owned. Ledger
// writes go through the run's lease; once it is lost they throw LeaseLostError, which stops
// the whole batch (process-batch.ts), not just this project. They go through the project's lease
// too; once that is lost they throw ProjectLeaseLostError, which stops this project only.
import { ActionResult, LedgerEntry, Project, ProjectPlan, RunSchema } from '../domain/schemas';
import { planProject, RoleState } from '../domain/planner';
import { isCustomerRole, onlyCustomerAdds, teamCustomerRole } from '../domain/guard-rails';
import {
  PROJECT_LEASE_MS,
  PROJECT_RENEW_EVERY_MS,
  releaseProjectLease,
  takeProjectLease,
} from '../store/project-lease';
import { LeaseKeeper, writesUnderLease } from './lease-keeper';
import { applyResults } from '../domain/ledger';
import { ruleCoversProject } from '../domain/scope';
import { JiraClient } from '../jira/client';
import {
  addGroupsToProjectRole,
  getProjectRoleActors,
  listProjectRoleDetails,
  removeGroupFromProjectRole,
  type RoleActors,
} from '../jira/roles';
import { JiraError } from '../jira/errors';
import { getProject } from '../jira/projects';
import { linkOrganizations } from './org-link';
import { AuditInput, appendAudit } from '../store/audit';
import { getProjectLedger, ledgerWrite, putProjectLedger } from '../store/ledger';
import { fencedWrite, ProjectLeaseLostError, type Fence } from '../store/lease';
import { getRunRecord, projectOutcomeWrite, RunContext } from '../store/runs';
import { errorMessage } from '../domain/errors';
import { onlyRuleActions, restrictToApproved, type ApprovedChange } from '../domain/preview-apply';
import { QuotaSpentError } from '../jira/quota-tracker';

type Counts = typeof RunSchema.shape.counts._output;

export interface ProjectOutcome {
  plans: ProjectPlan[];
  actions: ActionResult[];
  audit: AuditInput[];
  counts: Counts;
}

type RunInfo = { id: string; dryRun: boolean; startedBy: string };

/** How long a run waits for another run to finish the same project (seconds, normally). */
const LEASE_WAIT_MS = 30_000;

/**
 * Enforces one project under its project lease: a site run and the project's own run never
 * rewrite its ledger at the same time. Previews write nothing and need no lease.
 */
export async function enforceProject(
  project: Project,
  ctx: RunContext,
  run: RunInfo,
  jira: JiraClient,
  /** The apply of a preview: only these changes may be made here. */
  approved?: ApprovedChange[],
): Promise<ProjectOutcome> {
  if (run.dryRun) return enforceLeased(project, ctx, run, jira, approved);
  const holderEnded = async (id: string) => (await getRunRecord(id))?.status !== 'running';
  const holder = { runId: run.id, trigger: ctx.fence.trigger, startedBy: run.startedBy };
  const projectFence = await takeProjectLease(project.id, holder, {
    maxWaitMs: LEASE_WAIT_MS,
    holderEnded,
  });
  if (!projectFence)
    throw new Error(
      `Another run kept changing ${project.key}, so this run left it unchanged; ` +
        'the next run covers it.',
    );
  // Kept while the project is worked on, and confirmed before each Jira write: a lease that
  // lapsed and was taken over stops this holder (ProjectLeaseLostError), never two writers.
  const keeper = new LeaseKeeper(
    projectFence,
    Date.now,
    { ttlMs: PROJECT_LEASE_MS, renewEveryMs: PROJECT_RENEW_EVERY_MS },
    projectFence.acquiredAt,
  );
  try {
    return await enforceLeased(
      project,
      ctx,
      run,
      writesUnderLease(jira, keeper),
      approved,
      projectFence,
    );
  } finally {
    await releaseProjectLease(projectFence);
  }
}

async function enforceLeased(
  project: Project,
  ctx: RunContext,
  run: RunInfo,
  jira: JiraClient,
  approved: ApprovedChange[] | undefined,
  projectFence?: Fence,
): Promise<ProjectOutcome> {
  // Ledger writes check the run's lease and the project's: a run that lost either writes nothing.
  const fences = projectFence ? [projectFence] : [];
  let ledger = await getProjectLedger(project.id);
  const roles = await readRoles(project, ctx, ledger, jira);
  // A role that cannot be read may mean the project was deleted while the run went on: say so
  // instead of reporting a missing role.
  if ([...roles.values()].some((r) => r.role === null) && !(await getProject(jira, project.key)))
    return projectGone(project, ctx);

  // Pending entries whose group is in the role: an earlier invocation made the add and was cut off
  // (time limit, storage failure) before it settled the ledger and wrote the audit. Settle and
  // audit them now, so the binding is neither lost from the audit trail nor left half-owned.
  const confirmed: ActionResult[] = [];
  const confirmedAudit: AuditInput[] = [];
  if (!run.dryRun) {
    const inRole = (e: LedgerEntry) =>
      [...roles.values()].some(
        (r) => r.role?.id === e.roleId && (r.actorGroupIds ?? []).includes(e.groupId),
      );
    const settled = ledger.map((e) =>
      e.pending && inRole(e) ? (({ pending: _p, ...rest }) => rest)(e) : e,
    );
    // A team-managed project's role is its own, not among the site's roles.
    const roleNameOf = (id: string) =>
      [...roles.values()].find((r) => r.role?.id === id)?.role?.name ??
      ctx.roles.find((r) => r.id === id)?.name ??
      'the customer role';
    for (const e of ledger.filter((x) => x.pending && inRole(x))) {
      const at = new Date().toISOString();
      confirmed.push({
        projectKey: project.key,
        kind: 'add',
        groupId: e.groupId,
        groupName: e.groupName,
        projectName: project.name,
        roleId: e.roleId,
        roleName: roleNameOf(e.roleId),
        ok: true,
        at,
      });
      confirmedAudit.push({
        kind: 'binding-added',
        actor: run.startedBy,
        runId: run.id,
        projectKey: project.key,
        groupId: e.groupId,
        ruleId: e.ruleIds[0],
        ruleIds: e.ruleIds,
        message: `Added group ${e.groupName ?? e.groupId} to ${roleNameOf(e.roleId)} of ${projectLabel(project)} (run ${e.runId} made the change and was cut off before recording it; confirmed from what Jira has now).`,
      });
    }
    if (confirmed.length > 0) {
      await appendAudit(confirmedAudit);
      await putProjectLedger(ctx.fence, project.id, settled, fences);
      ledger = settled;
    }
  }
  const planned = planRoles(project, ctx, roles, ledger);
  const inRole = inRoleOf(roles);
  // A one-rule preview shows that rule's changes only; the apply of a preview makes only those.
  const focused = ctx.focusRuleId ? onlyRuleActions(planned, ctx.focusRuleId) : planned;
  const plans = approved ? restrictToApproved(focused, approved, inRole) : focused;
  const counts: Counts = { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
  for (const p of plans) counts.skips += p.skips.length;
  const org = await linkOrganizations(project, ctx, run, jira);
  // A desk kept only in an organization has no role plan: its links still need one to be shown.
  if (org.links.length > 0 && !plans[0]) plans.push(linksOnlyPlan(project, ctx));
  if (org.links.length > 0) plans[0] = { ...plans[0], orgLinks: org.links };
  counts.errors += org.errors;
  if (run.dryRun) {
    for (const a of plans.flatMap((p) => p.actions)) {
      if (a.kind === 'add') counts.adds++;
      else counts.removals++;
      if (a.drift) counts.drift++;
    }
    return { plans, actions: [], audit: [], counts };
  }

  const actions: ActionResult[] = [...confirmed, ...org.actions];
  counts.adds += confirmed.length;
  const audit: AuditInput[] = [];
  let entries = [...ledger];
  /** What storage holds now: the write-ahead changes it, so settling compares against this. */
  let stored = ledger;
  for (const plan of plans) {
    if (!plan.roleId) continue;
    const results = await applyPlan(
      plan,
      project,
      run,
      [ctx.fence, ...fences],
      jira,
      entries,
      (written) => {
        stored = written;
      },
    );
    // Settle the ledger from the ledger as it was before the write-ahead: failed adds leave no entry.
    entries = applyResults(entries, plan, results, run.id);
    // Counts come from what Jira answered: a failed add is an error, not an add.
    for (const r of results) {
      actions.push(r);
      const action = plan.actions.find((a) => a.kind === r.kind && a.groupId === r.groupId);
      if (!r.ok) counts.errors++;
      else if (r.kind === 'add') counts.adds++;
      else counts.removals++;
      if (r.ok && action?.drift) counts.drift++;
      audit.push(auditFor(r, plan, run));
    }
    plan.actions = plan.actions.map((a) => {
      const r = results.find((x) => x.kind === a.kind && x.groupId === a.groupId);
      return r ? { ...a, outcome: { ok: r.ok, ...(r.error ? { error: r.error } : {}) } } : a;
    });
  }
  // The audit is written before the ledger is settled: if this invocation is cut off in between,
  // the pending entries stay and the next attempt confirms and audits them (above).
  await appendAudit([...audit, ...org.audit]);
  // Compared with what storage holds (the write-ahead included), not with the ledger first read:
  // a failed add must not leave its pending entry behind, or a group someone later adds by hand
  // would be taken for the app's.
  const outcome = { plans, actions, audit: [], counts };
  await settleProject(
    ctx,
    fences,
    project.id,
    sameLedger(entries, stored) ? undefined : entries,
    run,
    outcome,
  );
  return outcome;
}

/**
 * Writes the project's settled ledger (when it changed) and, when the run changed something here,
 * what it did (store/runs.ts projectOutcomeWrite), in one transaction through the leases: a part
 * redone after a crash reports this project from that record (process-batch.ts).
 */
async function settleProject(
  ctx: RunContext,
  fences: Fence[],
  projectId: string,
  entries: LedgerEntry[] | undefined,
  run: RunInfo,
  outcome: ProjectOutcome,
): Promise<void> {
  const writes = [
    ...(entries ? [ledgerWrite(projectId, entries)] : []),
    ...(outcome.actions.length > 0 ? [projectOutcomeWrite(run.id, projectId, outcome)] : []),
  ];
  if (writes.length > 0) await fencedWrite(ctx.fence, writes, fences);
}

/** The plan of one project from its roles as read (readRoles): every rule's changes. */
export function planRoles(
  project: Project,
  ctx: Pick<RunContext, 'rules' | 'groups' | 'settings' | 'productAccess'>,
  roles: Map<string, RoleState>,
  ledger: LedgerEntry[],
): ProjectPlan[] {
  return onlyCustomerAdds(
    planProject({
      project,
      // A rule that keeps only an organization wants no role binding (org-link.ts links it).
      rules: ctx.rules.filter((r) => r.target !== 'organization'),
      roles,
      ledger,
      groups: new Map(Object.entries(ctx.groups)),
      settings: ctx.settings,
      productAccess: new Map(Object.entries(ctx.productAccess ?? {})),
    }),
    project.style,
  );
}

/** Whether a group is in a role of the project now, from its roles as read. */
export const inRoleOf =
  (roles: Map<string, RoleState>) =>
  (roleId: string, groupId: string): boolean =>
    [...roles.values()].some(
      (r) => r.role?.id === roleId && (r.actorGroupIds ?? []).includes(groupId),
    );

/** A project plan with no role change: a desk kept only in an organization, or one gone. */
function linksOnlyPlan(project: Project, ctx: RunContext): ProjectPlan {
  const roleName =
    ctx.rules.find((r) => r.enabled && ruleCoversProject(r, project).covered)?.roleName ??
    'Service Desk Customers';
  return {
    projectId: project.id,
    projectKey: project.key,
    projectName: project.name,
    roleName,
    actions: [],
    unmanagedGroupIds: [],
    skips: [],
  };
}

function projectGone(project: Project, ctx: RunContext): ProjectOutcome {
  const plan: ProjectPlan = {
    ...linksOnlyPlan(project, ctx),
    skips: [
      {
        code: 'project-not-found',
        reason: `${project.key} no longer exists in Jira (it was deleted while the run was going on), so nothing was changed there.`,
      },
    ],
  };
  return {
    plans: [plan],
    actions: [],
    audit: [],
    counts: { adds: 0, removals: 0, skips: 1, errors: 0, drift: 0 },
  };
}

/**
 * Applies one role's plan: one POST with every group to add, one DELETE per removal. Before the
 * POST the adds are written to the ledger as pending, so that if this invocation is killed
 * between Jira's answer and the final ledger write, the bindings it made are still owned.
 */
async function applyPlan(
  plan: ProjectPlan,
  project: Project,
  run: RunInfo,
  [fence, ...also]: Fence[],
  jira: JiraClient,
  ledger: LedgerEntry[],
  onWriteAhead: (written: LedgerEntry[]) => void,
): Promise<ActionResult[]> {
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
    const written = [
      ...ledger.filter((e) => !(e.roleId === roleId && adds.some((a) => a.groupId === e.groupId))),
      ...pending,
    ];
    await putProjectLedger(fence, project.id, written, also);
    onWriteAhead(written);
    let error: unknown;
    try {
      await addGroupsToProjectRole(
        jira,
        project.key,
        roleId,
        adds.map((a) => a.groupId),
      );
    } catch (err) {
      // Jira did nothing: the project is done again after the quota resets.
      if (stopsProject(err)) throw err;
      error = err;
    }
    if (error instanceof JiraError && error.status === 404 && adds.length > 1) {
      // One call adds every group, so one group deleted since the run started fails them all.
      // Add them one by one, so the others still apply and only the missing one fails.
      for (const a of adds) results.push(await addOne(jira, project, plan, a));
    } else {
      const done = new Date().toISOString();
      for (const a of adds) results.push(result(project, plan, 'add', a, error, done));
    }
  }
  for (const r of plan.actions.filter((a) => a.kind === 'remove')) {
    let error: unknown;
    try {
      await removeGroupFromProjectRole(jira, project.key, roleId, r.groupId);
    } catch (err) {
      if (stopsProject(err)) throw err;
      error = err;
    }
    results.push(result(project, plan, 'remove', r, error, new Date().toISOString()));
  }
  return results;
}

async function addOne(
  jira: JiraClient,
  project: Project,
  plan: ProjectPlan,
  a: { groupId: string; groupName?: string },
): Promise<ActionResult> {
  let error: unknown;
  try {
    await addGroupsToProjectRole(jira, project.key, plan.roleId!, [a.groupId]);
  } catch (err) {
    if (stopsProject(err)) throw err;
    error = err;
  }
  return result(project, plan, 'add', a, error, new Date().toISOString());
}

/** One action's result, carrying the names known now so that it reads without ids. */
function result(
  project: Project,
  plan: ProjectPlan,
  kind: 'add' | 'remove',
  a: { groupId: string; groupName?: string },
  error: unknown,
  at: string,
): ActionResult {
  return {
    projectKey: project.key,
    projectName: project.name,
    roleId: plan.roleId,
    roleName: plan.roleName,
    kind,
    groupId: a.groupId,
    groupName: a.groupName,
    ok: error === undefined,
    ...(error === undefined ? {} : { error: failureWords(error) }),
    at,
  };
}

/**
 * What Jira answered, without the ids of the call (the action already names group, role and
 * project): "Jira answered 403: … The app lacks permission: …".
 */
export function failureWords(err: unknown): string {
  if (!(err instanceof JiraError)) return errorMessage(err);
  const said = err.jiraMessages.length ? `: ${err.jiraMessages.join('; ').replace(/\.$/, '')}` : '';
  const what = err.status ? `Jira answered ${err.status}${said}.` : `Jira did not answer${said}.`;
  return `${what} ${err.hint}`.trim();
}

const projectLabel = (p: { key: string; name: string }) => `${p.name} (${p.key})`;

function auditFor(r: ActionResult, plan: ProjectPlan, run: RunInfo): AuditInput {
  const action = plan.actions.find((a) => a.kind === r.kind && a.groupId === r.groupId);
  const group = r.groupName ?? r.groupId;
  const where = `${plan.roleName} of ${plan.projectName} (${r.projectKey})`;
  const base = {
    actor: run.startedBy,
    runId: run.id,
    projectKey: r.projectKey,
    groupId: r.groupId,
    ruleId: action?.ruleIds[0],
    ruleIds: action?.ruleIds,
  };
  if (!r.ok) {
    const verb = r.kind === 'add' ? `add group ${group} to` : `remove group ${group} from`;
    return {
      ...base,
      kind: 'binding-failed',
      message: `Could not ${verb} ${where}: ${r.error}`,
    };
  }
  if (r.kind === 'add') {
    return {
      ...base,
      kind: 'binding-added',
      message:
        `Added group ${group} to ${where}${action?.drift ? ' (someone had removed it since the app added it)' : ''}. ${action?.reason ?? ''}`.trim(),
    };
  }
  return {
    ...base,
    kind: 'binding-removed',
    message: `Removed group ${group} from ${where}. ${action?.reason ?? ''}`.trim(),
  };
}

/**
 * Reads the actors of each role this project's enabled rules name, and of each role the ledger
 * holds bindings in (a rule may have moved to another role). Group names seen in the roles are
 * added to `groupNames`. A team-managed project has roles of its own: see readTeamRoles.
 */
export async function readRoles(
  project: Project,
  ctx: Pick<RunContext, 'rules' | 'roles'>,
  ledger: LedgerEntry[],
  jira: JiraClient,
  groupNames = new Map<string, string>(),
): Promise<Map<string, RoleState>> {
  const roles = new Map<string, RoleState>();
  const wanted = new Set<string>();
  for (const rule of ctx.rules)
    if (rule.enabled && ruleCoversProject(rule, project).covered)
      wanted.add(rule.roleName.toLowerCase());
  if (project.style === 'next-gen') return readTeamRoles(project, wanted, ledger, jira, groupNames);
  const ledgerRoleIds = new Set(ledger.map((e) => e.roleId));
  for (const name of wanted)
    if (!ctx.roles.some((r) => r.name.toLowerCase() === name))
      roles.set(name, { role: null, actorGroupIds: null });
  for (const role of ctx.roles) {
    if (!wanted.has(role.name.toLowerCase()) && !ledgerRoleIds.has(role.id)) continue;
    const actors = await getProjectRoleActors(jira, project.key, role.id);
    actors?.groupNames.forEach((name, id) => groupNames.set(id, name));
    roles.set(
      role.name,
      actors ? { role, actorGroupIds: actors.groupIds } : { role: null, actorGroupIds: null },
    );
  }
  return roles;
}

/**
 * A team-managed project: its hidden customer role is found among its own roles (one
 * roledetails call, 1 + 2 points a role), then its actors are read (one more). Once the ledger
 * holds a binding here, that binding's role is read first and, if Jira still describes it as the
 * project's customer role, roledetails is not needed: a converged project costs one read, as a
 * company-managed one does. Only the customer role is ever resolved, so a rule naming another
 * role finds nothing here. The state is keyed by the role names the rules use.
 */
async function readTeamRoles(
  project: Project,
  wanted: ReadonlySet<string>,
  ledger: LedgerEntry[],
  jira: JiraClient,
  groupNames: Map<string, string>,
): Promise<Map<string, RoleState>> {
  const roles = new Map<string, RoleState>();
  const names = [...wanted];
  for (const name of names) roles.set(name, { role: null, actorGroupIds: null });
  const customerNames = names.filter((n) => isCustomerRole(n));
  if (customerNames.length === 0 && ledger.length === 0) return roles;
  const found = await findTeamCustomerRole(project, ledger, jira);
  if (!found) return roles;
  found.actors.groupNames.forEach((name, id) => groupNames.set(id, name));
  const state: RoleState = { role: found.role, actorGroupIds: found.actors.groupIds };
  for (const name of customerNames) roles.set(name, state);
  // The ledger's bindings here are in this role: keep them planned when no rule names it now.
  if (customerNames.length === 0) roles.set(found.role.name, state);
  return roles;
}

async function findTeamCustomerRole(
  project: Project,
  ledger: LedgerEntry[],
  jira: JiraClient,
): Promise<{ role: { id: string; name: string }; actors: RoleActors } | null> {
  const known = ledger.find((e) => e.projectId === project.id)?.roleId;
  if (known) {
    const actors = await getProjectRoleActors(jira, project.key, known);
    const role = actors?.role && teamCustomerRole([actors.role], project.id);
    if (actors && role) return { role: { id: role.id, name: role.name }, actors };
  }
  const details = await listProjectRoleDetails(jira, project.key);
  const role = details && teamCustomerRole(details, project.id);
  if (!role) return null;
  const actors = await getProjectRoleActors(jira, project.key, role.id);
  return actors && { role: { id: role.id, name: role.name }, actors };
}

/**
 * Errors that stop the project instead of failing one change: Jira did nothing (the quota is
 * spent), or another run took the project over (this run must make no more changes there).
 */
const stopsProject = (err: unknown) =>
  err instanceof QuotaSpentError || err instanceof ProjectLeaseLostError;

function sameLedger(a: LedgerEntry[], b: LedgerEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
