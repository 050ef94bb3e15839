// Organizations whose sync the hour's budget (or Jira's quota) cut off midway: the read their
// next sync goes on from (`orgread:<orgId>`), so that a run never waits holding the site for an
// organization too large for one hour, and no member page is read twice. Written through the
// run's lease; dropped once the organization is synced.
import { z } from 'zod';

import { getValue, listAll } from './kv';
import { type Fence, fencedWrite } from './lease';

const PREFIX = 'orgread:';

export const OrgReadSchema = z.object({
  /** The run under whose id the read's pages are kept (org-runs.ts). */
  readId: z.string(),
  /** When that read began: the sync's stamp counts from then, never from a later run's start. */
  startedAt: z.string(),
  /** A re-read nothing announced (the sweep's): spread over hours, a few pages each. */
  spread: z.boolean().optional(),
});
export type OrgRead = z.infer<typeof OrgReadSchema>;

export const getOrgRead = (orgId: string) => getValue(`${PREFIX}${orgId}`, OrgReadSchema);

export function putOrgRead(fence: Fence, orgId: string, read: OrgRead): Promise<void> {
  return fencedWrite(fence, [{ key: `${PREFIX}${orgId}`, value: OrgReadSchema.parse(read) }]);
}

export function dropOrgRead(fence: Fence, orgId: string): Promise<void> {
  return fencedWrite(fence, [{ key: `${PREFIX}${orgId}`, delete: true }]);
}

/** The runs whose pages a carried read still needs: pruning old runs keeps their pages. */
export async function carriedReadIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const { value } of listAll(PREFIX, OrgReadSchema)) ids.add(value.readId);
  return ids;
}
