// Jira Service Management: service desks, customers, organizations. JSM pages with
// start/limit/isLastPage and answers errors as {errorMessage, i18nErrorMessage}.
import { ApiError, badRequest, forbidden, notFound } from '../errors';
import type { Organization, Project, User } from '../model';
import { jsmPage } from '../paging';
import type { Ctx, Router } from '../router';
import {
  AccountIdsBody,
  OrganizationCreateBody,
  OrganizationLinkBody,
  parseBody,
} from '../schemas';
import type { Services } from '../services';

const SD = '/rest/servicedeskapi';

/** Experimental operations (x-experimental in the spec) need this header, else 412. */
function requireExperimental(ctx: Ctx): void {
  if (String(ctx.headers['x-experimentalapi'] ?? '').toLowerCase() !== 'opt-in') {
    throw new ApiError(
      412,
      'This is an experimental API. To use it, send the header X-ExperimentalApi: opt-in.',
      undefined,
      { i18nKey: 'sd.experimental.api.not.enabled' },
    );
  }
}

export function registerJsmRoutes(r: Router, svc: Services): void {
  const { state, perms } = svc;

  const userDto = (ctx: Ctx, u: User) => ({
    accountId: u.accountId,
    displayName: u.displayName,
    emailAddress: u.emailAddress,
    active: u.active,
    timeZone: 'Etc/UTC',
    _links: {
      jiraRest: `${ctx.base}/rest/api/3/user?accountId=${u.accountId}`,
      avatarUrls: {},
      self: `${ctx.base}/rest/api/3/user?accountId=${u.accountId}`,
    },
  });
  const deskDto = (ctx: Ctx, p: Project) => ({
    id: p.serviceDeskId!,
    projectId: p.id,
    projectName: p.name,
    projectKey: p.key,
    _links: { self: `${ctx.base}${SD}/servicedesk/${p.serviceDeskId}` },
  });
  const orgDto = (ctx: Ctx, o: Organization) => ({
    id: o.id,
    name: o.name,
    _links: { self: `${ctx.base}${SD}/organization/${o.id}` },
  });

  const desk = (ctx: Ctx): Project => {
    const p = state.serviceDeskProject(ctx.params.serviceDeskId);
    if (!p || !perms.canBrowse(ctx.caller, p))
      throw notFound(
        `Service desk '${ctx.params.serviceDeskId}' does not exist or you cannot see it.`,
      );
    return p;
  };
  const requireAgent = (ctx: Ctx, p: Project) => {
    if (!perms.isAgent(ctx.caller, p))
      throw forbidden(
        `You must be an agent or an administrator of service desk ${p.serviceDeskId} (${p.key}) to view its customers.`,
      );
  };
  const requireDeskAdmin = (ctx: Ctx, p: Project) => {
    if (!perms.canAdminister(ctx.caller, p))
      throw forbidden(
        `You must be an administrator of service desk ${p.serviceDeskId} (${p.key}) to change its customers or organizations.`,
      );
  };
  const accountIds = (ctx: Ctx): User[] => {
    const b = parseBody(AccountIdsBody, ctx.json(), 'request');
    if (!b.accountIds?.length) throw badRequest('Specify accountIds (a non-empty array).');
    return b.accountIds.map((id) => {
      const u = state.users.get(id);
      if (!u) throw badRequest(`The user with accountId '${id}' does not exist.`);
      return u;
    });
  };
  const org = (ctx: Ctx): Organization => {
    const o = state.organizations.get(ctx.params.organizationId);
    if (!o) throw notFound(`Organization '${ctx.params.organizationId}' does not exist.`);
    return o;
  };
  const requireOrgManager = (ctx: Ctx) => {
    if (!perms.isJiraAdmin(ctx.caller) && !perms.global(ctx.caller, 'USER_PICKER'))
      throw forbidden('You must be an agent or a Jira administrator to manage organizations.');
  };

  r.add('GET', `${SD}/servicedesk`, (ctx) => {
    const list = [...state.serviceDesks.values()]
      .map((id) => state.projects.get(id)!)
      .filter((p) => perms.canBrowse(ctx.caller, p))
      .sort((a, b) => Number(a.serviceDeskId) - Number(b.serviceDeskId));
    return { status: 200, body: jsmPage(ctx, list, (p) => deskDto(ctx, p)) };
  });

  r.add('GET', `${SD}/servicedesk/{serviceDeskId}`, (ctx) => ({
    status: 200,
    body: deskDto(ctx, desk(ctx)),
  }));

  r.add('GET', `${SD}/servicedesk/{serviceDeskId}/customer`, (ctx) => {
    requireExperimental(ctx);
    const p = desk(ctx);
    requireAgent(ctx, p);
    // As the Customers page: people added as customers, members (direct or through groups) of
    // the customer role, and members of the desk's organizations; active accounts only.
    const ids = new Set(p.customers);
    const roleId = state.roleFor(p, 'customer');
    const actors = roleId !== undefined ? p.actors.get(roleId) : undefined;
    for (const a of actors?.users ?? []) ids.add(a);
    for (const gid of actors?.groups ?? [])
      for (const m of state.groups.get(gid)?.members ?? []) ids.add(m);
    for (const oid of p.organizationIds)
      for (const m of state.organizations.get(oid)?.members ?? []) ids.add(m);
    const query = (ctx.query.get('query') ?? '').toLowerCase();
    const list = [...ids]
      .map((id) => state.users.get(id)!)
      .filter(
        (u) =>
          u &&
          u.active &&
          (!query ||
            u.displayName.toLowerCase().includes(query) ||
            u.emailAddress.toLowerCase().includes(query)),
      )
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { status: 200, body: jsmPage(ctx, list, (u) => userDto(ctx, u)) };
  });

  r.add('POST', `${SD}/servicedesk/{serviceDeskId}/customer`, (ctx) => {
    const p = desk(ctx);
    requireDeskAdmin(ctx, p);
    for (const u of accountIds(ctx)) p.customers.add(u.accountId);
    state.touch();
    return { status: 204 };
  });

  r.add('DELETE', `${SD}/servicedesk/{serviceDeskId}/customer`, (ctx) => {
    requireExperimental(ctx);
    const p = desk(ctx);
    requireDeskAdmin(ctx, p);
    for (const u of accountIds(ctx)) p.customers.delete(u.accountId);
    state.touch();
    return { status: 204 };
  });

  r.add('GET', `${SD}/servicedesk/{serviceDeskId}/organization`, (ctx) => {
    const p = desk(ctx);
    requireAgent(ctx, p);
    const accountId = ctx.query.get('accountId');
    const list = [...p.organizationIds]
      .map((id) => state.organizations.get(id)!)
      .filter((o) => o && (!accountId || o.members.has(accountId)));
    return { status: 200, body: jsmPage(ctx, list, (o) => orgDto(ctx, o)) };
  });

  const link = (add: boolean) => (ctx: Ctx) => {
    const p = desk(ctx);
    requireDeskAdmin(ctx, p);
    const b = parseBody(OrganizationLinkBody, ctx.json(), 'request');
    const o = state.organizations.get(String(b.organizationId));
    if (!o) throw notFound(`Organization '${b.organizationId}' does not exist.`);
    if (add) p.organizationIds.add(o.id);
    else p.organizationIds.delete(o.id);
    state.touch();
    return { status: 204 };
  };
  r.add('POST', `${SD}/servicedesk/{serviceDeskId}/organization`, link(true));
  r.add('DELETE', `${SD}/servicedesk/{serviceDeskId}/organization`, link(false));

  r.add('GET', `${SD}/organization`, (ctx) => {
    const accountId = ctx.query.get('accountId');
    const list = [...state.organizations.values()].filter(
      (o) => !accountId || o.members.has(accountId),
    );
    return { status: 200, body: jsmPage(ctx, list, (o) => orgDto(ctx, o)) };
  });

  r.add('POST', `${SD}/organization`, (ctx) => {
    requireOrgManager(ctx);
    const b = parseBody(OrganizationCreateBody, ctx.json(), 'organization');
    if (!b.name.trim()) throw badRequest('The organization name must not be empty.');
    if (
      [...state.organizations.values()].some(
        (o) => o.name.toLowerCase() === b.name.trim().toLowerCase(),
      )
    )
      throw badRequest(`An organization named '${b.name}' already exists.`);
    return { status: 201, body: orgDto(ctx, state.addOrganization(b.name.trim())) };
  });

  r.add('GET', `${SD}/organization/{organizationId}`, (ctx) => ({
    status: 200,
    body: orgDto(ctx, org(ctx)),
  }));

  r.add('DELETE', `${SD}/organization/{organizationId}`, (ctx) => {
    if (!perms.isJiraAdmin(ctx.caller))
      throw forbidden('Only Jira administrators can delete organizations.');
    state.deleteOrganization(org(ctx));
    return { status: 204 };
  });

  r.add('GET', `${SD}/organization/{organizationId}/user`, (ctx) => {
    const o = org(ctx);
    requireOrgManager(ctx);
    // "ordered by their accountId", as the spec says.
    const list = [...o.members]
      .map((id) => state.users.get(id)!)
      .filter(Boolean)
      .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
    return { status: 200, body: jsmPage(ctx, list, (u) => userDto(ctx, u)) };
  });

  const members = (add: boolean) => (ctx: Ctx) => {
    const o = org(ctx);
    requireOrgManager(ctx);
    for (const u of accountIds(ctx))
      if (add) o.members.add(u.accountId);
      else o.members.delete(u.accountId);
    state.touch();
    return { status: 204 };
  };
  r.add('POST', `${SD}/organization/{organizationId}/user`, members(true));
  r.add('DELETE', `${SD}/organization/{organizationId}/user`, members(false));
}
