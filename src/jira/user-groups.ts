// The groups a person is in (GET /rest/api/3/user/groups; scope read:jira-user, the Browse users
// and groups permission). One call, not paged, 2 points a group: for a few people it is cheaper
// than reading the members of large groups to find them there.
import { route } from '@forge/api';
import { z } from 'zod';

import type { JiraClient } from './client';
import { parseAs } from './parse';

const UserGroupsSchema = z.array(z.object({ groupId: z.string().nullish(), name: z.string() }));

/**
 * The ids of the person's groups, and how many groups Jira answered (a group answered without its
 * id counts there only); null when Jira does not know the person (deleted since).
 */
export async function getUserGroupIds(
  client: JiraClient,
  accountId: string,
): Promise<{ groupIds: string[]; answered: number } | null> {
  const call = `read the groups of user ${accountId}`;
  const params = new URLSearchParams({ accountId });
  const raw = await client.requestJira(route`/rest/api/3/user/groups?${params}`, {
    call,
    notFoundAsNull: true,
  });
  if (raw === null) return null;
  const groups = parseAs(call, UserGroupsSchema, raw);
  return {
    groupIds: groups.flatMap((g) => (g.groupId ? [g.groupId] : [])),
    answered: groups.length,
  };
}
