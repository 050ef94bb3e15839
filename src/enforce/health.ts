// Reads what the health checks need from Jira and storage, then judges it (src/domain/health).
import { evaluateHealth } from '../domain/health';
import { JiraClient } from '../jira/client';
import { listApplicationRoles } from '../jira/application-roles';
import { findGroups, getGroupsByIds } from '../jira/groups';
import { listGlobalRoles } from '../jira/roles';
import { listRules } from '../store/rules';
import { listRunsPage, runPlansPage } from '../store/runs';
import { getKnownGroupNames } from '../store/settings';

export async function getHealth(jira = new JiraClient()) {
  const rules = await listRules();
  const groupIds = [...new Set(rules.flatMap((r) => r.groupIds))];
  const [appRoles, existingGroups, knownGroupNames, allGroups, roles, projectsMissingRole] =
    await Promise.all([
      listApplicationRoles(jira),
      getGroupsByIds(jira, groupIds),
      getKnownGroupNames(),
      findGroups(jira, '', { maxResults: 1000 }),
      listGlobalRoles(jira),
      projectsMissingRoleInLastRun(),
    ]);
  const checks = evaluateHealth({
    rules,
    serviceDeskRole: appRoles.find((r) => r.key === 'jira-servicedesk'),
    existingGroups,
    knownGroupNames,
    syncedGroups: allGroups.filter((g) => g.managedBy === 'EXTERNAL'),
    roleNames: new Set(roles.map((r) => r.name.toLowerCase())),
    projectsMissingRole,
  });
  return { checks, checkedAt: new Date().toISOString() };
}

/** From the newest finished whole-site run: the projects it skipped for a missing role. */
async function projectsMissingRoleInLastRun(): Promise<string[]> {
  const runs = await listRunsPage();
  const last = runs.items.find(
    (r) => !r.projectKey && !r.dryRun && (r.status === 'succeeded' || r.status === 'partly-failed'),
  );
  if (!last) return [];
  const keys = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await runPlansPage(last.id, cursor);
    for (const p of page.items)
      if (p.skips.some((s) => s.code === 'role-not-found')) keys.add(p.projectKey);
    cursor = page.nextCursor;
  } while (cursor && ++pages < 20);
  return [...keys].sort();
}
