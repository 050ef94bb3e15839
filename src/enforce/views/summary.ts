// The landing summary: a handful of KVS reads (the newest runs page, the health report, the
// settings, the requests), never Jira.
import type { Summary } from '../../domain/summary';
import { listExclusionRequests } from '../../store/exclusion-requests';
import { listRunsPage } from '../../store/runs';
import { getSettings } from '../../store/settings';
import { readHealth } from '../health/health';
import { nextScheduledRun } from './project-status';

export async function getSummary(): Promise<Summary> {
  const [runs, health, settings, requests] = await Promise.all([
    listRunsPage(),
    readHealth(),
    getSettings(),
    listExclusionRequests(),
  ]);
  const lastRun = runs.items.find((r) => !r.dryRun);
  const failing = health.checks.filter((c) => c.status === 'fail');
  const status = !health.checkedAt
    ? 'unchecked'
    : failing.length
      ? 'fail'
      : health.checks.some((c) => c.status === 'warn')
        ? 'warn'
        : health.checks.some((c) => c.status === 'unknown')
          ? 'unknown'
          : 'pass';
  return {
    ...(lastRun ? { lastRun } : {}),
    scheduleEnabled: settings.scheduleEnabled,
    ...(settings.scheduleEnabled ? { nextScheduledRunAt: nextScheduledRun(runs.items) } : {}),
    health: {
      status,
      ...(health.checkedAt ? { checkedAt: health.checkedAt } : {}),
      failing: failing.map((c) => ({ id: c.id, number: c.number, title: c.title })),
      warnings: health.checks.filter((c) => c.status === 'warn' || c.status === 'unknown').length,
    },
    pendingRequests: requests.filter((r) => r.status === 'pending').length,
  };
}
