// Jira's JSON representations of the site's data, as the specs' schemas describe them
// (Project, ProjectRole, RoleActor, User, GroupName, ApplicationRole...).
import type { Actors, ApplicationRole, Group, Project, Role, User } from './model';
import type { State } from './state';

const AVATAR = (base: string, kind: string, id: string) => ({
  '48x48': `${base}/rest/api/3/universal_avatar/view/type/${kind}/avatar/${id}`,
  '24x24': `${base}/rest/api/3/universal_avatar/view/type/${kind}/avatar/${id}?size=small`,
  '16x16': `${base}/rest/api/3/universal_avatar/view/type/${kind}/avatar/${id}?size=xsmall`,
  '32x32': `${base}/rest/api/3/universal_avatar/view/type/${kind}/avatar/${id}?size=medium`,
});

export function userJson(base: string, u: User, opts: { email?: boolean } = {}) {
  return {
    self: `${base}/rest/api/3/user?accountId=${u.accountId}`,
    accountId: u.accountId,
    accountType: u.accountType,
    ...(opts.email !== false && u.accountType !== 'app' ? { emailAddress: u.emailAddress } : {}),
    avatarUrls: AVATAR(base, 'user', u.accountId),
    displayName: u.displayName,
    active: u.active,
    timeZone: 'Etc/UTC',
    locale: 'en_US',
  };
}

export function groupNameJson(base: string, g: Group) {
  return {
    name: g.name,
    groupId: g.groupId,
    self: `${base}/rest/api/3/group?groupId=${g.groupId}`,
  };
}

export function categoryJson(base: string, s: State, id: string | undefined) {
  const c = id ? s.categories.get(id) : undefined;
  return c
    ? {
        self: `${base}/rest/api/3/projectCategory/${c.id}`,
        id: c.id,
        name: c.name,
        description: c.description,
      }
    : undefined;
}

/** A project as project/search and project/{k} show it; `expand` adds the optional parts. */
export function projectJson(base: string, s: State, p: Project, expand: Set<string>, full = false) {
  const lead = s.users.get(p.leadAccountId);
  const category = categoryJson(base, s, p.categoryId);
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${base}/rest/api/3/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    avatarUrls: AVATAR(base, 'project', p.id),
    ...(category ? { projectCategory: category } : {}),
    projectTypeKey: p.projectTypeKey,
    simplified: p.style === 'next-gen',
    style: p.style,
    isPrivate: false,
    properties: {},
    uuid: p.uuid,
    ...(full || expand.has('description') ? { description: p.description } : {}),
    ...((full || expand.has('lead')) && lead
      ? { lead: userJson(base, lead, { email: false }) }
      : {}),
    ...(full || expand.has('issueTypes') ? { issueTypes: [] } : {}),
    ...(expand.has('insight')
      ? { insight: { totalIssueCount: 0, lastIssueUpdateTime: new Date(0).toISOString() } }
      : {}),
    ...(full
      ? {
          components: [],
          versions: [],
          assigneeType: 'UNASSIGNED' as const,
          archived: false,
          roles: roleUrls(base, s, p),
        }
      : {}),
  };
}

export function roleUrls(base: string, s: State, p: Project): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of s.projectRoleIds(p)) {
    const r = s.roles.get(id);
    if (r) out[r.name] = `${base}/rest/api/3/project/${p.id}/role/${id}`;
  }
  return out;
}

function scopeJson(s: State, r: Role) {
  if (!r.projectId) return undefined;
  const p = s.projects.get(r.projectId);
  return {
    type: 'PROJECT' as const,
    project: { id: r.projectId, ...(p ? { key: p.key, name: p.name } : {}) },
  };
}

/** A team-managed service project's customer role, which Jira's UI does not show. */
export function isHiddenRole(s: State, r: Role): boolean {
  if (!r.projectId) return false;
  return s.projects.get(r.projectId)?.ownRoles?.customer === r.id;
}

/** RoleActor list, sorted by display name as Jira does. */
export function actorsJson(
  base: string,
  s: State,
  a: Actors | undefined,
  excludeInactiveUsers = false,
) {
  if (!a) return [];
  const out: {
    id: number;
    displayName: string;
    type: string;
    name?: string;
    avatarUrl?: string;
    actorGroup?: object;
    actorUser?: object;
  }[] = [];
  let n = 0;
  for (const gid of a.groups) {
    const g = s.groups.get(gid);
    if (!g) continue;
    out.push({
      id: ++n,
      displayName: g.name,
      type: 'atlassian-group-role-actor',
      name: g.name,
      actorGroup: { name: g.name, displayName: g.name, groupId: g.groupId },
    });
  }
  for (const accountId of a.users) {
    const u = s.users.get(accountId);
    if (!u || (excludeInactiveUsers && !u.active)) continue;
    out.push({
      id: ++n,
      displayName: u.displayName,
      type: 'atlassian-user-role-actor',
      avatarUrl: AVATAR(base, 'user', u.accountId)['48x48'],
      actorUser: { accountId },
    });
  }
  return out.sort((x, y) => x.displayName.localeCompare(y.displayName));
}

export function roleJson(
  base: string,
  s: State,
  r: Role,
  opts: {
    project?: Project;
    actors?: Actors;
    excludeInactiveUsers?: boolean;
    withActors?: boolean;
  } = {},
) {
  const scope = scopeJson(s, r);
  const self = opts.project
    ? `${base}/rest/api/3/project/${opts.project.id}/role/${r.id}`
    : `${base}/rest/api/3/role/${r.id}`;
  return {
    self,
    name: r.name,
    id: r.id,
    description: r.description,
    ...(opts.withActors === false
      ? {}
      : { actors: actorsJson(base, s, opts.actors, opts.excludeInactiveUsers) }),
    ...(scope ? { scope } : {}),
    translatedName: r.name,
    admin: false,
    default: false,
    // A team-managed service project's customer role is hidden: no project setting edits it,
    // only REST. The spec's role answers have no `type` (HIDDEN is a create-payload value).
    roleConfigurable: !isHiddenRole(s, r),
  };
}

export function appRoleJson(s: State, r: ApplicationRole) {
  const groups = [...r.groups].map((id) => s.groups.get(id)).filter((g): g is Group => !!g);
  const defaults = [...r.defaultGroups]
    .map((id) => s.groups.get(id))
    .filter((g): g is Group => !!g);
  const users = new Set<string>();
  for (const g of groups) for (const m of g.members) if (s.users.get(m)?.active) users.add(m);
  return {
    key: r.key,
    groups: groups.map((g) => g.name),
    groupDetails: groups.map((g) => ({ name: g.name, groupId: g.groupId })),
    name: r.name,
    defaultGroups: defaults.map((g) => g.name),
    defaultGroupsDetails: defaults.map((g) => ({ name: g.name, groupId: g.groupId })),
    selectedByDefault: r.selectedByDefault,
    defined: true,
    numberOfSeats: r.numberOfSeats,
    remainingSeats: Math.max(0, r.numberOfSeats - users.size),
    userCount: users.size,
    userCountDescription: 'users',
    hasUnlimitedSeats: false,
    platform: false,
  };
}
