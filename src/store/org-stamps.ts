// What the last full sync of each organization was made from (`orgsynced:<orgId>`, one small
// value, written through the run's lease only after the organization was synced without error),
// and the audit log's hints of group changes (`orghints`: groupId -> newest record's time, for
// the rules' groups only). An hourly run compares them with what it counts (domain/org-probe).
import { z } from 'zod';

import { type OrgSyncStamp, OrgSyncStampSchema } from '../domain/org-probe';
import { getValue, setValue } from './kv';
import { type Fence, fencedWrite } from './lease';

const stampKey = (orgId: string) => `orgsynced:${orgId}`;
const HINTS_KEY = 'orghints';

const HintsSchema = z.object({ groups: z.record(z.string(), z.string()) });

export const getOrgStamp = (orgId: string) => getValue(stampKey(orgId), OrgSyncStampSchema);

export function putOrgStamp(fence: Fence, orgId: string, stamp: OrgSyncStamp): Promise<void> {
  return fencedWrite(fence, [{ key: stampKey(orgId), value: stamp }]);
}

/** A failed sync: the next hourly run syncs the organization in full, whatever it counts. */
export function dropOrgStamp(fence: Fence, orgId: string): Promise<void> {
  return fencedWrite(fence, [{ key: stampKey(orgId), delete: true }]);
}

export async function getGroupHints(): Promise<Record<string, string>> {
  return (await getValue(HINTS_KEY, HintsSchema))?.groups ?? {};
}

/**
 * Keeps the newest record time per group; groups no rule names any more are dropped. Written
 * only when the audit log named a rule's group.
 */
export async function addGroupHints(
  hints: Record<string, string>,
  ruleGroupIds: Set<string>,
): Promise<void> {
  if (Object.keys(hints).length === 0) return;
  const old = await getGroupHints();
  const groups: Record<string, string> = {};
  for (const [g, at] of Object.entries(old)) if (ruleGroupIds.has(g)) groups[g] = at;
  for (const [g, at] of Object.entries(hints))
    if (ruleGroupIds.has(g) && !(groups[g] >= at)) groups[g] = at;
  await setValue(HINTS_KEY, { groups });
}
