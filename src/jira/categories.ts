// Project categories, for the rule editor's category picker (GET /rest/api/3/projectCategory).
// Scope: read:jira-work.
import { route } from '@forge/api';
import { z } from 'zod';

import type { JiraClient } from './client';
import { parseAs } from './parse';

const ProjectCategorySchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
});
const ProjectCategoriesSchema = z.array(ProjectCategorySchema);

export interface ProjectCategory {
  id: string;
  name: string;
  description?: string;
}

/**
 * Every project category of the site, by name. Not paged: Jira answers them all at once. A
 * category without a name (Jira always sends one) is shown by its id rather than dropped.
 */
export async function listProjectCategories(client: JiraClient): Promise<ProjectCategory[]> {
  const call = 'list project categories';
  const raw = await client.requestJira(route`/rest/api/3/projectCategory`, { call });
  // An empty body is no categories.
  const categories = parseAs(call, ProjectCategoriesSchema, raw ?? []);
  return categories
    .map((c) => ({
      id: c.id,
      name: c.name?.trim() || `Category ${c.id}`,
      ...(c.description?.trim() ? { description: c.description.trim() } : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
