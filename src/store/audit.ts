// The audit trail, newest first. The entries one call appends (a batch of projects can make
// hundreds of changes) share one key, `audit:<newestFirstId>` holding `{entries}` newest first,
// split only where a value would pass KVS's size limit: a first run over 5,000 projects writes
// about a hundred keys instead of ten thousand.
import { z } from 'zod';
import { AuditEntry, AuditEntrySchema } from '../domain/schemas';
import { chunkBySize } from './chunks';
import { newestFirstId } from './ids';
import { getValue, listPage, setValue } from './kv';
import { kvs } from '@forge/kvs';

const PREFIX = 'audit:';
const AuditChunkSchema = z.object({ entries: z.array(AuditEntrySchema) });

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

export async function appendAudit(inputs: AuditInput[]): Promise<void> {
  await Promise.all(auditWrites(inputs).map((w) => setValue(w.key, w.value)));
}

/** The keys and values appendAudit writes, for a caller that writes them in a transaction. */
export function auditWrites(
  inputs: AuditInput[],
  now = new Date(),
): { key: string; value: unknown }[] {
  if (inputs.length === 0) return [];
  const chunkId = newestFirstId(now);
  const entries = inputs
    .map((e, i) =>
      AuditEntrySchema.parse({ ...e, id: `${chunkId}.${i}`, at: e.at ?? now.toISOString() }),
    )
    .reverse();
  // Chunks of one call keep newest-first order across keys: the first chunk gets the smallest key.
  return chunkBySize(entries).map((chunk, i) => ({
    key: `${PREFIX}${chunkId}:${String(i).padStart(4, '0')}`,
    value: { entries: chunk },
  }));
}

export interface AuditFilter {
  projectKey?: string;
  groupId?: string;
  ruleId?: string;
  kind?: AuditEntry['kind'];
}

/**
 * A page of entries matching the filter. KVS can only list by key prefix, so filtering scans;
 * a call reads until it has `pageSize` matches or has scanned `maxScan` entries (whole keys at a
 * time, so a page can hold a few more) and hands back a cursor to go on from there.
 */
export async function auditPage(
  filter: AuditFilter,
  opts: { cursor?: string; pageSize?: number; maxScan?: number } = {},
): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
  const pageSize = opts.pageSize ?? 50;
  const maxScan = opts.maxScan ?? 2000;
  const items: AuditEntry[] = [];
  let cursor = opts.cursor;
  let scanned = 0;
  do {
    const page = await listPage(PREFIX, AuditChunkSchema, { cursor });
    for (const { value } of page.items) {
      scanned += value.entries.length;
      for (const e of value.entries) if (matches(e, filter)) items.push(e);
    }
    cursor = page.nextCursor;
  } while (cursor && items.length < pageSize && scanned < maxScan);
  return { items, nextCursor: cursor };
}

function matches(e: AuditEntry, f: AuditFilter): boolean {
  return (
    (!f.projectKey || e.projectKey === f.projectKey) &&
    (!f.groupId || e.groupId === f.groupId) &&
    (!f.ruleId || e.ruleId === f.ruleId || !!e.ruleIds?.includes(f.ruleId)) &&
    (!f.kind || e.kind === f.kind)
  );
}

const RefusalWindowSchema = z.object({ key: z.string() });

/**
 * A refused call. Refusals of one caller within a minute are one entry with a count, so a flood
 * of refused calls cannot bury real entries. Counting is read-then-write: two refusals at the
 * same instant may count as one, which is all a count of refusals needs.
 */
export async function appendRefusal(input: AuditInput, now = new Date()): Promise<void> {
  const minute = Math.floor(now.getTime() / 60_000);
  const windowKey = `audit-refusals:${input.actor}:${input.projectKey ?? '-'}:${minute}`;
  const window = await getValue(windowKey, RefusalWindowSchema);
  const chunk = window && (await getValue(window.key, AuditChunkSchema));
  const entry = chunk?.entries[0];
  if (window && chunk && entry) {
    entry.count = (entry.count ?? 1) + 1;
    await setValue(window.key, chunk);
    return;
  }
  const [write] = auditWrites([{ ...input, at: input.at ?? now.toISOString() }], now);
  await setValue(write.key, write.value);
  await kvs.set(windowKey, { key: write.key }, { ttl: { value: 2, unit: 'MINUTES' } });
}
