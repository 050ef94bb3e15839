// `npm run bench -- --hours N --drift K`: after the first full run, N simulated hours. Each hour
// people make K random changes to customer roles over REST (API token: not metered; Jira's
// audit log records them as theirs), half of them removing a group the rule wants (drift the
// app must repair), half adding a group no rule names (which the app must leave alone); a
// service project is created and one deleted. Then the clock moves to the next top of the hour
// (bench-clock.ts: Jira's quota window and the app's budget hour roll over by themselves) and
// the hourly trigger fires through the host. Measured from the emulator's request log, by the
// UTC hour of the moved clock each call was made in (a run that waits for the next hour spends
// in that hour): the app's calls and points, all-in and by spender (bench-figures.ts); from the
// host, what the app used of Forge; after each run, which drift is repaired.
import {
  forgeBill,
  type ForgeUsage,
  hourlyFigures,
  type LoggedCall,
  pointsByPath,
  type Spend,
  spendOf,
  worstDay,
} from './bench-figures';
import { addUsage } from './forge-host/usage';
import { ADMIN_EMAIL } from './jira-emulator';

const CUSTOMERS_ROLE = '10101';

export interface HoursContext {
  jiraUrl: string;
  hours: number;
  drift: number;
  ruleGroups: string[];
  otherGroups: string[];
  control: <T = any>(method: string, path: string, body?: unknown) => Promise<T>;
  /** The clock moves to the next top of the hour (bench-clock.ts). */
  passHour: () => Promise<void>;
  /** The clock's time now (ms since the epoch). */
  clockNow: () => Promise<number>;
  /** What the app used of Forge since the last call (and counting starts again). */
  takeUsage: () => ForgeUsage;
  /** Fires the hourly trigger; answers when it and its queue work finished. */
  trigger: () => Promise<{ ok: boolean; wallMs: number; pauses: { pauses: number } }>;
  admin: <T = any>(fn: string, payload?: unknown) => Promise<{ result: T }>;
  /** The app's requests since the log was cleared (429s included). */
  appRequests: () => Promise<(LoggedCall & { at: string })[]>;
  log: (line: string) => void;
  /** The run right after the first: an hourly run too, whose sweep slice counts (hour 0). */
  previousRunId?: string;
  /** The first run (every project): what it verified, as of its start, starts the claim's check. */
  firstRun?: { id: string; startedAt: string };
  /**
   * A steady site: hours are simulated first (warm-up, reported apart) until the sweep's period
   * in force reaches `periodHours`; then the `hours` measured.
   */
  steady?: { periodHours: number; maxWarmupHours: number };
  /** The sweep's period in force, as the admin page shows it. */
  sweepHoursNow: () => Promise<number>;
  /** Since when the admin page says every project was verified (a full run or a whole cycle). */
  verifiedSinceNow: () => Promise<string | undefined>;
  /** People open the app's pages in this hour (their calls are the `pages` spender). */
  openPages: (hour: number) => Promise<void>;
}

interface State {
  projects: {
    key: string;
    projectTypeKey: string;
    style: string;
    roles: Record<string, { groupIds: string[] }>;
  }[];
}

export async function simulateHours(c: HoursContext) {
  const rand = prng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const basic = `Basic ${Buffer.from(`${ADMIN_EMAIL}:bench`).toString('base64')}`;
  const asPerson = async (method: string, path: string, body?: unknown) => {
    // People share the site's burst limit with the app: a refused call waits and goes again.
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(c.jiraUrl + path, {
        method,
        headers: {
          authorization: basic,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.status === 429 && attempt < 10) {
        const wait = Number(res.headers.get('retry-after') ?? '1');
        await new Promise((r) => setTimeout(r, Math.min(5, Math.max(0.2, wait)) * 1000));
        continue;
      }
      if (res.status >= 400)
        throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return;
    }
  };
  const points: number[] = [];
  const calls: number[] = [];
  const HOUR = 3_600_000;
  let firstHour = Math.floor((await c.clockNow()) / HOUR) + 1;
  const warmupFirstHour = firstHour;
  /** Every call of the simulated hours, by the clock hour it was made in. */
  const byHour = new Map<number, LoggedCall[]>();
  let usage: ForgeUsage[] = [];
  let failedActions = 0;
  let quotaPauses = 0;
  /** Drift not yet repaired: "KEY groupId" -> the hour it was made. */
  const open = new Map<string, number>();
  let repairedWithin = 0;
  let firstVisit = new Map<string, number>();
  /** key -> when a run last verified the project (the clock once that run was done). */
  const lastVerified = new Map<string, number>();
  let sweepCoverageHours: number | undefined;
  /** Measured hours, and (hour, project) pairs the admin page's claim did not hold for. */
  const claim = { hours: 0, broken: 0, maxClaimHours: 0 };
  let created = 0;
  const at0 = await c.clockNow();
  if (c.firstRun)
    for (const plan of await allPlans(c, c.firstRun.id))
      lastVerified.set(plan.projectKey, Date.parse(c.firstRun.startedAt));
  if (c.previousRunId) {
    const at = at0;
    for (const plan of await allPlans(c, c.previousRunId)) {
      firstVisit.set(plan.projectKey, 0);
      lastVerified.set(plan.projectKey, at);
    }
  }
  /** Simulated hours before the measured ones (a steady site's warm-up). */
  let warmup: number | undefined = c.steady ? undefined : 0;
  let sweepHours = await c.sweepHoursNow();

  for (let hour = 1; warmup === undefined || hour <= warmup + c.hours; hour++) {
    if (
      warmup === undefined &&
      (sweepHours >= c.steady!.periodHours || hour > c.steady!.maxWarmupHours)
    ) {
      // Steady from here: what is measured starts now, and the sweep's coverage with it.
      warmup = hour - 1;
      firstHour = Math.floor((await c.clockNow()) / HOUR) + 1;
      firstVisit = new Map();
      sweepCoverageHours = undefined;
      usage = [];
      points.length = 0;
      calls.length = 0;
      c.log(`steady after ${warmup} hours: the sweep verifies every ${sweepHours} hours`);
    }
    const state = await c.control<State>('GET', 'state');
    const classic = state.projects.filter(
      (p) => p.projectTypeKey === 'service_desk' && p.style !== 'next-gen',
    );
    for (let i = 0; i < c.drift; i++) {
      const p = pick(classic);
      const actors = (p.roles[CUSTOMERS_ROLE] ??= { groupIds: [] }).groupIds;
      const wanted = c.ruleGroups.filter((g) => actors.includes(g));
      if (i % 2 === 0 && wanted.length) {
        const g = pick(wanted);
        await asPerson(
          'DELETE',
          `/rest/api/3/project/${p.key}/role/${CUSTOMERS_ROLE}?groupId=${g}`,
        );
        open.set(`${p.key} ${g}`, hour);
        actors.splice(actors.indexOf(g), 1);
      } else {
        const g = c.otherGroups.find((x) => !actors.includes(x));
        if (g) {
          await asPerson('POST', `/rest/api/3/project/${p.key}/role/${CUSTOMERS_ROLE}`, {
            groupId: [g],
          });
          actors.push(g);
        }
      }
    }
    created++;
    await asPerson('POST', '/rest/api/3/project', {
      key: `N${String(created).padStart(4, '0')}`,
      name: `New desk ${created}`,
      projectTypeKey: 'service_desk',
    });
    await asPerson('DELETE', `/rest/api/3/project/${pick(classic).key}`);

    await c.passHour();
    await c.control('DELETE', 'requests');
    c.takeUsage();
    const fired = await c.trigger();
    await c.openPages(hour);
    // Read by the bench, after the pages: not counted.
    const runs = (await c.admin<{ items: any[] }>('listRuns', {})).result.items;
    const log = await c.appRequests();
    usage.push(c.takeUsage());
    for (const r of log) {
      const h = Math.floor(Date.parse(r.at) / HOUR);
      const calls = byHour.get(h) ?? [];
      calls.push(r);
      byHour.set(h, calls);
    }
    points.push(log.reduce((s, r) => s + (r.metered ? (r.points ?? 0) : 0), 0));
    calls.push(log.filter((r) => r.status !== 429).length);
    const run = runs[0];
    failedActions += run?.counts?.errors ?? 0;
    // Hours the bench made pass for this run while it was paused (bench-quota.ts).
    quotaPauses += fired.pauses.pauses;
    const doneAt = await c.clockNow();
    for (const plan of await allPlans(c, run.id)) {
      if (!firstVisit.has(plan.projectKey)) firstVisit.set(plan.projectKey, hour);
      lastVerified.set(plan.projectKey, doneAt);
    }

    const after = await c.control<State>('GET', 'state');
    const byKey = new Map(after.projects.map((p) => [p.key, p]));
    for (const [k, madeAt] of open) {
      const [key, g] = k.split(' ') as [string, string];
      const p = byKey.get(key);
      if (!p || (p.roles[CUSTOMERS_ROLE]?.groupIds ?? []).includes(g)) {
        open.delete(k);
        repairedWithin = Math.max(repairedWithin, hour - madeAt + 1);
      }
    }
    const everyProject = after.projects.filter(
      (p) => p.projectTypeKey === 'service_desk' && p.style !== 'next-gen',
    );
    if (sweepCoverageHours === undefined && everyProject.every((p) => firstVisit.has(p.key)))
      sweepCoverageHours = hour - (warmup ?? 0);
    // The admin page's claim ("every project verified since …"), checked against what runs did.
    const since = await c.verifiedSinceNow();
    if (warmup !== undefined && since) {
      const from = Date.parse(since);
      claim.hours++;
      claim.maxClaimHours = Math.max(claim.maxClaimHours, Math.ceil((doneAt - from) / HOUR));
      const bad = everyProject.filter((p) => (lastVerified.get(p.key) ?? -1) < from);
      claim.broken += bad.length;
      if (bad.length && process.env.BENCH_DEBUG)
        c.log(
          `claim ${since}: ${bad
            .slice(0, 5)
            .map(
              (p) =>
                `${p.key}@${lastVerified.get(p.key) ? new Date(lastVerified.get(p.key)!).toISOString() : '-'}`,
            )
            .join(' ')} (${bad.length})`,
        );
    }
    sweepHours = await c.sweepHoursNow();
    c.log(
      `${warmup === undefined ? 'warm-up ' : ''}hour ${hour}: ${calls.at(-1)} calls, ` +
        `${points.at(-1)} points, sweep ${sweepHours} h, run ${run?.status} ` +
        `(${JSON.stringify(run?.visits ?? {})}), drift open ${open.size}, ok ${fired.ok}`,
    );
  }
  // Every clock hour from the first measured one to the last that saw a call, quiet ones too.
  const lastHour = Math.max(firstHour + c.hours - 1, ...byHour.keys());
  const spends: Spend[] = [];
  for (let h = firstHour; h <= lastHour; h++) spends.push(spendOf(byHour.get(h) ?? []));
  const warmupSpends: Spend[] = [];
  for (let h = warmupFirstHour; h < firstHour; h++) warmupSpends.push(spendOf(byHour.get(h) ?? []));
  const measured: LoggedCall[] = [];
  for (let h = firstHour; h <= lastHour; h++) measured.push(...(byHour.get(h) ?? []));
  const clockHours = lastHour - firstHour + 1;
  const total = addUsage(usage);
  const perClockHour = Object.fromEntries(
    Object.entries(total).map(([k, v]) => [k, v / clockHours]),
  ) as unknown as ForgeUsage;
  return {
    hours: c.hours,
    drift: c.drift,
    // The simulated hours' runs as the loop fired them (one trigger and its work each).
    pointsPerRun: meanMax(points),
    callsPerRun: meanMax(calls),
    // By clock hour, all-in (runs, Health, organizations, pages): what the Tier 1 pool sees.
    clockHours,
    perHour: hourlyFigures(spends),
    // The mean of the costliest 24 consecutive clock hours measured (a day at its worst).
    worstDayPointsPerHour: worstDay(spends),
    // Where the measured points went: by spender and endpoint, costliest first.
    pointsByPath: pointsByPath(measured),
    ...(c.steady
      ? {
          warmup: {
            hours: warmup ?? 0,
            clockHours: warmupSpends.length,
            perHour: hourlyFigures(warmupSpends).points,
          },
          sweepHoursMeasured: sweepHours,
        }
      : {}),
    forge: forgeBill(Array.from({ length: clockHours }, () => perClockHour)),
    // The most hours a drift waited for repair (1: the next hourly run); -1 if some never was.
    driftRepairedWithinHours: open.size ? -1 : repairedWithin,
    driftUnrepaired: open.size,
    quotaPauses,
    failedActions,
    // Hourly runs until every company-managed service project was visited, counting the run
    // right after the first (hour 0; a steady site: from the first measured hour): the sweep
    // period is met when this is <= sweepHours.
    sweepCoverageHours:
      sweepCoverageHours === undefined ? null : sweepCoverageHours + (c.steady ? 0 : 1),
    // Each measured hour: every project verified since the time the admin page claims? `broken`
    // counts (hour, project) pairs where not; `maxClaimHours`: the longest claim it made.
    verifiedClaim: claim,
  };
}

function meanMax(xs: number[]) {
  return {
    mean: Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)),
    max: Math.max(0, ...xs),
  };
}

async function allPlans(c: HoursContext, runId: string): Promise<{ projectKey: string }[]> {
  const out: { projectKey: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = (
      await c.admin<{ items: { projectKey: string }[]; nextCursor?: string }>('getRunPlan', {
        runId,
        ...(cursor ? { cursor } : {}),
      })
    ).result;
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
