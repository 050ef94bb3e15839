// What the routine check listed: each hourly slice's service projects (every one whose id lies
// after the previous slice's last, up to its own last), journalled per cycle. A cycle whose
// slices all joined up is a listing of every service project, made between its start and its
// end: Health renews its kept project list from it instead of listing the site again
// (health.ts). Written by the hourly run alone (it holds the site's lease), after the sweep's
// state: a slice that was not journalled (a write cut off) breaks the chain, and that cycle is
// then never whole. The whole cycle's chunks are kept until the next one is whole.
import { z } from 'zod';

import { type Project, ProjectSchema } from '../domain/schemas';
import { deleteValue, getValue, setValue } from './kv';

const INDEX_KEY = 'sweep:listing';
const chunkKey = (startedAt: string, i: number) => `sweep:listed:${Date.parse(startedAt)}:${i}`;

const CycleSchema = z.object({
  startedAt: z.string(),
  chunks: z.number().int().min(0),
  /** The id the next slice must start after for the chain to hold. */
  lastId: z.string().optional(),
});
const IndexSchema = z.object({
  current: CycleSchema.optional(),
  whole: CycleSchema.extend({ endedAt: z.string() }).optional(),
});
const ChunkSchema = z.array(ProjectSchema);

export interface SweptSlice {
  /** The cycle the slice belongs to. */
  cycleStartedAt: string;
  /** The last project of the slice before it; absent for a cycle's first slice. */
  afterId?: string;
  projects: Project[];
  /** The slice reached the last service project. */
  ended: boolean;
}

export async function recordSweptSlice(slice: SweptSlice, now: Date): Promise<void> {
  const index = (await getValue(INDEX_KEY, IndexSchema)) ?? {};
  let current = index.current;
  if (current?.startedAt !== slice.cycleStartedAt || current.lastId !== slice.afterId) {
    if (current) await dropChunks(current);
    // A chain starts only at a cycle's first slice; any other gap waits for the next cycle.
    current =
      slice.afterId === undefined ? { startedAt: slice.cycleStartedAt, chunks: 0 } : undefined;
  }
  if (!current) return setValue(INDEX_KEY, IndexSchema.parse({ ...index, current: undefined }));
  const projects = slice.projects.map(({ visit: _, ...p }) => p);
  await setValue(chunkKey(current.startedAt, current.chunks), ChunkSchema.parse(projects));
  const last = projects[projects.length - 1]?.id ?? current.lastId;
  current = {
    startedAt: current.startedAt,
    chunks: current.chunks + 1,
    ...(last ? { lastId: last } : {}),
  };
  if (!slice.ended) return setValue(INDEX_KEY, IndexSchema.parse({ ...index, current }));
  await setValue(
    INDEX_KEY,
    IndexSchema.parse({ whole: { ...current, endedAt: now.toISOString() } }),
  );
  if (index.whole) await dropChunks(index.whole);
}

/**
 * The newest whole cycle's listing when it began after `after` (its chunks are read only then),
 * else undefined (none yet, none newer, or a chunk is missing).
 */
export async function getWholeSweepListing(
  after = '',
): Promise<{ startedAt: string; endedAt: string; projects: Project[] } | undefined> {
  const whole = (await getValue(INDEX_KEY, IndexSchema))?.whole;
  if (!whole || whole.startedAt <= after) return undefined;
  const chunks = await Promise.all(
    Array.from({ length: whole.chunks }, (_, i) =>
      getValue(chunkKey(whole.startedAt, i), ChunkSchema),
    ),
  );
  if (chunks.some((c) => c === undefined)) return undefined;
  return {
    startedAt: whole.startedAt,
    endedAt: whole.endedAt,
    projects: chunks.flatMap((c) => c ?? []),
  };
}

async function dropChunks(cycle: z.infer<typeof CycleSchema>): Promise<void> {
  for (let i = 0; i < cycle.chunks; i++) await deleteValue(chunkKey(cycle.startedAt, i));
}
