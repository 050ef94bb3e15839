// Groups, always by groupId (names change in the identity provider). Scopes: read:jira-user
// (group picker, group bulk), manage:jira-configuration (group members).
import { route } from '@forge/api';
import { z } from 'zod';

import type { Group } from '../domain/schemas';
import type { JiraClient } from './client';
import { platformPages, platformPageSchema } from './paging';
import { parseAs } from './parse';

const FoundGroupSchema = z.object({
  groupId: z.string().nullish(),
  name: z.string(),
  managedBy: z.string().nullish(),
});
const FoundGroupsSchema = z.object({ groups: z.array(FoundGroupSchema).default([]) });

/**
 * Groups whose name contains `query` (GET /rest/api/3/groups/picker), with `managedBy`
 * (EXTERNAL = synced from the identity provider). Not paged: at most maxResults, which Jira may
 * cap further. An empty query lists groups from the start of the alphabet.
 */
export async function findGroups(
  client: JiraClient,
  query: string,
  opts: { maxResults?: number } = {},
): Promise<Group[]> {
  // The search text stays out of the message: errors reach `forge logs`, and the page shows
  // the text next to the error anyway.
  const call = query ? 'find groups matching the search' : 'list groups';
  const params = new URLSearchParams({
    query,
    maxResults: String(opts.maxResults ?? 50),
    caseInsensitive: 'true',
  });
  const raw = await client.requestJira(route`/rest/api/3/groups/picker?${params}`, { call });
  const found = parseAs(call, FoundGroupsSchema, raw);
  // A group without an id cannot be referred to safely, so it is not offered.
  return found.groups.flatMap((g) =>
    g.groupId
      ? [{ groupId: g.groupId, name: g.name, ...(g.managedBy ? { managedBy: g.managedBy } : {}) }]
      : [],
  );
}

/** Group ids per bulk call: a full page (50), so G groups cost ceil(G / 50) calls; ~45
 * characters an id keeps the URL under 2.5 KB. */
export const GROUP_IDS_PER_CALL = 50;
const GROUP_PAGE = 50;

const GroupDetailsSchema = z.object({ groupId: z.string(), name: z.string() });
const GroupPageSchema = platformPageSchema(GroupDetailsSchema);

/**
 * The groups that exist among `groupIds` (GET /rest/api/3/group/bulk?groupId=..&groupId=..).
 * An id missing from the answer is a deleted group (or one renamed by the identity provider,
 * which creates a new id). The bulk call does not return managedBy.
 */
export async function getGroupsByIds(
  client: JiraClient,
  groupIds: readonly string[],
): Promise<Map<string, Group>> {
  const unique = [...new Set(groupIds)];
  const found = new Map<string, Group>();
  for (let i = 0; i < unique.length; i += GROUP_IDS_PER_CALL) {
    const chunk = unique.slice(i, i + GROUP_IDS_PER_CALL);
    const pages = platformPages<z.infer<typeof GroupDetailsSchema>>(
      async (startAt, maxResults) => {
        const params = new URLSearchParams({
          startAt: String(startAt),
          maxResults: String(maxResults),
        });
        for (const id of chunk) params.append('groupId', id);
        const call = `look up group${chunk.length > 1 ? 's' : ''} ${chunk.length > 3 ? `${chunk.slice(0, 3).join(', ')} and ${chunk.length - 3} more` : chunk.join(', ')}`;
        return parseAs(
          call,
          GroupPageSchema,
          await client.requestJira(route`/rest/api/3/group/bulk?${params}`, { call }),
        );
      },
      { pageSize: GROUP_PAGE },
    );
    for await (const page of pages)
      for (const g of page) found.set(g.groupId, { groupId: g.groupId, name: g.name });
  }
  return found;
}
