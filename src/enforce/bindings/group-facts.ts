// Reads what the guard rails (src/domain/guard-rails.ts) judge a group by: its name, whether the
// identity provider manages it, and which products it grants access to.
import { type GroupFacts, productsGrantedBy } from '../../domain/guard-rails';
import { listApplicationRoles } from '../../jira/application-roles';
import type { JiraClient } from '../../jira/client';
import { findGroups, getGroupsByIds } from '../../jira/groups';

/**
 * Facts for the groups among `groupIds` that exist (absent: deleted). `withManagedBy` also asks
 * the group picker, the only call that answers `managedBy` (one call per group: saves and
 * imports only; a run judges by name and product access).
 */
export async function readGroupFacts(
  jira: JiraClient,
  groupIds: readonly string[],
  opts: { withManagedBy: boolean },
): Promise<Map<string, GroupFacts>> {
  const [found, appRoles] = await Promise.all([
    getGroupsByIds(jira, groupIds),
    listApplicationRoles(jira),
  ]);
  const facts = new Map<string, GroupFacts>();
  for (const g of found.values()) {
    const products = productsGrantedBy(g.groupId, appRoles);
    facts.set(g.groupId, { groupId: g.groupId, name: g.name, products });
  }
  if (opts.withManagedBy) {
    for (const f of facts.values()) {
      const matches = await findGroups(jira, f.name, { maxResults: 50 });
      // Matched by id: names are not unique across directories. Not found reads as not synced.
      f.managedBy = matches.find((m) => m.groupId === f.groupId)?.managedBy ?? 'UNKNOWN';
    }
  }
  return facts;
}
