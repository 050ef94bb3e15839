// The audit trail: one key per entry, newest first (`audit:<newestFirstId>`).
import { AuditEntry, AuditEntrySchema } from '../domain/schemas';
import { newestFirstId } from './ids';
import { listPage, setValue } from './kv';

const PREFIX = 'audit:';

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

export async function appendAudit(entries: AuditInput[]): Promise<void> {
  const now = new Date();
  await Promise.all(
    entries.map((e) => {
      const id = newestFirstId(now);
      const entry = AuditEntrySchema.parse({ ...e, id, at: e.at ?? now.toISOString() });
      return setValue(PREFIX + id, entry);
    }),
  );
}

export interface AuditFilter {
  projectKey?: string;
  groupId?: string;
  ruleId?: string;
  kind?: AuditEntry['kind'];
}

/**
 * A page of entries matching the filter. KVS can only list by key prefix, so filtering scans;
 * a call reads at most `maxScan` entries and hands back a cursor to go on from there.
 */
export async function auditPage(
  filter: AuditFilter,
  opts: { cursor?: string; pageSize?: number; maxScan?: number } = {},
): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
  const pageSize = opts.pageSize ?? 50;
  const maxScan = opts.maxScan ?? 400;
  const items: AuditEntry[] = [];
  let cursor = opts.cursor;
  let scanned = 0;
  do {
    const page = await listPage(PREFIX, AuditEntrySchema, { cursor });
    scanned += page.items.length;
    for (const { value } of page.items) if (matches(value, filter)) items.push(value);
    cursor = page.nextCursor;
  } while (cursor && items.length < pageSize && scanned < maxScan);
  return { items, nextCursor: cursor };
}

function matches(e: AuditEntry, f: AuditFilter): boolean {
  return (
    (!f.projectKey || e.projectKey === f.projectKey) &&
    (!f.groupId || e.groupId === f.groupId) &&
    (!f.ruleId || e.ruleId === f.ruleId) &&
    (!f.kind || e.kind === f.kind)
  );
}
