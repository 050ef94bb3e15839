// `npm run bench`: a whole-site enforcement of a generated site, measured.
//
//   npm run bench -- [--projects 1000] [--latency 100] [--burst 20] [--groups 20] [--rule-groups 2]
//                    [--users 200] [--team-managed 0] [--software 0] [--consumers 4]
//                    [--hours 0 --drift 20] [--quota N] [--org-members N] [--org-sync N]
//
// Time is the host's clock (bench-clock.ts): whenever the app waits for a delay (a run paused
// until the top of the hour for Jira's quota or its budget), the bench moves the clock, the
// host's and the emulator's together, instead of waiting. With --hours, simulated hours of
// people changing roles follow the two runs (bench-hours.ts), one clock hour each, measured
// all-in per hour (runs, Health, organizations, pages, by the function that made each call) with
// the Forge side of the bill; --quota turns on Jira's points quota with that pool (per window).
// --org-members N adds two synced groups of N people each and two rules keeping them in
// organizations; --org-sync N measures one organization sync on the demo site (bench-orgs.ts).
//
// The Jira emulator runs in a child process (so the RSS sampled here is the host's alone: its
// worker threads, KVS in memory, queue and logs) with a generated site, `--latency` ms added to
// every REST call and a token bucket of `--burst` requests per second answering 429 with
// Retry-After / X-RateLimit-Reset beyond it. The host runs the app's real bundle in-process
// (in-memory KVS, scheduler off, Forge's time limits enforced). One rule (scope: all service
// projects) names `--rule-groups` synced groups; it is created through the admin resolver, the
// request log is cleared, and the scheduled trigger `enforce-hourly` is fired over the host's
// HTTP API, which answers when the trigger and all the queue work it started have finished.
// A second run follows at once (it must write nothing), then the rule editor's previewScope
// resolver is timed over the whole site. The last line printed is one JSON object.
import { type ChildProcess, spawn } from 'child_process';
import http from 'http';
import path from 'path';
import { parseArgs } from 'util';

import { timeKeeper } from './bench-clock';
import { benchNumber, spendOf } from './bench-figures';
import { simulateHours } from './bench-hours';
import { benchOrganizations } from './bench-orgs';
import { APP_ACCOUNT_ID } from './jira-emulator';
import { emulatorControl, type LoggedRequest, loggedRequests, startLocalHost } from './start-stack';

const ROOT = path.resolve(__dirname, '..');
const ADMIN_MODULE = 'customer-role-sync-admin';
const PROJECT_MODULE = 'customer-role-sync-project';
const CUSTOMERS_ROLE = '10101';
const PROJECT_PAGE = 100;
const GROUP_PAGE = 50;

const { values } = parseArgs({
  options: {
    projects: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '100' },
    burst: { type: 'string', default: '20' },
    groups: { type: 'string', default: '20' },
    'rule-groups': { type: 'string', default: '2' },
    users: { type: 'string', default: '200' },
    'team-managed': { type: 'string', default: '0' },
    software: { type: 'string', default: '0' },
    consumers: { type: 'string', default: '4' },
    hours: { type: 'string', default: '0' },
    drift: { type: 'string', default: '20' },
    quota: { type: 'string', default: '0' },
    // Also time previewScope while the first run is using the rate limit (its page reads are
    // left out of `calls`; its 429s, which name no caller, land in `throttled`).
    'preview-during-run': { type: 'boolean', default: false },
    // Two organization rules of this many members each in the generated site.
    'org-members': { type: 'string', default: '0' },
    // Measure an organization sync of a group this large instead (bench-orgs.ts).
    'org-sync': { type: 'string' },
    // A steady site: simulate hours until the sweep's period in force reaches --steady-period
    // (at most --max-warmup hours), reported apart; then measure --hours.
    steady: { type: 'boolean', default: false },
    'steady-period': { type: 'string', default: '168' },
    'max-warmup': { type: 'string', default: '400' },
    // Project settings pages opened each simulated hour (the admin page and its Health tab once).
    'project-pages': { type: 'string', default: '2' },
  },
});
const opt = (k: Exclude<keyof typeof values, 'preview-during-run' | 'org-sync' | 'steady'>) => {
  return benchNumber(k, values[k]);
};
const P_ARG = opt('projects');
const LATENCY = opt('latency');
const BURST = opt('burst');
const RULE_GROUPS = opt('rule-groups');
const CONSUMERS = opt('consumers');
const HOURS = opt('hours');
const QUOTA = opt('quota');
const ORG_MEMBERS = opt('org-members');

interface EmulatorProject {
  id: string;
  key: string;
  projectTypeKey: string;
  style: string;
  roles: Record<string, { name: string; groupIds: string[] }>;
}

/** Groups in a project's customer role: the global one, or a team-managed project's own. */
function customerGroups(p: EmulatorProject | undefined): string[] {
  if (p?.style !== 'next-gen') return p?.roles[CUSTOMERS_ROLE]?.groupIds ?? [];
  return Object.values(p.roles).find((r) => r.name === 'Service Desk Customers')?.groupIds ?? [];
}
interface EmulatorState {
  projects: EmulatorProject[];
  groups: { groupId: string; name: string; managedBy: string }[];
}

function startEmulatorChild(): Promise<{ url: string; child: ChildProcess }> {
  const args = [
    path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
    path.join(ROOT, 'local/jira-emulator/cli.ts'),
    '--port',
    '0',
    '--seed',
    'generated',
    '--projects',
    String(P_ARG),
    '--groups',
    String(opt('groups')),
    '--users',
    String(opt('users')),
    '--team-managed',
    String(opt('team-managed')),
    '--software',
    String(opt('software')),
    '--org-members',
    String(ORG_MEMBERS),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) =>
      reject(new Error(`The emulator exited (code ${code}) before listening: ${out}`)),
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        resolve({ url: m[1], child });
      }
    });
  });
}

async function main(): Promise<void> {
  const { url: jiraUrl, child } = await startEmulatorChild();
  const control = emulatorControl(jiraUrl);

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const host = await startLocalHost(jiraUrl, {
    consumerConcurrency: CONSUMERS,
    log: (l) => {
      if (!l.startsWith('[queue] event')) console.error(l);
    },
  });
  const admin = async <T = any>(
    functionKey: string,
    payload: unknown = {},
  ): Promise<{ result: T; ms: number }> => {
    const t0 = Date.now();
    const r = await host.invoke({ moduleKey: ADMIN_MODULE, functionKey, payload });
    if (!r.ok) throw new Error(`${functionKey}: ${r.error.message}`);
    return { result: r.result as T, ms: Date.now() - t0 };
  };
  // An injected 429 fault is answered before authentication, so it names no caller;
  // nothing but the app calls Jira while the bench runs, as itself or for a user (a page's
  // asUser call, metered too); people's own calls (API token) are not metered.
  const appRequests = () =>
    loggedRequests(
      control,
      (r) => r.caller === APP_ACCOUNT_ID || r.metered || (r.status === 429 && r.caller === null),
    );
  const isWrite = (r: LoggedRequest) =>
    (r.method === 'POST' || r.method === 'DELETE') && /\/role\/\d+$/.test(r.path) && r.status < 400;
  const clock = timeKeeper({ hostUrl: host.url, log: (l) => console.error(l) });
  /** The newest run's progress, summed over its parts as the admin's run page shows it. */
  const progress = async () => {
    const newest = (await admin<{ items: { id: string }[] }>('listRuns', {})).result.items[0];
    if (!newest) return 'no run yet';
    const run = (await admin<any>('getRun', { runId: newest.id })).result;
    const { done, total } = run.progress as { done: number; total: number };
    return total > 0
      ? `run ${run.status}: ${done} of ${total} projects`
      : `run ${run.status}: listing the site, ${done} projects done`;
  };
  const trigger = async () => {
    const t0 = Date.now();
    // node:http, not fetch: a whole-site run outlasts fetch's 300 s wait for response headers.
    const fired = new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${host.url}/api/trigger/enforce-hourly`,
        { method: 'POST' },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            data += c;
          });
          res.on('end', () => resolve(data));
        },
      );
      req.on('error', reject);
      req.end();
    });
    // While it runs, the clock passes whatever a paused run waits for.
    const { value: text, tally } = await clock.during(fired, progress);
    const body = JSON.parse(text) as {
      ok: boolean;
      invocations: { ms: number; ok: boolean; error?: string; function: string }[];
    };
    return { ...body, wallMs: Date.now() - t0, pauses: tally };
  };

  try {
    // The site before: the rule's groups, and who is in each service project's customer role.
    const before = await control<EmulatorState>('GET', 'state');
    const isOrgGroup = (g: { name: string }) => g.name.startsWith('Org Members ');
    const ruleGroups = before.groups
      .filter((g) => g.managedBy === 'EXTERNAL' && !isOrgGroup(g))
      .slice(0, RULE_GROUPS)
      .map((g) => g.groupId);
    if (ruleGroups.length < RULE_GROUPS)
      throw new Error(`The site has only ${ruleGroups.length} synced groups; raise --groups.`);
    await admin('saveRule', {
      rule: {
        name: 'Bench: synced groups are customers of every service project',
        groupIds: ruleGroups,
        scope: { type: 'all' },
      },
    });
    // Two organizations kept from synced groups of --org-members people each.
    for (const g of before.groups.filter(isOrgGroup))
      await admin('saveRule', {
        rule: {
          name: `Bench: ${g.name} are an organization`,
          groupIds: [g.groupId],
          scope: { type: 'keys', keys: ['P0001'] },
          target: 'organization',
          organization: { name: g.name },
        },
      });

    // The bound, from the emulator's state (see README "Performance").
    const pAll = before.projects.length;
    // Service projects: each costs a role-actor read; a team-managed one also a roledetails call
    // that finds its hidden customer role.
    const inScope = before.projects.filter((p) => p.projectTypeKey === 'service_desk');
    const teamManaged = inScope.filter((p) => p.style === 'next-gen').length;
    const want = new Set(ruleGroups);
    const writes = inScope.filter((p) =>
      ruleGroups.some((g) => !customerGroups(p).includes(g)),
    ).length; // no ledger yet: no removals
    // Product access, which the guard rails judge every group by: the run's application roles.
    const productAccessReads = 1;
    const lowerBound =
      Math.max(1, Math.ceil(pAll / PROJECT_PAGE)) +
      1 +
      inScope.length +
      teamManaged +
      Math.ceil(want.size / GROUP_PAGE) +
      productAccessReads +
      writes;

    await control('PUT', 'faults', { latencyMs: LATENCY });
    // One token bucket for the whole site (the emulator's burst limits, `site`).
    await control('PUT', 'limits', {
      burst: { site: BURST },
      ...(QUOTA > 0 ? { quota: { enabled: true, points: QUOTA } } : {}),
    });
    // Health first, measured on its own: the hourly trigger below then finds a fresh report and
    // asks for none, so the run is measured alone.
    await control('DELETE', 'requests');
    const healthStarted = Date.now();
    await admin('checkHealth', {});
    await clock.during(host.waitForIdle());
    const healthMs = Date.now() - healthStarted;
    const healthLog = (await appRequests()).filter((r) => r.status !== 429);
    const healthCalls = healthLog.length;
    const pointsOf = (log: LoggedRequest[]) =>
      log.reduce((n, r) => n + (r.metered ? (r.points ?? 0) : 0), 0);
    const healthPoints = pointsOf(healthLog);
    await control('DELETE', 'requests');
    // The run starts in a fresh hour: what the health check spent is not the run's budget.
    await clock.passHour();
    peakRss = process.memoryUsage().rss;

    console.error(
      `Enforcing ${inScope.length} service projects (${pAll} listed) at ${BURST} req/s, ${LATENCY} ms latency...`,
    );
    const firstRun = trigger();
    let during: { ms: number; complete?: boolean; scanned?: number; total: number } | undefined;
    if (values['preview-during-run']) {
      await new Promise((r) => setTimeout(r, 5000));
      const p = await admin<{ total: number; complete?: boolean; scanned?: number }>(
        'previewScope',
        { scope: { type: 'all' }, exclude: [] },
      );
      during = {
        ms: p.ms,
        complete: p.result.complete,
        scanned: p.result.scanned,
        total: p.result.total,
      };
      console.error(
        `previewScope during the run: ${p.ms} ms, complete ${p.result.complete}, ${p.result.scanned} read`,
      );
    }
    const first = await firstRun;
    const isPreviewPage = (r: LoggedRequest) =>
      r.caller === APP_ACCOUNT_ID &&
      r.path === '/rest/api/3/project/search' &&
      /typeKey=service_desk/.test(r.query);
    const firstLog = (await appRequests()).filter((r) => !isPreviewPage(r));
    const calls = firstLog.filter((r) => r.status !== 429).length;
    const pointsFirstRun = firstLog.reduce((n, r) => n + (r.metered ? (r.points ?? 0) : 0), 0);
    const throttled = firstLog.length - calls;

    // Desired state: each in-scope project's customer role = what it had, plus the rule's groups.
    const after = await control<EmulatorState>('GET', 'state');
    const byKey = new Map(after.projects.map((p) => [p.key, p]));
    const mismatched = inScope.filter((p) => {
      const expected = new Set([...customerGroups(p), ...ruleGroups]);
      const actual = new Set(customerGroups(byKey.get(p.key)));
      return expected.size !== actual.size || [...expected].some((g) => !actual.has(g));
    });

    await control('DELETE', 'requests');
    const second = await trigger();
    const secondLog = await appRequests();
    const secondRunWrites = secondLog.filter(isWrite).length;

    // Health again after the runs: what a computation costs once it keeps its reads.
    await control('DELETE', 'requests');
    await admin('checkHealth', {});
    await host.waitForIdle();
    const healthAgainLog = (await appRequests()).filter((r) => r.status !== 429);

    // The rule editor's live list over the whole site: one resolver call, 25 s limit.
    await control('DELETE', 'requests');
    const preview = await admin<{ total: number; projects: unknown[] }>('previewScope', {
      scope: { type: 'all' },
      exclude: [],
    });
    const previewCalls = (await appRequests()).length;

    const inv = (await (await fetch(`${host.url}/api/invocations?limit=1`)).json()) as {
      maxInvocationMs: number;
      failed: number;
      timedOut: number;
    };
    const runs = (
      await admin<{
        items: { id: string; status: string; counts: Record<string, number>; createdAt: string }[];
      }>('listRuns', {})
    ).result.items;
    const simulated =
      HOURS > 0
        ? await simulateHours({
            jiraUrl,
            hours: HOURS,
            drift: opt('drift'),
            ruleGroups,
            otherGroups: before.groups
              .filter(
                (g) =>
                  g.managedBy === 'EXTERNAL' && !isOrgGroup(g) && !ruleGroups.includes(g.groupId),
              )
              .slice(0, 3)
              .map((g) => g.groupId),
            control,
            passHour: () => clock.passHour(),
            clockNow: () => clock.now(),
            takeUsage: () => host.core.takeUsage(true),
            trigger,
            admin,
            appRequests,
            log: (l) => console.error(l),
            ...(runs[0] ? { previousRunId: runs[0].id } : {}),
            ...(runs[1] ? { firstRun: { id: runs[1].id, startedAt: runs[1].createdAt } } : {}),
            ...(values.steady
              ? {
                  steady: {
                    periodHours: opt('steady-period'),
                    maxWarmupHours: opt('max-warmup'),
                  },
                }
              : {}),
            sweepHoursNow: async () =>
              (await admin<{ sweepHours: number }>('getEnforcementState')).result.sweepHours,
            verifiedSinceNow: async () =>
              (await admin<{ verifiedSince?: string }>('getEnforcementState')).result.verifiedSince,
            openPages: async (hour) => {
              // The admin opens the admin page (its landing: summary, routine check, runs)...
              await admin('getSummary');
              await admin('getEnforcementState');
              await admin('listRuns');
              // ...and its Health tab.
              await admin('getHealth');
              // A project's admin opens its settings page.
              for (let i = 0; i < opt('project-pages'); i++) {
                const p = inScope[(hour * 7919 + i * 104729) % inScope.length];
                const r = await host.invoke({
                  moduleKey: PROJECT_MODULE,
                  functionKey: 'getProjectStatus',
                  payload: {},
                  projectKey: p.key,
                });
                if (!r.ok && !/does not exist/.test(r.error.message))
                  throw new Error(`getProjectStatus ${p.key}: ${r.error.message}`);
              }
            },
          })
        : undefined;
    const rateBoundMs = Math.round((calls / BURST) * 1000);
    // Calls in flight at most: the limiter's ceiling per container (16, src/jira/limiter.ts)
    // times the consumers a run uses at once (RUN_CONSUMERS = 2, src/enforce/queue/queue.ts).
    const concurrencyLimit = 16 * Math.min(CONSUMERS, 2);
    const target = Math.round(1.25 * Math.max(rateBoundMs, (calls * LATENCY) / concurrencyLimit));
    const result = {
      projects: pAll,
      serviceProjectsInScope: inScope.length,
      calls,
      throttled,
      lowerBound,
      writes,
      wallMs: first.wallMs,
      rateBoundMs,
      wallTargetMs: target,
      maxInvocationMs: inv.maxInvocationMs,
      failedInvocations: inv.failed,
      timedOutInvocations: inv.timedOut,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      desiredState: mismatched.length === 0 && first.ok,
      firstRun: runs[1] ? { status: runs[1].status, counts: runs[1].counts } : undefined,
      secondRunWrites,
      secondRunCalls: secondLog.filter((r) => r.status !== 429).length,
      secondRunWallMs: second.wallMs,
      previewScopeMs: preview.ms,
      previewScopeCalls: previewCalls,
      previewScopeTotal: preview.result.total,
      healthCalls,
      healthPoints,
      healthAgainCalls: healthAgainLog.length,
      healthAgainPoints: pointsOf(healthAgainLog),
      healthMs,
      pointsFirstRun,
      // The first run's calls and points by who made them (bench-figures.ts).
      firstRunBy: spendOf(firstLog),
      orgMembers: ORG_MEMBERS,
      ...(simulated ?? {}),
      // Pauses observed (hours made to pass), the first run's and the hourly runs' together.
      quotaPauses: first.pauses.pauses + second.pauses.pauses + (simulated?.quotaPauses ?? 0),
      quotaPausesFirstRun: first.pauses.pauses,
      quotaPausesSecondRun: second.pauses.pauses,
      pauseCausesFirstRun: first.pauses.byCause,
      // Quota windows the first run spanned: the one it started in, and one per pause.
      hoursFirstRun: first.pauses.pauses + 1,
      failedActionsFirstRun: runs[1]?.counts.errors ?? 0,
      failedActions: (runs[1]?.counts.errors ?? 0) + (simulated?.failedActions ?? 0),
      ...(during ? { previewDuringRun: during } : {}),
      latencyMs: LATENCY,
      burstPerSecond: BURST,
      consumers: CONSUMERS,
    };
    const ok = (b: boolean) => (b ? 'ok  ' : 'FAIL');
    console.log(
      [
        `Bench: ${pAll} projects (${inScope.length} service projects in scope), ${LATENCY} ms latency, ${BURST} req/s burst, ${CONSUMERS} consumers`,
        `  ${ok(calls <= lowerBound)} calls ${calls} <= lowerBound ${lowerBound}   (429s, not counted: ${throttled}; writes needed: ${writes})`,
        `  ${ok(first.wallMs <= target)} wall ${(first.wallMs / 1000).toFixed(1)} s <= ${(target / 1000).toFixed(1)} s (1.25 x rate bound ${(rateBoundMs / 1000).toFixed(1)} s)`,
        `  ${ok(inv.timedOut === 0 && inv.failed === 0)} max invocation ${(inv.maxInvocationMs / 1000).toFixed(1)} s, ${inv.failed} failed, ${inv.timedOut} timed out`,
        `  ${ok(peakRss / 1024 / 1024 < 300)} host peak RSS ${result.peakRssMb} MB`,
        `  ${ok(result.desiredState)} desired state${
          mismatched.length
            ? ` (${mismatched.length} projects differ, e.g. ${mismatched
                .slice(0, 3)
                .map((p) => p.key)
                .join(', ')})`
            : ''
        }`,
        `  ${ok(secondRunWrites === 0)} second run: ${secondRunWrites} writes, ${result.secondRunCalls} calls, ${(second.wallMs / 1000).toFixed(1)} s`,
        `  ${ok(preview.ms < 25_000)} previewScope ${(preview.ms / 1000).toFixed(1)} s, ${previewCalls} calls, ${preview.result.total} projects`,
      ].join('\n'),
    );
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(sampler);
    await host.close();
    child.kill('SIGTERM');
  }
}

(values['org-sync'] ? benchOrganizations(Number(values['org-sync'])) : main()).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
