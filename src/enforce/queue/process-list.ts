// One page of the site's projects: becomes one batch on the queue, and the next page is queued
// behind it, so listing 5,000 projects never sits in one invocation or in memory. Every project
// type is listed, so a rule that names a software project by key says why it skips it.
// Exactly once: the delivery claims `list:<index>` first; the page is recorded (through the
// run's lease) before its events are pushed, so a retry pushes what was recorded, and a copy of
// the event does nothing. An event pushed twice is harmless: its consumers claim it too.
import { JiraClient } from '../../jira/client';
import { searchProjectsPage } from '../../jira/projects';
import { QuotaSpentError } from '../../jira/quota-tracker';
import type { Delivery } from '../../store/event-claims';
import type { Fence } from '../../store/lease';
import { getRunListed, getRunPage, putRunPage, type RunPage } from '../../store/runs';
import { applyBudget, pauseIfSpent, payerOf, recordEventSpend } from '../quota/quota-budget';
import { finalizeIfDone } from '../run/finalize-run';
import { runEvent } from './event-gate';
import type { ListEvent } from './queue';
import { type EnforceEvent, eventKey, pushEvents } from './queue';

export const PROJECT_PAGE_SIZE = 100;

export function processList(
  ev: ListEvent,
  delivery: Delivery,
  jira = new JiraClient(),
): Promise<void> {
  return runEvent(ev, delivery, async ({ run, ctx }) => {
    // A retry after the page was recorded pushes what was recorded, without asking Jira again.
    let page = await getRunPage(run.id, ev.index);
    if (!page) {
      await applyBudget(jira, ctx.settings, {
        hold: { runId: run.id, eventKey: eventKey(ev) },
        payer: payerOf(run),
      });
      try {
        page = await listPage(ev, ctx.fence, jira);
      } catch (err) {
        if (!(err instanceof QuotaSpentError)) throw err;
        // The hour's points are spent: this page is listed again (a new event) after the reset.
        const delayMs = await pauseIfSpent(jira, ctx.fence, run.id, Date.now(), payerOf(run));
        await pushEvents([{ ...ev, attempt: (ev.attempt ?? 0) + 1 }], delayMs);
        return;
      } finally {
        await recordEventSpend(jira, run.id, eventKey(ev), Date.now(), payerOf(run));
      }
    }
    await pushEvents(eventsOf(page, run.id));
    if (page.isLast) await finalizeIfDone(run.id, ctx.fence);
  });
}

async function listPage(ev: ListEvent, fence: Fence, jira: JiraClient): Promise<RunPage> {
  const [found, before] = await Promise.all([
    searchProjectsPage(jira, { startAt: ev.startAt, maxResults: PROJECT_PAGE_SIZE, orderBy: 'id' }),
    getRunListed(ev.runId),
  ]);
  // List events run one after another (each pushes the next): the listing's cost adds up here.
  const cost = jira.cost();
  // Pages go by id, so a project created meanwhile comes last; one restored (or a page shifted
  // by any other change) can still bring back a project listed before: it is enforced once.
  const lastId = before?.lastId;
  const fresh = lastId
    ? found.projects.filter((p) => Number(p.id) > Number(lastId))
    : found.projects;
  const page: RunPage = {
    index: ev.index,
    startAt: ev.startAt,
    projects: fresh,
    // An empty page that is not the last would list the same page for ever: nothing is left.
    isLast: found.isLast || found.projects.length === 0,
    ...(fresh.length < found.projects.length ? { returned: found.projects.length } : {}),
  };
  const ids = fresh.map((p) => Number(p.id));
  await putRunPage(fence, ev.runId, page, {
    // A page whose projects were all listed before still has its (empty) batch: batches are
    // counted by page.
    batches: ev.index + (found.projects.length > 0 ? 1 : 0),
    total: found.total ?? ev.startAt + found.projects.length,
    done: page.isLast,
    ...(ids.length > 0 || lastId ? { lastId: String(Math.max(Number(lastId ?? 0), ...ids)) } : {}),
    calls: (before?.calls ?? 0) + cost.calls,
    points: (before?.points ?? 0) + cost.points,
    ...(cost.quota ? { quota: cost.quota } : before?.quota ? { quota: before.quota } : {}),
  });
  return page;
}

function eventsOf(page: RunPage, runId: string): EnforceEvent[] {
  const events: EnforceEvent[] = [];
  const returned = page.returned ?? page.projects.length;
  if (returned > 0)
    events.push({ kind: 'batch', runId, index: page.index, part: 0, projects: page.projects });
  // The next page starts after what Jira returned, which may be fewer than asked for.
  if (!page.isLast)
    events.push({
      kind: 'list',
      runId,
      startAt: page.startAt + returned,
      index: page.index + 1,
    });
  return events;
}
