// The reads behind the health checks, each on its own client so that it records its own cost,
// each within a budget, and each answering a Read: its value, or why Jira refused it.
import { errorMessage } from '../../domain/errors';
import type { GroupMember } from '../../domain/health-licences';
import {
  agentOverlap,
  keepLookingUp,
  lookupPoints,
  memberReadPoints,
  SERVICE_DESK_KEY,
} from '../../domain/health-licences';
import { coveredProjects } from '../../domain/health-permissions';
import type { SchemeOf, SchemeReadsDue } from '../../domain/health-rotation';
import { readSpan, SCHEME_ROTATION_DAYS } from '../../domain/health-rotation';
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
import { JiraError } from '../../jira/errors';
import { groupMemberCount, groupMembersPage, MEMBER_PAGE } from '../../jira/group-members';
import {
  getPermissionSchemeGrants,
  getProjectPermissionScheme,
} from '../../jira/permission-schemes';
import {
  listServiceProjectsPage,
  MAX_PROJECT_PAGE,
  searchProjectsByRefs,
} from '../../jira/projects';
import { getUserProducts } from '../../jira/user-access';
import { getUserGroupIds } from '../../jira/user-groups';
import { mapLimit } from '../map-limit';

const SERVICE_DESK_TYPE = 'service_desk';

/** What one health computation may read; past it, checks say what they did not read. */
export const HEALTH_BUDGET = {
  /** Pages of 100 service projects: 10,000 projects. */
  projectPages: 100,
  /** Groups granted Browse Projects whose size is asked (one call each). */
  groupSizes: 100,
  /**
   * Pages of 50 group members (2 points a member): 5,000 members, read again when they moved.
   * Looking agents' groups up instead spends within what the pages left would cost.
   */
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

/** The service projects as read, and which enabled rules cover each. */
export type CoverageRead = Coverage & {
  /** Every service project read or kept, for the next computation. */
  all: Project[];
  /** When the list was last read in full. */
  listedAt: string;
};

/**
 * Every service project (within the budget), and which enabled rules cover each. With a kept
 * list, only the projects the audit log names are read (created, changed, deleted: absent).
 */
export async function readCoverage(
  jira: JiraClient,
  rules: Rule[],
  opts: { now: () => number; kept?: { all: Project[]; listedAt: string; changedIds: Set<string> } },
): Promise<CoverageRead> {
  if (opts.kept) {
    const { changedIds } = opts.kept;
    const byId = new Map(opts.kept.all.map((p) => [p.id, p]));
    if (changedIds.size) {
      const found = await searchProjectsByRefs(jira, { ids: [...changedIds], keys: [] });
      for (const id of changedIds) byId.delete(id);
      for (const p of found) if (p.typeKey === SERVICE_DESK_TYPE) byId.set(p.id, p);
    }
    const all = [...byId.values()].sort((a, b) => a.key.localeCompare(b.key));
    return {
      projects: coveredProjects(rules, all),
      complete: true,
      all,
      listedAt: opts.kept.listedAt,
    };
  }
  const listedAt = new Date(opts.now()).toISOString();
  const all: Project[] = [];
  let startAt = 0;
  for (let pages = 0; pages < HEALTH_BUDGET.projectPages; pages++) {
    const page = await listServiceProjectsPage(jira, { startAt, maxResults: MAX_PROJECT_PAGE });
    all.push(...page.projects);
    if (page.isLast)
      return { projects: coveredProjects(rules, all), complete: true, all, listedAt };
    startAt += page.projects.length;
  }
  return { projects: coveredProjects(rules, all), complete: false, all, listedAt };
}

/** Project schemes and scheme grants as kept between computations (src/store/health.ts). */
export interface SchemesKept {
  schemeOf: Map<string, SchemeOf>;
  schemes: Map<string, { scheme: PermissionScheme; readAt: string }>;
}

/**
 * The scheme of each covered project and each scheme's grants: the projects `due` names are
 * read now, the others kept; a scheme's grants are read when new to the kept reads or when
 * `grantsDue` says so. A refusal is kept per project, and such a project is read again next time.
 */
export async function readSchemes(
  jira: JiraClient,
  projects: CoveredProject[],
  opts: {
    kept: SchemesKept;
    due: SchemeReadsDue;
    grantsDue: (schemeId: string, readAt: string) => boolean;
    now: () => number;
    signalsUnreadable?: string;
  },
): Promise<{ facts: SchemeFacts; kept: SchemesKept }> {
  const { kept, due } = opts;
  const covered = new Set(projects.map((p) => p.key));
  const schemeOf = new Map([...kept.schemeOf].filter(([key]) => covered.has(key)));
  const names = new Map([...kept.schemes].map(([id, k]) => [id, k.scheme.name]));
  const at = opts.now();
  const unread = await lookUpSchemes(jira, due.keys, { schemeOf, names, at });
  const grants = await readGrants(jira, { schemeOf, names, kept, grantsDue: opts.grantsDue, at });
  unread.push(...grants.unread);
  const readNow = new Set(due.keys);
  const span = readSpan(
    [...covered].filter((k) => !readNow.has(k)),
    schemeOf,
  );
  return {
    facts: {
      schemeOf: new Map([...schemeOf].map(([key, [id]]) => [key, id])),
      schemes: new Map([...grants.schemes].map(([id, k]) => [id, k.scheme])),
      unread,
      reads: {
        unread: due.unread,
        named: due.named,
        rotation: due.rotation,
        ...(span ? { oldest: span.oldest } : {}),
        grantsRead: grants.read,
        rotationDays: SCHEME_ROTATION_DAYS,
        ...(opts.signalsUnreadable ? { signalsUnreadable: opts.signalsUnreadable } : {}),
      },
    },
    kept: { schemeOf, schemes: grants.schemes },
  };
}

/** Looks up the scheme of these projects into `schemeOf` and `names`; answers the refusals. */
async function lookUpSchemes(
  jira: JiraClient,
  keys: string[],
  into: { schemeOf: Map<string, SchemeOf>; names: Map<string, string>; at: number },
): Promise<SchemeFacts['unread']> {
  const unread: SchemeFacts['unread'] = [];
  const lookups = await mapLimit(keys, CONCURRENCY, async (key) => {
    try {
      return { key, scheme: await getProjectPermissionScheme(jira, key) };
    } catch (err) {
      return { key, why: errorMessage(err) };
    }
  });
  for (const l of lookups) {
    if (l.scheme) {
      into.schemeOf.set(l.key, [l.scheme.id, into.at]);
      into.names.set(l.scheme.id, l.scheme.name);
    } else {
      into.schemeOf.delete(l.key);
      unread.push({ key: l.key, why: l.why ?? 'no answer' });
    }
  }
  // Jira refused every lookup (a scope, a plan): the checks cannot judge anything.
  if (lookups.length && unread.length === lookups.length) throw new Error(unread[0].why);
  return unread;
}

/** The grants of every scheme in use: kept, or read when new or due; refusals per project. */
async function readGrants(
  jira: JiraClient,
  opts: {
    schemeOf: Map<string, SchemeOf>;
    names: Map<string, string>;
    kept: SchemesKept;
    grantsDue: (schemeId: string, readAt: string) => boolean;
    at: number;
  },
) {
  const { schemeOf, names, kept } = opts;
  const inUse = [...new Set([...schemeOf.values()].map(([id]) => id))];
  const toRead = inUse.filter((id) => {
    const k = kept.schemes.get(id);
    return !k || opts.grantsDue(id, k.readAt);
  });
  const schemes: SchemesKept['schemes'] = new Map();
  for (const id of inUse) {
    const k = kept.schemes.get(id);
    if (k) schemes.set(id, { ...k, scheme: { ...k.scheme, name: names.get(id) ?? k.scheme.name } });
  }
  const unread: SchemeFacts['unread'] = [];
  const answers = await mapLimit(toRead, CONCURRENCY, async (id) => {
    try {
      return { id, grants: await getPermissionSchemeGrants(jira, id) };
    } catch (err) {
      return { id, why: errorMessage(err) };
    }
  });
  for (const a of answers) {
    if (a.grants) {
      const scheme = { id: a.id, name: names.get(a.id) ?? a.id, grants: a.grants };
      schemes.set(a.id, { scheme, readAt: new Date(opts.at).toISOString() });
    } else {
      schemes.delete(a.id);
      for (const [key, [id]] of schemeOf)
        if (id === a.id) unread.push({ key, why: a.why ?? 'no answer' });
    }
  }
  return { schemes, unread, read: toRead.length };
}

/** Members of each group granted Browse Projects that no rule names (one call per group). */
export async function readGroupSizes(
  jira: JiraClient,
  groupIds: string[],
): Promise<Map<string, number>> {
  const counts = await countMembers(jira, groupIds.slice(0, HEALTH_BUDGET.groupSizes));
  return new Map(Object.entries(counts));
}

/** Active members of each group: one call each (a one-member page answers the total). */
export async function countMembers(
  jira: JiraClient,
  groupIds: string[],
): Promise<Record<string, number>> {
  const counts = await mapLimit(groupIds, CONCURRENCY, (id) => groupMemberCount(jira, id));
  return Object.fromEntries(groupIds.map((id, i) => [id, counts[i]]));
}

/**
 * Members of the groups that grant agent access, then who of them is in a customer group, within
 * the page budget. The agent side is read first: it is usually the smaller, and when it is empty
 * no customer group needs reading. Then each agent's groups are looked up while that projects to
 * cost less than reading the customer groups in full (their `counts` tell what that costs), else
 * the customer groups are read.
 */
export async function readAgentOverlap(
  jira: JiraClient,
  groups: {
    customerGroupIds: string[];
    accessGroupIds: string[];
    /** groupId -> active members now (one call each); without them the customer groups are read. */
    counts?: Record<string, number>;
  },
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
  const agents = [
    ...new Map(
      access.flatMap((g) => g.members.filter((m) => m.active).map((m) => [m.accountId, m])),
    ).values(),
  ];
  const counts = groups.customerGroupIds.map((id) => groups.counts?.[id]);
  const fullPoints = counts.every((c) => c !== undefined)
    ? Math.min(
        memberReadPoints(counts, MEMBER_PAGE),
        // Past the page budget the full read stops there: the lookups may cost no more.
        memberReadPoints([pagesLeft * MEMBER_PAGE], MEMBER_PAGE),
      )
    : 0;
  const lookedUp = agents.length
    ? await lookUpAgents(jira, agents, groups.customerGroupIds, fullPoints)
    : [];
  const customers = lookedUp ?? (await readAll(groups.customerGroupIds));
  return {
    fingerprint,
    readAt: new Date(now()).toISOString(),
    ...agentOverlap(access, customers),
    membersRead,
    complete,
    ...(lookedUp && agents.length ? { agentsLookedUp: agents.length } : {}),
    calls: jira.stats().calls,
  };
}

/**
 * The customer groups as far as these agents are in them, from each agent's groups; undefined
 * when looking them up stopped paying (projected past `limit` points) or Jira would not answer
 * it (then the customer groups are read instead).
 */
async function lookUpAgents(
  jira: JiraClient,
  agents: GroupMember[],
  customerGroupIds: string[],
  limit: number,
): Promise<{ groupId: string; members: GroupMember[] }[] | undefined> {
  const inGroup = new Map(customerGroupIds.map((id) => [id, [] as GroupMember[]]));
  let spent = 0;
  for (let looked = 0; looked < agents.length; looked += CONCURRENCY) {
    if (!keepLookingUp(spent, looked, agents.length, limit)) return undefined;
    const batch = agents.slice(looked, looked + CONCURRENCY);
    const answers = await mapLimit(batch, CONCURRENCY, (a) => groupsOf(jira, a.accountId));
    for (const [i, a] of answers.entries()) {
      // A group without its id cannot be told from a customer group: read those instead.
      if (a === 'refused' || (a && a.answered > a.groupIds.length)) return undefined;
      spent += lookupPoints(a?.answered ?? 0);
      for (const id of a?.groupIds ?? []) inGroup.get(id)?.push(batch[i]);
    }
  }
  return [...inGroup].map(([groupId, members]) => ({ groupId, members }));
}

/** A person's groups; 'refused' when Jira will not tell them (a permission, not a passing fault). */
async function groupsOf(jira: JiraClient, accountId: string) {
  try {
    return await getUserGroupIds(jira, accountId);
  } catch (err) {
    if (err instanceof JiraError && err.status >= 400 && err.status < 500 && err.status !== 429)
      return 'refused' as const;
    throw err;
  }
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
