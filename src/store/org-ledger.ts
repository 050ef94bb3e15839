// The organization ledger: members this app added to JSM organizations, one key per
// organization and account (`orgledger:<orgId>:<accountId>`), so a large organization is never
// one oversized value. An index (`orgledger-index`) names the organizations with entries, so a
// run finds those whose rule is gone. Every write goes through the writing run's lease. Entries
// are written pending ahead of each add and settled once Jira answered it (org-sync.ts).
import { z } from 'zod';

import type { OrgLedgerEntry } from '../domain/org-plan';
import { OrgLedgerEntrySchema } from '../domain/org-plan';
import { getValue, type KvWrite, listAll } from './kv';
import { type Fence, fencedWrite } from './lease';

const PREFIX = 'orgledger:';
const INDEX = 'orgledger-index';
/** A KVS transaction takes 25 operations; the fence check is one. */
const WRITES_PER_TX = 24;

const IndexSchema = z.object({
  organizations: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type OrgIndex = z.infer<typeof IndexSchema>['organizations'];

const key = (orgId: string, accountId: string) => `${PREFIX}${orgId}:${accountId}`;

export async function getOrgLedger(orgId: string): Promise<OrgLedgerEntry[]> {
  const out: OrgLedgerEntry[] = [];
  for await (const { value } of listAll(`${PREFIX}${orgId}:`, OrgLedgerEntrySchema))
    out.push(value);
  return out;
}

export async function getOrgIndex(): Promise<OrgIndex> {
  return (await getValue(INDEX, IndexSchema))?.organizations ?? [];
}

/** Records that the app keeps members in this organization (before the first add). */
export async function rememberOrganization(fence: Fence, id: string, name: string) {
  const index = await getOrgIndex();
  if (index.some((o) => o.id === id && o.name === name)) return;
  const organizations = [...index.filter((o) => o.id !== id), { id, name }];
  await fencedWrite(fence, [{ key: INDEX, value: { organizations } }]);
}

/** Drops an organization from the index once it has no entries left. */
export async function forgetOrganization(fence: Fence, id: string) {
  const index = await getOrgIndex();
  if (!index.some((o) => o.id === id)) return;
  await fencedWrite(fence, [
    { key: INDEX, value: { organizations: index.filter((o) => o.id !== id) } },
  ]);
}

/**
 * Forgets an organization Jira no longer has: every entry, then its index entry (a run cut off in
 * between finds it in the index again and ends the job).
 */
export async function dropOrganization(fence: Fence, id: string): Promise<number> {
  const entries = await getOrgLedger(id);
  await deleteOrgEntries(
    fence,
    id,
    entries.map((e) => e.accountId),
  );
  await forgetOrganization(fence, id);
  return entries.length;
}

export function putOrgEntries(fence: Fence, entries: OrgLedgerEntry[]): Promise<void> {
  return write(
    fence,
    entries.map((e) => ({ key: key(e.organizationId, e.accountId), value: e })),
  );
}

export function deleteOrgEntries(fence: Fence, orgId: string, accountIds: string[]) {
  return write(
    fence,
    accountIds.map((a) => ({ key: key(orgId, a), delete: true as const })),
  );
}

async function write(fence: Fence, writes: KvWrite[]): Promise<void> {
  for (let i = 0; i < writes.length; i += WRITES_PER_TX)
    await fencedWrite(fence, writes.slice(i, i + WRITES_PER_TX));
}
