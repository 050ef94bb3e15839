// A Jira admin makes a binding the app's by hand: a group in a project's customer role that the
// app cannot prove it added (someone else did, or Jira's answer was lost). Once adopted, the app
// removes it when no enabled rule wants it any more, like a binding it added itself. Only a group
// that an enabled rule covering the project names, in that rule's customer role, can be adopted:
// adopting never makes the app keep anything it would not add itself.
import { sentence } from '../../domain/audit-sentences';
import { UserFacingError } from '../../domain/errors';
import { groupRefusal, isCustomerRole } from '../../domain/guard-rails';
import type { LedgerEntry, Project } from '../../domain/schemas';
import { ruleCoversProject } from '../../domain/scope';
import { JiraClient } from '../../jira/client';
import { getProject } from '../../jira/projects';
import { listGlobalRoles } from '../../jira/roles';
import { log } from '../../log';
import { appendAudit } from '../../store/audit';
import { getProjectLedger, putProjectLedger } from '../../store/ledger';
import { releaseProjectLease, takeProjectLease } from '../../store/project-lease';
import { listRules } from '../../store/rules';
import { readRoles } from './enforce-project';
import { readGroupFacts } from './group-facts';

/** How long adopting waits for a run that is enforcing the same project. */
const LEASE_WAIT_MS = 10_000;

export async function adoptBinding(
  input: { projectKey: string; groupId: string },
  actor: string,
  jira = new JiraClient(),
): Promise<{ projectKey: string; groupId: string; adopted: true }> {
  const { projectKey, groupId } = input;
  const project = await getProject(jira, projectKey);
  if (!project)
    throw new UserFacingError(`Project ${projectKey} was not found in Jira.`, 'not-found');
  const rules = await rulesKeeping(project, groupId);
  const facts = (await readGroupFacts(jira, [groupId], { withManagedBy: false })).get(groupId);
  if (!facts) throw new UserFacingError('This group no longer exists in Jira.', 'not-found');
  const refusal = groupRefusal(facts, true);
  if (refusal) throw new UserFacingError(refusal.message, 'conflict');

  const holder = { runId: `adopt-${Date.now()}`, trigger: 'manual', startedBy: actor };
  const fence = await takeProjectLease(project.id, holder, { maxWaitMs: LEASE_WAIT_MS });
  if (!fence)
    throw new UserFacingError(
      `A run is changing ${project.key} right now: try again in a minute.`,
      'conflict',
    );
  try {
    const ledger = await getProjectLedger(project.id);
    const roles = await readRoles(
      project,
      { rules, roles: await listGlobalRoles(jira) },
      ledger,
      jira,
    );
    const role = [...roles.values()].find(
      (r) => r.role && r.actorGroupIds?.includes(groupId),
    )?.role;
    if (!role)
      throw new UserFacingError(
        `${facts.name} is not in the customer role of ${project.key} now, so there is nothing to adopt.`,
        'conflict',
      );
    if (ledger.some((e) => e.roleId === role.id && e.groupId === groupId && !e.pending))
      throw new UserFacingError(
        `The app already counts ${facts.name} in ${project.key} as its own.`,
        'conflict',
      );
    const entry: LedgerEntry = {
      projectId: project.id,
      projectKey: project.key,
      roleId: role.id,
      groupId,
      groupName: facts.name,
      ruleIds: rules.map((r) => r.id).sort(),
      addedAt: new Date().toISOString(),
      runId: 'adopted',
    };
    const rest = ledger.filter((e) => !(e.roleId === role.id && e.groupId === groupId));
    await putProjectLedger(fence, project.id, [...rest, entry]);
    await appendAudit([
      {
        kind: 'binding-adopted',
        actor,
        projectKey: project.key,
        groupId,
        ruleId: entry.ruleIds[0],
        ruleIds: entry.ruleIds,
        message: `Adopted group ${facts.name} in ${role.name} of ${project.name} (${project.key}) as the app's: someone else had added it; the app now removes it when no enabled rule wants it any more.`,
        sentence: sentence('bindingAdopted', {
          group: facts.name,
          role: role.name,
          project: project.name,
          key: project.key,
        }),
      },
    ]);
    log.info('binding.adopted', { projectKey: project.key, roleId: role.id });
    return { projectKey: project.key, groupId, adopted: true };
  } finally {
    await releaseProjectLease(fence);
  }
}

/** The enabled rules that would keep the group in the project's customer role: at least one. */
async function rulesKeeping(project: Project, groupId: string) {
  const rules = (await listRules()).filter(
    (r) =>
      r.enabled &&
      r.groupIds.includes(groupId) &&
      (r.target ?? 'role') !== 'organization' &&
      isCustomerRole(r.roleName) &&
      ruleCoversProject(r, project).covered,
  );
  if (rules.length === 0)
    throw new UserFacingError(
      `No enabled rule covering ${project.key} names this group, so the app would not keep it there: add the group to a rule first.`,
      'conflict',
    );
  return rules;
}
