// Health: reads what the checks need from Jira and storage, judges it (src/domain/health), and
// keeps the report in storage. It is computed on a queue consumer (up to 900 s, so a large site
// fits), asked for by "Check now" or by the hourly trigger when the report is older than
// HEALTH_REFRESH_HOURS; the Health tab only reads the stored report.
import { Queue } from '@forge/events';
import { z } from 'zod';

import { customerGroupIds, evaluateHealth } from '../../domain/health';
import { overlapFingerprint, SERVICE_DESK_KEY } from '../../domain/health-licences';
import { browseGroupsToSize } from '../../domain/health-permissions';
import {
  memberCountsMoved,
  membersReadDue,
  SCHEME_ROTATION_DAYS,
  schemeReadsDue,
} from '../../domain/health-rotation';
import type {
  AgentOverlap,
  HealthCheck,
  HealthReport,
  Read,
  SchemeFacts,
} from '../../domain/health-schemas';
import { HEALTH_REFRESH_HOURS } from '../../domain/health-schemas';
import { listingDiff } from '../../domain/listing-diff';
import type { Group } from '../../domain/schemas';
import { listApplicationRoles } from '../../jira/application-roles';
import type { JiraClient } from '../../jira/client';
import { findGroups, getGroupsByIds } from '../../jira/groups';
import { listGlobalRoles } from '../../jira/roles';
import { log, logError } from '../../log';
import type { HealthPending } from '../../store/health';
import {
  clearHealthPending,
  getAgentOverlap,
  getHealthPending,
  getHealthReport,
  getKeptSchemes,
  putAgentOverlap,
  putHealthPending,
  putHealthReport,
  putKeptSchemes,
} from '../../store/health';
import { getOrgSync } from '../../store/org-runs';
import { listRules } from '../../store/rules';
import { listRunsPage, runPlansPage } from '../../store/runs';
import { getKnownGroupNames, getSettings } from '../../store/settings';
import { keepSiteRoles } from '../../store/site-roles';
import { getAuditSignals } from '../../store/sweep';
import { getWholeSweepListing } from '../../store/sweep-listing';
import { mapLimit } from '../map-limit';
import { sweepPeriodNow } from '../signals/period-now';
import type { ClientFactory } from './health-reads';
import {
  countMembers,
  healthClient,
  read,
  readAgentOverlap,
  readCoverage,
  readGroupSizes,
  readRecentAccounts,
  readSchemes,
} from './health-reads';
import { type HealthSignals, readHealthSignals } from './health-signals';

export const HEALTH_QUEUE = 'health-checks';
/**
 * Group members (the costly read) are read again when a group's count moves, the audit log names
 * a group or the groups change, and otherwise once per the sweep's period in force: the
 * organization sync's rule (a re-read exists for what the counts and the hints miss).
 */
const HOUR_MS = 3600 * 1000;
/** A check asked for longer ago than this and not finished is taken as lost (a failed consumer). */
export const PENDING_MAX_AGE_MS = 15 * 60 * 1000;

const HealthEventSchema = z.object({
  kind: z.literal('health'),
  requestedAt: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
});

export interface HealthDeps {
  now: () => number;
  makeClient: ClientFactory;
}
const defaults: HealthDeps = { now: Date.now, makeClient: healthClient };

/** Computes every check now and stores the report. */
export async function computeHealth(
  trigger: HealthReport['trigger'],
  deps: HealthDeps = defaults,
): Promise<HealthReport> {
  const started = deps.now();
  const stored = await readStored();
  const site = await readSite(stored, deps);
  const customers = customerGroupIds(
    stored.rules,
    site.groups.ok ? site.groups.value.existing : undefined,
  );
  const sd = site.appRoles.ok
    ? site.appRoles.value.find((x) => x.key === SERVICE_DESK_KEY)
    : undefined;
  const access = (sd?.groupIds ?? []).filter((id) => !customers.includes(id));
  const [permissions, overlap, recent] = await Promise.all([
    readPermissionFacts(trigger, stored, site, deps),
    customers.length && access.length
      ? overlapRead(
          customers,
          access,
          {
            hints: site.signals.ok ? site.signals.value.groups : {},
            maxAgeMs: stored.sweepHours * HOUR_MS,
          },
          deps,
        )
      : Promise.resolve(undefined),
    read((j) => readRecentAccounts(j, deps.now), deps.makeClient),
  ]);
  const checks = evaluateHealth({
    rules: stored.rules,
    knownGroupNames: stored.knownGroupNames,
    projectsMissingRole: stored.projectsMissingRole,
    appRoles: site.appRoles,
    groups: site.groups,
    roles: site.roles,
    coverage: site.coverage,
    ...(permissions.schemes ? { schemes: permissions.schemes } : {}),
    ...(permissions.groupSizes ? { groupSizes: permissions.groupSizes } : {}),
    ...(overlap ? { overlap } : {}),
    recent,
    removeUnwanted: stored.settings.removeUnwanted,
    ...(stored.organizations ? { organizations: stored.organizations } : {}),
    // Shown once an hourly run has tried the audit log.
    ...(stored.auditLog
      ? {
          changeSignals: {
            auditLog: stored.auditLog,
            sweepHours: stored.sweepHours,
          },
        }
      : {}),
  });
  const reads = [...Object.values(site), ...Object.values(permissions), overlap, recent];
  return storeReport(checks, trigger, reads, started, deps);
}

/** What Health reads from the app's own storage. */
async function readStored() {
  const [rules, knownGroupNames, projectsMissingRole, organizations, auditLog, settings] =
    await Promise.all([
      listRules(),
      getKnownGroupNames(),
      projectsMissingRoleInLastRun(),
      organizationsInLastRun(),
      getAuditSignals(),
      getSettings(),
    ]);
  const [kept, lastReport, sweepHours] = await Promise.all([
    getKeptSchemes(),
    getHealthReport(),
    sweepPeriodNow(settings),
  ]);
  return {
    sweepHours,
    rules,
    knownGroupNames,
    projectsMissingRole,
    organizations,
    auditLog,
    settings,
    kept,
    lastCheckedAt: lastReport?.checkedAt,
  };
}
type Stored = Awaited<ReturnType<typeof readStored>>;

/** The site-wide reads every computation makes, and the audit log since the last one. */
async function readSite(stored: Stored, deps: HealthDeps) {
  const r = <T>(fn: Parameters<typeof read<T>>[0]) => read(fn, deps.makeClient);
  const ruleGroupIds = [...new Set(stored.rules.flatMap((x) => x.groupIds))];
  const until = new Date(deps.now()).toISOString();
  const coverageAfter = async (signals: Read<HealthSignals>) => {
    const kept = await keptProjects(stored, signals, deps.now());
    return r((j) => readCoverage(j, stored.rules, { now: deps.now, ...(kept ? { kept } : {}) }));
  };
  const [appRoles, groups, roles, [signals, coverage]] = await Promise.all([
    r((j) => listApplicationRoles(j)),
    r(async (j) => {
      const existing = await getGroupsByIds(j, ruleGroupIds);
      return { existing, synced: await syncedSuccessors(j, ruleGroupIds, existing, stored) };
    }),
    // Kept for the project page as well (store/site-roles.ts).
    r(async (j) => {
      const roles = await listGlobalRoles(j);
      await keepSiteRoles(roles, deps.now());
      return roles;
    }),
    r((j) => readHealthSignals(j, { since: stored.kept.signalsUntil, until })).then(
      async (s) => [s, await coverageAfter(s)] as const,
    ),
  ]);
  return { appRoles, groups, roles, coverage, signals };
}

/**
 * Synced groups that may have replaced a rule's group that is gone: the identity provider
 * re-creates a group under a new id with the old name. Searched by that name, and only for gone
 * groups, so that a site's thousands of groups are never listed while every group still exists.
 */
async function syncedSuccessors(
  jira: JiraClient,
  ruleGroupIds: string[],
  existing: Map<string, Group>,
  stored: Stored,
): Promise<Group[]> {
  const names = ruleGroupIds
    .filter((id) => !existing.has(id))
    .map((id) => stored.knownGroupNames[id])
    .filter((name): name is string => !!name);
  const found = await mapLimit([...new Set(names)], 4, (name) => findGroups(jira, name));
  return found.flat().filter((g) => g.managedBy === 'EXTERNAL');
}

/**
 * The kept project list and the projects the audit log names, or undefined to list them all:
 * none kept, the log unreadable or cut short, or the list older than twice the rotation period.
 * Each whole cycle of the routine check that began after the list was read renews it (its slices
 * listed every service project: only the projects where the two lists disagree are looked up),
 * so while the routine check goes round at least weekly the site is never listed again.
 */
async function keptProjects(stored: Stored, signals: Read<HealthSignals>, now: number) {
  const kept = stored.kept.projects;
  if (!kept || !signals.ok || signals.value.unreadable || signals.value.projectIds === 'all')
    return undefined;
  const named = signals.value.projectIds;
  const swept = await getWholeSweepListing(kept.listedAt);
  if (swept) {
    const differ = listingDiff(kept.all, swept.projects);
    log.info('health.projects-renewed', { listed: swept.projects.length, lookedUp: differ.length });
    return { ...kept, listedAt: swept.startedAt, changedIds: new Set([...named, ...differ]) };
  }
  if (now - Date.parse(kept.listedAt) >= LIST_MAX_DAYS * 24 * 3_600_000) return undefined;
  return { ...kept, changedIds: named };
}

/**
 * A kept project list no routine check renewed is read again in full after this. A renewal dates
 * the list from its cycle's start, so with weekly cycles the list is two weeks old just before
 * the next renewal: three weeks leave that race alone.
 */
const LIST_MAX_DAYS = 3 * SCHEME_ROTATION_DAYS;
type Site = Awaited<ReturnType<typeof readSite>>;

/**
 * The covered projects' permission schemes (new ones, the ones the audit log names and the
 * rotation's share; "Check now" also reads every scheme's grants again), kept for the next
 * computation, and the sizes of the groups they grant Browse Projects to.
 */
async function readPermissionFacts(
  trigger: HealthReport['trigger'],
  stored: Stored,
  site: Site,
  deps: HealthDeps,
): Promise<{ schemes?: Read<SchemeFacts>; groupSizes?: Read<Map<string, number>> }> {
  if (!site.coverage.ok || !site.signals.ok) return {};
  const projects = site.coverage.value.projects;
  const signals = site.signals.value;
  const now = deps.now();
  const ids = signals.projectIds;
  const due = schemeReadsDue({
    keys: projects.map((p) => p.key),
    known: stored.kept.schemeOf,
    named:
      ids === 'all'
        ? 'all'
        : new Set(projects.filter((p) => p.id && ids.has(p.id)).map((p) => p.key)),
    elapsedMs: stored.lastCheckedAt ? now - Date.parse(stored.lastCheckedAt) : Infinity,
    now,
  });
  const grantsDue = (id: string, readAt: string) =>
    trigger === 'manual' ||
    signals.schemeIds === 'all' ||
    signals.schemeIds.has(id) ||
    now - Date.parse(readAt) >= SCHEME_ROTATION_DAYS * 24 * 3_600_000;
  const read1 = await read(
    (j) =>
      readSchemes(j, projects, {
        kept: stored.kept,
        due,
        grantsDue,
        now: deps.now,
        ...(signals.unreadable ? { signalsUnreadable: signals.unreadable } : {}),
      }),
    deps.makeClient,
  );
  if (!read1.ok) return { schemes: read1 };
  await putKeptSchemes(
    {
      ...read1.value.kept,
      signalsUntil: signals.until,
      ...(site.coverage.value.complete
        ? { projects: { all: site.coverage.value.all, listedAt: site.coverage.value.listedAt } }
        : {}),
    },
    stored.kept,
  );
  const { facts } = read1.value;
  const listedAt = site.coverage.value.listedAt;
  const schemes: Read<SchemeFacts> = {
    ok: true,
    value: listedAt < signals.until ? { ...facts, reads: { ...facts.reads, listedAt } } : facts,
    calls: read1.calls,
  };
  const toSize = browseGroupsToSize(
    [...schemes.value.schemes.values()],
    new Set(customerGroupIds(stored.rules)),
  );
  const groupSizes = toSize.length
    ? await read((j) => readGroupSizes(j, toSize), deps.makeClient)
    : undefined;
  return { schemes, ...(groupSizes ? { groupSizes } : {}) };
}

/** Stores the report of these checks, with the calls of every read behind them. */
async function storeReport(
  checks: HealthCheck[],
  trigger: HealthReport['trigger'],
  reads: (Read<unknown> | undefined)[],
  started: number,
  deps: HealthDeps,
): Promise<HealthReport> {
  const report: HealthReport = {
    checks,
    checkedAt: new Date(deps.now()).toISOString(),
    trigger,
    calls: reads.reduce((n, x) => n + (x?.calls ?? 0), 0),
    durationMs: deps.now() - started,
  };
  await putHealthReport(report);
  log.info('health.checked', {
    trigger,
    calls: report.calls,
    failed: checks.filter((c) => c.status === 'fail').length,
    unknown: checks.filter((c) => c.status === 'unknown').length,
    durationMs: report.durationMs,
  });
  return report;
}

/**
 * The kept member read while the groups are the same, no audit record names one since and
 * their one-call counts have not moved (and it is under the period's age); else a new one, for
 * which the counts also tell what reading the customer groups in full would cost.
 */
async function overlapRead(
  customers: string[],
  access: string[],
  due: { hints: Record<string, string>; maxAgeMs: number },
  deps: HealthDeps,
): Promise<Read<AgentOverlap>> {
  const fingerprint = overlapFingerprint(customers, access);
  const groupIds = [...customers, ...access];
  const kept = await getAgentOverlap();
  const why = membersReadDue(kept, {
    fingerprint,
    groupIds,
    hints: due.hints,
    now: deps.now(),
    maxAgeMs: due.maxAgeMs,
  });
  const counted = await read((j) => countMembers(j, groupIds), deps.makeClient);
  if (!counted.ok) return counted;
  if (!why && kept?.counts && !memberCountsMoved(kept.counts, counted.value))
    return { ok: true, value: kept, calls: counted.calls };
  const fresh = await read(
    (j) =>
      readAgentOverlap(
        j,
        { customerGroupIds: customers, accessGroupIds: access, counts: counted.value },
        fingerprint,
        deps.now,
      ),
    deps.makeClient,
  );
  if (!fresh.ok) return { ...fresh, calls: fresh.calls + counted.calls };
  // The counts were taken before the members: a change between them only reads again next time.
  const value = { ...fresh.value, counts: counted.value };
  await putAgentOverlap(value);
  return { ok: true, value, calls: fresh.calls + counted.calls };
}

/** The newest finished whole-site run (not a preview). */
async function lastSiteRun() {
  const runs = await listRunsPage();
  return runs.items.find(
    (x) => !x.projectKey && !x.dryRun && (x.status === 'succeeded' || x.status === 'partly-failed'),
  );
}

/** From the newest finished whole-site run: its organization results, if it kept any. */
async function organizationsInLastRun() {
  const last = await lastSiteRun();
  return last ? (await getOrgSync(last.id))?.plans : undefined;
}

/** From the newest finished whole-site run: the projects it skipped for a missing role. */
async function projectsMissingRoleInLastRun(): Promise<string[]> {
  const last = await lastSiteRun();
  if (!last) return [];
  const keys = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await runPlansPage(last.id, cursor);
    for (const p of page.items)
      if (p.skips.some((s) => s.code === 'role-not-found')) keys.add(p.projectKey);
    cursor = page.nextCursor;
  } while (cursor && ++pages < 20);
  return [...keys].sort();
}

const queue = new Queue({ key: HEALTH_QUEUE });

const isLive = (p: HealthPending | undefined, now: number): p is HealthPending =>
  !!p && now - Date.parse(p.requestedAt) < PENDING_MAX_AGE_MS;

/** Asks for a computation on the queue, unless one is already on its way. */
export async function requestHealthCheck(
  by: string,
  trigger: HealthReport['trigger'],
  now: () => number = Date.now,
): Promise<HealthPending> {
  const pending = await getHealthPending();
  if (isLive(pending, now())) return pending;
  const next: HealthPending = { requestedAt: new Date(now()).toISOString(), trigger, by };
  await putHealthPending(next);
  await queue.push([{ body: { kind: 'health', requestedAt: next.requestedAt, trigger } }]);
  log.info('health.requested', { trigger, by });
  return next;
}

/** What the Health tab shows: the stored report, and whether a check is on its way. */
export async function readHealth(now: () => number = Date.now) {
  const [report, pending] = await Promise.all([getHealthReport(), getHealthPending()]);
  return {
    checks: report?.checks ?? [],
    ...(report
      ? {
          checkedAt: report.checkedAt,
          trigger: report.trigger,
          calls: report.calls,
          durationMs: report.durationMs,
        }
      : {}),
    ...(isLive(pending, now()) ? { checking: { requestedAt: pending.requestedAt } } : {}),
  };
}

/** The queue consumer: one computation. */
export async function healthConsumer(event: { body?: unknown }): Promise<void> {
  const body = HealthEventSchema.parse(event.body);
  await computeHealth(body.trigger);
  const pending = await getHealthPending();
  // A newer request waits for its own event.
  if (pending && pending.requestedAt <= body.requestedAt) await clearHealthPending();
}

/** Hourly: a new report when the last is older than HEALTH_REFRESH_HOURS. Never throws. */
export async function refreshHealthIfDue(now: () => number = Date.now): Promise<void> {
  try {
    const report = await getHealthReport();
    if (report && now() - Date.parse(report.checkedAt) < HEALTH_REFRESH_HOURS * 3600 * 1000) return;
    await requestHealthCheck('app', 'scheduled', now);
  } catch (err) {
    // Health must never stop the hourly enforcement; the next hour asks again.
    logError('health.refresh-failed', err);
  }
}
