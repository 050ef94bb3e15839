// Groups: picker (with managedBy), bulk, members, create/delete, add/remove members.
// Groups synced from an identity provider (managedBy EXTERNAL) are read-only here: their
// membership and existence belong to the provider (change them over SCIM).
import { ApiError, badRequest, forbidden, notFound } from '../errors';
import type { Group, User } from '../model';
import { boolParam, intParam, platformPage } from '../paging';
import { userJson } from '../render';
import type { Ctx, Router } from '../router';
import { AddGroupBody, parseBody, UserToGroupBody } from '../schemas';
import type { Services } from '../services';

const byName = (a: Group, b: Group) => a.name.localeCompare(b.name);
const SITE_ADMIN = 'Only site administrators can manage groups (Administer Jira is needed).';

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
  );
}

export function externallyManaged(g: Group): ApiError {
  return new ApiError(
    403,
    `Group '${g.name}' (${g.groupId}) is managed by an external directory (synced from an identity provider), so its members and the group itself can only be changed in the identity provider.`,
  );
}

export function registerGroupRoutes(r: Router, svc: Services): void {
  const { state, perms } = svc;

  /** The group named by groupId or groupname (groupId wins); 400 without either, 404 when unknown. */
  const groupFromQuery = (ctx: Ctx, nameParam: 'groupname' | 'groupName' = 'groupname'): Group => {
    const id = ctx.query.get('groupId');
    const name = ctx.query.get(nameParam) ?? ctx.query.get('groupname');
    if (!id && !name) throw badRequest('You must specify a group: groupId or groupname.');
    const g = id ? state.groups.get(id) : state.groupByName(name!);
    if (!g)
      throw notFound(
        id ? `Group with id '${id}' does not exist.` : `Group '${name}' does not exist.`,
      );
    return g;
  };

  const groupJson = (ctx: Ctx, g: Group) => ({
    name: g.name,
    groupId: g.groupId,
    self: `${ctx.base}/rest/api/3/group?groupId=${g.groupId}`,
    users: { size: g.members.size, items: [], 'max-results': 50, 'start-index': 0, 'end-index': 0 },
    expand: 'users',
  });

  r.add(
    'GET',
    '/rest/api/3/groups/picker',
    (ctx) => {
      const maxResults = intParam(ctx, 'maxResults', 20, { min: 0, max: 1000 });
      boolParam(ctx, 'caseInsensitive', false);
      const query = (ctx.query.get('query') ?? '').toLowerCase();
      const exclude = new Set(ctx.query.getAll('exclude').map((n) => n.toLowerCase()));
      const excludeId = new Set(ctx.query.getAll('excludeId'));
      const accountId = ctx.query.get('accountId');
      // Anonymous callers and callers who browse no project get an empty list, as the spec says.
      const allowed =
        ctx.caller &&
        (perms.global(ctx.caller, 'USER_PICKER') ||
          [...state.projects.values()].some((p) => perms.canBrowse(ctx.caller, p)));
      let matches: Group[] = [];
      if (allowed) {
        const pool = accountId
          ? [...(state.users.get(accountId)?.groups ?? [])]
              .map((id) => state.groups.get(id)!)
              .filter(Boolean)
          : [...state.groups.values()];
        // Matching is case-insensitive whatever caseInsensitive says: Jira Cloud's picker behaves so.
        matches = pool
          .filter(
            (g) =>
              (!query || g.name.toLowerCase().includes(query)) &&
              !exclude.has(g.name.toLowerCase()) &&
              !excludeId.has(g.groupId),
          )
          .sort(byName);
      }
      const shown = matches.slice(0, maxResults);
      return {
        status: 200,
        body: {
          header: `Showing ${shown.length} of ${matches.length} matching groups`,
          total: matches.length,
          groups: shown.map((g) => {
            const at = query ? g.name.toLowerCase().indexOf(query) : -1;
            const html =
              at >= 0
                ? `${escapeHtml(g.name.slice(0, at))}<b>${escapeHtml(g.name.slice(at, at + query.length))}</b>${escapeHtml(g.name.slice(at + query.length))}`
                : escapeHtml(g.name);
            return {
              name: g.name,
              html,
              labels: [],
              groupId: g.groupId,
              managedBy: g.managedBy,
              usageType: 'USERBASE_GROUP',
            };
          }),
        },
      };
    },
    'anonymous',
  );

  r.add('GET', '/rest/api/3/group/bulk', (ctx) => {
    if (!perms.global(ctx.caller, 'USER_PICKER'))
      throw forbidden('Browse users and groups permission is needed to list groups.');
    const ids = ctx.query.getAll('groupId');
    const names = ctx.query.getAll('groupName');
    const appKey = ctx.query.get('applicationKey');
    const app = appKey ? state.appRoles.get(appKey) : undefined;
    if (appKey && !app) throw badRequest(`The application key '${appKey}' is not valid.`);
    let list: Group[];
    if (ids.length || names.length) {
      const found = new Map<string, Group>();
      for (const id of ids) {
        const g = state.groups.get(id);
        if (g) found.set(g.groupId, g);
      }
      for (const n of names) {
        const g = state.groupByName(n);
        if (g) found.set(g.groupId, g);
      }
      list = [...found.values()];
    } else list = [...state.groups.values()];
    if (app) list = list.filter((g) => app.groups.has(g.groupId));
    list.sort(byName);
    return {
      status: 200,
      body: platformPage(ctx, list, (g) => ({ name: g.name, groupId: g.groupId }), {
        defaultMax: 50,
        max: 50,
      }),
    };
  });

  r.add('GET', '/rest/api/3/group/member', (ctx) => {
    if (!perms.global(ctx.caller, 'USER_PICKER'))
      throw forbidden(
        'Browse users and groups or Administer Jira is needed to list group members.',
      );
    const g = groupFromQuery(ctx);
    const includeInactive = boolParam(ctx, 'includeInactiveUsers', false);
    const members = [...g.members]
      .map((id) => state.users.get(id)!)
      .filter((u) => u && (includeInactive || u.active))
      .sort((a, b) => a.emailAddress.localeCompare(b.emailAddress));
    return {
      status: 200,
      body: platformPage(ctx, members, (u) => userJson(ctx.base, u), { defaultMax: 50, max: 50 }),
    };
  });

  r.add('GET', '/rest/api/3/group', (ctx) => {
    if (!perms.global(ctx.caller, 'USER_PICKER'))
      throw forbidden('Browse users and groups is needed.');
    return { status: 200, body: groupJson(ctx, groupFromQuery(ctx)) };
  });

  r.add('POST', '/rest/api/3/group', (ctx) => {
    if (!perms.isJiraAdmin(ctx.caller)) throw forbidden(SITE_ADMIN);
    const b = parseBody(AddGroupBody, ctx.json(), 'group');
    const name = b.name?.trim();
    if (!name) throw badRequest('You must specify a group name.', { name: 'required' });
    if (state.groupByName(name))
      throw badRequest(`A group with the name '${name}' already exists.`, {
        name: 'already in use',
      });
    return { status: 201, body: groupJson(ctx, state.addGroup(name)) };
  });

  r.add('DELETE', '/rest/api/3/group', (ctx) => {
    if (!perms.isJiraAdmin(ctx.caller)) throw forbidden(SITE_ADMIN);
    const g = groupFromQuery(ctx);
    if (g.managedBy === 'EXTERNAL') throw externallyManaged(g);
    if (state.adminGroupIds.has(g.groupId))
      throw badRequest(`Group '${g.name}' grants Administer Jira and cannot be deleted here.`);
    state.deleteGroup(g);
    return { status: 200 };
  });

  const memberChange = (ctx: Ctx, accountId: string | undefined | null): { g: Group; u: User } => {
    if (!perms.isJiraAdmin(ctx.caller)) throw forbidden(SITE_ADMIN);
    if (!ctx.query.get('groupId') && !ctx.query.get('groupname'))
      throw badRequest('You must specify a group: groupId or groupname.');
    if (!accountId)
      throw badRequest('You must specify the accountId of the user.', { accountId: 'required' });
    const g = groupFromQuery(ctx);
    const u = state.users.get(accountId);
    if (!u) throw notFound(`User with accountId '${accountId}' does not exist.`);
    if (g.managedBy === 'EXTERNAL') throw externallyManaged(g);
    return { g, u };
  };

  r.add('POST', '/rest/api/3/group/user', (ctx) => {
    const b = parseBody(UserToGroupBody, ctx.json(), 'user');
    const { g, u } = memberChange(ctx, b.accountId);
    if (g.members.has(u.accountId))
      throw badRequest(`Cannot add user. ${u.displayName} is already a member of '${g.name}'.`);
    state.addMember(g, u);
    return { status: 201, body: groupJson(ctx, g) };
  });

  r.add('DELETE', '/rest/api/3/group/user', (ctx) => {
    const { g, u } = memberChange(ctx, ctx.query.get('accountId'));
    if (!g.members.has(u.accountId))
      throw notFound(`${u.displayName} is not a member of '${g.name}'.`);
    state.removeMember(g, u);
    return { status: 200 };
  });
}
