// A change-driven run's projects, recorded as the run's pages (as a full run's listing records
// them) before their batch events are pushed, so a retried consumer finds what it must do.
import type { Project, VisitReason } from '../../domain/schemas';
import type { KvWrite } from '../../store/kv';
import { type Fence, fencedWrite } from '../../store/lease';
import { listedKey, pageKey, type RunPage, RunPageSchema } from '../../store/runs';
import type { EnforceEvent } from '../queue/queue';

/** As a listed page: 100 projects a batch. */
const BATCH = 100;

function pagesOf(projects: Project[]): RunPage[] {
  const pages: RunPage[] = [];
  for (let i = 0; i < projects.length; i += BATCH)
    pages.push({
      index: pages.length,
      startAt: i,
      projects: projects.slice(i, i + BATCH),
      isLast: i + BATCH >= projects.length,
    });
  return pages;
}

/** Writes the pages; answers the listing's write, for the run's first transaction. */
export async function recordVisits(
  fence: Fence,
  runId: string,
  projects: Project[],
): Promise<KvWrite[]> {
  const pages = pagesOf(projects);
  for (const page of pages)
    await fencedWrite(fence, [
      { key: pageKey(runId, page.index), value: RunPageSchema.parse(page) },
    ]);
  return [
    {
      key: listedKey(runId),
      value: { batches: pages.length, total: projects.length, done: true },
    },
  ];
}

export function visitEvents(runId: string, projects: Project[]): EnforceEvent[] {
  return pagesOf(projects).map((page) => ({
    kind: 'batch',
    runId,
    index: page.index,
    part: 0,
    projects: page.projects,
  }));
}

/** How many projects the run visits for each reason (a project may have several). */
export function countVisits(projects: Project[]): Partial<Record<VisitReason, number>> {
  const counts: Partial<Record<VisitReason, number>> = {};
  for (const p of projects) for (const r of p.visit ?? []) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}
