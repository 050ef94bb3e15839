// A run's organization sync: its record (`runorg:<runId>`, written through the run's lease: which
// organizations are done, counts, plan summaries), and the members it read, page by page
// (`runorgm:<readId>:<source>:<page>`, the source a group's id or `org-<orgId>`), so a
// continuation never reads a page again. A read is the run's own, or one an earlier run began
// and the hour's budget cut off (org-reads.ts): its pages stay under that run's id.
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { type OrgPlanSummary, OrgPlanSummarySchema } from '../domain/org-plan';

export { type OrgPlanSummary, OrgPlanSummarySchema };
import { getValue } from './kv';
import { type Fence, fencedWrite } from './lease';

export const OrgSyncRecordSchema = z.object({
  done: z.boolean(),
  /** keys of the organizations finished (id, or name: for one not created yet) */
  synced: z.array(z.string()),
  plans: z.array(OrgPlanSummarySchema),
  counts: z.object({
    orgAdds: z.number(),
    orgRemovals: z.number(),
    memberReads: z.number(),
    errors: z.number(),
    /** Of the errors, organizations that could not be read (their members left as they are). */
    failedReads: z.number().optional(),
  }),
});
export type OrgSyncRecord = z.infer<typeof OrgSyncRecordSchema>;

export const orgSyncKey = (runId: string) => `runorg:${runId}`;
export const orgMembersPrefix = (runId: string) => `runorgm:${runId}:`;

export function newOrgSync(): OrgSyncRecord {
  return {
    done: false,
    synced: [],
    plans: [],
    counts: { orgAdds: 0, orgRemovals: 0, memberReads: 0, errors: 0 },
  };
}

export function getOrgSync(runId: string): Promise<OrgSyncRecord | undefined> {
  return getValue(orgSyncKey(runId), OrgSyncRecordSchema);
}

export function putOrgSync(fence: Fence, runId: string, rec: OrgSyncRecord): Promise<void> {
  return fencedWrite(fence, [{ key: orgSyncKey(runId), value: rec }]);
}

const MemberPageSchema = z.object({
  ids: z.array(z.string()),
  isLast: z.boolean(),
  /** The group's active members as Jira counted them with this page (kept for the next probe). */
  total: z.number().optional(),
});
export type MemberPage = z.infer<typeof MemberPageSchema>;

/** The source name of an organization's own member pages (a group's is its id). */
export const orgSource = (orgId: string) => `org-${orgId}`;

const pageKey = (readId: string, source: string, page: number) =>
  `${orgMembersPrefix(readId)}${source}:${String(page).padStart(5, '0')}`;

export function getMemberPage(readId: string, source: string, page: number) {
  return getValue(pageKey(readId, source, page), MemberPageSchema);
}

/** Kept at most 30 days: a read carried longer than that reads its oldest pages again. */
export function putMemberPage(readId: string, source: string, page: number, v: MemberPage) {
  return kvs.set(pageKey(readId, source, page), MemberPageSchema.parse(v), {
    ttl: { value: 30, unit: 'DAYS' },
  });
}
