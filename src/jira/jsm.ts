// Jira Service Management's own view of service projects (GET /rest/servicedeskapi/servicedesk;
// scope read:servicedesk-request). JSM endpoints take a service desk id, not a project id.
import { route } from '@forge/api';
import { z } from 'zod';
import { JiraClient } from './client';
import { parseAs } from './parse';
import { collect, jsmPages, jsmPageSchema } from './paging';

const ServiceDeskSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  projectKey: z.string().optional(),
  projectName: z.string().optional(),
});
export type ServiceDesk = z.infer<typeof ServiceDeskSchema>;
const ServiceDeskPageSchema = jsmPageSchema(ServiceDeskSchema);

export const SERVICE_DESK_PAGE = 50;

/** Every service desk on the site. */
export function listServiceDesks(client: JiraClient): Promise<ServiceDesk[]> {
  return collect(
    jsmPages(async (start, limit) => {
      const call = `list service desks (from ${start})`;
      const params = new URLSearchParams({ start: String(start), limit: String(limit) });
      return parseAs(call, ServiceDeskPageSchema, await client.request(call, route`/rest/servicedeskapi/servicedesk?${params}`));
    }, { limit: SERVICE_DESK_PAGE }),
  );
}

/** projectId -> serviceDeskId. */
export async function serviceDeskIdsByProjectId(client: JiraClient): Promise<Map<string, string>> {
  return new Map((await listServiceDesks(client)).map((d) => [d.projectId, d.id]));
}
