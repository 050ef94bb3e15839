// Users, myself, application roles (product access) and permission queries.
import { badRequest, forbidden, notFound } from '../errors';
import type { User } from '../model';
import { intParam } from '../paging';
import {
  GLOBAL_PERMISSIONS,
  isKnownPermission,
  permissionInfo,
  PROJECT_PERMISSIONS,
} from '../permissions';
import { appRoleJson, groupNameJson, userJson } from '../render';
import type { Ctx, Router } from '../router';
import { parseBody, PermissionsCheckBody } from '../schemas';
import type { Services } from '../services';
import { projectNotFound } from './platform-projects';

export function registerUserRoutes(r: Router, svc: Services): void {
  const { state, perms } = svc;

  const fullUser = (ctx: Ctx, u: User) => {
    const expand = new Set((ctx.query.get('expand') ?? '').split(','));
    const groups = [...u.groups]
      .map((id) => state.groups.get(id)!)
      .filter(Boolean)
      .sort((a, b) => a.name.localeCompare(b.name));
    const apps = [...state.appRoles.values()].filter((a) =>
      groups.some((g) => a.groups.has(g.groupId)),
    );
    return {
      ...userJson(ctx.base, u),
      expand: 'groups,applicationRoles',
      groups: {
        size: groups.length,
        items: expand.has('groups') ? groups.map((g) => groupNameJson(ctx.base, g)) : [],
      },
      applicationRoles: {
        size: apps.length,
        items: expand.has('applicationRoles')
          ? apps.map((a) => ({ key: a.key, name: a.name }))
          : [],
      },
    };
  };

  r.add('GET', '/rest/api/3/myself', (ctx) => ({ status: 200, body: fullUser(ctx, ctx.caller!) }));

  r.add('GET', '/rest/api/3/user', (ctx) => {
    const accountId = ctx.query.get('accountId');
    if (!accountId)
      throw badRequest('The accountId query parameter is required.', { accountId: 'required' });
    if (accountId !== ctx.caller!.accountId && !perms.global(ctx.caller, 'USER_PICKER'))
      throw forbidden('Browse users and groups permission is needed to view other users.');
    const u = state.users.get(accountId);
    if (!u) throw notFound(`User with accountId '${accountId}' does not exist.`);
    return { status: 200, body: fullUser(ctx, u) };
  });

  // The groups a person is in (getUserGroups): every group, not paged, by name.
  r.add('GET', '/rest/api/3/user/groups', (ctx) => {
    const accountId = ctx.query.get('accountId');
    if (!accountId)
      throw badRequest('The accountId query parameter is required.', { accountId: 'required' });
    if (!perms.global(ctx.caller, 'USER_PICKER'))
      throw forbidden('Browse users and groups permission is needed to view the groups of a user.');
    const u = state.users.get(accountId);
    if (!u) throw notFound(`User with accountId '${accountId}' does not exist.`);
    const groups = [...u.groups]
      .map((id) => state.groups.get(id))
      .filter((g) => g !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
    return { status: 200, body: groups.map((g) => groupNameJson(ctx.base, g)) };
  });

  r.add(
    'GET',
    '/rest/api/3/users/search',
    (ctx) => {
      if (!perms.global(ctx.caller, 'USER_PICKER'))
        throw forbidden('Browse users and groups permission is needed to list users.');
      const startAt = intParam(ctx, 'startAt', 0, { min: 0 });
      const maxResults = intParam(ctx, 'maxResults', 50, { min: 0, max: 1000 });
      return {
        status: 200,
        body: [...state.users.values()]
          .slice(startAt, startAt + maxResults)
          .map((u) => userJson(ctx.base, u)),
      };
    },
    'anonymous',
  );

  r.add('GET', '/rest/api/3/user/search', (ctx) => {
    const query = (ctx.query.get('query') ?? '').toLowerCase();
    const accountId = ctx.query.get('accountId');
    if (!query && !accountId) throw badRequest('One of query or accountId is required.');
    const startAt = intParam(ctx, 'startAt', 0, { min: 0 });
    const maxResults = intParam(ctx, 'maxResults', 50, { min: 0, max: 1000 });
    if (!perms.global(ctx.caller, 'USER_PICKER')) return { status: 200, body: [] };
    const found = [...state.users.values()].filter(
      (u) =>
        (!accountId || u.accountId === accountId) &&
        (!query ||
          u.emailAddress.toLowerCase().startsWith(query) ||
          u.displayName
            .toLowerCase()
            .split(/\s+/)
            .some((w) => w.startsWith(query)) ||
          u.displayName.toLowerCase().startsWith(query)),
    );
    return {
      status: 200,
      body: found.slice(startAt, startAt + maxResults).map((u) => userJson(ctx.base, u)),
    };
  });

  r.add('GET', '/rest/api/3/applicationrole', (ctx) => {
    if (!perms.isJiraAdmin(ctx.caller))
      throw forbidden('Only Jira administrators can view application roles.');
    return { status: 200, body: [...state.appRoles.values()].map((a) => appRoleJson(state, a)) };
  });

  r.add('GET', '/rest/api/3/applicationrole/{key}', (ctx) => {
    if (!perms.isJiraAdmin(ctx.caller))
      throw forbidden('Only Jira administrators can view application roles.');
    const a = state.appRoles.get(ctx.params.key);
    if (!a) throw notFound(`The application role '${ctx.params.key}' does not exist.`);
    return { status: 200, body: appRoleJson(state, a) };
  });

  r.add('GET', '/rest/api/3/mypermissions', (ctx) => {
    const keys = (ctx.query.get('permissions') ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (!keys.length)
      throw badRequest(
        'The permissions parameter is required: a comma-separated list of permission keys, e.g. ADMINISTER,BROWSE_PROJECTS.',
      );
    const unknown = keys.filter((k) => !isKnownPermission(k));
    if (unknown.length) throw badRequest(`Permission keys not recognised: ${unknown.join(', ')}.`);
    const projectRef = ctx.query.get('projectKey') ?? ctx.query.get('projectId');
    const project = projectRef ? state.projectByIdOrKey(projectRef) : undefined;
    if (projectRef && (!project || !perms.canBrowse(ctx.caller, project)))
      throw projectNotFound(projectRef);
    const u = ctx.caller!;
    const have = (k: string): boolean => {
      if ((GLOBAL_PERMISSIONS as readonly string[]).includes(k)) return perms.global(u, k);
      if (project) return perms.project(u, project, k);
      // Without a project: granted when granted in any project.
      if (perms.isJiraAdmin(u)) return true;
      for (const p of state.projects.values()) if (perms.project(u, p, k)) return true;
      return false;
    };
    const out: Record<string, object> = {};
    for (const k of keys) out[k] = { ...permissionInfo(k), havePermission: have(k) };
    return { status: 200, body: { permissions: out } };
  });

  r.add(
    'POST',
    '/rest/api/3/permissions/check',
    (ctx) => {
      const b = parseBody(PermissionsCheckBody, ctx.json(), 'permission check');
      let who = ctx.caller;
      if (b.accountId && b.accountId !== ctx.caller?.accountId) {
        if (!perms.isJiraAdmin(ctx.caller))
          throw forbidden('Administer Jira is needed to check the permissions of another user.');
        who = state.users.get(b.accountId) ?? null;
        if (!who) throw badRequest(`User with accountId '${b.accountId}' does not exist.`);
      }
      if (!who)
        throw forbidden(
          'Anonymous calls cannot check permissions: authenticate, or name an accountId as a Jira administrator.',
        );
      const globals = (b.globalPermissions ?? []).filter((k): k is string => !!k);
      const badGlobal = globals.filter(
        (k) => !(GLOBAL_PERMISSIONS as readonly string[]).includes(k),
      );
      if (badGlobal.length)
        throw badRequest(`Invalid global permissions: ${badGlobal.join(', ')}.`);
      const projectPermissions = [];
      for (const entry of b.projectPermissions ?? []) {
        const keys = entry.permissions.filter((k): k is string => !!k);
        if (!keys.length)
          throw badRequest('Each projectPermissions entry needs at least one project permission.');
        const badKeys = keys.filter((k) => !(PROJECT_PERMISSIONS as readonly string[]).includes(k));
        if (badKeys.length) throw badRequest(`Invalid project permissions: ${badKeys.join(', ')}.`);
        const ids = (entry.projects ?? []).filter((n): n is number => n !== null).slice(0, 1000);
        const projects = ids.map((id) => state.projects.get(String(id))).filter((p) => !!p);
        for (const k of keys) {
          projectPermissions.push({
            permission: k,
            projects: projects.filter((p) => perms.project(who, p, k)).map((p) => Number(p.id)),
            issues: [] as number[],
          });
        }
      }
      return {
        status: 200,
        body: {
          globalPermissions: globals.filter((k) => perms.global(who, k)),
          projectPermissions,
        },
      };
    },
    'anonymous',
  );
}
