// Which service projects a scope covers right now: the rule editor's live list.
import { ruleCoversProject } from '../domain/scope';
import { ProjectScope, Project, DEFAULT_ROLE_NAME } from '../domain/schemas';
import { JiraClient } from '../jira/client';
import { listServiceProjects } from '../jira/projects';

/** The editor shows this many; the total is still counted over the whole site. */
const SHOWN = 200;

export async function previewScope(scope: ProjectScope, exclude: string[], jira = new JiraClient()) {
  const probe = { id: 'preview', name: 'preview', groupIds: ['preview'], scope, exclude, roleName: DEFAULT_ROLE_NAME, enabled: true, createdAt: '', updatedAt: '' };
  const shown: Pick<Project, 'key' | 'name' | 'style'>[] = [];
  let total = 0;
  const excluded: string[] = [];
  for await (const page of listServiceProjects(jira, { pageSize: 100 })) {
    for (const p of page) {
      const verdict = ruleCoversProject(probe, p);
      if (verdict.covered) {
        total++;
        if (shown.length < SHOWN) shown.push({ key: p.key, name: p.name, style: p.style });
      } else if (verdict.code === 'project-excluded') excluded.push(p.key);
    }
  }
  return { projects: shown, total, excluded };
}
