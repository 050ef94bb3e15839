// Records that change by optimistic concurrency (rules, settings), on plain KVS keys.
//
// Forge KVS has no compare-and-set on a plain key: conditions in kvs.transact() apply to Custom
// Entity Store entities only (the local host refuses them, as it implements no entities). What
// it does make atomic is a set with keyPolicy FAIL_IF_EXISTS. So each version of a record is its
// own key, `<base>#<inverted version>`, created once and never overwritten: of two saves based
// on the same version, exactly one creates the next key and the other is refused (409). No write
// ever replaces a newer one, so no save can be lost. The newest key is the record (inverted
// numbers sort it first in a prefix query); a save deletes the older keys it saw. A record
// stored before versions existed, at `<base>` itself, reads as version 0.
import { ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';

import { errorFields, log } from '../log';
import { getValue, listAll } from './kv';

const MAX_VERSION = 9_999_999_999;
const SEPARATOR = '#';

/** A deleted record: kept a while so that a save based on the version before fails. */
const TombstoneSchema = z.object({ deleted: z.literal(true), deletedAt: z.string() }).strict();
const TOMBSTONE_TTL = { value: 7, unit: 'DAYS' } as const;

export interface Latest<T> {
  version: number;
  /** Undefined when the newest version records a deletion. */
  value?: T;
  /** Keys of older versions seen while reading (a legacy key too), for the next save to delete. */
  olderKeys: string[];
}

export function versionKey(base: string, version: number): string {
  return `${base}${SEPARATOR}${String(MAX_VERSION - version).padStart(10, '0')}`;
}

/** The record's base key and version, from any of its keys (a legacy key is version 0). */
function parseKey(key: string): { base: string; version: number } {
  const at = key.lastIndexOf(SEPARATOR);
  const suffix = at < 0 ? '' : key.slice(at + 1);
  if (!/^\d{10}$/.test(suffix)) return { base: key, version: 0 };
  return { base: key.slice(0, at), version: MAX_VERSION - Number(suffix) };
}

function storedSchema<S extends z.ZodTypeAny>(schema: S) {
  return z.union([TombstoneSchema, schema]);
}

function isTombstone(value: unknown): value is z.infer<typeof TombstoneSchema> {
  return TombstoneSchema.safeParse(value).success;
}

/** The newest version of one record, or undefined when it never existed. */
export async function readLatest<S extends z.ZodTypeAny>(
  base: string,
  schema: S,
): Promise<Latest<z.infer<S>> | undefined> {
  const page = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(base + SEPARATOR))
    .limit(5)
    .getMany<unknown>();
  const versions = page.results
    .map((r) => ({ key: r.key, value: r.value, ...parseKey(r.key) }))
    .filter((r) => r.base === base)
    .sort((a, b) => b.version - a.version);
  if (versions.length === 0) {
    const legacy = await getValue(base, schema);
    return legacy === undefined ? undefined : { version: 0, value: legacy, olderKeys: [base] };
  }
  const [newest, ...older] = versions;
  const parsed = storedSchema(schema).safeParse(newest.value);
  if (!parsed.success)
    throw new Error(
      `Stored value "${newest.key}" has an unexpected shape ` +
        `(${parsed.error.issues[0]?.message}); delete or re-save it.`,
    );
  return {
    version: newest.version,
    value: isTombstone(parsed.data) ? undefined : parsed.data,
    olderKeys: older.map((o) => o.key),
  };
}

/** The newest version of every live record under a prefix (one query, page by page). */
export async function listLatest<S extends z.ZodTypeAny>(
  prefix: string,
  schema: S,
): Promise<(Latest<z.infer<S>> & { value: z.infer<S> })[]> {
  const newest = new Map<string, { key: string; version: number; value: unknown }>();
  const older = new Map<string, string[]>();
  for await (const { key, value } of listAll(prefix, storedSchema(schema))) {
    const { base, version } = parseKey(key);
    const seen = newest.get(base);
    if (seen && seen.version >= version) {
      older.set(base, [...(older.get(base) ?? []), key]);
      continue;
    }
    if (seen) older.set(base, [...(older.get(base) ?? []), seen.key]);
    newest.set(base, { key, version, value });
  }
  return [...newest.entries()]
    .filter(([, v]) => !isTombstone(v.value))
    .map(([base, v]) => ({
      version: v.version,
      value: v.value as z.infer<S>,
      // A legacy record (version 0) is its own key: the next save deletes it.
      olderKeys: [...(older.get(base) ?? []), ...(v.version === 0 ? [v.key] : [])],
    }));
}

export type ClaimResult = { ok: true; version: number } | { ok: false };

/**
 * Writes `value` as the version after `basedOn`, only if no one has written it yet. Refused
 * (ok: false) when someone saved first. Older keys are deleted after; a failure there leaves a
 * key that reads ignore, so the save still counts.
 */
export async function writeNext(
  base: string,
  basedOn: number,
  value: unknown,
  olderKeys: string[] = [],
): Promise<ClaimResult> {
  const version = basedOn + 1;
  if (!(await claim(versionKey(base, version), value))) return { ok: false };
  const stale = new Set(olderKeys);
  if (basedOn > 0) stale.add(versionKey(base, basedOn));
  await Promise.all(
    [...stale].map((key) =>
      kvs.delete(key).catch((err: unknown) => {
        log.warn('store.version-cleanup-failed', { key, ...errorFields(err) });
      }),
    ),
  );
  return { ok: true, version };
}

/** Records a deletion as the version after `basedOn` (same rule: refused if someone saved first). */
export function writeDeletion(
  base: string,
  basedOn: number,
  olderKeys: string[] = [],
): Promise<ClaimResult> {
  return writeNext(
    base,
    basedOn,
    { deleted: true, deletedAt: new Date().toISOString() },
    olderKeys,
  );
}

async function claim(key: string, value: unknown): Promise<boolean> {
  const tombstone = isTombstone(value);
  try {
    await kvs.set(key, value, {
      keyPolicy: 'FAIL_IF_EXISTS',
      // A tombstone only has to outlive any save that read the version before it (a resolver
      // lasts 25 s at most).
      ...(tombstone ? { ttl: TOMBSTONE_TTL } : {}),
    });
    return true;
  } catch (err) {
    if (err instanceof ForgeKvsAPIError && err.responseDetails.status === 409) return false;
    throw err;
  }
}
