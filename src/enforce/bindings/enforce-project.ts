// One project of a batch: read what Jira has, plan, and (unless it is a dry run) apply.
// The ledger is written ahead of each add (pending) and settled after it, so an invocation
// killed between Jira's answer and the ledger write still leaves the binding owned. Ledger
// writes go through the run's lease; once it is lost they throw LeaseLostError, which stops
// the whole batch (process-batch.ts), not just this project. They go through the project's lease
// too; once that is lost they throw ProjectLeaseLostError, which stops this project only.
import { sentence } from '../../domain/audit-sentences';
import { errorMessage } from '../../domain/errors';
import { isCustomerRole, onlyCustomerAdds, teamCustomerRole } from '../../domain/guard-rails';
import { applyResults } from '../../domain/ledger';
import type { RoleState } from '../../domain/planner';
import { planProject } from '../../domain/planner';
import {
  type ApprovedChange,
  countSkips,
  onlyRuleActions,
  restrictToApproved,
} from '../../domain/preview-apply';
import type {
  ActionResult,
  LedgerEntry,
  PlanSkip,
  Project,
  ProjectPlan,
} from '../../domain/schemas';
import type { RunSchema } from '../../domain/schemas';
import { ruleCoversProject } from '../../domain/scope';
import type { JiraClient } from '../../jira/client';
import { JiraError } from '../../jira/errors';
import { getProject } from '../../jira/projects';
import { QuotaSpentError } from '../../jira/quota-tracker';
import {
  addGroupsToProjectRole,
  getProjectRoleActors,
  listProjectRoleDetails,
  newRoleAddOutcome,
  removeGroupFromProjectRole,
  type RoleActors,
  type RoleAddOutcome,
} from '../../jira/roles';
import type { AuditInput } from '../../store/audit';
import { appendAudit } from '../../store/audit';
import { type Fence, fencedWrite, ProjectLeaseLostError } from '../../store/lease';
import { getProjectLedger, ledgerWrite, putProjectLedger } from '../../store/ledger';
import {
  PROJECT_LEASE_MS,
  PROJECT_RENEW_EVERY_MS,
  releaseProjectLease,
  takeProjectLease,
} from '../../store/project-lease';
import type { RunContext } from '../../store/runs';
import { getRunRecord, projectOutcomeWrite } from '../../store/runs';
import { linkOrganizations } from '../orgs/org-link';
import { LeaseKeeper, writesUnderLease } from '../queue/lease-keeper';
import { provenAppAdds } from './ownership-proof';
import { leftAsTheirs, settlePending } from './settle-pending';

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
  const groupNames = new Map<string, string>();
  const roles = await readRoles(project, ctx, ledger, jira, groupNames);
  // A role that cannot be read may mean the project was deleted while the run went on: say so
  // instead of reporting a missing role.
  if ([...roles.values()].some((r) => r.role === null) && !(await getProject(jira, project.key)))
    return projectGone(project, ctx);

  // Adds written ahead whose answer was never seen: the app's only with Jira's proof.
  const settled = run.dryRun
    ? undefined
    : await settleWriteAhead(project, ctx, run, roles, ledger, jira, groupNames, fences);
  if (settled) ledger = settled.ledger;
  const plans = planLeased(project, ctx, roles, ledger, approved, settled?.notOwned ?? []);
  const counts: Counts = { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
  const org = await linkOrganizations(project, ctx, run, jira);
  // A desk kept only in an organization has no role plan: its links still need one to be shown.
  if (org.links.length > 0 && !plans[0]) plans.push(linksOnlyPlan(project, ctx));
  if (org.links.length > 0) plans[0] = { ...plans[0], orgLinks: org.links };
  counts.errors += org.errors;
  if (run.dryRun) return dryRunOutcome(plans, counts);

  const confirmed = settled?.confirmed ?? [];
  const actions: ActionResult[] = [...confirmed, ...org.actions];
  counts.adds += confirmed.length;
  const { audit, entries, stored, quotaStop } = await applyRolePlans(
    plans,
    project,
    ctx,
    run,
    jira,
    ledger,
    { fences, groupNames, actions, counts },
  );
  countSkips(plans, counts);
  // The audit is written before the ledger is settled: if this invocation is cut off in between,
  // the pending entries stay and a later visit settles them from Jira's audit log.
  await appendAudit([...audit, ...org.audit]);
  // Compared with what storage holds (the write-ahead included), not with the ledger first read:
  // an add Jira did not make must not leave its pending entry behind. Written before a quota
  // stop is passed on, so the stop rolls its write-ahead back in this invocation; a project cut
  // short by the quota records no outcome, as a later part does it again from a fresh read.
  const outcome = { plans, actions, audit: [], counts };
  await settleProject(
    ctx,
    fences,
    project.id,
    sameLedger(entries, stored) ? undefined : entries,
    run,
    quotaStop ? undefined : outcome,
  );
  if (quotaStop) throw quotaStop;
  return outcome;
}

/** Settles the adds written ahead and stores what it found, before anything is planned. */
async function settleWriteAhead(
  project: Project,
  ctx: RunContext,
  run: RunInfo,
  roles: Map<string, RoleState>,
  ledger: LedgerEntry[],
  jira: JiraClient,
  groupNames: Map<string, string>,
  fences: Fence[],
) {
  const settled = await settlePending(project, ctx, run, roles, ledger, jira, groupNames);
  if (settled) {
    await appendAudit(settled.audit);
    await putProjectLedger(ctx.fence, project.id, settled.ledger, fences);
  }
  return settled;
}

/** The role plans this visit may act on, with the pending adds it could not prove as skips. */
function planLeased(
  project: Project,
  ctx: RunContext,
  roles: Map<string, RoleState>,
  ledger: LedgerEntry[],
  approved: ApprovedChange[] | undefined,
  notOwned: { roleId: string; skip: PlanSkip }[],
): ProjectPlan[] {
  const planned = planRoles(project, ctx, roles, ledger);
  const inRole = inRoleOf(roles);
  // A one-rule preview shows that rule's changes only; the apply of a preview makes only those.
  const focused = ctx.focusRuleId ? onlyRuleActions(planned, ctx.focusRuleId) : planned;
  const plans = approved ? restrictToApproved(focused, approved, inRole) : focused;
  for (const { roleId, skip } of notOwned) plans.find((p) => p.roleId === roleId)?.skips.push(skip);
  return plans;
}

/** A preview counts what it would do and does nothing. */
function dryRunOutcome(plans: ProjectPlan[], counts: Counts): ProjectOutcome {
  countSkips(plans, counts);
  for (const a of plans.flatMap((p) => p.actions)) {
    if (a.kind === 'add') counts.adds++;
    else counts.removals++;
    if (a.drift) counts.drift++;
  }
  return { plans, actions: [], audit: [], counts };
}

/**
 * Applies each role plan in turn, until Jira's quota stops it: pushes onto `actions` and `counts`
 * what Jira answered, and returns the audit, the settled ledger and what storage holds now.
 */
async function applyRolePlans(
  plans: ProjectPlan[],
  project: Project,
  ctx: RunContext,
  run: RunInfo,
  jira: JiraClient,
  ledger: LedgerEntry[],
  into: {
    fences: Fence[];
    groupNames: Map<string, string>;
    actions: ActionResult[];
    counts: Counts;
  },
) {
  const { fences, groupNames, actions, counts } = into;
  const audit: AuditInput[] = [];
  let entries = [...ledger];
  /** What storage holds now: the write-ahead changes it, so settling compares against this. */
  let stored = ledger;
  let quotaStop: QuotaSpentError | undefined;
  for (const plan of plans) {
    if (!plan.roleId) continue;
    const applied = await applyPlan(plan, project, run, [ctx.fence, ...fences], jira, entries, {
      onWriteAhead: (written) => {
        stored = written;
      },
      groupNames,
    });
    const { results } = applied;
    // Settle the ledger from the ledger as it was before the write-ahead: adds Jira did not make
    // leave no entry; adds whose answer was lost stay pending, for a later visit to prove.
    entries = [...applyResults(entries, plan, results, run.id), ...applied.unsure];
    plan.skips.push(...applied.skips);
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
    audit.push(...applied.audit);
    // An add someone else made meanwhile is no change of the app's: the plan shows it as a skip.
    plan.actions = plan.actions
      .filter((a) => !(a.kind === 'add' && applied.skips.some((k) => k.groupId === a.groupId)))
      .map((a) => {
        const r = results.find((x) => x.kind === a.kind && x.groupId === a.groupId);
        return r ? { ...a, outcome: { ok: r.ok, ...(r.error ? { error: r.error } : {}) } } : a;
      });
    quotaStop = applied.quotaStop;
    if (quotaStop) break;
  }
  return { audit, entries, stored, quotaStop };
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
  outcome: ProjectOutcome | undefined,
): Promise<void> {
  const writes = [
    ...(entries ? [ledgerWrite(projectId, entries)] : []),
    ...(outcome && outcome.actions.length > 0
      ? [projectOutcomeWrite(run.id, projectId, outcome)]
      : []),
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

interface Applied {
  results: ActionResult[];
  /** Adds whose answer was lost (no answer, a 5xx): kept pending, for a later visit to prove. */
  unsure: LedgerEntry[];
  /** Adds found made by someone else: not the app's, never removed. */
  skips: PlanSkip[];
  audit: AuditInput[];
  /** Jira's quota stopped the work: the rest of the plan was not tried. */
  quotaStop?: QuotaSpentError;
}

/**
 * Applies one role's plan: one POST with every group to add, one DELETE per removal. Before the
 * POST the adds are written to the ledger as pending. Whose a group is then follows Jira's
 * answers alone: its success makes it the app's; "already a member" at a first try makes it
 * someone else's; after an attempt that may have been applied, the audit log decides; an add
 * Jira refused was not made, and one whose answer was lost stays pending.
 */
async function applyPlan(
  plan: ProjectPlan,
  project: Project,
  run: RunInfo,
  fences: Fence[],
  jira: JiraClient,
  ledger: LedgerEntry[],
  opts: { onWriteAhead: (written: LedgerEntry[]) => void; groupNames: Map<string, string> },
): Promise<Applied> {
  const roleId = plan.roleId!;
  const out: Applied = { results: [], unsure: [], skips: [], audit: [] };
  const adds = plan.actions.filter((a) => a.kind === 'add');
  if (adds.length > 0) await applyAdds(plan, adds, project, run, fences, jira, ledger, opts, out);
  await applyRemovals(plan, project, roleId, jira, out);
  return out;
}

/** The adds of one role's plan: written ahead as pending, sent, then settled from Jira's answers. */
async function applyAdds(
  plan: ProjectPlan,
  adds: ProjectPlan['actions'],
  project: Project,
  run: RunInfo,
  [fence, ...also]: Fence[],
  jira: JiraClient,
  ledger: LedgerEntry[],
  opts: { onWriteAhead: (written: LedgerEntry[]) => void; groupNames: Map<string, string> },
  out: Applied,
): Promise<void> {
  const roleId = plan.roleId!;
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
  opts.onWriteAhead(written);
  const outcome = await sendAdds(jira, project, roleId, adds);
  const namesOf = (groupId: string) =>
    [opts.groupNames.get(groupId), adds.find((a) => a.groupId === groupId)?.groupName].filter(
      (n): n is string => !!n,
    );
  const proven = await provenAppAdds(
    jira,
    project.id,
    outcome.unsure.map((groupId) => ({
      roleId,
      groupId,
      groupNames: namesOf(groupId),
      since: at,
    })),
  ).catch((err: unknown) => {
    if (err instanceof QuotaSpentError) out.quotaStop ??= err;
    return new Set<string>();
  });
  const done = new Date().toISOString();
  const where = `${plan.roleName} of ${project.name} (${project.key})`;
  for (const a of adds) {
    if (outcome.added.includes(a.groupId) || proven.has(a.groupId)) {
      out.results.push(result(project, plan, 'add', a, undefined, done));
    } else if (outcome.foundPresent.includes(a.groupId) || outcome.unsure.includes(a.groupId)) {
      const kept = leftAsTheirs({
        group: a.groupName ?? a.groupId,
        groupId: a.groupId,
        where,
        ruleIds: a.ruleIds,
        projectKey: project.key,
        run,
        why: 'It was there when the app went to add it.',
        role: plan.roleName,
        projectName: project.name,
      });
      out.skips.push(kept.skip);
      out.audit.push(kept.audit);
    } else {
      const error = outcome.errors.get(a.groupId);
      if (error instanceof QuotaSpentError) {
        out.quotaStop ??= error;
        continue;
      }
      out.results.push(result(project, plan, 'add', a, error, done));
      if (mayHaveApplied(error, outcome.maybeApplied))
        out.unsure.push(pending.find((e) => e.groupId === a.groupId)!);
    }
  }
}

/** The removals of one role's plan, one DELETE each, until the quota stops them. */
async function applyRemovals(
  plan: ProjectPlan,
  project: Project,
  roleId: string,
  jira: JiraClient,
  out: Applied,
): Promise<void> {
  for (const r of plan.actions.filter((a) => a.kind === 'remove')) {
    if (out.quotaStop) break;
    let error: unknown;
    try {
      await removeGroupFromProjectRole(jira, project.key, roleId, r.groupId);
    } catch (err) {
      if (err instanceof ProjectLeaseLostError) throw err;
      if (err instanceof QuotaSpentError) {
        out.quotaStop = err;
        break;
      }
      error = err;
    }
    out.results.push(result(project, plan, 'remove', r, error, new Date().toISOString()));
  }
}

type AddOutcome = RoleAddOutcome & { errors: Map<string, unknown> };

/**
 * Sends the adds in one call. One group deleted since the run started fails them all (404):
 * then they are sent one by one, so the others still apply and only the missing one fails.
 */
async function sendAdds(
  jira: JiraClient,
  project: Project,
  roleId: string,
  adds: { groupId: string }[],
): Promise<AddOutcome> {
  const outcome: AddOutcome = { ...newRoleAddOutcome(), errors: new Map() };
  const ids = adds.map((a) => a.groupId);
  const unsettled = () =>
    ids.filter(
      (id) => ![...outcome.added, ...outcome.foundPresent, ...outcome.unsure].includes(id),
    );
  try {
    await addGroupsToProjectRole(jira, project.key, roleId, ids, outcome);
    return outcome;
  } catch (err) {
    // Another run took the project over: this run makes no more changes here.
    if (err instanceof ProjectLeaseLostError) throw err;
    const rest = unsettled();
    if (!(err instanceof JiraError && err.status === 404 && rest.length > 1)) {
      for (const id of rest) outcome.errors.set(id, err);
      return outcome;
    }
  }
  for (const id of unsettled()) {
    try {
      await addGroupsToProjectRole(jira, project.key, roleId, [id], outcome);
    } catch (err) {
      if (err instanceof ProjectLeaseLostError) throw err;
      outcome.errors.set(id, err);
      // Jira's quota is spent: nothing more is sent, and nothing more was made.
      if (err instanceof QuotaSpentError) {
        for (const other of unsettled())
          if (!outcome.errors.has(other)) outcome.errors.set(other, err);
        break;
      }
    }
  }
  return outcome;
}

/**
 * Whether a failed add may have been made all the same: no answer, or a 5xx, on the last try
 * or an earlier one. A 429 or another 4xx is Jira refusing: nothing was made.
 */
function mayHaveApplied(err: unknown, earlierUnsure: boolean): boolean {
  if (err instanceof QuotaSpentError) return false;
  if (!(err instanceof JiraError)) return earlierUnsure;
  return err.status === 0 || err.status >= 500 || earlierUnsure;
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
  const values = {
    group: group ?? '',
    role: plan.roleName,
    project: plan.projectName,
    key: r.projectKey,
  };
  if (!r.ok) {
    const verb = r.kind === 'add' ? `add group ${group} to` : `remove group ${group} from`;
    return {
      ...base,
      kind: 'binding-failed',
      message: `Could not ${verb} ${where}: ${r.error}`,
      sentence: sentence(r.kind === 'add' ? 'bindingAddFailed' : 'bindingRemoveFailed', {
        ...values,
        error: r.error ?? '',
      }),
    };
  }
  if (r.kind === 'add') {
    return {
      ...base,
      kind: 'binding-added',
      message:
        `Added group ${group} to ${where}${action?.drift ? ' (someone had removed it since the app added it)' : ''}. ${action?.reason ?? ''}`.trim(),
      sentence: sentence(
        action?.drift ? 'bindingAddedDrift' : 'bindingAdded',
        values,
        action?.reason,
        action?.say,
      ),
    };
  }
  return {
    ...base,
    kind: 'binding-removed',
    message: `Removed group ${group} from ${where}. ${action?.reason ?? ''}`.trim(),
    sentence: sentence('bindingRemoved', values, action?.reason, action?.say),
  };
}

/** The role names (lower case) this project's enabled rules name. */
export function wantedRoleNames(project: Project, rules: RunContext['rules']): Set<string> {
  const wanted = new Set<string>();
  for (const rule of rules)
    if (rule.enabled && ruleCoversProject(rule, project).covered)
      wanted.add(rule.roleName.toLowerCase());
  return wanted;
}

/**
 * Reads the actors of each role this project's enabled rules name, and of each role the ledger
 * holds bindings in (a rule may have moved to another role). Group names seen in the roles are
 * added to `groupNames`; the name Jira answered for each global role read, to `answeredRoles`
 * (null: the role was not found here). A team-managed project has roles of its own: see
 * readTeamRoles.
 */
export async function readRoles(
  project: Project,
  ctx: Pick<RunContext, 'rules' | 'roles'>,
  ledger: LedgerEntry[],
  jira: JiraClient,
  groupNames = new Map<string, string>(),
  answeredRoles = new Map<string, string | null>(),
): Promise<Map<string, RoleState>> {
  const roles = new Map<string, RoleState>();
  const wanted = wantedRoleNames(project, ctx.rules);
  if (project.style === 'next-gen') return readTeamRoles(project, wanted, ledger, jira, groupNames);
  const ledgerRoleIds = new Set(ledger.map((e) => e.roleId));
  for (const name of wanted)
    if (!ctx.roles.some((r) => r.name.toLowerCase() === name))
      roles.set(name, { role: null, actorGroupIds: null });
  for (const role of ctx.roles) {
    if (!wanted.has(role.name.toLowerCase()) && !ledgerRoleIds.has(role.id)) continue;
    const actors = await getProjectRoleActors(jira, project.key, role.id);
    actors?.groupNames.forEach((name, id) => groupNames.set(id, name));
    answeredRoles.set(role.id, actors?.role?.name ?? null);
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

function sameLedger(a: LedgerEntry[], b: LedgerEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
