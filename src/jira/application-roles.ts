// Product access (application roles), read for the health checks: customer groups must not be in
// jira-servicedesk (they would take agent licences), nor among its default groups.
// GET /rest/api/3/applicationrole; scope manage:jira-configuration.
import { route } from '@forge/api';
import { z } from 'zod';
import { JiraClient } from './client';
import { parseAs } from './parse';

export interface ApplicationRole {
  key: string;
  name: string;
  /** Groups that grant access to the product. */
  groupIds: string[];
  /** Groups new users are put in when they get the product by default. */
  defaultGroupIds: string[];
  /** "New users have access to this product". */
  selectedByDefault: boolean;
}

const GroupRefSchema = z.object({ groupId: z.string().nullish(), name: z.string().optional() });
const ApplicationRoleSchema = z.object({
  key: z.string(),
  name: z.string().optional(),
  groupDetails: z.array(GroupRefSchema).optional(),
  defaultGroupsDetails: z.array(GroupRefSchema).optional(),
  selectedByDefault: z.boolean().optional(),
});

const idsOf = (refs: z.infer<typeof GroupRefSchema>[] | undefined) =>
  (refs ?? []).flatMap((g) => (g.groupId ? [g.groupId] : []));

export async function listApplicationRoles(client: JiraClient): Promise<ApplicationRole[]> {
  const call = 'read product access (application roles)';
  const raw = await client.requestJira(route`/rest/api/3/applicationrole`, { call });
  return parseAs(call, z.array(ApplicationRoleSchema), raw).map((r) => ({
    key: r.key,
    name: r.name ?? r.key,
    groupIds: idsOf(r.groupDetails),
    defaultGroupIds: idsOf(r.defaultGroupsDetails),
    selectedByDefault: r.selectedByDefault ?? false,
  }));
}
