// The enforcement work items that travel on Forge's async events queue. A run is listed page
// by page (`list`) and each page of projects is applied by a consumer (`batch`), so no single
// invocation grows with the size of the site.
import { Queue } from '@forge/events';
import { z } from 'zod';
import { ProjectSchema } from '../domain/schemas';

export const QUEUE_KEY = 'enforce-batches';

export const ListEventSchema = z.object({ kind: z.literal('list'), runId: z.string(), startAt: z.number().int().min(0) });
export const BatchEventSchema = z.object({
  kind: z.literal('batch'),
  runId: z.string(),
  index: z.number().int().min(0),
  projects: z.array(ProjectSchema).max(100),
});
export const EnforceEventSchema = z.discriminatedUnion('kind', [ListEventSchema, BatchEventSchema]);
export type ListEvent = z.infer<typeof ListEventSchema>;
export type BatchEvent = z.infer<typeof BatchEventSchema>;
export type EnforceEvent = z.infer<typeof EnforceEventSchema>;

const queue = new Queue({ key: QUEUE_KEY });

/** Pushes in slices that respect Forge's 50 events per push. */
export async function pushEvents(events: EnforceEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 50) {
    await queue.push(events.slice(i, i + 50).map((body) => ({ body })));
  }
}
