// The rule editor's project picker: projects of every type matching what the admin typed, with
// what a rule needs to know about each (team-managed, not a service project, its category).
import type { ProjectPickerOption } from '../../domain/project-picker';
import { listProjectCategories } from '../../jira/categories';
import { JiraClient } from '../../jira/client';
import { searchProjectsPage } from '../../jira/projects';

/** One page is plenty for a picker: the admin types more to narrow it. */
const PICKER_PAGE = 50;

export async function searchProjectsForPicker(
  query: string,
  jira = new JiraClient(),
): Promise<ProjectPickerOption[]> {
  const [page, categories] = await Promise.all([
    searchProjectsPage(jira, { startAt: 0, maxResults: PICKER_PAGE, query: query.trim() }),
    listProjectCategories(jira),
  ]);
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  return page.projects.map((p) => ({
    key: p.key,
    name: p.name,
    style: p.style,
    service: p.typeKey === 'service_desk',
    typeKey: p.typeKey,
    ...(p.categoryId ? { category: categoryName.get(p.categoryId) ?? p.categoryId } : {}),
  }));
}
