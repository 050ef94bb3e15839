// Audit retention: entries older than the retention (a setting) are deleted by the hourly
// trigger within a budget. Keys are `audit:<newest-first id>`, whose first digits are an inverted
// time, so older entries have larger prefixes: KVS lists by prefix only, so the prune lists the
// prefixes of whole 10^8 ms spans (about 28 hours) past the cutoff, oldest span last, and keeps a
// checkpoint of where the last complete pass began, so a pass never re-reads emptied spans.
// Entries are deleted up to one span late. A chunk and its kind-index keys (audit.ts) are deleted
// in one transaction, so a filter by kind never finds an entry the trail no longer has.
// Exclusion requests no one acts on any more follow the same retention: pruned when a complete
// pass moves the checkpoint on (about once a span), not every hour.
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { AuditEntrySchema } from '../domain/schemas';
import { indexKeysOf } from './audit';
import { pruneExclusionRequests } from './exclusion-requests';
import { newestFirstId } from './ids';
import { getValue, listPage, setValue } from './kv';

const SPAN_DIGITS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Before the app existed: no audit entry is older. */
const EPOCH = new Date('2026-01-01T00:00:00.000Z');
const CHECKPOINT = 'audit-retention:checkpoint';
const CheckpointSchema = z.object({ lastSpan: z.number() });
/** Only the kinds of a chunk's entries are needed, to find its index keys. */
const ChunkKindsSchema = z.object({
  entries: z.array(z.object({ kind: AuditEntrySchema.shape.kind })).default([]),
});

const spanOf = (at: Date) => Number(newestFirstId(at).slice(0, SPAN_DIGITS));
const pad = (span: number) => String(span).padStart(SPAN_DIGITS, '0');

export interface PruneResult {
  deleted: number;
  /** False when the budget ran out first: the next hour goes on. */
  complete: boolean;
  /** Exclusion requests deleted (declined, or of a deleted rule, older than the retention). */
  requests?: number;
}

export async function pruneAudit(
  retentionDays: number,
  budget: { maxDeletes: number },
  now = new Date(),
): Promise<PruneResult> {
  // Spans wholly older than the cutoff: after the cutoff's own span (which holds newer entries).
  const first = spanOf(new Date(now.getTime() - retentionDays * DAY_MS)) + 1;
  const done = await getValue(CHECKPOINT, CheckpointSchema);
  const last = done ? done.lastSpan : spanOf(EPOCH);
  let deleted = 0;
  for (let span = first; span <= last; span++) {
    for (;;) {
      const page = await listPage(`audit:${pad(span)}`, ChunkKindsSchema);
      if (page.items.length === 0) break;
      for (const { key, value } of page.items) {
        if (deleted >= budget.maxDeletes) return { deleted, complete: false };
        const tx = kvs.transact().delete(key);
        for (const k of indexKeysOf(key, value.entries)) tx.delete(k);
        await tx.execute();
        deleted++;
      }
    }
  }
  if (done?.lastSpan === first) return { deleted, complete: true };
  const requests = await pruneExclusionRequests(retentionDays, now);
  // Everything up to `first` is gone now; the next pass stops there.
  await setValue(CHECKPOINT, { lastSpan: first });
  return { deleted, complete: true, ...(requests ? { requests } : {}) };
}
