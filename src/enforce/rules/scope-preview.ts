// Which service projects a scope covers right now: the rule editor's live list.
//
// A resolver has 25 s, and the site may have thousands of service projects while a run is
// using most of Jira's rate limit. So the first page tells how many service projects there are
// (project search answers `total`), the other pages are read a few at once (the client's
// limiter paces them), and reading stops at a deadline well inside the resolver's limit: the
// answer then says how far it got (`complete: false`, `scanned` of `serviceProjects`) instead
// of timing out. On an idle site 5,000 service projects take about 50 calls, a few seconds.
import type { Project, ProjectScope } from '../../domain/schemas';
import { DEFAULT_ROLE_NAME } from '../../domain/schemas';
import { ruleCoversProject } from '../../domain/scope';
import { JiraClient } from '../../jira/client';
import type { ProjectPage } from '../../jira/projects';
import { listServiceProjectsPage, MAX_PROJECT_PAGE } from '../../jira/projects';
import { mapLimit } from '../map-limit';

/** The editor shows this many; the total is still counted over the whole site. */
const SHOWN = 200;
/** Pages read at once after the first. */
const PAGE_CONCURRENCY = 4;
/** No page is started after this long, so the answer leaves well before the 25 s limit. */
export const PREVIEW_DEADLINE_MS = 12_000;

export async function previewScope(
  scope: ProjectScope,
  exclude: string[],
  // A throttled page waits at most 5 s in all: past the deadline it would not be used anyway.
  jira = new JiraClient({ maxTotalWaitMs: 5_000 }),
  now: () => number = Date.now,
) {
  const deadline = now() + PREVIEW_DEADLINE_MS;
  const probe = {
    id: 'preview',
    name: 'preview',
    groupIds: ['preview'],
    scope,
    exclude,
    roleName: DEFAULT_ROLE_NAME,
    enabled: true,
    createdAt: '',
    updatedAt: '',
  };
  const shown: Pick<Project, 'key' | 'name' | 'style'>[] = [];
  const excluded: string[] = [];
  let total = 0;
  let scanned = 0;
  const take = (page: ProjectPage) => {
    scanned += page.projects.length;
    for (const p of page.projects) {
      const verdict = ruleCoversProject(probe, p);
      if (verdict.covered) {
        total++;
        if (shown.length < SHOWN) shown.push({ key: p.key, name: p.name, style: p.style });
      } else if (verdict.code === 'project-excluded') excluded.push(p.key);
    }
  };

  const first = await listServiceProjectsPage(jira, { startAt: 0, maxResults: MAX_PROJECT_PAGE });
  take(first);
  let complete = first.isLast;
  if (!first.isLast && first.total !== undefined) {
    // Jira said how many there are: read the remaining pages a few at once, in key order, each
    // the size Jira answered the first one with (it may cap pages below what was asked).
    const step = first.projects.length;
    const starts: number[] = [];
    for (let at = step; at < first.total; at += step) starts.push(at);
    const pages = await mapLimit(starts, PAGE_CONCURRENCY, async (startAt) =>
      now() < deadline
        ? listServiceProjectsPage(jira, { startAt, maxResults: MAX_PROJECT_PAGE })
        : undefined,
    );
    complete = pages.every((p) => p !== undefined);
    for (const p of pages) if (p) take(p);
    // Projects created while reading: the last page said it was not the last.
    if (complete && pages.length > 0 && !pages[pages.length - 1]!.isLast) complete = false;
  } else if (!first.isLast) {
    // No total: page on one at a time until the last page or the deadline.
    for (
      let startAt = first.projects.length, page = first;
      !page.isLast;
      startAt += page.projects.length
    ) {
      if (now() >= deadline) break;
      page = await listServiceProjectsPage(jira, { startAt, maxResults: MAX_PROJECT_PAGE });
      take(page);
      complete = page.isLast;
    }
  }
  return {
    projects: shown,
    total,
    excluded,
    complete,
    scanned,
    serviceProjects: Math.max(first.total ?? scanned, scanned),
  };
}
