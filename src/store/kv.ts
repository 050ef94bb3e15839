// Thin typed layer over @forge/kvs: values are parsed with zod on the way out, so a stored
// value of the wrong shape fails with its key named instead of spreading through the app.
import { kvs, WhereConditions } from '@forge/kvs';
import type { z } from 'zod';

/** Forge KVS answers at most 20 results a query page. */
export const KVS_PAGE_SIZE = 20;

export async function getValue<S extends z.ZodType>(
  key: string,
  schema: S,
): Promise<z.infer<S> | undefined> {
  const raw = await kvs.get<unknown>(key);
  if (raw === undefined || raw === null) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Stored value "${key}" has an unexpected shape (${parsed.error.issues[0]?.message}); delete or re-save it.`,
    );
  }
  return parsed.data;
}

export async function setValue<T>(key: string, value: T): Promise<void> {
  await kvs.set(key, value);
}

/** Writes `value` only if `key` does not exist yet (atomic on Forge); false when it existed. */
export async function createValue<T>(key: string, value: T): Promise<boolean> {
  try {
    await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
    return true;
  } catch (err) {
    if (kvsStatus(err) === 409) return false;
    throw err;
  }
}

/** One write of a transaction: set a value, or delete a key. */
export type KvWrite = { key: string; value: unknown } | { key: string; delete: true };

/** The HTTP status of a KVS API error (ForgeKvsAPIError), else undefined. */
export function kvsStatus(err: unknown): number | undefined {
  if (!(err instanceof Error) || !('responseDetails' in err)) return undefined;
  return (err as { responseDetails?: { status?: number } }).responseDetails?.status;
}

export async function deleteValue(key: string): Promise<void> {
  await kvs.delete(key);
}

export interface KvPage<T> {
  items: { key: string; value: T }[];
  nextCursor?: string;
}

/** One page of values whose keys begin with `prefix`, in key order. */
export async function listPage<S extends z.ZodType>(
  prefix: string,
  schema: S,
  opts: { cursor?: string; limit?: number } = {},
): Promise<KvPage<z.infer<S>>> {
  let q = kvs
    .query()
    .where('key', WhereConditions.beginsWith(prefix))
    .limit(Math.min(opts.limit ?? KVS_PAGE_SIZE, KVS_PAGE_SIZE));
  if (opts.cursor) q = q.cursor(opts.cursor);
  const page = await q.getMany<unknown>();
  const items = page.results.map(({ key, value }) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      throw new Error(
        `Stored value "${key}" has an unexpected shape (${parsed.error.issues[0]?.message}).`,
      );
    return { key, value: parsed.data };
  });
  return { items, nextCursor: page.nextCursor || undefined };
}

/** Every value under a prefix, page by page, without holding more than a page. */
export async function* listAll<S extends z.ZodType>(
  prefix: string,
  schema: S,
): AsyncGenerator<{ key: string; value: z.infer<S> }> {
  let cursor: string | undefined;
  do {
    const page = await listPage(prefix, schema, { cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
