// Product access (application roles), read for the health checks: customer groups must not be in
// jira-servicedesk (they would take agent licences), nor among its default groups; and the
// licence's seat figures. GET /rest/api/3/applicationrole; scope manage:jira-configuration.
import { route } from '@forge/api';
import { z } from 'zod';

import type { ApplicationRole } from '../domain/health-schemas';
import type { JiraClient } from './client';
import { parseAs } from './parse';

const GroupRefSchema = z.object({ groupId: z.string().nullish(), name: z.string().optional() });
const ApplicationRoleAnswerSchema = z.object({
  key: z.string(),
  name: z.string().optional(),
  groupDetails: z.array(GroupRefSchema).optional(),
  defaultGroupsDetails: z.array(GroupRefSchema).optional(),
  selectedByDefault: z.boolean().optional(),
  userCount: z.number().int().optional(),
  numberOfSeats: z.number().int().optional(),
  remainingSeats: z.number().int().optional(),
  hasUnlimitedSeats: z.boolean().optional(),
});

const idsOf = (refs: z.infer<typeof GroupRefSchema>[] | undefined) =>
  (refs ?? []).flatMap((g) => (g.groupId ? [g.groupId] : []));

export async function listApplicationRoles(client: JiraClient): Promise<ApplicationRole[]> {
  const call = 'read product access (application roles)';
  const raw = await client.requestJira(route`/rest/api/3/applicationrole`, { call });
  return parseAs(call, z.array(ApplicationRoleAnswerSchema), raw).map((r) => ({
    key: r.key,
    name: r.name ?? r.key,
    groupIds: idsOf(r.groupDetails),
    defaultGroupIds: idsOf(r.defaultGroupsDetails),
    selectedByDefault: r.selectedByDefault ?? false,
    groupNames: Object.fromEntries(
      [...(r.groupDetails ?? []), ...(r.defaultGroupsDetails ?? [])].flatMap((g) =>
        g.groupId && g.name ? [[g.groupId, g.name]] : [],
      ),
    ),
    ...(r.userCount !== undefined ? { userCount: r.userCount } : {}),
    ...(r.numberOfSeats !== undefined ? { numberOfSeats: r.numberOfSeats } : {}),
    ...(r.remainingSeats !== undefined ? { remainingSeats: r.remainingSeats } : {}),
    ...(r.hasUnlimitedSeats !== undefined ? { hasUnlimitedSeats: r.hasUnlimitedSeats } : {}),
  }));
}
