// One page of the site's projects: becomes one batch on the queue, and the next page is queued
// behind it, so listing 5,000 projects never sits in one invocation or in memory. Every project
// type is listed, so a rule that names a software project by key says why it skips it.
import { JiraClient } from '../jira/client';
import { searchProjectsPage } from '../jira/projects';
import { getRunRecord, putRunRecord } from '../store/runs';
import { finalizeIfDone, releaseIfFinished } from './finalize-run';
import { ListEvent, pushEvents } from './queue';

export const PROJECT_PAGE_SIZE = 100;

export async function processList(ev: ListEvent, jira = new JiraClient()): Promise<void> {
  const run = await getRunRecord(ev.runId);
  if (!run) return;
  if (run.status !== 'running') return releaseIfFinished(run);
  if (run.listingDone) return;
  const index = ev.index;
  // A retried event whose page was already queued must not count it twice.
  if (run.batches > index) return;

  const page = await searchProjectsPage(jira, {
    startAt: ev.startAt,
    maxResults: PROJECT_PAGE_SIZE,
  });
  const events: Parameters<typeof pushEvents>[0] = [];
  if (page.projects.length > 0)
    events.push({ kind: 'batch', runId: run.id, index, projects: page.projects });
  // The next page starts after what Jira returned, which may be fewer than asked for.
  if (!page.isLast)
    events.push({
      kind: 'list',
      runId: run.id,
      startAt: ev.startAt + page.projects.length,
      index: index + 1,
    });
  await pushEvents(events);

  await putRunRecord({
    ...run,
    batches: index + (page.projects.length > 0 ? 1 : 0),
    listingDone: page.isLast,
    progress: { done: run.progress.done, total: page.total ?? ev.startAt + page.projects.length },
  });
  // Batches may all have finished before listing did.
  if (page.isLast) await finalizeIfDone(run.id);
}
