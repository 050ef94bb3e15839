// Settles the ledger's pending entries of one project before it is planned. A pending entry is
// an add the app wrote ahead whose answer it never saw (no answer, a 5xx, an invocation cut off).
// It becomes the app's only when Jira's audit log holds the app's own record of that add; every
// other pending entry is dropped: a group not in the role is planned again, a group in the role
// is a person's (someone may have added it meanwhile) and is never removed.
import { sentence } from '../../domain/audit-sentences';
import type { RoleState } from '../../domain/planner';
import type { ActionResult, LedgerEntry, PlanSkip, Project } from '../../domain/schemas';
import type { JiraClient } from '../../jira/client';
import type { AuditInput } from '../../store/audit';
import type { RunContext } from '../../store/runs';
import { provenAppAdds } from './ownership-proof';

export interface SettledPending {
  ledger: LedgerEntry[];
  /** Adds proven the app's: shown and audited as the adds they were. */
  confirmed: ActionResult[];
  audit: AuditInput[];
  /** Groups in the role that the app cannot prove it added, by role id. */
  notOwned: { roleId: string; skip: PlanSkip }[];
}

type RunInfo = { id: string; startedBy: string };

export async function settlePending(
  project: Project,
  ctx: Pick<RunContext, 'roles'>,
  run: RunInfo,
  roles: Map<string, RoleState>,
  ledger: LedgerEntry[],
  jira: JiraClient,
  /** groupId -> the name Jira shows now (from the role reads) */
  groupNames: Map<string, string>,
): Promise<SettledPending | undefined> {
  const pending = ledger.filter((e) => e.pending);
  if (pending.length === 0) return undefined;
  const inRole = (e: LedgerEntry) =>
    [...roles.values()].some(
      (r) => r.role?.id === e.roleId && (r.actorGroupIds ?? []).includes(e.groupId),
    );
  const present = pending.filter(inRole);
  const proven = await provenAppAdds(
    jira,
    project.id,
    present.map((e) => ({
      roleId: e.roleId,
      groupId: e.groupId,
      groupNames: namesOf(e, groupNames),
      since: e.addedAt,
    })),
  );
  const isProven = (e: LedgerEntry) => inRole(e) && proven.has(e.groupId);
  const settled = ledger
    .filter((e) => !e.pending || isProven(e))
    .map((e) => (e.pending ? (({ pending: _p, ...rest }) => rest)(e) : e));

  // A team-managed project's role is its own, not among the site's roles.
  const roleNameOf = (id: string) =>
    [...roles.values()].find((r) => r.role?.id === id)?.role?.name ??
    ctx.roles.find((r) => r.id === id)?.name ??
    'the customer role';
  const at = new Date().toISOString();
  const out: SettledPending = { ledger: settled, confirmed: [], audit: [], notOwned: [] };
  for (const e of present) {
    const group = e.groupName ?? groupNames.get(e.groupId) ?? e.groupId;
    const where = `${roleNameOf(e.roleId)} of ${project.name} (${project.key})`;
    const base = {
      actor: run.startedBy,
      runId: run.id,
      projectKey: project.key,
      groupId: e.groupId,
      ruleId: e.ruleIds[0],
      ruleIds: e.ruleIds,
    };
    if (proven.has(e.groupId)) {
      out.confirmed.push({
        projectKey: project.key,
        kind: 'add',
        groupId: e.groupId,
        groupName: group,
        projectName: project.name,
        roleId: e.roleId,
        roleName: roleNameOf(e.roleId),
        ok: true,
        at,
      });
      out.audit.push(settledAdd(base, { group, where, role: roleNameOf(e.roleId), project, e }));
    } else {
      const kept = leftAsTheirs({
        group,
        groupId: e.groupId,
        where,
        ruleIds: e.ruleIds,
        projectKey: project.key,
        run,
        why: `Run ${e.runId} never saw Jira's answer to its add, and Jira's audit log does not show the app making it.`,
        unseenBy: e.runId,
        role: roleNameOf(e.roleId),
        projectName: project.name,
      });
      out.notOwned.push({ roleId: e.roleId, skip: kept.skip });
      out.audit.push(kept.audit);
    }
  }
  return out;
}

/**
 * A group in the role that the app cannot prove it put there: the plan's skip and the audit
 * line that say so, with `why` the app could not claim it.
 */
export function leftAsTheirs(x: {
  group: string;
  groupId: string;
  /** "Service Desk Customers of IT Help Desk (ITHELP)" */
  where: string;
  /** The role and project `where` names, for the page to word. */
  role: string;
  projectName: string;
  ruleIds: string[];
  projectKey: string;
  run: RunInfo;
  why: string;
  /** The run that never saw Jira's answer, when that is why. */
  unseenBy?: string;
}): { skip: PlanSkip; audit: AuditInput } {
  const reason = `Group ${x.group} is in ${x.where}, not added by this app: someone else put it there, so it is theirs and the app never removes it.`;
  return {
    skip: {
      code: 'not-added-by-app',
      groupId: x.groupId,
      groupName: x.group,
      reason,
      // The page names the role and project from the plan it shows the skip in.
      say: { code: 'not-added-by-app', values: { group: x.group } },
    },
    audit: {
      kind: 'binding-kept',
      actor: x.run.startedBy,
      runId: x.run.id,
      projectKey: x.projectKey,
      groupId: x.groupId,
      ruleId: x.ruleIds[0],
      ruleIds: x.ruleIds,
      message: `${reason} (${x.why})`,
      sentence: sentence(x.unseenBy ? 'bindingKeptUnseen' : 'bindingKept', {
        group: x.group,
        role: x.role,
        project: x.projectName,
        key: x.projectKey,
        ...(x.unseenBy ? { run: x.unseenBy } : {}),
      }),
    },
  };
}

function namesOf(e: LedgerEntry, groupNames: Map<string, string>): string[] {
  return [...new Set([groupNames.get(e.groupId), e.groupName].filter((n): n is string => !!n))];
}

/** The audit entry of an add the app made and only Jira's audit log confirmed. */
function settledAdd(
  base: Omit<AuditInput, 'kind' | 'message'>,
  x: { group: string; where: string; role: string; project: Project; e: LedgerEntry },
): AuditInput {
  const { group, where, role, project, e } = x;
  return {
    ...base,
    kind: 'binding-added',
    message: `Added group ${group} to ${where} (run ${e.runId} made the change but never saw Jira's answer; Jira's audit log shows the app made it).`,
    sentence: sentence('bindingAddedSettled', {
      group,
      role,
      project: project.name,
      key: project.key,
      run: e.runId,
    }),
  };
}
