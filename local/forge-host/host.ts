// The host's core, without HTTP: loads the manifest, bundles the app, and runs its functions in
// workers with Forge's contexts and limits, answering the platform calls they make.
import { randomUUID } from 'crypto';
import path from 'path';

import { Clock } from '../jira-emulator/clock';
import { ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID } from '../jira-emulator/seeds';
import { AppLogs, type AppLogSource, formatAppLog, levelOfConsole } from './app-logs';
import { bundleApp, bundleWorker } from './bundle';
import {
  installContext,
  preUninstallArgs,
  projectEventArgs,
  type ProjectRef,
  resolverArgs,
  runtimeFor,
  scheduledTriggerArgs,
  type Site,
} from './context';
import { type InvocationKind, InvocationLog, type InvocationRecord } from './invocations';
import { KVS_WRITE_ROUTES, KvsStore } from './kvs-store';
import { type AppManifest, type ConsumerModule, loadManifest, type UiModule } from './manifest';
import { PersonalDataReports, REPORT_PATH } from './personal-data';
import { ProductProxy, proxyError } from './product-proxy';
import { type AsyncEvent, type ConsumerOutcome, EventQueue } from './queue';
import { Scheduler } from './scheduler';
import { ScopeChecker, specsDirFromEnv } from './scopes';
import { WorkTracker } from './tracker';
import { emptyUsage, type HostUsage } from './usage';
import { type FetchRequest, type FetchResponse, type JobOutcome, WorkerPool } from './worker-pool';

export interface HostLimits {
  /** Resolver time limit (Forge: 25 s). */
  resolverMs?: number;
  /** Trigger / consumer limit without timeoutSeconds (Forge: 55 s). */
  defaultMs?: number;
  /** Multiplies timeoutSeconds from manifest.yml (tests: 0.001 turns 900 s into 0.9 s). */
  timeoutScale?: number;
}

export interface HostOptions {
  jiraUrl: string;
  repoRoot?: string;
  /** Where KVS is persisted; null keeps it in memory. Default `<repoRoot>/.forge-local`. */
  dataDir?: string | null;
  schedulerIntervalMs?: number;
  consumerConcurrency?: number;
  /** Worker threads (one invocation each). Default consumerConcurrency + 1, so resolvers never wait behind consumers. */
  workers?: number;
  limits?: HostLimits;
  /** Multiplies queue delays (delayInSeconds, retryAfter, retry backoff). */
  queueTimeScale?: number;
  queueEventsPerMinute?: number;
  queueMaxRetries?: number;
  /** The emulator account the app acts as (asApp). */
  appAccountId?: string;
  /** Default caller of resolvers and default viewer of pages: the site admin. */
  adminAccountId?: string;
  cloudId?: string;
  /** Default: SPECS_DIR, else the repository's specs/. */
  specsDir?: string;
  log?: (line: string) => void;
  /** Print the app's console lines through `log`, readably (npm start); kept either way. */
  printAppLogs?: boolean;
}

/** accountId: absent = the site admin; null = no signed-in user (an anonymous call: no accountId, no principal). */
export interface InvokeRequest {
  moduleKey: string;
  functionKey: string;
  payload?: unknown;
  accountId?: string | null;
  projectKey?: string;
}
export type InvokeResult =
  { ok: true; result: unknown } | { ok: false; status: number; error: { message: string } };

/**
 * A test fault: the invocation that makes the `nth` matching platform call is stopped as soon as
 * the call is answered (the call took effect; the app never sees the answer), as a container
 * that runs out of memory is. `kvs-write`: a KVS write that succeeded, touching a key under
 * `keyPrefix` if given (entities as `<entityName>/<key>`); `jira`: a product call.
 */
export interface CrashFault {
  after: 'kvs-write' | 'jira';
  nth?: number;
  keyPrefix?: string;
  method?: string;
  pathRegex?: string;
}

export interface ClockStatus {
  now: string;
  nowMs: number;
  offsetMs: number;
  /** After an advance: whether Jira's clock moved too (false: a Jira that has none). */
  jiraClock?: boolean;
  /** When the next delayed queue event is due by this clock, if one is waiting. */
  nextDelayedAt?: string;
  nextDelayedMs?: number;
}

const FORGE_MAX_TIMEOUT_S = 900;
const HOST_REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The emulator's webhooks and the Forge product events they stand for. */
const PROJECT_EVENTS: Record<string, string> = {
  project_created: 'avi:jira:created:project',
  project_updated: 'avi:jira:updated:project',
  project_deleted: 'avi:jira:deleted:project',
};

export class HostCore {
  readonly manifest: AppManifest;
  readonly kvs: KvsStore;
  readonly log: InvocationLog = new InvocationLog();
  /** What the app wrote to the console, as `forge logs` shows it. */
  readonly appLogs = new AppLogs();
  readonly tracker = new WorkTracker();
  /** The time the app's functions see (real time plus an offset moved on by advanceClock). */
  readonly clock = new Clock();
  /** What the app used of the platform since the last reset (the Forge side of the bill). */
  usage = emptyUsage();
  site: Site;
  /** False after uninstall(): nothing of the app runs until install(). */
  installed = true;
  readonly queue: EventQueue;
  /** Atlassian's personal data reporting API (privacy.reportPersonalData), see personal-data.ts. */
  readonly personalData = new PersonalDataReports(() => this.clock.now());
  private pool!: WorkerPool;
  private readonly proxy: ProductProxy;
  private readonly scopes: ScopeChecker;
  private readonly scheduler: Scheduler;
  private readonly projectCache = new Map<string, ProjectRef>();
  private readonly out: (l: string) => void;
  private crashFaults: (CrashFault & { seen: number })[] = [];
  appAccountId: string;
  adminAccountId: string;

  private constructor(
    readonly opts: HostOptions,
    readonly repoRoot: string,
    private readonly appBundle: string,
  ) {
    this.out = opts.log ?? ((l) => console.log(l));
    this.manifest = loadManifest(repoRoot);
    this.scopes = new ScopeChecker(opts.specsDir ?? specsDirFromEnv(), this.manifest.scopes);
    // Default to the emulator's well-known accounts: every seed has them.
    this.appAccountId = opts.appAccountId ?? APP_ACCOUNT_ID;
    this.adminAccountId = opts.adminAccountId ?? ADMIN_ACCOUNT_ID;
    this.proxy = new ProductProxy(
      opts.jiraUrl.replace(/\/$/, ''),
      this.scopes,
      () => this.appAccountId,
    );
    const dataDir = opts.dataDir === undefined ? path.join(repoRoot, '.forge-local') : opts.dataDir;
    this.kvs = new KvsStore({
      file: dataDir === null ? null : path.join(dataDir, 'kvs', 'store.json'),
      entities: this.manifest.entities,
      now: () => this.clock.now(),
    });
    this.site = {
      cloudId: opts.cloudId ?? '0b3c5d7e-1f2a-4b6c-8d9e-0f1a2b3c4d5e',
      siteUrl: opts.jiraUrl.replace(/\/$/, ''),
      installationId: '7d1e0c2a-3b4f-4a5e-9c6d-7e8f9a0b1c2d',
      environmentId: 'local-development',
    };
    this.queue = new EventQueue({
      consumers: this.manifest.consumers,
      tracker: this.tracker,
      concurrency: opts.consumerConcurrency ?? 4,
      timeScale: opts.queueTimeScale ?? 1,
      eventsPerMinute: opts.queueEventsPerMinute,
      maxRetries: opts.queueMaxRetries,
      now: () => this.clock.now(),
      runConsumer: (c, e, root) => this.runConsumer(c, e, root),
      log: this.out,
    });
    this.scheduler = new Scheduler(
      this.manifest.scheduledTriggers.map((t) => t.key),
      opts.schedulerIntervalMs ?? 60_000,
      (k) => this.runTrigger(k),
      this.out,
    );
  }

  static async create(opts: HostOptions): Promise<HostCore> {
    const repoRoot = path.resolve(opts.repoRoot ?? HOST_REPO_ROOT);
    const [appBundle, workerFile] = await Promise.all([
      bundleApp(repoRoot, HOST_REPO_ROOT),
      bundleWorker(HOST_REPO_ROOT),
    ]);
    const core = new HostCore(opts, repoRoot, appBundle);
    const concurrency = opts.consumerConcurrency ?? 4;
    core.pool = new WorkerPool({
      size: opts.workers ?? concurrency + 1,
      workerFile,
      appBundle,
      onFetch: (req) => core.onFetch(req),
      onLog: (l) => core.onAppLog(l.invocationId, l.method, l.text),
      clockOffsetMs: () => core.clock.offsetMs,
      loadRuntime: runtimeFor(core.manifest, core.site, {
        invocationId: 'load',
        moduleKey: 'load',
        appCodeDir: path.dirname(appBundle),
      }),
    });
    core.scheduler.start();
    return core;
  }

  get poolStats() {
    return this.pool.stats;
  }

  async close(): Promise<void> {
    this.scheduler.stop();
    this.queue.close();
    await this.pool.close();
    this.kvs.flush();
  }

  // ---------- invocations ----------

  private readonly live = new Map<
    string,
    {
      rootId: string;
      accountId?: string;
      source: AppLogSource;
      logLines: number;
      /** `function[:event kind or resolver key]`: who made its product calls. */
      madeBy: string;
    }
  >();

  // ---------- clock ----------

  /**
   * Moves the time the app sees on by `ms`: its functions' Date and timers, KVS TTLs, queue
   * delays (events now due are delivered), and the emulator's clock (quota windows, audit
   * record times, Retry-After). Answers the clock as it is then.
   */
  async advanceClock(ms: number): Promise<ClockStatus> {
    const res = await fetch(`${this.site.siteUrl}/__emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }),
    });
    // A Jira that is not the emulator (a test's fake answers 401 or 404) has no clock to move:
    // the app's time moves alone, and the answer says so.
    const jiraClock = res.ok;
    if (!res.ok && res.status !== 401 && res.status !== 404)
      throw Object.assign(
        new Error(`The emulator refused to move its clock: ${await res.text()}`),
        {
          status: res.status,
        },
      );
    this.clock.advance(ms);
    this.pool.clockMoved();
    this.queue.clockMoved();
    return { ...this.clockStatus(), jiraClock };
  }

  clockStatus(): ClockStatus {
    const next = this.queue.nextDueAt();
    return {
      now: this.clock.iso(),
      nowMs: this.clock.now(),
      offsetMs: this.clock.offsetMs,
      ...(next !== undefined
        ? { nextDelayedAt: new Date(next).toISOString(), nextDelayedMs: next }
        : {}),
    };
  }

  /** The usage since the last reset; `reset` starts counting again. */
  takeUsage(reset = false): HostUsage {
    const u = this.usage;
    if (reset) this.usage = emptyUsage();
    return u;
  }

  private onAppLog(invocationId: string | null, method: string, text: string): void {
    const inv = invocationId ? this.live.get(invocationId) : undefined;
    if (inv) inv.logLines++;
    this.usage.logBytes += Buffer.byteLength(text);
    const line = this.appLogs.add(levelOfConsole(method), text, inv?.source ?? {});
    if (this.opts.printAppLogs) this.out(formatAppLog(line));
  }

  private limitFor(kind: InvocationKind, functionKey: string): number {
    const l = this.opts.limits ?? {};
    if (kind === 'resolver') return l.resolverMs ?? 25_000;
    const t = this.manifest.functions.get(functionKey)?.timeoutSeconds;
    if (t !== undefined) return Math.min(t, FORGE_MAX_TIMEOUT_S) * 1000 * (l.timeoutScale ?? 1);
    return l.defaultMs ?? 55_000;
  }

  private async runFunction(a: {
    kind: InvocationKind;
    moduleKey: string;
    functionKey: string;
    args: unknown[];
    accountId?: string;
    rootId?: string;
    resolverKey?: string;
    retryCount?: number;
    /** A consumer's event kind (`body.kind`), when its body has one. */
    eventKind?: string;
  }): Promise<{ outcome: JobOutcome; record: InvocationRecord }> {
    const fn = this.manifest.functions.get(a.functionKey)!;
    const invocationId = randomUUID();
    const rootId = a.rootId ?? invocationId;
    const limitMs = this.limitFor(a.kind, a.functionKey);
    const startedAt = new Date().toISOString();
    const live = {
      rootId,
      accountId: a.accountId,
      logLines: 0,
      madeBy: [a.functionKey, a.resolverKey ?? a.eventKind].filter(Boolean).join(':'),
      source: {
        invocationId,
        kind: a.kind,
        function: a.functionKey,
        ...(a.resolverKey ? { functionKey: a.resolverKey } : {}),
      },
    };
    this.live.set(invocationId, live);
    this.tracker.begin(rootId);
    let outcome: JobOutcome;
    try {
      outcome = await this.pool.run({
        invocationId,
        exportName: fn.exportName,
        args: a.args,
        runtime: runtimeFor(this.manifest, this.site, {
          invocationId,
          moduleKey: a.moduleKey,
          accountId: a.accountId,
          appCodeDir: path.dirname(this.appBundle),
        }),
        limitMs,
        priority: a.kind === 'resolver',
      });
    } finally {
      this.live.delete(invocationId);
    }
    const record: InvocationRecord = {
      id: invocationId,
      rootId,
      kind: a.kind,
      moduleKey: a.moduleKey,
      function: a.functionKey,
      ...(a.resolverKey ? { functionKey: a.resolverKey } : {}),
      ...(a.accountId ? { accountId: a.accountId } : {}),
      ...(a.retryCount ? { retryCount: a.retryCount } : {}),
      logLines: live.logLines,
      startedAt,
      ms: outcome.ms,
      limitMs,
      ok: outcome.ok,
      ...(!outcome.ok
        ? { error: outcome.error.message, ...(outcome.timedOut ? { timedOut: true } : {}) }
        : {}),
    };
    this.log.add(record);
    this.usage.invocations++;
    this.usage.functionMs += outcome.ms;
    if (!outcome.ok)
      this.out(
        `[forge] ${a.kind} ${a.moduleKey} (${a.functionKey}${a.resolverKey ? `:${a.resolverKey}` : ''}) failed after ${outcome.ms} ms: ${outcome.error.message}${!outcome.timedOut && outcome.error.stack ? `\n${outcome.error.stack}` : ''}`,
      );
    this.tracker.end(rootId);
    return { outcome, record };
  }

  /** Runs a resolver function with the context its module gets (project page: that project). */
  async invoke(req: InvokeRequest): Promise<InvokeResult> {
    if (!req || typeof req.moduleKey !== 'string' || typeof req.functionKey !== 'string') {
      return {
        ok: false,
        status: 400,
        error: { message: 'Send {moduleKey, functionKey, payload?, accountId?, projectKey?}.' },
      };
    }
    if (!this.installed)
      return {
        ok: false,
        status: 404,
        error: { message: 'The app is not installed on this site (POST /__host/install).' },
      };
    const mod = this.manifest.uiModules.find((m) => m.key === req.moduleKey);
    if (!mod)
      return {
        ok: false,
        status: 404,
        error: {
          message: `No UI module "${req.moduleKey}" in manifest.yml; known: ${this.manifest.uiModules.map((m) => m.key).join(', ')}.`,
        },
      };
    if (!mod.resolverFunction)
      return {
        ok: false,
        status: 400,
        error: { message: `Module "${mod.key}" has no resolver.function in manifest.yml.` },
      };
    let project: ProjectRef | undefined;
    if (mod.type === 'jira:projectSettingsPage') {
      if (!req.projectKey)
        return {
          ok: false,
          status: 400,
          error: { message: `Module "${mod.key}" is a project settings page: pass projectKey.` },
        };
      const p = await this.project(req.projectKey);
      if (!p)
        return {
          ok: false,
          status: 404,
          error: {
            message: `Project "${req.projectKey}" does not exist in Jira (${this.site.siteUrl}).`,
          },
        };
      project = p;
    }
    const accountId = req.accountId === null ? undefined : (req.accountId ?? this.adminAccountId);
    const { outcome } = await this.runFunction({
      kind: 'resolver',
      moduleKey: mod.key,
      functionKey: mod.resolverFunction,
      args: resolverArgs(this.site, mod, accountId, req.functionKey, req.payload, project),
      accountId,
      resolverKey: req.functionKey,
    });
    if (outcome.ok) return { ok: true, result: outcome.value ?? null };
    return {
      ok: false,
      status: outcome.timedOut ? 504 : 500,
      error: { message: outcome.error.message },
    };
  }

  uiModule(key: string): UiModule | undefined {
    return this.manifest.uiModules.find((m) => m.key === key);
  }

  /** Looks a project up as the app (id and type for the module context); cached. */
  async project(key: string): Promise<ProjectRef | undefined> {
    const hit = this.projectCache.get(key);
    if (hit) return hit;
    const res = await fetch(`${this.site.siteUrl}/rest/api/3/project/${encodeURIComponent(key)}`, {
      headers: { authorization: `Bearer ${this.appAccountId}`, accept: 'application/json' },
    });
    if (!res.ok) return undefined;
    const p = (await res.json()) as {
      id: string;
      key: string;
      projectTypeKey?: string;
      style?: string;
      simplified?: boolean;
    };
    const ref = { id: String(p.id), key: p.key, type: p.projectTypeKey ?? 'service_desk' };
    this.projectCache.set(key, ref);
    return ref;
  }

  /** Runs a scheduled trigger now; resolves when it and all queue work it started have finished. */
  async runTrigger(key: string): Promise<{ ok: boolean; invocations: InvocationRecord[] }> {
    // An uninstalled app has no schedule: nothing runs.
    if (!this.installed) return { ok: true, invocations: [] };
    const t = this.manifest.scheduledTriggers.find((s) => s.key === key);
    if (!t)
      throw Object.assign(
        new Error(
          `No scheduledTrigger "${key}" in manifest.yml; known: ${this.manifest.scheduledTriggers.map((s) => s.key).join(', ') || 'none'}.`,
        ),
        { status: 404 },
      );
    const rootId = randomUUID();
    this.log.collect(rootId);
    this.tracker.begin(rootId);
    try {
      await this.runFunction({
        kind: 'scheduledTrigger',
        moduleKey: t.key,
        functionKey: t.function,
        args: scheduledTriggerArgs(this.site, t.key),
        rootId,
      });
    } finally {
      this.tracker.end(rootId);
    }
    await this.tracker.idle(rootId);
    const invocations = this.log.stopCollecting(rootId);
    return { ok: invocations.every((i) => i.ok), invocations };
  }

  /** A Jira webhook from the emulator: fires the trigger modules that listen to its event. */
  async onJiraWebhook(body: any): Promise<number> {
    const eventName = PROJECT_EVENTS[String(body?.webhookEvent)];
    if (!eventName || !this.installed) return 0;
    const modules = this.manifest.triggers.filter((t) => t.events.includes(eventName));
    await Promise.all(
      modules.map((m) =>
        this.runFunction({
          kind: 'trigger',
          moduleKey: m.key,
          functionKey: m.function,
          args: projectEventArgs(this.site, m.key, body, eventName),
        }),
      ),
    );
    return modules.length;
  }

  private async runConsumer(
    c: ConsumerModule,
    event: AsyncEvent,
    rootId: string,
  ): Promise<ConsumerOutcome> {
    // Pushed by an invocation that was still finishing when the app was uninstalled: dropped.
    if (!this.installed) return { ok: true };
    const { outcome } = await this.runFunction({
      kind: 'consumer',
      moduleKey: c.key,
      functionKey: c.function,
      args: [event, { installContext: installContext(this.site) }],
      rootId,
      ...(typeof event.body?.kind === 'string' ? { eventKind: event.body.kind } : {}),
      retryCount: event.retryContext?.retryCount,
    });
    return outcome.ok
      ? { ok: true, value: outcome.value }
      : { ok: false, error: outcome.error, timedOut: outcome.timedOut, crashed: outcome.crashed };
  }

  waitForIdle(): Promise<void> {
    return this.tracker.idle();
  }

  // ---------- install lifecycle ----------

  /**
   * Uninstalls the app as Forge does: runs its preUninstall functions (no user, 55 s, their
   * failure does not stop the uninstall), stops running anything of the app (queued events
   * dropped, triggers, resolvers and pages refused), waits for invocations still finishing, then
   * deletes the app's storage. Answers the preUninstall invocations.
   */
  async uninstall(): Promise<{ invocations: InvocationRecord[]; droppedEvents: number }> {
    if (!this.installed)
      throw Object.assign(new Error('The app is not installed: POST /__host/install first.'), {
        status: 409,
      });
    const invocations: InvocationRecord[] = [];
    for (const m of this.manifest.preUninstall) {
      const { record } = await this.runFunction({
        kind: 'trigger',
        moduleKey: m.key,
        functionKey: m.function,
        args: preUninstallArgs(this.site, m.key),
      });
      invocations.push(record);
    }
    this.installed = false;
    const droppedEvents = this.queue.dropPending();
    await this.tracker.idle();
    this.kvs.clear();
    this.out(
      `[forge] app uninstalled: ${invocations.length} preUninstall function(s) ran, ${droppedEvents} queued event(s) dropped, storage deleted`,
    );
    return { invocations, droppedEvents };
  }

  /** Installs the app again: a new installation, with empty storage. */
  install(): { installationId: string } {
    if (this.installed)
      throw Object.assign(new Error('The app is installed already.'), { status: 409 });
    this.site = { ...this.site, installationId: randomUUID() };
    this.installed = true;
    this.out(`[forge] app installed (installation ${this.site.installationId})`);
    return { installationId: this.site.installationId };
  }

  // ---------- faults ----------

  crashAfter(fault: CrashFault): void {
    const nth = fault.nth ?? 1;
    if (!['kvs-write', 'jira'].includes(fault.after) || !(Number.isInteger(nth) && nth >= 1))
      throw new Error('crash needs after: "kvs-write" or "jira", and nth >= 1.');
    this.crashFaults.push({ ...fault, nth, seen: 0 });
  }

  /** Drops every injected fault: KVS, queue and crashes. */
  clearFaults(): void {
    this.crashFaults = [];
    this.kvs.clearFaults();
    this.queue.clearFaults();
  }

  private crashIfDue(
    invocationId: string | null,
    after: CrashFault['after'],
    matches: (f: CrashFault) => boolean,
  ): void {
    const f = this.crashFaults.find((x) => x.after === after && matches(x));
    if (!f || ++f.seen < f.nth!) return;
    this.crashFaults = this.crashFaults.filter((x) => x !== f);
    if (invocationId)
      this.pool.kill(
        invocationId,
        `The function's container stopped (injected by the local host: crash after ${after} #${f.nth}).`,
      );
  }

  // ---------- platform calls from workers ----------

  /** Forge bills KVS by the data read and written: a write's request, a read's answer. */
  private countKvs(route: string, request: string | undefined, answer: string | null): void {
    if (KVS_WRITE_ROUTES.has(route)) {
      this.usage.kvsWrites++;
      this.usage.kvsWriteBytes += Buffer.byteLength(request ?? '');
    } else {
      this.usage.kvsReads++;
      this.usage.kvsReadBytes += Buffer.byteLength(answer ?? '');
    }
  }

  async onFetch(req: FetchRequest): Promise<FetchResponse> {
    const t = req.target ?? {};
    const inv = req.invocationId ? this.live.get(req.invocationId) : undefined;
    if (t.type === 'kvs') {
      if (!this.manifest.scopes.includes('storage:app'))
        return {
          status: 403,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            code: 'PERMISSION_DENIED',
            message:
              'The app lacks the storage:app scope: add it to permissions.scopes in manifest.yml.',
          }),
        };
      const a = this.kvs.handle(req.path, req.init.body);
      const route = req.path.split('?')[0].replace(/^\/api\/v1/, '');
      const answer = a.body === undefined ? null : JSON.stringify(a.body);
      this.countKvs(route, req.init.body, answer);
      if (KVS_WRITE_ROUTES.has(route) && a.status < 300 && this.crashFaults.length) {
        const keys = KvsStore.writtenKeys(route, JSON.parse(req.init.body ?? '{}'));
        this.crashIfDue(
          req.invocationId,
          'kvs-write',
          (f) => f.keyPrefix === undefined || keys.some((k) => k.startsWith(f.keyPrefix!)),
        );
      }
      return {
        status: a.status,
        headers: answer === null ? {} : { 'content-type': 'application/json' },
        body: answer,
      };
    }
    if (t.type === 'fpp' && t.remote === 'stargate' && req.path.startsWith('/webhook/queue/')) {
      const a = this.queue.handleApi(req.path, req.init.body, inv?.rootId ?? randomUUID());
      return {
        status: a.status,
        headers: { 'content-type': 'application/json' },
        body: a.body === undefined ? null : JSON.stringify(a.body),
      };
    }
    if (t.type === 'fpp' && t.remote === 'stargate' && req.path.split('?')[0] === REPORT_PATH) {
      if (t.provider !== 'app')
        return proxyError(400, 'PROXY_ERR', `${REPORT_PATH} is called as the app only.`);
      return this.personalData.handle(req.init.method, req.init.body);
    }
    if (t.type === 'fpp' && t.remote === 'jira') {
      const method = req.init.method.toUpperCase();
      const answer = await this.proxy.call({
        provider: t.provider,
        accountId: t.provider === 'user' ? (t.accountId ?? inv?.accountId) : undefined,
        method,
        path: req.path,
        headers: req.init.headers,
        body: req.init.body,
        ...(inv ? { madeBy: inv.madeBy } : {}),
      });
      if (this.crashFaults.length)
        this.crashIfDue(
          req.invocationId,
          'jira',
          (f) =>
            (!f.method || f.method.toUpperCase() === method) &&
            (!f.pathRegex || new RegExp(f.pathRegex).test(req.path)),
        );
      return answer;
    }
    return proxyError(
      400,
      'INVALID_REMOTE_ERR',
      `The local Forge host does not route ${JSON.stringify(t)} ${req.path}: it serves Jira product calls, KVS, the async events queue and the personal data reporting API.`,
    );
  }
}
