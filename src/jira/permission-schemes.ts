// Which permission scheme a project uses, and the scheme's grants, for the exposure checks.
// GET /rest/api/3/project/{projectKeyOrId}/permissionscheme and
// GET /rest/api/3/permissionscheme/{schemeId}/permission; scope read:jira-work.
import { route } from '@forge/api';
import { z } from 'zod';

import type { PermissionGrant } from '../domain/health-schemas';
import type { JiraClient } from './client';
import { parseAs } from './parse';

const IdSchema = z.union([z.number(), z.string()]).transform(String);
const SchemeRefSchema = z.object({ id: IdSchema, name: z.string() });
const GrantsSchema = z.object({
  permissions: z
    .array(
      z.object({
        permission: z.string().optional(),
        holder: z
          .object({
            type: z.string(),
            parameter: z.string().nullish(),
            value: z.string().nullish(),
          })
          .optional(),
      }),
    )
    .default([]),
});

/** The scheme a project uses: its id and name. */
export async function getProjectPermissionScheme(
  client: JiraClient,
  projectKey: string,
): Promise<{ id: string; name: string }> {
  const call = `read the permission scheme of project ${projectKey}`;
  const raw = await client.requestJira(route`/rest/api/3/project/${projectKey}/permissionscheme`, {
    call,
    notFoundHint: `Project ${projectKey} no longer exists, or the app may not see it.`,
  });
  return parseAs(call, SchemeRefSchema, raw);
}

/**
 * A scheme's grants. A group holder's value is its groupId and its parameter its name; a
 * project role's value its id; an application role's value its product key, or nothing for
 * "any logged-in user".
 */
export async function getPermissionSchemeGrants(
  client: JiraClient,
  schemeId: string,
): Promise<PermissionGrant[]> {
  const call = `read the grants of permission scheme ${schemeId}`;
  const raw = await client.requestJira(route`/rest/api/3/permissionscheme/${schemeId}/permission`, {
    call,
  });
  return parseAs(call, GrantsSchema, raw).permissions.flatMap((g) => {
    if (!g.permission || !g.holder) return [];
    const { type, parameter, value } = g.holder;
    const id = value ?? parameter ?? undefined;
    return [
      {
        permission: g.permission,
        holder: {
          type,
          ...(id ? { value: id } : {}),
          ...(type === 'group' && parameter ? { name: parameter } : {}),
        },
      },
    ];
  });
}
