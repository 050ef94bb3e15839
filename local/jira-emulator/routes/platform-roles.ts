// Project roles: the global roles and their default actors, a project's roles and its actors.
// Refusals use the status each operation's spec documents (403 where listed; otherwise 404 or
// 401 as the spec's response descriptions say), so callers see what a real site answers.
import { ApiError, badRequest, forbidden, notFound } from '../errors';
import type { Actors, Group, Project, Role, User } from '../model';
import { ROLE } from '../model';
import { boolParam } from '../paging';
import { roleJson } from '../render';
import type { Ctx, Router } from '../router';
import { ActorsBody, parseBody } from '../schemas';
import type { Services } from '../services';
import { projectNotFound } from './platform-projects';

const ADMIN_ONLY = 'You do not have permission to manage project roles: Administer Jira is needed.';

function roleIdParam(raw: string): number {
  if (!/^\d+$/.test(raw)) throw notFound(`Could not find a project role with id '${raw}'.`);
  return Number(raw);
}

export function registerRoleRoutes(r: Router, svc: Services): void {
  const { state, perms } = svc;

  const requireAdmin = (ctx: Ctx) => {
    if (!perms.isJiraAdmin(ctx.caller)) throw forbidden(ADMIN_ONLY);
  };
  const globalRole = (raw: string): Role => {
    const role = state.roles.get(roleIdParam(raw));
    if (!role || role.projectId) throw notFound(`Could not find a project role with id '${raw}'.`);
    return role;
  };
  /** The project, for callers who administer it. The spec answers 404 (or 401 for POST) otherwise. */
  const administeredProject = (ctx: Ctx, deny: 401 | 404): Project => {
    const p = state.projectByIdOrKey(ctx.params.projectIdOrKey);
    if (!p || !perms.canBrowse(ctx.caller, p)) throw projectNotFound(ctx.params.projectIdOrKey);
    if (!perms.canAdminister(ctx.caller, p))
      throw new ApiError(
        deny,
        `You cannot edit the configuration of project ${p.key}: Administer Projects on it, or Administer Jira, is needed.`,
      );
    return p;
  };
  const projectRole = (p: Project, raw: string): Role => {
    const id = roleIdParam(raw);
    if (!state.projectHasRole(p, id))
      throw notFound(
        `Project ${p.key} has no role with id ${raw}.${p.style === 'next-gen' ? ' It is team-managed: its roles are its own (see GET /rest/api/3/project/{projectIdOrKey}/role).' : ''}`,
      );
    return state.roles.get(id)!;
  };

  // ---- global roles and default actors -------------------------------------------------------
  r.add('GET', '/rest/api/3/role', (ctx) => {
    requireAdmin(ctx);
    return {
      status: 200,
      body: state.globalRoleIds.map((id) =>
        roleJson(ctx.base, state, state.roles.get(id)!, { actors: state.defaultActors.get(id) }),
      ),
    };
  });

  r.add('GET', '/rest/api/3/role/{id}', (ctx) => {
    requireAdmin(ctx);
    const role = globalRole(ctx.params.id);
    return {
      status: 200,
      body: roleJson(ctx.base, state, role, { actors: state.defaultActors.get(role.id) }),
    };
  });

  r.add('GET', '/rest/api/3/role/{id}/actors', (ctx) => {
    requireAdmin(ctx);
    const role = globalRole(ctx.params.id);
    return {
      status: 200,
      body: roleJson(ctx.base, state, role, { actors: state.defaultActors.get(role.id) }),
    };
  });

  r.add('POST', '/rest/api/3/role/{id}/actors', (ctx) => {
    requireAdmin(ctx);
    const role = globalRole(ctx.params.id);
    const b = parseBody(ActorsBody, ctx.json(), 'default actors');
    const groups = [...(b.group ?? []), ...(b.groupId ?? [])];
    if (groups.length && b.user?.length)
      throw badRequest(
        'You can add groups or users to the default actors, but not both in the same request.',
      );
    if (!groups.length && !b.user?.length)
      throw badRequest('Specify the default actors to add: user, group or groupId.');
    const resolved = resolveActors(state, b, 400);
    const defaults = state.defaultActors.get(role.id)!;
    for (const g of resolved.groups) defaults.groups.add(g.groupId);
    for (const u of resolved.users) defaults.users.add(u.accountId);
    state.touch();
    return { status: 200, body: roleJson(ctx.base, state, role, { actors: defaults }) };
  });

  r.add('DELETE', '/rest/api/3/role/{id}/actors', (ctx) => {
    requireAdmin(ctx);
    const role = globalRole(ctx.params.id);
    const one = singleActorParam(ctx);
    const defaults = state.defaultActors.get(role.id)!;
    const removed = removeActor(
      state,
      defaults,
      one,
      (gid) => defaults.groups.delete(gid),
      (aid) => defaults.users.delete(aid),
    );
    if (!removed)
      throw badRequest(`${one.value} is not a default actor of role ${role.name} (${role.id}).`);
    state.touch();
    return { status: 200, body: roleJson(ctx.base, state, role, { actors: defaults }) };
  });

  // ---- a project's roles ---------------------------------------------------------------------
  r.add('GET', '/rest/api/3/project/{projectIdOrKey}/role', (ctx) => {
    const p = state.projectByIdOrKey(ctx.params.projectIdOrKey);
    // Administer Projects for any project, or Administer Jira; and the project must be visible.
    if (
      !p ||
      !perms.canBrowse(ctx.caller, p) ||
      !(perms.canAdminister(ctx.caller, p) || perms.administersAnyProject(ctx.caller))
    ) {
      throw projectNotFound(ctx.params.projectIdOrKey);
    }
    const out: Record<string, string> = {};
    for (const id of state.projectRoleIds(p))
      out[state.roles.get(id)!.name] = `${ctx.base}/rest/api/3/project/${p.id}/role/${id}`;
    return { status: 200, body: out };
  });

  // Every role of the project without actors; a team-managed service desk's hidden customer role
  // included (roleConfigurable false). Administer Projects for the project or Administer Jira;
  // the spec documents 401 and 404, and a project the caller cannot administer answers 404.
  r.add('GET', '/rest/api/3/project/{projectIdOrKey}/roledetails', (ctx) => {
    const p = administeredProject(ctx, 404);
    const currentMember = boolParam(ctx, 'currentMember', false);
    const excludeConnectAddons = boolParam(ctx, 'excludeConnectAddons', false);
    // Only meaningful on sites with Customer Service Management spaces: accepted, no effect.
    boolParam(ctx, 'excludeOtherServiceRoles', false);
    const ids = state
      .projectRoleIds(p)
      .filter((id) => !excludeConnectAddons || id !== ROLE.ADDONS_PROJECT_ACCESS)
      .filter((id) => !currentMember || state.inRole(ctx.caller!, p, id));
    return {
      status: 200,
      body: ids.map((id) =>
        roleJson(ctx.base, state, state.roles.get(id)!, { project: p, withActors: false }),
      ),
    };
  });

  r.add('GET', '/rest/api/3/project/{projectIdOrKey}/role/{id}', (ctx) => {
    const p = administeredProject(ctx, 404);
    const role = projectRole(p, ctx.params.id);
    const excludeInactiveUsers = boolParam(ctx, 'excludeInactiveUsers', false);
    return {
      status: 200,
      body: roleJson(ctx.base, state, role, {
        project: p,
        actors: p.actors.get(role.id),
        excludeInactiveUsers,
      }),
    };
  });

  r.add('POST', '/rest/api/3/project/{projectIdOrKey}/role/{id}', (ctx) => {
    const p = administeredProject(ctx, 401);
    const role = projectRole(p, ctx.params.id);
    const b = parseBody(ActorsBody, ctx.json(), 'actors');
    if (!b.group?.length && !b.groupId?.length && !b.user?.length)
      throw badRequest('Specify the actors to add: user, group or groupId (arrays).');
    const resolved = resolveActors(state, b, 404);
    // As Jira does: an actor the role already has fails the whole request, one message each.
    const had = p.actors.get(role.id);
    const already = [
      ...resolved.groups.filter((g) => had?.groups.has(g.groupId)).map((g) => g.name),
      ...resolved.users.filter((u) => had?.users.has(u.accountId)).map((u) => u.accountId),
    ];
    if (already.length) {
      const messages = already.map((name) => `'${name}' is already a member of the project role.`);
      throw new ApiError(400, messages.join(' '), undefined, { messages });
    }
    for (const g of resolved.groups) state.addGroupActor(p, role.id, g.groupId);
    for (const u of resolved.users) state.addUserActor(p, role.id, u.accountId);
    return {
      status: 200,
      body: roleJson(ctx.base, state, role, { project: p, actors: p.actors.get(role.id) }),
    };
  });

  r.add(
    'DELETE',
    '/rest/api/3/project/{projectIdOrKey}/role/{id}',
    (ctx) => {
      const p = administeredProject(ctx, 404);
      const role = projectRole(p, ctx.params.id);
      const one = singleActorParam(ctx);
      const actors = p.actors.get(role.id) ?? { groups: new Set(), users: new Set() };
      const removed = removeActor(
        state,
        actors,
        one,
        (gid) => state.removeGroupActor(p, role.id, gid),
        (aid) => state.removeUserActor(p, role.id, aid),
      );
      if (!removed)
        throw notFound(
          `${one.kind === 'user' ? 'User' : 'Group'} '${one.value}' is not an actor of role ${role.name} (${role.id}) in project ${p.key}.`,
        );
      return { status: 204 };
    },
    'anonymous',
  );
}

type ActorParam = { kind: 'user' | 'group' | 'groupId'; value: string };

/** DELETE takes exactly one of user=, group=, groupId=. */
function singleActorParam(ctx: Ctx): ActorParam {
  const given = (['user', 'group', 'groupId'] as const).filter((k) => ctx.query.get(k));
  if (given.length !== 1)
    throw badRequest(
      'Specify exactly one actor to remove, as one query parameter: user (accountId), group (name) or groupId.',
    );
  return { kind: given[0], value: ctx.query.get(given[0])! };
}

function removeActor(
  state: Services['state'],
  actors: Actors,
  one: ActorParam,
  dropGroup: (gid: string) => boolean,
  dropUser: (aid: string) => boolean,
): boolean {
  if (one.kind === 'user') return actors.users.has(one.value) && dropUser(one.value);
  const g = one.kind === 'groupId' ? state.groups.get(one.value) : state.groupByName(one.value);
  const gid = g?.groupId ?? one.value;
  return actors.groups.has(gid) && dropGroup(gid);
}

/** Looks up every named group and user; the first unknown or inactive one fails the request. */
function resolveActors(
  state: Services['state'],
  b: { user?: string[]; group?: string[]; groupId?: string[] },
  status: 400 | 404,
): { groups: Group[]; users: User[] } {
  const groups: Group[] = [];
  const users: User[] = [];
  for (const name of b.group ?? []) {
    const g = state.groupByName(name);
    if (!g) throw new ApiError(status, `Group '${name}' does not exist.`);
    groups.push(g);
  }
  for (const id of b.groupId ?? []) {
    const g = state.groups.get(id);
    if (!g)
      throw new ApiError(
        status,
        `Group with id '${id}' does not exist (a group renamed in the identity provider may have a new id).`,
      );
    groups.push(g);
  }
  for (const id of b.user ?? []) {
    const u = state.users.get(id);
    if (!u) throw new ApiError(status, `User '${id}' does not exist.`);
    if (!u.active) throw new ApiError(status, `User '${id}' is not active.`);
    users.push(u);
  }
  return { groups, users };
}
