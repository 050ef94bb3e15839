// The HTTP server: reads the body (1 MB at most), logs, injects faults, authenticates, applies
// Jira's rate limits and points, routes (auditing what a request changes), and turns every
// error into the body its API family uses. Nothing a client sends can crash it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { withAuditScope } from './audit-log';
import { authenticate, NOT_AUTHENTICATED } from './auth';
import { Clock } from './clock';
import { ApiError, errorBody, familyOf } from './errors';
import { Faults } from './faults';
import { Limits, type LimitsSettings } from './limits';
import { Permissions } from './permissions';
import { loadState, Persister } from './persist';
import { pointsOf } from './points';
import { MADE_BY_HEADER, RequestLog } from './request-log';
import type { Ctx, Reply } from './router';
import { Router } from './router';
import { registerControlRoutes } from './routes/control';
import { registerClockRoutes } from './routes/control-clock';
import { registerLimitRoutes } from './routes/control-limits';
import { registerJsmRoutes } from './routes/jsm';
import { registerAuditRoutes } from './routes/platform-audit';
import { registerGroupRoutes } from './routes/platform-groups';
import { registerPermissionSchemeRoutes } from './routes/platform-permission-schemes';
import { registerProjectRoutes } from './routes/platform-projects';
import { registerRoleRoutes } from './routes/platform-roles';
import { registerUserRoutes } from './routes/platform-users';
import { registerScimRoutes } from './routes/scim';
import type { SeedSpec } from './seeds';
import { buildState } from './seeds';
import type { Services } from './services';
import type { State } from './state';
import { Webhooks } from './webhooks';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** A seed, or its name for the two that take no parameters. */
  seed?: SeedSpec | 'empty' | 'demo';
  /** Read the state from this JSON file if it exists, and keep it up to date. */
  persistFile?: string;
  /** Jira's points quota and burst limits (off unless given; TIER1_LIMITS: as on Jira Cloud). */
  limits?: LimitsSettings;
  /** The site clock's base (ms since the epoch; default Date.now): tests step it instead of waiting. */
  clock?: () => number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  /** The live state, for in-process tests and tools. */
  state(): State;
}

function buildApi(svc: Services): Router {
  const r = new Router();
  registerProjectRoutes(r, svc);
  registerRoleRoutes(r, svc);
  registerGroupRoutes(r, svc);
  registerUserRoutes(r, svc);
  registerPermissionSchemeRoutes(r, svc);
  registerAuditRoutes(r, svc);
  registerJsmRoutes(r, svc);
  registerScimRoutes(r, svc);
  return r;
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!/json/i.test(contentType ?? ''))
    throw new ApiError(
      400,
      `Send the body as JSON with Content-Type: application/json (got ${contentType ? `'${contentType}'` : 'no Content-Type'}).`,
    );
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, `The request body is not valid JSON: ${(e as Error).message}.`);
  }
}

/** People on the site, for a Tier 2 quota: active Atlassian accounts (not apps or customers). */
function siteUsers(s: State): number {
  let n = 0;
  for (const u of s.users.values()) if (u.active && u.accountType === 'atlassian') n += 1;
  return n;
}

export async function startServer(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  // One clock for the site: it outlives resets, as faults and limits do.
  const clock = new Clock(opts.clock);
  const faults = new Faults(clock);
  const log = new RequestLog();
  const webhooks = new Webhooks(clock);
  // The site's plan and people, for a Tier 2 quota; the limits outlive resets, as faults do.
  const limits = new Limits(
    () => ({ plan: svc.state.plan, users: siteUsers(svc.state) }),
    () => clock.now(),
  );
  if (opts.limits) limits.configure(opts.limits);
  const persister = opts.persistFile ? new Persister(opts.persistFile, () => svc.state) : null;
  const initial =
    (opts.persistFile && loadState(opts.persistFile)) ||
    buildState(
      typeof opts.seed === 'string' ? { seed: opts.seed } : (opts.seed ?? { seed: 'demo' }),
    );
  initial.clock = clock;
  let svc: Services = { state: initial, perms: new Permissions(initial), webhooks };
  let api = buildApi(svc);
  const control = new Router();
  registerControlRoutes(control, {
    services: () => svc,
    reset(spec) {
      const state = buildState(spec);
      state.clock = clock;
      svc = { state, perms: new Permissions(state), webhooks };
      api = buildApi(svc);
      persister?.invalidate();
    },
    faults,
    log,
    webhooks,
  });
  registerLimitRoutes(control, { limits, state: () => svc.state });
  registerClockRoutes(control, clock);
  persister?.invalidate();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://emulator');
    } catch {
      // An unparsable request target is served as `/`, which no Jira route answers (404).
      url = new URL('http://emulator/');
    }
    const path = url.pathname;
    const family = familyOf(path);
    const base = `http://${req.headers.host ?? `127.0.0.1:${port}`}`;
    let caller: string | null = null;
    const madeBy = req.headers[MADE_BY_HEADER];
    // Jira's REST APIs are rate limited and cost points; SCIM and control calls are not.
    const rest = path.startsWith('/rest/');
    let template: string | null = null;
    let metered = false;

    const send = (reply: Reply) => {
      const headers: Record<string, string> = { ...(reply.headers ?? {}) };
      const points = rest ? pointsOf(method, template, reply.status, reply.body) : 0;
      if (rest) Object.assign(headers, limits.settle(points, metered));
      let payload: string | undefined;
      if (reply.body !== undefined && reply.status !== 204) {
        payload = JSON.stringify(reply.body);
        headers['content-type'] =
          family === 'scim'
            ? 'application/scim+json;charset=UTF-8'
            : 'application/json;charset=UTF-8';
      }
      res.writeHead(reply.status, headers);
      res.end(payload);
      if (family !== 'control') {
        log.add({
          method,
          path,
          query: url.search.replace(/^\?/, ''),
          status: reply.status,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          caller,
          at: clock.iso(),
          points,
          metered,
          ...(typeof madeBy === 'string' ? { madeBy } : {}),
        });
      }
    };
    const fail = (
      status: number,
      message: string,
      fields?: Record<string, string>,
      extra?: ApiError['extra'],
    ) =>
      send({
        status,
        body: errorBody(family, status, message, fields, extra),
        headers: extra?.headers,
      });

    // The body, at most 1 MB: past that, drain and answer 413.
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > MAX_BODY_BYTES;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk as Buffer);
    }
    if (tooLarge) return fail(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    const text = Buffer.concat(chunks).toString('utf8');

    try {
      if (family !== 'control' && (path.startsWith('/rest/') || path.startsWith('/scim/'))) {
        const fault = await faults.apply(method, path);
        if (fault) return fail(fault.status, fault.message, undefined, { headers: fault.headers });
      }
      const router = family === 'control' ? control : api;
      const { route, params } = router.match(method, path);
      template = route.template;
      const state = svc.state;
      let user = null;
      if (route.auth !== 'none') {
        user = authenticate(state, req.headers);
        if (!user && route.auth === 'deny') throw new ApiError(401, NOT_AUTHENTICATED);
        caller = user?.accountId ?? null;
      }
      if (rest) {
        // A Bearer token stands for Forge's product proxy: the app's calls, as itself or as a
        // user, draw on its quota. API-token (Basic) traffic is not metered.
        metered = !!user && /^bearer\s/i.test(req.headers.authorization ?? '');
        const refused = limits.admit(method, route.template, metered);
        if (refused) return fail(429, refused.message, undefined, { headers: refused.headers });
      }
      const ctx: Ctx = {
        method,
        path,
        query: url.searchParams,
        headers: req.headers,
        params,
        caller: user,
        base,
        pageCap: faults.pageCap(),
        json: () => {
          if (!text.trim()) throw new ApiError(400, 'This operation needs a JSON request body.');
          return parseJson(text, req.headers['content-type']);
        },
        optionalJson: () =>
          text.trim() ? parseJson(text, req.headers['content-type']) : undefined,
      };
      const reply =
        family === 'control'
          ? await route.handler(ctx)
          : await withAuditScope(
              state,
              {
                authorAccountId: user?.accountId,
                eventSource: family === 'scim' ? 'SCIM' : '',
                remoteAddress: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
                unrecorded: faults.auditOmits(user?.accountId),
              },
              () => route.handler(ctx),
            );
      if (method !== 'GET') persister?.changed();
      const lost = reply.status < 400 && family !== 'control' && faults.afterApplying(method, path);
      if (lost) return fail(lost.status, lost.message, undefined, { headers: lost.headers });
      send(reply);
    } catch (e) {
      if (e instanceof ApiError) return fail(e.status, e.message, e.fieldErrors, e.extra);
      console.error(`[jira-emulator] ${method} ${path} failed:`, e);
      return fail(500, `The emulator failed on ${method} ${path}: ${(e as Error).message}`);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error('[jira-emulator] unexpected failure:', e);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errorMessages: ['Internal emulator error.'], errors: {} }));
      }
    });
  });
  server.keepAliveTimeout = 5000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    state: () => svc.state,
    async close() {
      persister?.flush();
      await webhooks.idle();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
