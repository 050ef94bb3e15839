// The host's HTTP face: the JSON API (invoke, trigger, invocations, health, faults), the Jira
// webhook receiver, the bridge endpoint for Custom UI pages, the shell pages and the built UI.
import fs from 'fs';
import http from 'http';
import path from 'path';

import { injectBridge } from './bridge';
import { uiContext, type ViewerPlace } from './context';
import type { HostCore } from './host';
import type { InvocationRecord } from './invocations';
import { appPage, indexPage, type ShellProject, type ShellUser } from './shell-pages';
import { i18nInfo } from './translations';

/** The shell's own query: who views (`as`), in which language and time zone (`locale`, `tz`). */
const SHELL_PARAMS = ['as', 'locale', 'tz'];

/** The viewer's language and time zone, as Jira takes them from their profile into the context. */
function viewerPlace(url: URL): ViewerPlace {
  const locale = url.searchParams.get('locale');
  const tz = url.searchParams.get('tz');
  return {
    ...(locale && /^[a-z]{2}[-_][A-Z]{2}$/.test(locale)
      ? { locale: locale.replace('_', '-') }
      : {}),
    ...(tz && /^[A-Za-z_+\-/0-9]+$/.test(tz) ? { tz } : {}),
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain',
};
const MAX_BODY = 5 * 1024 * 1024;

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

/** What the API answers of one invocation a trigger or the uninstall ran. */
function invocationSummary(i: InvocationRecord) {
  return {
    moduleKey: i.moduleKey,
    function: i.function,
    ms: i.ms,
    ok: i.ok,
    ...(i.error ? { error: i.error } : {}),
    ...(i.retryCount ? { retryCount: i.retryCount } : {}),
  };
}

/** A failure the host threw: its status (500 when it has none) and its message. */
function sendFailure(res: http.ServerResponse, e: unknown): void {
  send(res, (e as { status?: number }).status ?? 500, {
    ok: false,
    error: { message: (e as Error).message },
  });
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The body as text; over 5 MB it is drained (so the client gets the answer) and refused with 413. */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () =>
      n > MAX_BODY
        ? reject(new BadRequest('The request body is larger than 5 MB.', 413))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** A JSON body (empty = {}); a body sent as another content type is refused with 415. */
function parseJson(text: string, contentType?: string): any {
  if (!text) return {};
  if (contentType !== undefined && !/json/i.test(contentType))
    throw new BadRequest(
      `Send the body as JSON with Content-Type: application/json (got '${contentType}').`,
      415,
    );
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('The request body is not JSON.');
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** POST /__host/faults: each field given adds a fault (see README.md). */
function applyFaults(core: HostCore, body: any): void {
  if (body.kvsWriteFailures !== undefined) {
    if (!(Number.isInteger(body.kvsWriteFailures) && body.kvsWriteFailures >= 0))
      throw new BadRequest('kvsWriteFailures must be a whole number >= 0.');
    core.kvs.injectWriteFailures(body.kvsWriteFailures);
  }
  try {
    if (body.kvsFailWrite !== undefined) core.kvs.failWrite(body.kvsFailWrite);
    if (body.crash !== undefined) core.crashAfter(body.crash);
  } catch (e) {
    throw new BadRequest((e as Error).message);
  }
  if (body.queue !== undefined) {
    const q = body.queue;
    if (!isObject(q) || (q.pause !== undefined && !isObject(q.pause)))
      throw new BadRequest('queue.pause must be an object of body fields to match.');
    if (q.duplicate !== undefined && !isObject(q.duplicate))
      throw new BadRequest('queue.duplicate must be an object of body fields to match.');
    if (q.pause) core.queue.pauseNext(q.pause);
    if (q.duplicate) core.queue.duplicateNext(q.duplicate);
  }
}

export function createHttpServer(core: HostCore): http.Server {
  const jira = async (p: string, accountId = core.adminAccountId): Promise<any> => {
    const r = await fetch(core.site.siteUrl + p, {
      headers: { authorization: `Bearer ${accountId}`, accept: 'application/json' },
    });
    if (!r.ok) throw new Error(`${p}: ${r.status}`);
    return r.json();
  };
  const users = async (): Promise<ShellUser[]> => {
    try {
      const list = await jira('/rest/api/3/users/search?maxResults=200');
      return (Array.isArray(list) ? list : [])
        .filter((u: any) => u.accountType !== 'app')
        .map((u: any) => ({
          accountId: u.accountId,
          displayName: u.displayName ?? u.accountId,
          emailAddress: u.emailAddress,
        }));
    } catch {
      // The page still opens, as the site admin only, when Jira cannot list its users.
      return [];
    }
  };
  /** `?as=` takes an accountId or an email; default: the site admin. */
  const viewer = async (as: string | null, list: ShellUser[]): Promise<string> => {
    if (!as) return core.adminAccountId;
    const byList = list.find(
      (u) =>
        u.accountId === as || (u.emailAddress && u.emailAddress.toLowerCase() === as.toLowerCase()),
    );
    if (byList) return byList.accountId;
    if (as.includes('@')) {
      try {
        const found = await jira(`/rest/api/3/user/search?query=${encodeURIComponent(as)}`);
        if (Array.isArray(found) && found[0]?.accountId) return found[0].accountId;
      } catch {
        /* the search failed: refused just below as an unknown email */
      }
      throw new BadRequest(`No user with email ${as} in Jira.`);
    }
    return as;
  };
  const projects = async (): Promise<ShellProject[]> => {
    try {
      const out: ShellProject[] = [];
      for (let startAt = 0; startAt < 1000; startAt += 100) {
        const page = await jira(
          `/rest/api/3/project/search?maxResults=100&startAt=${startAt}&typeKey=service_desk`,
        );
        out.push(
          ...(page.values ?? []).map((p: any) => ({
            key: p.key,
            name: p.name,
            projectTypeKey: p.projectTypeKey,
          })),
        );
        if (page.isLast !== false) break;
      }
      return out;
    } catch {
      // The index page lists no projects rather than failing when Jira cannot be read.
      return [];
    }
  };

  const resourceDir = (key: string): string | undefined => {
    const r = core.manifest.resources.find((x) => x.key === key);
    return r ? path.resolve(core.repoRoot, r.path) : undefined;
  };

  async function servePage(
    res: http.ServerResponse,
    url: URL,
    moduleType: 'jira:adminPage' | 'jira:projectSettingsPage',
    projectKey?: string,
    appPath = '/',
  ): Promise<void> {
    const mod = core.manifest.uiModules.find((m) => m.type === moduleType);
    if (!mod) return send(res, 404, `No ${moduleType} module in manifest.yml.`, 'text/plain');
    const list = await users();
    const accountId = await viewer(url.searchParams.get('as'), list);
    if (!list.some((u) => u.accountId === accountId))
      list.unshift({
        accountId,
        displayName: accountId === core.adminAccountId ? 'Site admin' : accountId,
      });
    if (projectKey && !(await core.project(projectKey)))
      return send(res, 404, `Project ${projectKey} does not exist in Jira.`, 'text/plain');
    const dir = resourceDir(mod.resource);
    const indexFile = dir ? path.join(dir, 'index.html') : undefined;
    // The app's own path and query (view.createHistory), as Jira keeps them after the page's.
    const appQuery = new URLSearchParams(url.search);
    for (const own of SHELL_PARAMS) appQuery.delete(own);
    const appLocation = appPath + (appQuery.size ? `?${appQuery}` : '');
    const base = projectKey ? `/projects/${encodeURIComponent(projectKey)}/settings` : '/admin';
    const q = new URLSearchParams({
      module: mod.key,
      as: accountId,
      ...viewerPlace(url),
      ...(projectKey ? { project: projectKey } : {}),
      ...(appLocation !== '/' ? { path: appLocation } : {}),
    });
    const html = appPage({
      title: mod.title,
      navSection: projectKey ? `${projectKey} · Project settings` : 'Apps',
      navItems: projectKey
        ? [
            { label: 'Details', href: '/' },
            { label: mod.title, href: url.pathname + url.search, selected: true },
          ]
        : [
            { label: 'Manage apps', href: '/' },
            { label: mod.title, href: url.pathname + url.search, selected: true },
          ],
      iframeSrc: `/resources/${encodeURIComponent(mod.resource)}/?${q}`,
      appBase: base,
      as: accountId,
      users: list,
      selfPath: url.pathname,
      keep: { ...viewerPlace(url) },
      missingBuild:
        indexFile && fs.existsSync(indexFile)
          ? undefined
          : path.relative(core.repoRoot, indexFile ?? mod.resource),
    });
    send(res, 200, html, 'text/html; charset=utf-8');
  }

  // Forge serves the manifest's translations beside every page; @forge/bridge fetches them there.
  function serveLocales(res: http.ServerResponse, file: string): void {
    const tr = core.manifest.translations;
    if (!tr) return send(res, 404, 'manifest.yml declares no translations.', 'text/plain');
    if (file === 'i18n-info.json')
      return send(
        res,
        200,
        i18nInfo(
          tr,
          core.manifest.uiModules.map((m) => m.titleSource),
        ),
      );
    const locale = /^([a-z]{2}-[A-Z]{2})\.json$/.exec(file)?.[1];
    const source = locale ? tr.files.get(locale) : undefined;
    if (!source) return send(res, 404, `No translations for ${file}.`, 'text/plain');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    fs.createReadStream(source).pipe(res);
  }

  async function serveResource(
    res: http.ServerResponse,
    url: URL,
    key: string,
    rest: string,
  ): Promise<void> {
    const dir = resourceDir(key);
    if (!dir) return send(res, 404, `No resource "${key}" in manifest.yml.`, 'text/plain');
    const rel = decodeURIComponent(rest || 'index.html');
    const locales = /^__LOCALES__\/(.+)$/.exec(rel);
    if (locales) return serveLocales(res, locales[1]);
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) && file !== dir)
      return send(res, 403, 'Outside the resource.', 'text/plain');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
      return send(
        res,
        404,
        `${path.relative(core.repoRoot, file)} not found (is the UI built?).`,
        'text/plain',
      );
    if (rel === 'index.html') {
      const mod =
        core.uiModule(url.searchParams.get('module') ?? '') ??
        core.manifest.uiModules.find((m) => m.resource === key);
      if (!mod) return send(res, 404, `No module uses resource "${key}".`, 'text/plain');
      const accountId = url.searchParams.get('as') || core.adminAccountId;
      const projectKey = url.searchParams.get('project') ?? undefined;
      const project = projectKey ? await core.project(projectKey) : undefined;
      const html = injectBridge(fs.readFileSync(file, 'utf8'), {
        moduleKey: mod.key,
        projectKey,
        accountId,
        context: uiContext(core.site, mod, accountId, project, viewerPlace(url)),
      });
      return send(res, 200, html, 'text/html; charset=utf-8');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://host');
    const p = url.pathname;
    const m = req.method ?? 'GET';

    if (m === 'GET' && p === '/api/health') {
      return send(res, 200, {
        ok: true,
        appId: core.manifest.appId,
        jiraUrl: core.site.siteUrl,
        workers: core.poolStats,
        queue: core.queue.stats,
        kvsKeys: core.kvs.size,
        pendingWork: core.tracker.pending(),
      });
    }
    if (m === 'GET' && p === '/api/invocations') {
      const summary = core.log.summary(Number(url.searchParams.get('limit') ?? 200));
      if (!/^(1|true)$/.test(url.searchParams.get('logs') ?? '')) return send(res, 200, summary);
      // Each record with its console lines still kept (the newest 10,000 lines are).
      const invocations = summary.invocations.map((i) => ({
        ...i,
        logs: core.appLogs.of(i.id).map(({ seq, at, level, text }) => ({ seq, at, level, text })),
      }));
      return send(res, 200, { ...summary, invocations });
    }
    if (m === 'GET' && p === '/api/logs') {
      const num = (k: string) => {
        const v = url.searchParams.get(k);
        if (v === null) return undefined;
        if (!/^\d+$/.test(v)) throw new BadRequest(`${k} must be a whole number >= 0.`);
        return Number(v);
      };
      const invocationId = url.searchParams.get('invocationId') ?? undefined;
      return send(
        res,
        200,
        core.appLogs.read({ since: num('since'), limit: num('limit'), invocationId }),
      );
    }
    if (m === 'POST' && (p === '/api/invoke' || p === '/__host/bridge/invoke')) {
      const body = parseJson(await readBody(req), req.headers['content-type']);
      const r = await core.invoke(body);
      return r.ok ? send(res, 200, r) : send(res, r.status, { ok: false, error: r.error });
    }
    const trig = /^\/api\/trigger\/([^/]+)$/.exec(p);
    if (m === 'POST' && trig) {
      try {
        const r = await core.runTrigger(decodeURIComponent(trig[1]));
        return send(res, 200, { ok: r.ok, invocations: r.invocations.map(invocationSummary) });
      } catch (e) {
        return sendFailure(res, e);
      }
    }
    if (m === 'POST' && (p === '/__host/uninstall' || p === '/__host/install')) {
      try {
        if (p === '/__host/install') return send(res, 200, { ok: true, ...core.install() });
        const r = await core.uninstall();
        return send(res, 200, {
          ok: true,
          droppedEvents: r.droppedEvents,
          invocations: r.invocations.map(invocationSummary),
        });
      } catch (e) {
        return sendFailure(res, e);
      }
    }
    if (m === 'POST' && p === '/__host/faults') {
      const body = parseJson(await readBody(req), req.headers['content-type']);
      applyFaults(core, body);
      return send(res, 200, { ok: true, kvsWriteFailures: core.kvs.pendingWriteFailures });
    }
    if (m === 'DELETE' && p === '/__host/faults') {
      core.clearFaults();
      return send(res, 200, { ok: true });
    }
    if (m === 'GET' && p === '/__host/clock') return send(res, 200, core.clockStatus());
    if (m === 'POST' && p === '/__host/clock') {
      const body = parseJson(await readBody(req), req.headers['content-type']) as {
        advanceMs?: unknown;
      };
      const ms = body?.advanceMs;
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0)
        throw new BadRequest('Send {"advanceMs": N}, a whole number of milliseconds >= 0.');
      return send(res, 200, await core.advanceClock(ms));
    }
    // What the app used of the platform since the last `?reset=1` (the Forge side of the bill).
    if (m === 'GET' && p === '/__host/usage')
      return send(res, 200, core.takeUsage(/^(1|true)$/.test(url.searchParams.get('reset') ?? '')));
    // Atlassian's personal data reporting API: mark an account closed or updated, read the reports.
    if (m === 'POST' && p === '/__host/accounts') {
      const body = parseJson(await readBody(req), req.headers['content-type']);
      try {
        if (body.accountId !== undefined) core.personalData.mark(body.accountId, body.status);
        if (body.failNext !== undefined) core.personalData.failNext(body.failNext);
      } catch (e) {
        throw new BadRequest((e as Error).message);
      }
      return send(res, 200, { ok: true });
    }
    if (m === 'GET' && p === '/__host/accounts/reports')
      return send(res, 200, {
        calls: core.personalData.calls,
        reported: core.personalData.reported,
      });
    if (m === 'GET' && p === '/__host/queue/held')
      return send(res, 200, { held: core.queue.heldEvents });
    if (m === 'POST' && p === '/__host/queue/release')
      return send(res, 200, { released: core.queue.release() });
    if (m === 'POST' && p === '/__host/webhooks/jira') {
      const body = parseJson(await readBody(req), req.headers['content-type']);
      // Answer at once, as Jira does not wait for apps; the trigger runs in the background.
      void core
        .onJiraWebhook(body)
        .catch((e) => console.error(`[forge] webhook failed: ${(e as Error).message}`));
      return send(res, 202, { ok: true });
    }
    if (m === 'GET' && p === '/') {
      const admin = core.manifest.uiModules.find((x) => x.type === 'jira:adminPage');
      const proj = core.manifest.uiModules.find((x) => x.type === 'jira:projectSettingsPage');
      return send(
        res,
        200,
        indexPage({
          appTitle: admin?.title ?? proj?.title ?? 'Forge app',
          projects: await projects(),
          jiraUrl: core.site.siteUrl,
          adminModule: admin?.key,
          projectModule: proj?.key,
        }),
        'text/html; charset=utf-8',
      );
    }
    const ad = /^\/admin(\/.*)?$/.exec(p);
    if (m === 'GET' && ad) return servePage(res, url, 'jira:adminPage', undefined, ad[1] || '/');
    const ps = /^\/projects\/([^/]+)\/settings(\/.*)?$/.exec(p);
    if (m === 'GET' && ps)
      return servePage(
        res,
        url,
        'jira:projectSettingsPage',
        decodeURIComponent(ps[1]),
        ps[2] || '/',
      );
    const rs = /^\/resources\/([^/]+)\/(.*)$/.exec(p);
    if (m === 'GET' && rs) return serveResource(res, url, decodeURIComponent(rs[1]), rs[2]);
    if (m === 'GET' && /^\/resources\/[^/]+$/.test(p)) {
      res.writeHead(301, { location: `${p}/${url.search}` });
      res.end();
      return;
    }
    send(res, 404, {
      ok: false,
      error: { message: `No route ${m} ${p}. See local/forge-host/README.md.` },
    });
  }

  return http.createServer((req, res) => {
    route(req, res).catch((e) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (e instanceof BadRequest)
        send(res, e.status, { ok: false, error: { message: e.message } });
      else send(res, 500, { ok: false, error: { message: (e as Error).message } });
    });
  });
}
