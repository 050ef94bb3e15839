// What the person calling a resolver may do, asked of Jira as that person, so that Jira's own
// permission model decides (GET /rest/api/3/mypermissions; scope read:jira-work). Pass a client
// made with `new JiraClient({ request: api.asUser(accountId).requestJira })`.
import { route } from '@forge/api';
import { z } from 'zod';

import type { JiraClient } from './client';
import { parseAs } from './parse';

const MyPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean().optional() })),
});

async function havePermissions(
  userClient: JiraClient,
  call: string,
  params: URLSearchParams,
): Promise<Record<string, boolean> | null> {
  const raw = await userClient.requestJira(route`/rest/api/3/mypermissions?${params}`, {
    call,
    notFoundAsNull: true,
  });
  if (raw === null) return null;
  const perms = parseAs(call, MyPermissionsSchema, raw).permissions;
  return Object.fromEntries(Object.entries(perms).map(([k, v]) => [k, v.havePermission === true]));
}

/** Whether the caller has the Administer Jira global permission. */
export async function isJiraAdmin(userClient: JiraClient): Promise<boolean> {
  const have = await havePermissions(
    userClient,
    'check whether you are a Jira administrator',
    new URLSearchParams({ permissions: 'ADMINISTER' }),
  );
  return have?.ADMINISTER === true;
}

/** Whether the caller administers the project (Administer Projects there) or all of Jira. */
export async function canAdministerProject(
  userClient: JiraClient,
  projectKey: string,
): Promise<boolean> {
  const have = await havePermissions(
    userClient,
    `check whether you administer project ${projectKey}`,
    new URLSearchParams({ projectKey, permissions: 'ADMINISTER_PROJECTS,ADMINISTER' }),
  );
  // null: Jira answered 404, the project does not exist or the caller cannot see it.
  return have?.ADMINISTER_PROJECTS === true || have?.ADMINISTER === true;
}
