// The emulator's own API under /__emulator/ (not Jira's): reset to a seed, product access as
// admin.atlassian.com would change it, faults, the request log, a state snapshot, webhooks.
// No authentication; JSON in and out.
import { z } from 'zod';

import { ApiError, badRequest, notFound } from '../errors';
import { FaultConfigSchema, type Faults } from '../faults';
import { setAccessLevel } from '../permission-schemes';
import type { RequestLog } from '../request-log';
import type { Ctx, Router } from '../router';
import { parseBody } from '../schemas';
import type { SeedSpec } from '../seeds';
import type { Services } from '../services';
import type { Webhooks } from '../webhooks';

export const SeedSpecSchema = z.discriminatedUnion('seed', [
  z.object({ seed: z.literal('empty') }),
  z.object({ seed: z.literal('demo') }),
  z.object({
    seed: z.literal('generated'),
    projects: z.number().int().min(0).max(100_000),
    groups: z.number().int().min(0).max(100_000),
    users: z.number().int().min(0).max(200_000),
    teamManaged: z.number().int().min(0).optional(),
    software: z.number().int().min(0).optional(),
    orgMembers: z.number().int().min(0).max(100_000).optional(),
  }),
]);

export interface Controller {
  services(): Services;
  reset(spec: SeedSpec): void;
  faults: Faults;
  log: RequestLog;
  webhooks: Webhooks;
}

const C = '/__emulator';

export function registerControlRoutes(r: Router, c: Controller): void {
  const appRole = (key: string) => {
    const a = c.services().state.appRoles.get(key);
    if (!a) throw notFound(`No application role '${key}': use jira-software or jira-servicedesk.`);
    return a;
  };
  const groupIdFrom = (ctx: Ctx): string => {
    const b = ctx.optionalJson() as { groupId?: unknown } | undefined;
    const id =
      ctx.params.groupId ??
      ctx.query.get('groupId') ??
      (typeof b?.groupId === 'string' ? b.groupId : undefined);
    if (!id) throw badRequest('Give groupId in the body, the query or the path.');
    if (!c.services().state.groups.has(id)) throw notFound(`No group with id '${id}'.`);
    return id;
  };

  r.add(
    'GET',
    `${C}`,
    () => ({
      status: 200,
      body: {
        emulator: 'Jira Cloud + JSM emulator (see local/jira-emulator/README.md)',
        control: [
          'POST /__emulator/reset',
          'POST|DELETE /__emulator/application-roles/{key}/groups',
          'PUT /__emulator/application-roles/{key}',
          'PUT /__emulator/projects/{key}/access-level',
          'GET|PUT|DELETE /__emulator/faults',
          'GET|PUT|DELETE /__emulator/limits',
          'POST /__emulator/limits/window',
          'GET|PUT /__emulator/site',
          'GET|DELETE /__emulator/requests',
          'GET /__emulator/state',
          'GET|POST|DELETE /__emulator/webhooks',
        ],
      },
    }),
    'none',
  );

  r.add(
    'POST',
    `${C}/reset`,
    (ctx) => {
      const spec: SeedSpec = parseBody(
        SeedSpecSchema,
        ctx.optionalJson() ?? { seed: 'demo' },
        'seed',
      );
      const started = performance.now();
      c.reset(spec);
      const s = c.services().state;
      return {
        status: 200,
        body: {
          seed: spec.seed,
          projects: s.projects.size,
          groups: s.groups.size,
          users: s.users.size,
          ms: Math.round(performance.now() - started),
        },
      };
    },
    'none',
  );

  r.add(
    'POST',
    `${C}/application-roles/{key}/groups`,
    (ctx) => {
      const a = appRole(ctx.params.key);
      a.groups.add(groupIdFrom(ctx));
      c.services().state.touch();
      return { status: 200, body: { key: a.key, groupIds: [...a.groups] } };
    },
    'none',
  );
  const removeAppGroup = (ctx: Ctx) => {
    const a = appRole(ctx.params.key);
    const id = groupIdFrom(ctx);
    a.groups.delete(id);
    a.defaultGroups.delete(id);
    c.services().state.touch();
    return { status: 200, body: { key: a.key, groupIds: [...a.groups] } };
  };
  r.add('DELETE', `${C}/application-roles/{key}/groups`, removeAppGroup, 'none');
  r.add('DELETE', `${C}/application-roles/{key}/groups/{groupId}`, removeAppGroup, 'none');

  r.add(
    'PUT',
    `${C}/application-roles/{key}`,
    (ctx) => {
      const a = appRole(ctx.params.key);
      const b = parseBody(
        z.object({
          selectedByDefault: z.boolean().optional(),
          defaultGroupIds: z.array(z.string()).optional(),
          numberOfSeats: z.number().int().min(0).optional(),
        }),
        ctx.json(),
        'application role',
      );
      const state = c.services().state;
      if (b.defaultGroupIds) {
        const missing = b.defaultGroupIds.filter((id) => !state.groups.has(id));
        if (missing.length) throw notFound(`No group with id ${missing.join(', ')}.`);
        a.defaultGroups = new Set(b.defaultGroupIds);
        for (const id of b.defaultGroupIds) a.groups.add(id); // a default group always has access
      }
      if (b.selectedByDefault !== undefined) a.selectedByDefault = b.selectedByDefault;
      if (b.numberOfSeats !== undefined) a.numberOfSeats = b.numberOfSeats;
      state.touch();
      return {
        status: 200,
        body: {
          key: a.key,
          selectedByDefault: a.selectedByDefault,
          groupIds: [...a.groups],
          defaultGroupIds: [...a.defaultGroups],
          numberOfSeats: a.numberOfSeats,
        },
      };
    },
    'none',
  );

  // An organization renamed in JSM's settings (Jira's REST has no call for it).
  r.add(
    'PUT',
    `${C}/organizations/{organizationId}`,
    (ctx) => {
      const state = c.services().state;
      const o = state.organizations.get(ctx.params.organizationId);
      if (!o) throw notFound(`No organization '${ctx.params.organizationId}'.`);
      const b = parseBody(z.object({ name: z.string().trim().min(1) }), ctx.json(), 'organization');
      o.name = b.name;
      state.touch();
      return { status: 200, body: { id: o.id, name: o.name } };
    },
    'none',
  );

  // A team-managed project's access (Project settings > Access): its own scheme's grants follow.
  r.add(
    'PUT',
    `${C}/projects/{key}/access-level`,
    (ctx) => {
      const state = c.services().state;
      const p = state.projectByIdOrKey(ctx.params.key);
      if (!p) throw notFound(`No project '${ctx.params.key}'.`);
      if (!p.ownRoles) throw badRequest(`${p.key} is company-managed: assign a scheme instead.`);
      const b = parseBody(
        z.object({ accessLevel: z.enum(['open', 'limited', 'private']) }),
        ctx.json(),
        'access level',
      );
      setAccessLevel(state, p, b.accessLevel);
      return { status: 200, body: { key: p.key, accessLevel: b.accessLevel } };
    },
    'none',
  );

  r.add('GET', `${C}/faults`, () => ({ status: 200, body: c.faults.current }), 'none');
  r.add(
    'PUT',
    `${C}/faults`,
    (ctx) => {
      const cfg = parseBody(FaultConfigSchema, ctx.json(), 'fault configuration');
      for (const f of cfg.failPaths ?? []) {
        try {
          new RegExp(f.pathRegex);
        } catch (e) {
          throw badRequest(
            `pathRegex '${f.pathRegex}' is not a valid regular expression: ${(e as Error).message}`,
          );
        }
      }
      c.faults.set(cfg);
      return { status: 200, body: c.faults.current };
    },
    'none',
  );
  r.add(
    'DELETE',
    `${C}/faults`,
    () => {
      c.faults.clear();
      return { status: 204 };
    },
    'none',
  );

  r.add(
    'GET',
    `${C}/requests`,
    (ctx) => {
      const since = Number(ctx.query.get('since') ?? 0);
      if (!Number.isInteger(since) || since < 0)
        throw badRequest('since must be a non-negative integer.');
      return { status: 200, body: c.log.since(since) };
    },
    'none',
  );
  r.add(
    'DELETE',
    `${C}/requests`,
    () => {
      c.log.clear();
      return { status: 204 };
    },
    'none',
  );

  r.add(
    'GET',
    `${C}/state`,
    (ctx) => {
      const s = c.services().state;
      const only = ctx.query.get('project');
      const projects = only
        ? [s.projectByIdOrKey(only)].filter((p) => !!p)
        : [...s.projectsByKeyOrder()];
      return {
        status: 200,
        body: {
          projects: projects.map((p) => ({
            id: p.id,
            key: p.key,
            name: p.name,
            projectTypeKey: p.projectTypeKey,
            style: p.style,
            categoryId: p.categoryId ?? null,
            serviceDeskId: p.serviceDeskId ?? null,
            // Only roles with actors, keyed by role id: cheap even for thousands of projects.
            roles: Object.fromEntries(
              [...p.actors]
                .filter(([, a]) => a.groups.size || a.users.size)
                .map(([id, a]) => [
                  id,
                  {
                    name: s.roles.get(id)?.name ?? String(id),
                    groupIds: [...a.groups],
                    accountIds: [...a.users],
                  },
                ]),
            ),
            customers: [...p.customers],
          })),
          groups: [...s.groups.values()].map((g) => ({
            groupId: g.groupId,
            name: g.name,
            managedBy: g.managedBy,
            members: [...g.members],
          })),
          users: [...s.users.values()].map((u) => ({
            accountId: u.accountId,
            emailAddress: u.emailAddress,
            displayName: u.displayName,
            accountType: u.accountType,
            active: u.active,
          })),
          defaultActors: Object.fromEntries(
            [...s.defaultActors].map(([id, a]) => [
              id,
              { groupIds: [...a.groups], accountIds: [...a.users] },
            ]),
          ),
          applicationRoles: [...s.appRoles.values()].map((a) => ({
            key: a.key,
            groupIds: [...a.groups],
            defaultGroupIds: [...a.defaultGroups],
            selectedByDefault: a.selectedByDefault,
          })),
        },
      };
    },
    'none',
  );

  r.add(
    'GET',
    `${C}/webhooks`,
    () => ({ status: 200, body: { urls: [...c.webhooks.urls] } }),
    'none',
  );
  r.add(
    'POST',
    `${C}/webhooks`,
    (ctx) => {
      const b = parseBody(z.object({ url: z.string().url() }), ctx.json(), 'webhook');
      c.webhooks.register(b.url);
      return { status: 201, body: { urls: [...c.webhooks.urls] } };
    },
    'none',
  );
  r.add(
    'DELETE',
    `${C}/webhooks`,
    (ctx) => {
      const b = ctx.optionalJson() as { url?: string } | undefined;
      const url = ctx.query.get('url') ?? b?.url;
      if (url) {
        if (!c.webhooks.unregister(url))
          throw new ApiError(404, `No webhook registered for ${url}.`);
      } else c.webhooks.clear();
      return { status: 204 };
    },
    'none',
  );
}
