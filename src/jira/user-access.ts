// Which products a person has (GET /rest/api/3/user?expand=applicationRoles; scope
// read:jira-user): whether a new account took a Jira Service Management seat.
import { route } from '@forge/api';
import { z } from 'zod';

import type { JiraClient } from './client';
import { parseAs } from './parse';

const UserSchema = z.object({
  accountId: z.string(),
  displayName: z.string().optional(),
  applicationRoles: z
    .object({ items: z.array(z.object({ key: z.string() })).default([]) })
    .optional(),
});

/** The person's products by key, or null when Jira does not know them. */
export async function getUserProducts(
  client: JiraClient,
  accountId: string,
): Promise<{ displayName?: string; productKeys: string[] } | null> {
  const call = `read the products of user ${accountId}`;
  const params = new URLSearchParams({ accountId, expand: 'applicationRoles' });
  const raw = await client.requestJira(route`/rest/api/3/user?${params}`, {
    call,
    notFoundAsNull: true,
  });
  if (raw === null) return null;
  const u = parseAs(call, UserSchema, raw);
  return {
    ...(u.displayName ? { displayName: u.displayName } : {}),
    productKeys: (u.applicationRoles?.items ?? []).map((r) => r.key),
  };
}
