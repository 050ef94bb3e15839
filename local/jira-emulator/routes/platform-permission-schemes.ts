// Permission schemes and their grants, and which scheme a project uses (the spec's "Permission
// schemes" and "Project permission schemes" groups). Reading grants needs access to Jira (a
// licensed account or a Jira admin; others get 404, as the spec says); changing them, and
// assigning a scheme, Administer Jira.
import { z } from 'zod';

import { badRequest, forbidden, notFound } from '../errors';
import type { PermissionGrant, PermissionHolder, PermissionScheme, User } from '../model';
import {
  addGrant,
  GRANTABLE_PERMISSIONS,
  HOLDER_TYPES,
  sameGrant,
  schemeOf,
} from '../permission-schemes';
import type { Ctx, Router } from '../router';
import { parseBody } from '../schemas';
import type { Services } from '../services';
import { projectNotFound } from './platform-projects';

const ADMIN_ONLY = 'Administer Jira is needed to change permission schemes.';

const HolderBody = z.object({
  type: z.string(),
  parameter: z.string().optional(),
  value: z.string().optional(),
});
const GrantBody = z.object({ holder: HolderBody, permission: z.string() });
const SchemeBody = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  permissions: z.array(GrantBody).optional(),
});
const AssignBody = z.object({ id: z.union([z.number().int(), z.string().regex(/^\d+$/)]) });

export function registerPermissionSchemeRoutes(r: Router, svc: Services): void {
  const { state, perms } = svc;

  const canReadSchemes = (u: User | null) => !!u && (perms.isJiraAdmin(u) || perms.isLicensed(u));
  const requireAdmin = (ctx: Ctx) => {
    if (!perms.isJiraAdmin(ctx.caller)) throw forbidden(ADMIN_ONLY);
  };
  const expandOf = (ctx: Ctx) => new Set((ctx.query.get('expand') ?? '').split(','));

  const schemeParam = (ctx: Ctx): PermissionScheme => {
    const raw = ctx.params.schemeId;
    const s = /^\d+$/.test(raw) ? state.permissionSchemes.get(Number(raw)) : undefined;
    if (!s || !canReadSchemes(ctx.caller))
      throw notFound(`No permission scheme with id '${raw}' (or you may not see it).`);
    return s;
  };

  /** PermissionHolder: parameter is the group's name, the role's id, the product key. */
  const holderJson = (ctx: Ctx, h: PermissionHolder) => {
    const expand = expandOf(ctx);
    const all = expand.has('all');
    if (h.type === 'group') {
      const g = h.value ? state.groups.get(h.value) : undefined;
      return {
        type: h.type,
        parameter: g?.name ?? h.value ?? '',
        value: h.value ?? '',
        ...((all || expand.has('group')) && g
          ? {
              expand: 'group',
              group: {
                name: g.name,
                groupId: g.groupId,
                self: `${ctx.base}/rest/api/3/group?groupId=${g.groupId}`,
              },
            }
          : {}),
      };
    }
    if (h.type === 'projectRole') {
      const role = h.value ? state.roles.get(Number(h.value)) : undefined;
      return {
        type: h.type,
        parameter: h.value ?? '',
        value: h.value ?? '',
        ...((all || expand.has('projectRole')) && role
          ? {
              expand: 'projectRole',
              projectRole: {
                self: `${ctx.base}/rest/api/3/role/${role.id}`,
                name: role.name,
                id: role.id,
                description: role.description,
              },
            }
          : {}),
      };
    }
    // applicationRole without a parameter is "any logged-in user with product access".
    if (h.value) return { type: h.type, parameter: h.value, value: h.value };
    return { type: h.type };
  };

  const grantJson = (ctx: Ctx, scheme: PermissionScheme, g: PermissionGrant) => ({
    id: g.id,
    self: `${ctx.base}/rest/api/3/permissionscheme/${scheme.id}/permission/${g.id}`,
    holder: holderJson(ctx, g.holder),
    permission: g.permission,
  });

  const schemeJson = (ctx: Ctx, s: PermissionScheme, withGrants: boolean) => ({
    expand: 'permissions,user,group,projectRole,field,all',
    id: s.id,
    self: `${ctx.base}/rest/api/3/permissionscheme/${s.id}`,
    name: s.name,
    description: s.description,
    ...(withGrants ? { permissions: s.grants.map((g) => grantJson(ctx, s, g)) } : {}),
  });
  // Any expand value includes the grants, as the spec says.
  const wantsGrants = (ctx: Ctx) => !!ctx.query.get('expand');

  /** A grant from a request body; 400 naming what is wrong. */
  const grantFrom = (b: z.infer<typeof GrantBody>): Omit<PermissionGrant, 'id'> => {
    if (!(GRANTABLE_PERMISSIONS as readonly string[]).includes(b.permission))
      throw badRequest(`The permission '${b.permission}' is not a built-in project permission.`, {
        permission: 'unknown permission',
      });
    const type = b.holder.type;
    if (!(HOLDER_TYPES as readonly string[]).includes(type))
      throw badRequest(`The holder type '${type}' is not valid.`, { 'holder.type': 'invalid' });
    const v = b.holder.value ?? b.holder.parameter;
    if (type === 'group') {
      const g = b.holder.value
        ? state.groups.get(b.holder.value)
        : b.holder.parameter
          ? state.groupByName(b.holder.parameter)
          : undefined;
      if (!g) throw badRequest(`Group '${v ?? ''}' does not exist.`, { holder: 'unknown group' });
      return { permission: b.permission, holder: { type, value: g.groupId } };
    }
    if (type === 'projectRole') {
      if (!v || !/^\d+$/.test(v) || !state.roles.get(Number(v)))
        throw badRequest(`Project role '${v ?? ''}' does not exist.`, { holder: 'unknown role' });
      return { permission: b.permission, holder: { type, value: v } };
    }
    if (type === 'applicationRole' && v && !state.appRoles.has(v))
      throw badRequest(`Application role '${v}' does not exist.`, { holder: 'unknown product' });
    if (type === 'user' && (!v || !state.users.has(v)))
      throw badRequest(`User '${v ?? ''}' does not exist.`, { holder: 'unknown user' });
    return { permission: b.permission, holder: { type, ...(v ? { value: v } : {}) } };
  };

  r.add('GET', '/rest/api/3/permissionscheme', (ctx) => {
    // Team-managed projects' own schemes are not listed, as on a real site.
    const list = [...state.permissionSchemes.values()]
      .filter((s) => s.projectId === undefined && canReadSchemes(ctx.caller))
      .sort((a, b) => a.id - b.id);
    return {
      status: 200,
      body: { permissionSchemes: list.map((s) => schemeJson(ctx, s, wantsGrants(ctx))) },
    };
  });

  r.add('POST', '/rest/api/3/permissionscheme', (ctx) => {
    requireAdmin(ctx);
    const b = parseBody(SchemeBody, ctx.json(), 'permission scheme');
    if ([...state.permissionSchemes.values()].some((s) => s.name === b.name))
      throw badRequest(`A permission scheme named '${b.name}' already exists.`, {
        name: 'must be unique',
      });
    const grants = (b.permissions ?? []).map(grantFrom);
    state.counters.permissionScheme += 1;
    const s: PermissionScheme = {
      id: state.counters.permissionScheme,
      name: b.name,
      description: b.description ?? '',
      grants: [],
    };
    state.permissionSchemes.set(s.id, s);
    for (const g of grants)
      if (!s.grants.some((x) => sameGrant(x, g))) addGrant(state, s, g.permission, g.holder);
    return { status: 201, body: schemeJson(ctx, s, true) };
  });

  r.add('GET', '/rest/api/3/permissionscheme/{schemeId}', (ctx) => ({
    status: 200,
    body: schemeJson(ctx, schemeParam(ctx), wantsGrants(ctx)),
  }));

  r.add('GET', '/rest/api/3/permissionscheme/{schemeId}/permission', (ctx) => {
    const s = schemeParam(ctx);
    return {
      status: 200,
      body: {
        expand: 'user,group,projectRole,field,all',
        permissions: s.grants.map((g) => grantJson(ctx, s, g)),
      },
    };
  });

  r.add('POST', '/rest/api/3/permissionscheme/{schemeId}/permission', (ctx) => {
    requireAdmin(ctx);
    const s = schemeParam(ctx);
    const g = grantFrom(parseBody(GrantBody, ctx.json(), 'permission grant'));
    if (s.grants.some((x) => sameGrant(x, g)))
      throw badRequest('The same permission grant is present.', { permission: 'duplicate' });
    const created = addGrant(state, s, g.permission, g.holder);
    return { status: 201, body: grantJson(ctx, s, created) };
  });

  r.add('GET', '/rest/api/3/permissionscheme/{schemeId}/permission/{permissionId}', (ctx) => {
    const s = schemeParam(ctx);
    const g = s.grants.find((x) => String(x.id) === ctx.params.permissionId);
    if (!g) throw notFound(`No permission grant with id '${ctx.params.permissionId}'.`);
    return { status: 200, body: grantJson(ctx, s, g) };
  });

  r.add('DELETE', '/rest/api/3/permissionscheme/{schemeId}/permission/{permissionId}', (ctx) => {
    requireAdmin(ctx);
    const raw = ctx.params.schemeId;
    const s = /^\d+$/.test(raw) ? state.permissionSchemes.get(Number(raw)) : undefined;
    const at = s ? s.grants.findIndex((x) => String(x.id) === ctx.params.permissionId) : -1;
    // The spec documents 400, not 404, for a grant that is not there.
    if (!s || at < 0)
      throw badRequest(
        `No permission grant with id '${ctx.params.permissionId}' in scheme '${raw}'.`,
      );
    s.grants.splice(at, 1);
    state.touch();
    return { status: 204 };
  });

  r.add('GET', '/rest/api/3/project/{projectKeyOrId}/permissionscheme', (ctx) => {
    const p = state.projectByIdOrKey(ctx.params.projectKeyOrId);
    if (!p || !perms.canBrowse(ctx.caller, p)) throw projectNotFound(ctx.params.projectKeyOrId);
    if (!perms.canAdminister(ctx.caller, p))
      throw forbidden(
        `You cannot view the configuration of project ${p.key}: Administer Projects on it, or Administer Jira, is needed.`,
      );
    return { status: 200, body: schemeJson(ctx, schemeOf(state, p)!, wantsGrants(ctx)) };
  });

  r.add('PUT', '/rest/api/3/project/{projectKeyOrId}/permissionscheme', (ctx) => {
    const p = state.projectByIdOrKey(ctx.params.projectKeyOrId);
    if (!p || !perms.canBrowse(ctx.caller, p)) throw projectNotFound(ctx.params.projectKeyOrId);
    requireAdmin(ctx);
    const b = parseBody(AssignBody, ctx.json(), 'permission scheme assignment');
    const s = state.permissionSchemes.get(Number(b.id));
    if (!s || s.projectId !== undefined) throw notFound(`No permission scheme with id '${b.id}'.`);
    if (p.ownRoles)
      throw forbidden(
        `${p.key} is team-managed: its permissions follow its access level, not a scheme.`,
      );
    p.permissionSchemeId = s.id;
    state.touch();
    return { status: 200, body: schemeJson(ctx, s, wantsGrants(ctx)) };
  });
}
