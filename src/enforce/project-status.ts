// The project settings page's view of one project: which rules cover it, each group's state
// here, what no rule manages, and its part of the last run that visited it. Reads only; plans in
// memory.
import { UserFacingError } from '../domain/errors';
import { planProject } from '../domain/planner';
import { ruleCoversProject } from '../domain/scope';
import type { Run } from '../domain/schemas';
import { DEFAULT_ROLE_NAME } from '../domain/schemas';
import { JiraClient } from '../jira/client';
import { getProject } from '../jira/projects';
import { getGroupsByIds } from '../jira/groups';
import { listApplicationRoles } from '../jira/application-roles';
import { productsGrantedBy } from '../domain/guard-rails';
import { listGlobalRoles } from '../jira/roles';
import { readRoles } from './enforce-project';
import { projectOrganizations } from './org-status';
import { getProjectLedger } from '../store/ledger';
import { listRules } from '../store/rules';
import { getRun, listRunsPage } from '../store/runs';
import { getSettings } from '../store/settings';
import { getProjectLastRunId } from '../store/project-runs';
import { getProjectVisit } from '../store/project-visits';
import { listExclusionRequests } from '../store/exclusion-requests';
import type { ProjectGroupState, ProjectStatus } from '../resolvers/contract';

export async function getProjectStatus(
  projectKey: string,
  jira = new JiraClient(),
): Promise<ProjectStatus> {
  const project = await getProject(jira, projectKey);
  if (!project)
    throw new UserFacingError(
      `Project ${projectKey} was not found in Jira. It may have been deleted.`,
      'not-found',
    );
  const [rules, settings, ledger, roles] = await Promise.all([
    listRules(),
    getSettings(),
    getProjectLedger(project.id),
    listGlobalRoles(jira),
  ]);
  const covering = rules.filter((r) => ruleCoversProject(r, project).covered);
  // Rules that keep only an organization put no group in the role.
  const roleRules = rules.filter((r) => r.target !== 'organization');
  const groupIds = [
    ...new Set(
      covering.filter((r) => r.enabled && r.target !== 'organization').flatMap((r) => r.groupIds),
    ),
  ];
  const [groups, appRoles] = await Promise.all([
    getGroupsByIds(jira, groupIds),
    listApplicationRoles(jira),
  ]);

  const groupNames = new Map<string, string>();
  const roleStates = await readRoles(
    project,
    { rules: roleRules, roles },
    ledger,
    jira,
    groupNames,
  );
  const plans = planProject({
    project,
    rules: roleRules,
    roles: roleStates,
    ledger,
    groups,
    settings,
    // A group that came to grant a product is skipped here as a run skips it.
    productAccess: new Map(groupIds.map((id) => [id, productsGrantedBy(id, appRoles)])),
  });

  /** The newest page of runs: the last site-wide run and the last scheduled one are in it. */
  const recent = (await listRunsPage()).items;
  const states: ProjectGroupState[] = [];
  for (const gid of groupIds) {
    const ruleIds = covering
      .filter((r) => r.enabled && r.target !== 'organization' && r.groupIds.includes(gid))
      .map((r) => r.id);
    const groupName = groups.get(gid)?.name ?? groupNames.get(gid);
    const add = plans.flatMap((p) => p.actions).find((a) => a.kind === 'add' && a.groupId === gid);
    const skip = plans
      .flatMap((p) => p.skips)
      .find((s) => s.groupId === gid || (!s.groupId && s.ruleId && ruleIds.includes(s.ruleId)));
    if (add)
      states.push({ groupId: gid, groupName, ruleIds, state: 'missing', reason: add.reason });
    else if (skip)
      states.push({ groupId: gid, groupName, ruleIds, state: 'skipped', reason: skip.reason });
    else {
      // Only a settled ledger entry proves the app put it there: otherwise it is a person's.
      const addedByApp = ledger.some((e) => e.groupId === gid && !e.pending);
      states.push({ groupId: gid, groupName, ruleIds, state: 'in-role', addedByApp });
    }
  }
  const unmanaged = [...new Set(plans.flatMap((p) => p.unmanagedGroupIds))].map((gid) => ({
    groupId: gid,
    groupName: groupNames.get(gid),
  }));

  return {
    project: { key: project.key, name: project.name, style: project.style },
    roleName: plans[0]?.roleName ?? covering[0]?.roleName ?? DEFAULT_ROLE_NAME,
    rules: covering.map((r) => ({ id: r.id, name: r.name, enabled: r.enabled })),
    groups: states,
    unmanagedGroups: unmanaged,
    ...(await lastRunFor(project.key, recent)),
    ...(settings.scheduleEnabled
      ? { nextScheduledRunAt: nextScheduledRun(recent), sweepHours: settings.sweepHours }
      : {}),
    canRequestExclusion: settings.allowProjectExclusions,
    exclusionRequests: (await listExclusionRequests(project.key)).map((r) => ({
      ruleId: r.ruleId,
      status: r.status,
      requestedAt: r.requestedAt,
      ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
    })),
    organizations: await projectOrganizations(project, covering, jira),
  };
}

/**
 * This project's part of the last run that visited it (one stored record, no scan of runs),
 * the last site run when it did not come here, and this project's own run when it started after
 * that visit and has not recorded the project (still going, or stopped before it). Never a site
 * run's totals, message or starter.
 */
async function lastRunFor(
  projectKey: string,
  recent: Run[],
): Promise<Pick<ProjectStatus, 'lastRun' | 'lastSiteRun' | 'ownRun'>> {
  const [visit, ownRunId] = await Promise.all([
    getProjectVisit(projectKey),
    getProjectLastRunId(projectKey),
  ]);
  const own = ownRunId && ownRunId !== visit?.runId ? await getRun(ownRunId) : undefined;
  const site = recent.find((r) => !r.dryRun && !r.projectKey && !isActive(r));
  const siteMissed = site && (!visit || site.createdAt > visit.runCreatedAt);
  return {
    ...(visit ? { lastRun: visit } : {}),
    ...(siteMissed
      ? {
          lastSiteRun: {
            trigger: site.trigger,
            createdAt: site.createdAt,
            changeDriven: site.visits !== undefined,
          },
        }
      : {}),
    ...(own && own.projectKey === projectKey && (!visit || own.createdAt > visit.runCreatedAt)
      ? { ownRun: ownRunView(own) }
      : {}),
  };
}

const isActive = (r: Run) =>
  r.status === 'queued' || r.status === 'running' || r.status === 'paused';

function ownRunView(run: Run): NonNullable<ProjectStatus['ownRun']> {
  return {
    id: run.id,
    status: run.status,
    createdAt: run.createdAt,
    ...(run.message ? { message: run.message } : {}),
  };
}

/** Forge runs an hourly trigger about an hour after the last one. */
export function nextScheduledRun(recent: Run[]): string {
  const last = recent.find((r) => r.trigger === 'scheduled');
  const base = last ? new Date(last.createdAt).getTime() : Date.now();
  let next = base + 60 * 60 * 1000;
  while (next < Date.now()) next += 60 * 60 * 1000;
  return new Date(next).toISOString();
}
