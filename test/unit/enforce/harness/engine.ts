// Drives the app's real entry points on the unit Platform: start a run, deliver queued events
// (retrying a consumer that failed or crashed, as Forge does, up to 4 times), run the hourly
// trigger; and reads what the app stored, for the invariants every engine test ends with.
import { saveRule } from '../../../../src/enforce/rules/rules-service';
import type { StartRunRequest } from '../../../../src/enforce/run/start-request';
import { startRun } from '../../../../src/enforce/run/start-run';
import { enforceBatch, scheduledEnforce } from '../../../../src/index';
import { LEASE_TTL_MS } from '../../../../src/store/lease';
import { FakeSite } from './fake-site';
import { type Invocation, Platform, type QueuedEvent } from './platform';

/** Forge retries a failed consumer invocation up to 4 times. */
const MAX_RETRIES = 4;

export class Engine {
  readonly platform: Platform;
  private readonly retried = new Set<Invocation>();
  /** Role writes made by a run that did not hold the site lease at that moment. */
  readonly violations: string[] = [];

  constructor(opts: { projects?: number; groups?: number; instantSleeps?: boolean } = {}) {
    this.platform = new Platform(
      new FakeSite({ projects: opts.projects ?? 3, groups: opts.groups ?? 2 }),
    );
    this.platform.instantSleeps = opts.instantSleeps ?? false;
    // Safety: whoever changes a role holds its leases, unexpired, at that moment: the project's
    // (one writer per project), and a site run the site's too (a project's own run never holds
    // the site).
    this.site.onWrite = (w) => {
      const ctx = this.platform.values<any>(`runctx:${w.runId}`)[0];
      const projectId = this.site.projects.find((p) => p.key === w.projectKey)?.id;
      const leases = [
        ...(ctx?.fence.key === 'site' ? [this.siteLease()] : []),
        this.platform.kvs.entity('lease', `project:${projectId}`),
      ];
      for (const lease of leases)
        if (lease?.holder !== w.runId || !(lease.expiresAt > Date.now()))
          this.violations.push(
            `${w.method} ${w.projectKey} by ${w.runId}; lease ${JSON.stringify(lease)}`,
          );
    };
  }

  /** An engine installed as the platform, with one rule for every group in every project. */
  static async withRule(opts: { projects?: number; groups?: number } = {}): Promise<Engine> {
    const engine = new Engine(opts);
    engine.platform.install();
    await engine.seedRule();
    return engine;
  }

  get site(): FakeSite {
    return this.platform.site;
  }

  /** A rule: every group of the site, in every service project. */
  async seedRule(): Promise<void> {
    const inv = this.platform.invoke('admin', () =>
      saveRule(
        {
          name: 'Everyone',
          groupIds: this.site.groups.map((g) => g.groupId),
          scope: { type: 'all' },
        },
        'admin',
      ),
    );
    await inv.settled;
    if (inv.state !== 'done') throw asError(inv.error);
  }

  start(req: Partial<StartRunRequest> = {}): Invocation {
    return this.platform.invoke('start', () =>
      startRun({ trigger: 'manual', dryRun: false, startedBy: 'admin', ...req }),
    );
  }

  hourly(): Invocation {
    return this.platform.invoke('hourly', () => scheduledEnforce());
  }

  deliver(ev?: QueuedEvent, remainingMs?: () => number): Invocation {
    return this.platform.deliver(
      ev ?? this.platform.queue[0],
      (e) => enforceBatch(e as never),
      remainingMs,
    );
  }

  /** Consumers that failed or crashed go back on the queue (once each), as Forge retries them. */
  retryFailed(): void {
    for (const inv of this.platform.invocations) {
      if (!inv.event || this.retried.has(inv) || !['failed', 'crashed'].includes(inv.state))
        continue;
      this.retried.add(inv);
      if (inv.event.attempt < MAX_RETRIES) this.platform.retry(inv);
    }
  }

  /** Delivers queued events one at a time until none is left (held invocations stay held). */
  async drain(limit = 1000): Promise<void> {
    for (let n = 0; n < limit; n++) {
      await this.platform.quiesce();
      this.retryFailed();
      if (this.platform.queue.length === 0) return;
      this.deliver();
    }
    throw new Error('drain: the queue never emptied');
  }

  /** A run from start to end; answers its record. */
  async run(req: Partial<StartRunRequest> = {}): Promise<any> {
    const inv = this.start(req);
    await this.platform.quiesce();
    if (inv.state !== 'done') throw asError(inv.error ?? `start ${inv.state}`);
    await this.drain();
    return this.record((inv.result as { id: string }).id);
  }

  /**
   * Lets the clock move on: runs keep their start to the millisecond, and here they follow each
   * other at once (on a site, the next hourly run is an hour later).
   */
  async nextMillisecond(): Promise<void> {
    const now = Date.now();
    while (Date.now() === now) await new Promise((resolve) => setImmediate(resolve));
  }

  /** What the hourly trigger does after every lease had time to expire. */
  async afterLeasesExpire(): Promise<void> {
    await this.platform.quiesce();
    this.platform.ageLeases(LEASE_TTL_MS + 1000);
    const inv = this.hourly();
    await this.platform.quiesce();
    if (inv.state === 'failed') throw asError(inv.error);
    await this.drain();
  }

  // --- what is stored ---

  record(runId: string): any {
    return this.platform.values(`run:${runId}`)[0];
  }
  runs(): any[] {
    return this.platform.values('run:');
  }
  ledger(): any[] {
    return this.platform.values<{ entries: any[] }>('ledger:').flatMap((l) => l.entries);
  }
  siteLease(): any {
    return this.platform.kvs.entity('lease', 'site');
  }

  /**
   * The invariants every run ends with: no run left running, no lease held, and the ledger is
   * exactly what the app added in Jira (settled, one entry per binding).
   */
  expectSettled(): void {
    expect(this.violations).toEqual([]);
    expect(this.runs().filter((r) => r.status === 'running')).toEqual([]);
    expect(this.siteLease()?.holder ?? '').toBe('');
    expect(
      this.platform
        .values('runctx:')
        .filter((c: any) => c.fence.key !== 'site')
        .map((c: any) => this.platform.kvs.entity('lease', c.fence.key)),
    ).toEqual(
      this.platform
        .values('runctx:')
        .filter((c: any) => c.fence.key !== 'site')
        .map(() => undefined),
    );
    const ledger = this.ledger();
    expect(ledger.filter((e) => e.pending)).toEqual([]);
    expect(ledger.map((e) => `${e.projectKey}:${e.groupId}`).sort()).toEqual(this.site.bindings());
  }
}

/** The id of the run an invocation of startRun started. */
export const runIdOf = (inv: Invocation) => (inv.result as { id: string }).id;

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
