// People, by account id: only their display name, for messages people read.
import { route } from '@forge/api';
import { z } from 'zod';

import type { JiraClient } from './client';
import { parseAs } from './parse';

const UserSchema = z.object({ accountId: z.string(), displayName: z.string().optional() });

/** The person's display name, or undefined when Jira does not know them (or hides it). */
export async function getUserDisplayName(
  client: JiraClient,
  accountId: string,
): Promise<string | undefined> {
  const call = `read user ${accountId}`;
  const params = new URLSearchParams({ accountId });
  const raw = await client.requestJira(route`/rest/api/3/user?${params}`, {
    call,
    notFoundAsNull: true,
  });
  return raw === null ? undefined : parseAs(call, UserSchema, raw).displayName;
}

/** The account the app acts as (asApp): its own writes in Jira's audit log carry it. */
export async function getAppAccountId(client: JiraClient): Promise<string> {
  const call = "read the app's own account";
  const raw = await client.requestJira(route`/rest/api/3/myself`, { call });
  return parseAs(call, UserSchema, raw).accountId;
}
