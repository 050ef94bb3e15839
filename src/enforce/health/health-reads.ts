// The reads behind the health checks, each on its own client so that it records its own cost,
// each within a budget, and each answering a Read: its value, or why Jira refused it.
import { errorMessage } from '../../domain/errors';
import type { GroupMember } from '../../domain/health-licences';
import { agentOverlap, SERVICE_DESK_KEY } from '../../domain/health-licences';
import { coveredProjects } from '../../domain/health-permissions';
import type {
  AgentOverlap,
  Coverage,
  CoveredProject,
  PermissionScheme,
  Read,
  RecentAccounts,
  SchemeFacts,
} from '../../domain/health-schemas';
import type { Project, Rule } from '../../domain/schemas';
import { auditRecordsPage } from '../../jira/audit-records';
import { JiraClient } from '../../jira/client';
import { groupMemberCount, groupMembersPage } from '../../jira/group-members';
import {
  getPermissionSchemeGrants,
  getProjectPermissionScheme,
} from '../../jira/permission-schemes';
import { listServiceProjectsPage, MAX_PROJECT_PAGE } from '../../jira/projects';
import { getUserProducts } from '../../jira/user-access';
import { mapLimit } from '../map-limit';

/** What one health computation may read; past it, checks say what they did not read. */
export const HEALTH_BUDGET = {
  /** Pages of 100 service projects: 10,000 projects. */
  projectPages: 100,
  /** Covered projects whose permission scheme is looked up (one call each). */
  schemeReads: 1_500,
  /** Groups granted Browse Projects whose size is asked (one call each). */
  groupSizes: 100,
  /** Pages of 50 group members (2 points a member): 5,000 members, at most daily. */
  memberPages: 100,
  /** Pages of Jira's audit log, and accounts created lately looked up one by one. */
  auditPages: 5,
  accountLookups: 50,
};

/** Calls in flight at once for per-project and per-account lookups; the client's limiter paces. */
const CONCURRENCY = 4;
export const RECENT_DAYS = 30;

export type ClientFactory = () => JiraClient;
/**
 * A health computation runs in a consumer with 900 s: its calls may wait out throttling longer,
 * but not Jira's quota (the hourly trigger asks for it): a read refused for it says so.
 */
export const healthClient: ClientFactory = () =>
  new JiraClient({ maxTries: 8, maxTotalWaitMs: 60_000, waitOutQuota: false });

export async function read<T>(
  fn: (jira: JiraClient) => Promise<T>,
  makeClient: ClientFactory = healthClient,
): Promise<Read<T>> {
  const jira = makeClient();
  try {
    const value = await fn(jira);
    return { ok: true, value, calls: jira.stats().calls };
  } catch (err) {
    return { ok: false, why: errorMessage(err), calls: jira.stats().calls };
  }
}

/** Every service project (within the budget), and which enabled rules cover each. */
export async function readCoverage(jira: JiraClient, rules: Rule[]): Promise<Coverage> {
  const projects: Project[] = [];
  let startAt = 0;
  for (let pages = 0; pages < HEALTH_BUDGET.projectPages; pages++) {
    const page = await listServiceProjectsPage(jira, { startAt, maxResults: MAX_PROJECT_PAGE });
    projects.push(...page.projects);
    if (page.isLast) return { projects: coveredProjects(rules, projects), complete: true };
    startAt += page.projects.length;
  }
  return { projects: coveredProjects(rules, projects), complete: false };
}

/** The scheme of each covered project and each scheme's grants; a refusal is kept per project. */
export async function readSchemes(
  jira: JiraClient,
  projects: CoveredProject[],
): Promise<SchemeFacts> {
  const facts: SchemeFacts = {
    schemeOf: new Map(),
    schemes: new Map(),
    unread: [],
    skipped: Math.max(0, projects.length - HEALTH_BUDGET.schemeReads),
  };
  const names = new Map<string, string>();
  const lookups = await mapLimit(
    projects.slice(0, HEALTH_BUDGET.schemeReads),
    CONCURRENCY,
    async (p) => {
      try {
        return { key: p.key, scheme: await getProjectPermissionScheme(jira, p.key) };
      } catch (err) {
        return { key: p.key, why: errorMessage(err) };
      }
    },
  );
  for (const l of lookups) {
    if (l.scheme) {
      facts.schemeOf.set(l.key, l.scheme.id);
      names.set(l.scheme.id, l.scheme.name);
    } else facts.unread.push({ key: l.key, why: l.why ?? 'no answer' });
  }
  // Jira refused every lookup (a scope, a plan): the checks cannot judge anything.
  if (lookups.length && facts.unread.length === lookups.length)
    throw new Error(facts.unread[0].why);
  const grants = await mapLimit([...names], CONCURRENCY, async ([id, name]) => {
    try {
      const scheme: PermissionScheme = {
        id,
        name,
        grants: await getPermissionSchemeGrants(jira, id),
      };
      return { id, scheme };
    } catch (err) {
      return { id, why: errorMessage(err) };
    }
  });
  for (const g of grants) {
    if (g.scheme) facts.schemes.set(g.id, g.scheme);
    else
      for (const [key, id] of facts.schemeOf)
        if (id === g.id) facts.unread.push({ key, why: g.why ?? 'no answer' });
  }
  return facts;
}

/** Members of each group granted Browse Projects that no rule names (one call per group). */
export async function readGroupSizes(
  jira: JiraClient,
  groupIds: string[],
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const ids = groupIds.slice(0, HEALTH_BUDGET.groupSizes);
  const counts = await mapLimit(ids, CONCURRENCY, (id) => groupMemberCount(jira, id));
  ids.forEach((id, i) => sizes.set(id, counts[i]));
  return sizes;
}

/**
 * Members of the groups that grant agent access, then of the customer groups, within the page
 * budget, and who is in both. The agent side is read first: it is usually the smaller, and when
 * it is empty no customer group needs reading.
 */
export async function readAgentOverlap(
  jira: JiraClient,
  groups: { customerGroupIds: string[]; accessGroupIds: string[] },
  fingerprint: string,
  now: () => number,
): Promise<AgentOverlap> {
  let pagesLeft = HEALTH_BUDGET.memberPages;
  let membersRead = 0;
  let complete = true;
  const readAll = async (ids: string[]) => {
    const out: { groupId: string; members: GroupMember[] }[] = [];
    for (const groupId of ids) {
      const members: GroupMember[] = [];
      for (let startAt = 0; ;) {
        if (pagesLeft <= 0) {
          complete = false;
          break;
        }
        pagesLeft--;
        const page = await groupMembersPage(jira, groupId, { startAt });
        members.push(...page.members);
        membersRead += page.members.length;
        if (page.isLast) break;
        startAt += page.members.length;
      }
      out.push({ groupId, members });
    }
    return out;
  };
  const access = await readAll(groups.accessGroupIds);
  const anyAgent = access.some((g) => g.members.some((m) => m.active));
  const customers = anyAgent ? await readAll(groups.customerGroupIds) : [];
  return {
    fingerprint,
    readAt: new Date(now()).toISOString(),
    ...agentOverlap(access, customers),
    membersRead,
    complete,
    calls: jira.stats().calls,
  };
}

/** Accounts Jira's audit log says were created in the last 30 days, and which have JSM. */
export async function readRecentAccounts(
  jira: JiraClient,
  now: () => number,
): Promise<RecentAccounts> {
  const from = new Date(now() - RECENT_DAYS * 24 * 3600 * 1000).toISOString();
  const accountIds: string[] = [];
  const limit = 1000;
  for (let page = 0, offset = 0; page < HEALTH_BUDGET.auditPages; page++) {
    const { records, total } = await auditRecordsPage(jira, {
      filter: 'User created',
      from,
      offset,
      limit,
    });
    for (const r of records)
      if (r.objectItem?.typeName === 'USER' && r.objectItem.id) accountIds.push(r.objectItem.id);
    offset += records.length;
    if (!records.length || records.length < limit || (total !== undefined && offset >= total))
      break;
  }
  const created = [...new Set(accountIds)];
  const checked = created.slice(0, HEALTH_BUDGET.accountLookups);
  const found = await mapLimit(checked, CONCURRENCY, (id) => getUserProducts(jira, id));
  return {
    days: RECENT_DAYS,
    created: created.length,
    checked: checked.length,
    withServiceDesk: checked.flatMap((accountId, i) => {
      const u = found[i];
      return u?.productKeys.includes(SERVICE_DESK_KEY)
        ? [{ accountId, ...(u.displayName ? { displayName: u.displayName } : {}) }]
        : [];
    }),
  };
}
