// The identity provider's side: Atlassian's user provisioning API (SCIM 2.0) under
// /scim/directory/{directoryId}. Provisioned groups are managedBy EXTERNAL on the site; a PATCH
// of displayName renames in place (same groupId); deleting or deactivating a user makes the
// Atlassian account inactive. SCIM ids are the site's own ids (accountId, groupId).
import { auditChange } from '../audit-log';
import { ApiError } from '../errors';
import type { Directory, Group, User } from '../model';
import type { Ctx, Router } from '../router';
import type { Services } from '../services';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const EXT = 'urn:scim:schemas:extension:atlassian-external:1.0';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const scimError = (status: number, detail: string, scimType?: string) =>
  new ApiError(status, detail, undefined, scimType ? { scimType } : {});

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `attr eq "value"`, the one filter form identity providers send. */
function parseFilter(filter: string | null): { attr: string; value: string } | null {
  if (!filter) return null;
  const m = /^\s*([\w.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!m)
    throw scimError(
      400,
      `Unsupported filter '${filter}': use attribute eq "value".`,
      'invalidFilter',
    );
  return { attr: m[1].toLowerCase(), value: m[2].replace(/\\(.)/g, '$1') };
}

export function registerScimRoutes(r: Router, svc: Services): void {
  const { state } = svc;
  const BASE = '/scim/directory/{directoryId}';

  const directory = (ctx: Ctx): Directory => {
    if (!/^Bearer\s+\S+/i.test(String(ctx.headers.authorization ?? '')))
      throw scimError(
        401,
        'Send the directory API key as Authorization: Bearer <key> (any key works locally).',
      );
    const d = state.directories.get(ctx.params.directoryId);
    if (!d) throw scimError(404, `Directory '${ctx.params.directoryId}' does not exist.`);
    return d;
  };
  const location = (ctx: Ctx, kind: 'Users' | 'Groups', id: string) =>
    `${ctx.base}/scim/directory/${ctx.params.directoryId}/${kind}/${id}`;

  const userRes = (ctx: Ctx, u: User) => {
    const s = u.scim!;
    const groups = [...u.groups]
      .map((id) => state.groups.get(id)!)
      .filter((g) => g && g.directoryId === s.directoryId);
    return {
      schemas: [USER_SCHEMA, EXT],
      id: u.accountId,
      userName: s.userName,
      ...(s.externalId ? { externalId: s.externalId } : {}),
      emails: [{ value: u.emailAddress, type: 'work', primary: true }],
      name: {
        formatted: u.displayName,
        ...(s.givenName ? { givenName: s.givenName } : {}),
        ...(s.familyName ? { familyName: s.familyName } : {}),
      },
      displayName: u.displayName,
      active: u.active,
      groups: groups.map((g) => ({
        value: g.groupId,
        display: g.name,
        type: 'Group',
        $ref: location(ctx, 'Groups', g.groupId),
      })),
      [EXT]: { atlassianAccountId: u.accountId },
      meta: {
        resourceType: 'User',
        created: s.created,
        lastModified: s.lastModified,
        location: location(ctx, 'Users', u.accountId),
      },
    };
  };
  const groupRes = (ctx: Ctx, g: Group, withMembers = true) => ({
    schemas: [GROUP_SCHEMA],
    id: g.groupId,
    displayName: g.name,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    ...(withMembers
      ? {
          members: [...g.members]
            .map((id) => state.users.get(id)!)
            .filter(Boolean)
            .map((u) => ({
              value: u.accountId,
              display: u.displayName,
              type: 'User',
              $ref: location(ctx, 'Users', u.accountId),
            })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: g.created,
      lastModified: g.lastModified,
      location: location(ctx, 'Groups', g.groupId),
    },
  });
  const listResponse = <T>(ctx: Ctx, all: T[], render: (t: T) => unknown) => {
    const startIndex = Math.max(1, Number(ctx.query.get('startIndex') ?? 1) || 1);
    const count = Math.max(0, Math.min(1000, Number(ctx.query.get('count') ?? 100) || 0));
    const page = all.slice(startIndex - 1, startIndex - 1 + count);
    return {
      status: 200,
      body: {
        schemas: [LIST],
        totalResults: all.length,
        startIndex,
        itemsPerPage: page.length,
        Resources: page.map(render),
      },
    };
  };
  const body = (ctx: Ctx): Obj => {
    const b = ctx.json();
    if (!isObj(b)) throw scimError(400, 'The body must be a JSON object.', 'invalidSyntax');
    return b;
  };
  const scimUser = (ctx: Ctx, d: Directory): User => {
    const u = state.users.get(ctx.params.userId);
    if (!u || u.scim?.directoryId !== d.id)
      throw scimError(404, `User '${ctx.params.userId}' is not provisioned in directory ${d.id}.`);
    return u;
  };
  const scimGroup = (ctx: Ctx, d: Directory): Group => {
    const g = state.groups.get(ctx.params.groupId);
    if (!g || g.directoryId !== d.id)
      throw scimError(
        404,
        `Group '${ctx.params.groupId}' is not provisioned in directory ${d.id}.`,
      );
    return g;
  };
  const memberUsers = (value: unknown): User[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value))
      throw scimError(400, 'members must be an array of {value: userId}.', 'invalidValue');
    return value.map((m) => {
      const id = isObj(m) && typeof m.value === 'string' ? m.value : '';
      const u = state.users.get(id);
      if (!u) throw scimError(400, `Member '${id}' is not a user of this site.`, 'invalidValue');
      return u;
    });
  };

  /** Applies SCIM user attributes from a POST/PUT body or a PATCH value. */
  const applyUserAttrs = (u: User, v: Obj) => {
    const s = u.scim!;
    if (typeof v.userName === 'string') s.userName = v.userName;
    if (typeof v.externalId === 'string') s.externalId = v.externalId;
    if (typeof v.displayName === 'string') u.displayName = v.displayName;
    const name = isObj(v.name) ? v.name : {};
    if (typeof name.givenName === 'string') s.givenName = name.givenName;
    if (typeof name.familyName === 'string') s.familyName = name.familyName;
    if (typeof v['name.givenName'] === 'string') s.givenName = v['name.givenName'];
    if (typeof v['name.familyName'] === 'string') s.familyName = v['name.familyName'];
    if (
      typeof v.displayName !== 'string' &&
      (typeof name.givenName === 'string' || typeof name.familyName === 'string')
    )
      u.displayName = [s.givenName, s.familyName].filter(Boolean).join(' ');
    if (Array.isArray(v.emails) && isObj(v.emails[0]) && typeof v.emails[0].value === 'string')
      state.setUserEmail(u, v.emails[0].value);
    if (v.active !== undefined)
      u.active = v.active === true || v.active === 'true' || v.active === 'True';
    s.lastModified = state.clock.iso();
    state.touch();
  };

  // ---- Users -------------------------------------------------------------------------------
  r.add(
    'POST',
    `${BASE}/Users`,
    (ctx) => {
      const d = directory(ctx);
      const b = body(ctx);
      if (typeof b.userName !== 'string' || !b.userName)
        throw scimError(400, 'userName is required.', 'invalidValue');
      const email =
        Array.isArray(b.emails) && isObj(b.emails[0]) && typeof b.emails[0].value === 'string'
          ? b.emails[0].value
          : b.userName;
      for (const u of state.users.values())
        if (
          u.scim?.directoryId === d.id &&
          u.scim.userName.toLowerCase() === b.userName.toLowerCase()
        )
          throw scimError(
            409,
            `A user with userName '${b.userName}' already exists in this directory.`,
            'uniqueness',
          );
      // An existing Atlassian account with that email is claimed rather than duplicated.
      let u = state.userByEmail(email);
      if (u?.scim)
        throw scimError(
          409,
          `The account for '${email}' is already provisioned by directory ${u.scim.directoryId}.`,
          'uniqueness',
        );
      if (!u) {
        u = state.addUser({
          emailAddress: email,
          displayName: typeof b.displayName === 'string' ? b.displayName : email,
        });
        auditChange(state, {
          summary: 'User created',
          category: 'user management',
          objectItem: { id: u.accountId, name: u.accountId, typeName: 'USER' },
        });
        // A new account gets the products new users have by default, as on a real site (the
        // audit log then records it joining their default groups).
        state.grantDefaultAccess(u);
      }
      const at = state.clock.iso();
      u.scim = { directoryId: d.id, userName: b.userName, created: at, lastModified: at };
      applyUserAttrs(u, { ...b, active: b.active ?? true });
      return {
        status: 201,
        body: userRes(ctx, u),
        headers: { location: location(ctx, 'Users', u.accountId) },
      };
    },
    'none',
  );

  r.add(
    'GET',
    `${BASE}/Users`,
    (ctx) => {
      const d = directory(ctx);
      const f = parseFilter(ctx.query.get('filter'));
      const all = [...state.users.values()].filter((u) => {
        if (u.scim?.directoryId !== d.id) return false;
        if (!f) return true;
        const v = f.value.toLowerCase();
        if (f.attr === 'username') return u.scim.userName.toLowerCase() === v;
        if (f.attr === 'displayname') return u.displayName.toLowerCase() === v;
        if (f.attr === 'externalid') return u.scim.externalId === f.value;
        if (f.attr === 'emails.value' || f.attr === 'emails')
          return u.emailAddress.toLowerCase() === v;
        throw scimError(
          400,
          `Filtering on '${f.attr}' is not supported: use userName, displayName, externalId or emails.value.`,
          'invalidFilter',
        );
      });
      return listResponse(ctx, all, (u) => userRes(ctx, u));
    },
    'none',
  );

  r.add(
    'GET',
    `${BASE}/Users/{userId}`,
    (ctx) => ({ status: 200, body: userRes(ctx, scimUser(ctx, directory(ctx))) }),
    'none',
  );

  r.add(
    'PUT',
    `${BASE}/Users/{userId}`,
    (ctx) => {
      const u = scimUser(ctx, directory(ctx));
      applyUserAttrs(u, body(ctx));
      return { status: 200, body: userRes(ctx, u) };
    },
    'none',
  );

  r.add(
    'PATCH',
    `${BASE}/Users/{userId}`,
    (ctx) => {
      const u = scimUser(ctx, directory(ctx));
      for (const op of operations(body(ctx))) {
        if (op.op === 'remove') continue; // removing optional attributes: nothing to keep locally
        applyUserAttrs(u, op.path ? { [op.path]: op.value } : isObj(op.value) ? op.value : {});
      }
      return { status: 200, body: userRes(ctx, u) };
    },
    'none',
  );

  r.add(
    'DELETE',
    `${BASE}/Users/{userId}`,
    (ctx) => {
      const u = scimUser(ctx, directory(ctx));
      // Deprovisioning deactivates the Atlassian account; group memberships stay (inactive).
      u.active = false;
      delete u.scim;
      state.touch();
      return { status: 204 };
    },
    'none',
  );

  // ---- Groups ------------------------------------------------------------------------------
  r.add(
    'POST',
    `${BASE}/Groups`,
    (ctx) => {
      const d = directory(ctx);
      const b = body(ctx);
      if (typeof b.displayName !== 'string' || !b.displayName.trim())
        throw scimError(400, 'displayName is required.', 'invalidValue');
      if (state.groupByName(b.displayName))
        throw scimError(
          409,
          `Resource [GROUP]: with displayName '${b.displayName}' already exists.`,
          'uniqueness',
        );
      const members = memberUsers(b.members);
      const g = state.addGroup(b.displayName.trim(), {
        managedBy: 'EXTERNAL',
        directoryId: d.id,
        ...(typeof b.externalId === 'string' ? { externalId: b.externalId } : {}),
      });
      for (const u of members) state.addMember(g, u);
      return {
        status: 201,
        body: groupRes(ctx, g),
        headers: { location: location(ctx, 'Groups', g.groupId) },
      };
    },
    'none',
  );

  r.add(
    'GET',
    `${BASE}/Groups`,
    (ctx) => {
      const d = directory(ctx);
      const f = parseFilter(ctx.query.get('filter'));
      const withMembers = !(ctx.query.get('excludedAttributes') ?? '')
        .split(',')
        .includes('members');
      const all = [...state.groups.values()].filter((g) => {
        if (g.directoryId !== d.id) return false;
        if (!f) return true;
        if (f.attr === 'displayname') return g.name.toLowerCase() === f.value.toLowerCase();
        if (f.attr === 'externalid') return g.externalId === f.value;
        if (f.attr === 'id') return g.groupId === f.value;
        throw scimError(
          400,
          `Filtering on '${f.attr}' is not supported: use displayName, externalId or id.`,
          'invalidFilter',
        );
      });
      return listResponse(ctx, all, (g) => groupRes(ctx, g, withMembers));
    },
    'none',
  );

  r.add(
    'GET',
    `${BASE}/Groups/{groupId}`,
    (ctx) => ({ status: 200, body: groupRes(ctx, scimGroup(ctx, directory(ctx))) }),
    'none',
  );

  const rename = (g: Group, name: unknown) => {
    if (typeof name !== 'string' || !name.trim())
      throw scimError(400, 'displayName must be a non-empty string.', 'invalidValue');
    const other = state.groupByName(name);
    if (other && other !== g)
      throw scimError(
        409,
        `Resource [GROUP]: with displayName '${name}' already exists.`,
        'uniqueness',
      );
    state.renameGroup(g, name.trim());
  };

  r.add(
    'PUT',
    `${BASE}/Groups/{groupId}`,
    (ctx) => {
      const g = scimGroup(ctx, directory(ctx));
      const b = body(ctx);
      if (b.displayName !== undefined) rename(g, b.displayName);
      if (b.members !== undefined) {
        const wanted = new Set(memberUsers(b.members));
        for (const id of [...g.members]) {
          const u = state.users.get(id)!;
          if (!wanted.has(u)) state.removeMember(g, u);
        }
        for (const u of wanted) state.addMember(g, u);
      }
      return { status: 200, body: groupRes(ctx, g) };
    },
    'none',
  );

  r.add(
    'PATCH',
    `${BASE}/Groups/{groupId}`,
    (ctx) => {
      const g = scimGroup(ctx, directory(ctx));
      for (const op of operations(body(ctx))) {
        const path = (op.path ?? '').trim();
        const filtered = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path);
        if (op.op === 'remove' && filtered) {
          const u = state.users.get(filtered[1]);
          if (u) state.removeMember(g, u);
        } else if (/^members$/i.test(path)) {
          if (op.op === 'remove' && op.value === undefined) {
            for (const id of [...g.members]) state.removeMember(g, state.users.get(id)!);
            continue;
          }
          const users = memberUsers(op.value);
          if (op.op === 'replace')
            for (const id of [...g.members]) state.removeMember(g, state.users.get(id)!);
          for (const u of users) {
            if (op.op === 'remove') state.removeMember(g, u);
            else state.addMember(g, u);
          }
        } else if (/^displayName$/i.test(path)) {
          rename(g, op.value);
        } else if (/^externalId$/i.test(path)) {
          g.externalId = String(op.value);
        } else if (!path && isObj(op.value)) {
          if (op.value.displayName !== undefined) rename(g, op.value.displayName);
          if (op.value.members !== undefined)
            for (const u of memberUsers(op.value.members)) state.addMember(g, u);
          if (typeof op.value.externalId === 'string') g.externalId = op.value.externalId;
        } else {
          throw scimError(
            400,
            `Unsupported PATCH operation ${op.op} on '${path}': use members, displayName or externalId.`,
            'invalidPath',
          );
        }
      }
      g.lastModified = state.clock.iso();
      return { status: 200, body: groupRes(ctx, g) };
    },
    'none',
  );

  r.add(
    'DELETE',
    `${BASE}/Groups/{groupId}`,
    (ctx) => {
      state.deleteGroup(scimGroup(ctx, directory(ctx)));
      return { status: 204 };
    },
    'none',
  );
}

interface PatchOp {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

/** The Operations of a PatchOp body; op names are case-insensitive (Entra sends "Add"). */
function operations(b: Obj): PatchOp[] {
  if (!Array.isArray(b.Operations))
    throw scimError(
      400,
      'A PATCH body needs Operations: [{op, path?, value?}] (urn:ietf:params:scim:api:messages:2.0:PatchOp).',
      'invalidSyntax',
    );
  return b.Operations.map((o) => {
    const op = isObj(o) && typeof o.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'remove' && op !== 'replace')
      throw scimError(
        400,
        `Unsupported PATCH op '${isObj(o) ? String(o.op) : o}': use add, remove or replace.`,
        'invalidSyntax',
      );
    return {
      op,
      ...(isObj(o) && typeof o.path === 'string' ? { path: o.path } : {}),
      ...(isObj(o) && 'value' in o ? { value: o.value } : {}),
    };
  });
}
