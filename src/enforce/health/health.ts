// Health: reads what the checks need from Jira and storage, judges it (src/domain/health), and
// keeps the report in storage. It is computed on a queue consumer (up to 900 s, so a large site
// fits), asked for by "Check now" or by the hourly trigger when the report is older than
// HEALTH_REFRESH_HOURS; the Health tab only reads the stored report.
import { Queue } from '@forge/events';
import { z } from 'zod';

import { sweepPeriodHours } from '../../domain/audit-trust';
import { customerGroupIds, evaluateHealth } from '../../domain/health';
import { overlapFingerprint, SERVICE_DESK_KEY } from '../../domain/health-licences';
import { browseGroupsToSize } from '../../domain/health-permissions';
import type { AgentOverlap, HealthReport, Read } from '../../domain/health-schemas';
import { HEALTH_REFRESH_HOURS } from '../../domain/health-schemas';
import { listApplicationRoles } from '../../jira/application-roles';
import { findGroups, getGroupsByIds } from '../../jira/groups';
import { listGlobalRoles } from '../../jira/roles';
import { log, logError } from '../../log';
import type { HealthPending } from '../../store/health';
import {
  clearHealthPending,
  getAgentOverlap,
  getHealthPending,
  getHealthReport,
  putAgentOverlap,
  putHealthPending,
  putHealthReport,
} from '../../store/health';
import { getOrgSync } from '../../store/org-runs';
import { listRules } from '../../store/rules';
import { listRunsPage, runPlansPage } from '../../store/runs';
import { getKnownGroupNames, getSettings } from '../../store/settings';
import { getAuditSignals } from '../../store/sweep';
import type { ClientFactory } from './health-reads';
import {
  healthClient,
  read,
  readAgentOverlap,
  readCoverage,
  readGroupSizes,
  readRecentAccounts,
  readSchemes,
} from './health-reads';

export const HEALTH_QUEUE = 'health-checks';
/** Group members (the costly read) are read again after a day, or when the groups change. */
export const MEMBERS_MAX_AGE_MS = 24 * 3600 * 1000;
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
  const r = <T>(fn: Parameters<typeof read<T>>[0]) => read(fn, deps.makeClient);
  const [rules, knownGroupNames, projectsMissingRole, organizations, auditLog, settings] =
    await Promise.all([
      listRules(),
      getKnownGroupNames(),
      projectsMissingRoleInLastRun(),
      organizationsInLastRun(),
      getAuditSignals(),
      getSettings(),
    ]);
  const ruleGroupIds = [...new Set(rules.flatMap((x) => x.groupIds))];
  const [appRoles, groups, roles, coverage] = await Promise.all([
    r((j) => listApplicationRoles(j)),
    r(async (j) => ({
      existing: await getGroupsByIds(j, ruleGroupIds),
      synced: (await findGroups(j, '', { maxResults: 1000 })).filter(
        (g) => g.managedBy === 'EXTERNAL',
      ),
    })),
    r((j) => listGlobalRoles(j)),
    r((j) => readCoverage(j, rules)),
  ]);
  const customers = customerGroupIds(rules, groups.ok ? groups.value.existing : undefined);
  const sd = appRoles.ok ? appRoles.value.find((x) => x.key === SERVICE_DESK_KEY) : undefined;
  const access = (sd?.groupIds ?? []).filter((id) => !customers.includes(id));

  const [schemeReads, overlap, recent] = await Promise.all([
    (async () => {
      if (!coverage.ok) return { schemes: undefined, groupSizes: undefined };
      const schemes = await r((j) => readSchemes(j, coverage.value.projects));
      if (!schemes.ok) return { schemes, groupSizes: undefined };
      const enabledGroups = new Set(customerGroupIds(rules));
      const toSize = browseGroupsToSize([...schemes.value.schemes.values()], enabledGroups);
      const groupSizes = toSize.length ? await r((j) => readGroupSizes(j, toSize)) : undefined;
      return { schemes, groupSizes };
    })(),
    customers.length && access.length
      ? overlapRead(customers, access, deps)
      : Promise.resolve(undefined),
    r((j) => readRecentAccounts(j, deps.now)),
  ]);

  const checks = evaluateHealth({
    rules,
    knownGroupNames,
    projectsMissingRole,
    appRoles,
    groups,
    roles,
    coverage,
    ...(schemeReads.schemes ? { schemes: schemeReads.schemes } : {}),
    ...(schemeReads.groupSizes ? { groupSizes: schemeReads.groupSizes } : {}),
    ...(overlap ? { overlap } : {}),
    recent,
    removeUnwanted: settings.removeUnwanted,
    ...(organizations ? { organizations } : {}),
    // Shown once an hourly run has tried the audit log.
    ...(auditLog
      ? { changeSignals: { auditLog, sweepHours: sweepPeriodHours(settings.sweepHours, auditLog) } }
      : {}),
  });
  const reads: (Read<unknown> | undefined)[] = [
    appRoles,
    groups,
    roles,
    coverage,
    schemeReads.schemes,
    schemeReads.groupSizes,
    overlap,
    recent,
  ];
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

/** The day-old member read when the groups are the same, else a new one (kept for a day). */
async function overlapRead(
  customers: string[],
  access: string[],
  deps: HealthDeps,
): Promise<Read<AgentOverlap>> {
  const fingerprint = overlapFingerprint(customers, access);
  const cached = await getAgentOverlap();
  if (
    cached?.fingerprint === fingerprint &&
    deps.now() - Date.parse(cached.readAt) < MEMBERS_MAX_AGE_MS
  )
    return { ok: true, value: cached, calls: 0 };
  const fresh = await read(
    (j) =>
      readAgentOverlap(
        j,
        { customerGroupIds: customers, accessGroupIds: access },
        fingerprint,
        deps.now,
      ),
    deps.makeClient,
  );
  if (fresh.ok) await putAgentOverlap(fresh.value);
  return fresh;
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
