// Groups for the rule editor's picker: synced (identity provider) groups first.
import { JiraClient } from '../jira/client';
import { findGroups } from '../jira/groups';

export async function listPickableGroups(query: string | undefined, jira = new JiraClient()) {
  const groups = await findGroups(jira, query ?? '', { maxResults: 200 });
  return groups
    .map((g) => ({ ...g, synced: g.managedBy === 'EXTERNAL' }))
    .sort((a, b) => Number(b.synced) - Number(a.synced) || a.name.localeCompare(b.name));
}
