// Groups for the rule editor's picker: synced (identity provider) groups first, each with the
// guard rails' reason when a rule could not (or, unsynced, should not) make it customers, so the
// picker warns before the save refuses.
import { groupRefusal } from '../../domain/guard-rails';
import { listApplicationRoles } from '../../jira/application-roles';
import { JiraClient } from '../../jira/client';
import { findGroups } from '../../jira/groups';

export async function listPickableGroups(query: string | undefined, jira = new JiraClient()) {
  const [groups, appRoles] = await Promise.all([
    findGroups(jira, query ?? '', { maxResults: 200 }),
    listApplicationRoles(jira),
  ]);
  return groups
    .map((g) => {
      const products = appRoles
        .filter((r) => r.groupIds.includes(g.groupId) || r.defaultGroupIds.includes(g.groupId))
        .map((r) => r.name);
      const warning = groupRefusal(
        { groupId: g.groupId, name: g.name, managedBy: g.managedBy ?? 'UNKNOWN', products },
        false,
      );
      return { ...g, synced: g.managedBy === 'EXTERNAL', ...(warning ? { warning } : {}) };
    })
    .sort((a, b) => Number(b.synced) - Number(a.synced) || a.name.localeCompare(b.name));
}
