// The project page's organizations: those the rules covering this project keep, and
// whether each is linked to its desk yet. Reads only; two calls, none when no rule keeps one.
import type { ProjectOrganization } from '../../domain/answers';
import type { Project, Rule } from '../../domain/schemas';
import type { JiraClient } from '../../jira/client';
import { deskOrganizationIds, listOrganizations } from '../../jira/organizations';
import { keepsOrganization } from './org-sync';

export async function projectOrganizations(
  project: Project,
  covering: Rule[],
  jira: JiraClient,
): Promise<ProjectOrganization[]> {
  const keeping = covering.filter((r) => keepsOrganization(r) && r.organization);
  if (keeping.length === 0) return [];
  const [site, linked] = await Promise.all([
    listOrganizations(jira),
    deskOrganizationIds(jira, project.key),
  ]);
  const out = new Map<string, ProjectOrganization>();
  for (const rule of keeping) {
    const want = rule.organization!;
    const org =
      site.find((o) => o.id === want.id) ??
      site.find((o) => o.name.trim().toLowerCase() === want.name.trim().toLowerCase());
    const key = org?.id ?? want.name.toLowerCase();
    const known = out.get(key);
    if (known) known.ruleIds.push(rule.id);
    else
      out.set(key, {
        name: org?.name ?? want.name,
        ...(org ? { organizationId: org.id } : {}),
        linked: !!org && linked.includes(org.id),
        ruleIds: [rule.id],
      });
  }
  return [...out.values()];
}
