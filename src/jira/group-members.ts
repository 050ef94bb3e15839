// Members of a group, by groupId, a page at a time (GET /rest/api/3/group/member, pages of at
// most 50; scope manage:jira-configuration). Each member costs 2 points of Jira's quota, so the
// health checks read them within a budget, and again only when a count or the audit log says a
// group changed (or after a day).
import { route } from '@forge/api';
import { z } from 'zod';

import type { GroupMember } from '../domain/health-licences';
import { pastFirst } from '../domain/text';
import type { JiraClient } from './client';
import { isLastPlatformPage, platformPageSchema } from './paging';
import { parseAs } from './parse';

export const MEMBER_PAGE = 50;

const MemberPageSchema = platformPageSchema(
  z.object({
    accountId: z.string(),
    displayName: z.string().optional(),
    active: z.boolean().optional(),
  }),
);

export interface MemberPage {
  members: GroupMember[];
  total?: number;
  isLast: boolean;
}

/** One page of a group's members (active only unless asked). */
export async function groupMembersPage(
  client: JiraClient,
  groupId: string,
  opts: { startAt: number; maxResults?: number; includeInactive?: boolean },
): Promise<MemberPage> {
  const maxResults = Math.min(MEMBER_PAGE, opts.maxResults ?? MEMBER_PAGE);
  const params = new URLSearchParams({
    groupId,
    startAt: String(opts.startAt),
    maxResults: String(maxResults),
    includeInactiveUsers: String(opts.includeInactive ?? false),
  });
  const call = `list the members of group ${groupId}${pastFirst(opts.startAt)}`;
  const raw = await client.requestJira(route`/rest/api/3/group/member?${params}`, { call });
  const page = parseAs(call, MemberPageSchema, raw);
  return {
    members: page.values.map((m) => ({
      accountId: m.accountId,
      ...(m.displayName ? { displayName: m.displayName } : {}),
      active: m.active ?? true,
    })),
    ...(page.total !== undefined ? { total: page.total } : {}),
    isLast: isLastPlatformPage(page, opts.startAt, maxResults),
  };
}

/** How many active members a group has: one call for one member (Jira answers the total). */
export async function groupMemberCount(client: JiraClient, groupId: string): Promise<number> {
  const page = await groupMembersPage(client, groupId, { startAt: 0, maxResults: 1 });
  return page.total ?? page.members.length;
}
