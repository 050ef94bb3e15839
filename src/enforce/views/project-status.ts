// The project settings page's view of one project: which rules cover it, each group's state
// here, what no rule manages, and its part of the last run that visited it. What the app keeps
// (rules, runs, the project's last visit, requests) is read from storage on every load; what
// only Jira knows (the project, its role's groups, its organizations) is read at most once a
// minute per project, from the caller's share of the hour's quota (people-budget.ts), and kept
// (store/project-live.ts): a load within the minute, or one whose read is refused, shows the
// last reading with its time. So loading the page, however often and by however many people,
// costs at most what their shares allow. The role's actors are read live; the role itself is
// found in the site's role list as the app last kept it (page-roles.ts).
import { createHash } from 'node:crypto';

import type { GroupStateWhy, ProjectGroupState, ProjectStatus } from '../../domain/answers';
import { TooSoonError, UserFacingError } from '../../domain/errors';
import { excludedRules } from '../../domain/exclusions';
import { productsGrantedBy, roleRefusal, runRefusal } from '../../domain/guard-rails';
import { planProject } from '../../domain/planner';
import type { ProjectVisit } from '../../domain/project-visit';
import type {
  LedgerEntry,
  PlanSkip,
  Project,
  ProjectPlan,
  Rule,
  Run,
  Settings,
} from '../../domain/schemas';
import { DEFAULT_ROLE_NAME } from '../../domain/schemas';
import { ruleCoversProject } from '../../domain/scope';
import { count } from '../../domain/text';
import { listApplicationRoles } from '../../jira/application-roles';
import { JiraClient } from '../../jira/client';
import { getGroupsByIds } from '../../jira/groups';
import { getProject } from '../../jira/projects';
import { QuotaSpentError, utcTime } from '../../jira/quota-tracker';
import { listExclusionRequests } from '../../store/exclusion-requests';
import { listExclusions } from '../../store/exclusions';
import { getProjectLedger } from '../../store/ledger';
import {
  claimLiveRead,
  getProjectLive,
  type ProjectLive,
  putProjectLive,
  releaseLiveRead,
} from '../../store/project-live';
import { getProjectLastRunId } from '../../store/project-runs';
import { getProjectVisit } from '../../store/project-visits';
import { listSavedRules, withExclusions } from '../../store/rules';
import { getRun, listRunsPage } from '../../store/runs';
import { getSettings } from '../../store/settings';
import { projectOrganizations } from '../orgs/org-status';
import { projectStartPoints, recordShareSpend, spendShare } from '../quota/people-budget';
import { sweepPeriodNow } from '../signals/period-now';
import { readPageRoles } from './page-roles';

/** A reading of Jira younger than this is shown as it is, without reading again. */
export const LIVE_FOR_MS = 60_000;

/** A client for what a person's page reads: it gives up on a spent quota instead of waiting. */
const pageClient = () => new JiraClient({ waitOutQuota: false });

export async function getProjectStatus(
  projectKey: string,
  accountId: string,
  { jira = pageClient(), now = Date.now() }: { jira?: JiraClient; now?: number } = {},
): Promise<ProjectStatus> {
  const [savedRules, exclusions, settings, stored, visit, ownRunId] = await Promise.all([
    listSavedRules(),
    listExclusions(),
    getSettings(),
    getProjectLive(projectKey),
    getProjectVisit(projectKey),
    getProjectLastRunId(projectKey),
  ]);
  const rules = withExclusions(savedRules, exclusions);
  const basis = basisOf(rules, settings, visit);
  let live = stored && isCurrent(stored, basis, now) ? stored : undefined;
  let refused: TooSoonError | undefined;
  if (!live) {
    try {
      live = await readLiveOnce(projectKey, accountId, rules, settings, basis, jira, now);
    } catch (err) {
      // Nothing to show instead, or not a refusal: the page says why.
      if (!(err instanceof TooSoonError) || !stored) throw err;
      live = stored;
      refused = err;
    }
  }
  const { project } = live;
  const covering = rules.filter((r) => ruleCoversProject(r, project).covered);
  const [recent, requests] = await Promise.all([
    listRunsPage().then((p) => p.items),
    listExclusionRequests(project.key),
  ]);
  const excluded = excludedRules(
    project,
    savedRules,
    exclusions,
    requests,
    settings.allowProjectExclusions,
  );
  return {
    project: { key: project.key, name: project.name, style: project.style },
    roleName: live.roleName,
    rules: covering.map((r) => ({ id: r.id, name: r.name, enabled: r.enabled })),
    groups: live.groups,
    unmanagedGroups: live.unmanagedGroups,
    checkedAt: live.checkedAt,
    ...(refused
      ? {
          notLive: {
            message: refused.message,
            retryAt: refused.retryAt,
            ...(refused.words ? { words: refused.words } : {}),
          },
        }
      : {}),
    ...(await lastRunFor(project.key, recent, visit, ownRunId)),
    ...(settings.scheduleEnabled
      ? {
          nextScheduledRunAt: nextScheduledRun(recent),
          sweepHours: await sweepPeriodNow(settings),
        }
      : {}),
    canRequestExclusion: settings.allowProjectExclusions,
    exclusionRequests: requests.map((r) => ({
      ruleId: r.ruleId,
      status: r.status,
      requestedAt: r.requestedAt,
      ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
    })),
    organizations: live.organizations,
    ...(excluded.length > 0 ? { excludedRules: excluded } : {}),
  };
}

/**
 * The project as the app last read it (any age: its type and category rarely change), else
 * read now from the caller's share; for checks before a request (a run, an exclusion).
 */
export async function knownProject(
  projectKey: string,
  accountId: string,
  jira: JiraClient = pageClient(),
  now = Date.now(),
): Promise<Project> {
  const stored = await getProjectLive(projectKey);
  if (stored) return stored.project;
  const item = `project:${projectKey}:${now}`;
  await spendShare(jira, accountId, item, 5, await getSettings(), now);
  try {
    const project = await getProject(jira, projectKey).catch(refusalOf(now));
    if (!project)
      throw new UserFacingError(`Project ${projectKey} was not found in Jira.`, 'not-found').says(
        'project-not-found',
        { project: projectKey },
      );
    return project;
  } finally {
    await recordShareSpend(jira, accountId, item, now);
  }
}

/**
 * What a reading was planned with: another basis is stale, i.e. a rule or a setting saved
 * since, or a run that visited the project since (Enforce now: the page shows what it did).
 */
function basisOf(rules: Rule[], settings: Settings, visit: ProjectVisit | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([rules, settings.removeUnwanted, visit?.runId, visit?.checkedAt]))
    .digest('hex')
    .slice(0, 16);
}

const isCurrent = (live: ProjectLive, basis: string, now: number) =>
  live.basis === basis && now - Date.parse(live.checkedAt) < LIVE_FOR_MS;

/**
 * Reads Jira for the page once for this project this minute, from the caller's share; refused
 * (too-soon) when another request is reading it or the share is spent.
 */
async function readLiveOnce(
  projectKey: string,
  accountId: string,
  rules: Rule[],
  settings: Settings,
  basis: string,
  jira: JiraClient,
  now: number,
): Promise<ProjectLive> {
  const minute = Math.floor(now / 60_000);
  if (!(await claimLiveRead(projectKey, minute, basis))) {
    // Another request read it (or is reading it) this minute: its reading, if it is there.
    const read = await getProjectLive(projectKey);
    if (read && isCurrent(read, basis, now)) return read;
    const retryAt = (minute + 1) * 60_000;
    throw new TooSoonError(
      `${projectKey} was read from Jira less than a minute ago. Reload the page at ` +
        `${utcTime(retryAt)} to read it again.`,
      new Date(retryAt).toISOString(),
    ).says('project-read-recently', { project: projectKey, at: new Date(retryAt).toISOString() });
  }
  const item = `live:${projectKey}:${minute}:${basis}`;
  // About what a run's start reads (the roles, the rules' groups, the project), held first;
  // refused: the minute is free again for a request whose share can pay.
  await spendShare(jira, accountId, item, projectStartPoints(rules), settings, now).catch(
    async (err: unknown) => {
      await releaseLiveRead(projectKey, minute, basis);
      throw err;
    },
  );
  try {
    const read = await readLive(projectKey, rules, settings, jira, now).catch(refusalOf(now));
    const live: ProjectLive = {
      ...read,
      checkedAt: new Date(now).toISOString(),
      basis,
      points: jira.cost().points,
    };
    await putProjectLive(projectKey, live);
    return live;
  } finally {
    await recordShareSpend(jira, accountId, item, now);
  }
}

/** A read stopped by the caller's share or by Jira's quota: a refusal, saying until when. */
function refusalOf(now: number) {
  return (err: unknown): never => {
    if (!(err instanceof QuotaSpentError)) throw err;
    const minutes = Math.max(1, Math.ceil((err.until - now) / 60_000));
    const why =
      err.pauseCause === 'quota'
        ? "Jira's hourly quota for this app is spent"
        : "Reading this project would take more than is left of your share of Jira's hourly quota";
    const at = new Date(err.until).toISOString();
    throw new TooSoonError(
      `${why}. You can ask again at ${utcTime(err.until)} (in ${count(minutes, 'minute')}).`,
      at,
    ).says(err.pauseCause === 'quota' ? 'quota-spent' : 'share-too-small', { at, minutes });
  };
}

/** What only Jira knows: the project, its role's groups planned with the rules, organizations. */
async function readLive(
  projectKey: string,
  rules: Rule[],
  settings: Settings,
  jira: JiraClient,
  now: number,
): Promise<Omit<ProjectLive, 'checkedAt' | 'basis' | 'points'>> {
  const project = await getProject(jira, projectKey);
  if (!project)
    throw new UserFacingError(
      `Project ${projectKey} was not found in Jira. It may have been deleted.`,
      'not-found',
    ).says('project-deleted', { project: projectKey });
  const ledger = await getProjectLedger(project.id);
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
  const roleStates = await readPageRoles(project, roleRules, ledger, jira, groupNames, now);
  const productAccess = new Map(groupIds.map((id) => [id, productsGrantedBy(id, appRoles)]));
  const plans = planProject({
    project,
    rules: roleRules,
    roles: roleStates,
    ledger,
    groups,
    settings,
    // A group that came to grant a product is skipped here as a run skips it.
    productAccess,
  });

  const states = groupStates(groupIds, covering, plans, ledger, groupNames, {
    project,
    rules,
    groups,
    productAccess,
    settings,
  });
  const unmanaged = [...new Set(plans.flatMap((p) => p.unmanagedGroupIds))].map((gid) => ({
    groupId: gid,
    groupName: groupNames.get(gid),
  }));

  return {
    project,
    roleName: plans[0]?.roleName ?? covering[0]?.roleName ?? DEFAULT_ROLE_NAME,
    groups: states,
    unmanagedGroups: unmanaged,
    organizations: await projectOrganizations(project, covering, jira),
  };
}

/** Each group the covering rules name, with its state in the role and why (from the plans). */
function groupStates(
  groupIds: string[],
  covering: Rule[],
  plans: ProjectPlan[],
  ledger: LedgerEntry[],
  groupNames: ReadonlyMap<string, string>,
  at: Parameters<typeof skipWhy>[2],
): ProjectGroupState[] {
  const { groups } = at;
  const states: ProjectGroupState[] = [];
  for (const gid of groupIds) {
    const ruleIds = covering
      .filter((r) => r.enabled && r.target !== 'organization' && r.groupIds.includes(gid))
      .map((r) => r.id);
    const groupName = groups.get(gid)?.name ?? groupNames.get(gid);
    const add = plans.flatMap((p) => p.actions).find((a) => a.kind === 'add' && a.groupId === gid);
    const skipped = plans
      .flatMap((plan) => plan.skips.map((skip) => ({ plan, skip })))
      .find(
        ({ skip: s }) =>
          s.groupId === gid || (!s.groupId && s.ruleId && ruleIds.includes(s.ruleId)),
      );
    if (add) {
      const why: GroupStateWhy = {
        code: 'wanted',
        ruleIds: add.ruleIds,
        ...(add.drift ? { drift: true } : {}),
      };
      states.push({ groupId: gid, groupName, ruleIds, state: 'missing', reason: add.reason, why });
    } else if (skipped) {
      const why = skipWhy(skipped.plan, skipped.skip, at);
      states.push({
        groupId: gid,
        groupName,
        ruleIds,
        state: 'skipped',
        reason: skipped.skip.reason,
        ...(why ? { why } : {}),
      });
    } else {
      // Only a settled ledger entry proves the app put it there: otherwise it is a person's.
      const addedByApp = ledger.some((e) => e.groupId === gid && !e.pending);
      states.push({ groupId: gid, groupName, ruleIds, state: 'in-role', addedByApp });
    }
  }
  return states;
}

/** Why a skip leaves a group alone, as codes the page words (undefined: only the English). */
export function skipWhy(
  plan: ProjectPlan,
  skip: PlanSkip,
  at: {
    project: Project;
    rules: Rule[];
    groups: ReadonlyMap<string, { groupId: string; name: string }>;
    productAccess: ReadonlyMap<string, readonly string[]>;
    settings: Settings;
  },
): GroupStateWhy | undefined {
  const { project, rules, groups, productAccess, settings } = at;
  const ruleIds = skip.ruleId ? [skip.ruleId] : [];
  const removesOwn = settings.removeUnwanted;
  if (skip.code === 'group-deleted') return { code: 'group-deleted', ruleIds };
  if (skip.code === 'role-not-found')
    return {
      code: 'role-not-found',
      ruleIds,
      roleName: plan.roleName,
      teamManaged: project.style === 'next-gen',
    };
  if (skip.code !== 'refused') return undefined;
  const group = skip.groupId ? groups.get(skip.groupId) : undefined;
  if (!group) {
    const rule = rules.find((r) => r.id === skip.ruleId);
    return rule && roleRefusal(rule.roleName)
      ? { code: 'refused-role', ruleIds, roleName: rule.roleName }
      : undefined;
  }
  const products = productAccess.get(group.groupId) ?? [];
  const refusal = runRefusal(group, products);
  if (refusal?.code === 'group-administration')
    return { code: 'refused-admin', ruleIds, removesOwn };
  if (refusal?.code === 'group-app-access') return { code: 'refused-apps', ruleIds, removesOwn };
  if (refusal?.code === 'group-product-access')
    return { code: 'refused-product', ruleIds, removesOwn, products: [...products] };
  return undefined;
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
  visit: ProjectVisit | undefined,
  ownRunId: string | undefined,
): Promise<Pick<ProjectStatus, 'lastRun' | 'lastSiteRun' | 'ownRun'>> {
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
