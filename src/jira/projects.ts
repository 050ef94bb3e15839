// Projects as the planner sees them, read with project search (GET /rest/api/3/project/search)
// and get project (GET /rest/api/3/project/{projectIdOrKey}). Scope: read:jira-work.
import { route } from '@forge/api';
import { z } from 'zod';

import type { Project } from '../domain/schemas';
import { pastFirst } from '../domain/text';
import type { JiraClient } from './client';
import { isLastPlatformPage, platformPageSchema } from './paging';
import { parseAs } from './parse';

/** Project search answers at most 100 a page. */
export const MAX_PROJECT_PAGE = 100;

const JiraProjectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.string(),
  style: z.string().optional(),
  simplified: z.boolean().optional(),
  projectCategory: z.object({ id: z.string() }).partial().optional(),
});
type JiraProject = z.infer<typeof JiraProjectSchema>;

const ProjectPageSchema = platformPageSchema(JiraProjectSchema);

export function toProject(p: JiraProject): Project {
  // `style` is the documented field; `simplified` says the same on answers that lack it.
  const style =
    p.style === 'next-gen' || (p.style === undefined && p.simplified === true)
      ? 'next-gen'
      : 'classic';
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    typeKey: p.projectTypeKey,
    style,
    ...(p.projectCategory?.id ? { categoryId: p.projectCategory.id } : {}),
  };
}

export interface ProjectPage {
  projects: Project[];
  startAt: number;
  isLast: boolean;
  total?: number;
}

/**
 * One page of project search. typeKey filters by project type (service_desk for JSM); omitted,
 * every type is listed. Used directly by the queue, which lists one page per event.
 */
export async function searchProjectsPage(
  client: JiraClient,
  opts: {
    startAt: number;
    maxResults: number;
    typeKey?: string;
    query?: string;
    /**
     * key (the default) reads well; id keeps the offsets of listed projects while projects are
     * created (a new project's id is higher than every other), so pages do not overlap.
     */
    orderBy?: 'key' | 'id';
  },
): Promise<ProjectPage> {
  const maxResults = Math.min(MAX_PROJECT_PAGE, Math.max(1, opts.maxResults));
  const query = new URLSearchParams({
    startAt: String(opts.startAt),
    maxResults: String(maxResults),
    orderBy: opts.orderBy ?? 'key',
  });
  if (opts.typeKey) query.set('typeKey', opts.typeKey);
  // Jira matches it against project keys and names; it stays out of `call` (logged).
  if (opts.query) query.set('query', opts.query);
  const call = `list ${opts.typeKey === 'service_desk' ? 'service projects' : 'projects'}${pastFirst(opts.startAt)}`;
  const raw = await client.requestJira(route`/rest/api/3/project/search?${query}`, { call });
  const page = parseAs(call, ProjectPageSchema, raw);
  return {
    projects: page.values.map(toProject),
    startAt: opts.startAt,
    isLast: isLastPlatformPage(page, opts.startAt, maxResults),
    ...(page.total !== undefined ? { total: page.total } : {}),
  };
}

export function listServiceProjectsPage(
  client: JiraClient,
  opts: { startAt: number; maxResults: number; orderBy?: 'key' | 'id' },
): Promise<ProjectPage> {
  return searchProjectsPage(client, { ...opts, typeKey: 'service_desk' });
}

/** One project by key or id; null when it does not exist (or the app may not see it). */
export async function getProject(client: JiraClient, keyOrId: string): Promise<Project | null> {
  const call = `read project ${keyOrId}`;
  const raw = await client.requestJira(route`/rest/api/3/project/${keyOrId}`, {
    call,
    notFoundAsNull: true,
  });
  return raw === null ? null : toProject(parseAs(call, JiraProjectSchema, raw));
}

/** Project search takes at most 50 ids or keys a call. */
const MAX_IDS_PER_SEARCH = 50;

/**
 * The projects with these ids or keys, every type, 50 a call; those that no longer exist (or
 * the app may not see) are simply absent. Change signals name projects this way.
 */
export async function searchProjectsByRefs(
  client: JiraClient,
  refs: { ids: string[]; keys: string[] },
): Promise<Project[]> {
  const out: Project[] = [];
  for (const [param, values] of [
    ['id', refs.ids],
    ['keys', refs.keys],
  ] as const) {
    for (let i = 0; i < values.length; i += MAX_IDS_PER_SEARCH) {
      const chunk = values.slice(i, i + MAX_IDS_PER_SEARCH);
      const query = new URLSearchParams({ maxResults: String(MAX_PROJECT_PAGE) });
      for (const v of chunk) query.append(param, v);
      const call = `find ${chunk.length} changed project(s) by ${param}`;
      const raw = await client.requestJira(route`/rest/api/3/project/search?${query}`, { call });
      out.push(...parseAs(call, ProjectPageSchema, raw).values.map(toProject));
    }
  }
  return out;
}
