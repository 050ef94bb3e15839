// The audit trail, newest first. The entries one call appends (a batch of projects can make
// hundreds of changes) share one key, `audit:<newestFirstId>` holding `{entries}` newest first,
// split only where a value would pass KVS's size limit: a first run over 5,000 projects writes
// about a hundred keys instead of ten thousand. Each chunk has a copy per kind of the entries of
// that kind (`auditkind:<kind>:<newestFirstId>:<n>`), written in the same transaction, so a filter
// by kind reads only its own entries instead of scanning thousands of others (refusals, say).
// Filters by project, group or rule scan: an index per value would add a key per project of a
// batch, which is what the chunks avoid. Entries written before the index are found by scans only.
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import type { AuditEntry } from '../domain/schemas';
import { AuditEntrySchema } from '../domain/schemas';
import { chunkBySize } from './chunks';
import { newestFirstId } from './ids';
import { getValue, listPage, setValue } from './kv';

const PREFIX = 'audit:';
const KIND_PREFIX = 'auditkind:';
export const AuditChunkSchema = z.object({ entries: z.array(AuditEntrySchema) });
type AuditKind = AuditEntry['kind'];

/** The index key that holds the entries of `kind` of the chunk `chunkKey`. */
export const kindKey = (kind: AuditKind, chunkKey: string) =>
  `${KIND_PREFIX}${kind}:${chunkKey.slice(PREFIX.length)}`;

/** Every kind-index key of a chunk: for the prune, which deletes them with the chunk. */
export function indexKeysOf(chunkKey: string, entries: { kind: AuditKind }[]): string[] {
  return [...new Set(entries.map((e) => e.kind))].map((k) => kindKey(k, chunkKey));
}

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

/** Appends entries: each chunk and its kind copies in one transaction (at most 18 writes). */
export async function appendAudit(inputs: AuditInput[]): Promise<void> {
  await Promise.all(chunkWrites(inputs).map((ws) => transactWrites(ws)));
}

/**
 * The keys and values appendAudit writes, for a caller that writes them in its own transaction
 * (a chunk and one key per kind in it: a few entries make a few writes).
 */
export function auditWrites(inputs: AuditInput[], now = new Date()): KvSet[] {
  return chunkWrites(inputs, now).flat();
}

export type KvSet = { key: string; value: unknown };

function chunkWrites(inputs: AuditInput[], now = new Date()): KvSet[][] {
  if (inputs.length === 0) return [];
  const chunkId = newestFirstId(now);
  const entries = inputs
    .map((e, i) =>
      AuditEntrySchema.parse({ ...e, id: `${chunkId}.${i}`, at: e.at ?? now.toISOString() }),
    )
    .reverse();
  // Chunks of one call keep newest-first order across keys: the first chunk gets the smallest key.
  return chunkBySize(entries).map((chunk, i) =>
    chunkAndCopies(`${PREFIX}${chunkId}:${String(i).padStart(4, '0')}`, chunk),
  );
}

/** A chunk's value and one copy per kind of its entries: what a chunk is written as, always. */
export function chunkAndCopies(key: string, entries: AuditEntry[]): KvSet[] {
  const kinds = [...new Set(entries.map((e) => e.kind))];
  return [
    { key, value: { entries } },
    ...kinds.map((k) => ({
      key: kindKey(k, key),
      value: { entries: entries.filter((e) => e.kind === k) },
    })),
  ];
}

async function transactWrites(writes: KvSet[]): Promise<void> {
  if (writes.length === 1) return setValue(writes[0].key, writes[0].value);
  const tx = kvs.transact();
  for (const w of writes) tx.set(w.key, w.value);
  await tx.execute();
}

export interface AuditFilter {
  projectKey?: string;
  groupId?: string;
  ruleId?: string;
  kind?: AuditEntry['kind'];
}

/**
 * A page of entries matching the filter. KVS can only list by key prefix: a filter by kind lists
 * that kind's index, any other filter scans; a call reads until it has `pageSize` matches or has scanned `maxScan` entries (whole keys at a
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
    const prefix = filter.kind ? `${KIND_PREFIX}${filter.kind}:` : PREFIX;
    const page = await listPage(prefix, AuditChunkSchema, { cursor });
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
    await transactWrites([
      { key: window.key, value: chunk },
      { key: kindKey(entry.kind, window.key), value: chunk },
    ]);
    return;
  }
  const [writes] = chunkWrites([{ ...input, at: input.at ?? now.toISOString() }], now);
  await transactWrites(writes);
  await kvs.set(windowKey, { key: writes[0].key }, { ttl: { value: 2, unit: 'MINUTES' } });
}
