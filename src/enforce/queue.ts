// The enforcement work items that travel on Forge's async events queue. A run is listed page
// by page (`list`) and each page of projects is applied by a consumer (`batch`, continued in
// further parts when an invocation runs short of time), so no single invocation grows with the
// size of the site. Each event is known by its key (`list:<index>`, `batch:<index>:<part>`), which
// its consumer claims before doing anything (store/event-claims.ts).
import { Queue } from '@forge/events';
import { z } from 'zod';
import { ProjectSchema } from '../domain/schemas';
import { pushWithRetry } from './push-retry';

export const QUEUE_KEY = 'enforce-batches';

/** `index` is the batch this page becomes: pages are counted, since Jira may answer short pages. */
export const ListEventSchema = z.object({
  kind: z.literal('list'),
  runId: z.string(),
  startAt: z.number().int().min(0),
  index: z.number().int().min(0),
});
/** `part` counts the continuations of a batch that ran out of time: each carries the rest. */
export const BatchEventSchema = z.object({
  kind: z.literal('batch'),
  runId: z.string(),
  index: z.number().int().min(0),
  part: z.number().int().min(0).default(0),
  projects: z.array(ProjectSchema).max(100),
});
/**
 * Another try at an hourly run the site's lease refused (scheduled-run.ts). `runId` names the
 * skipped hour (the events' concurrency key), not a run.
 */
export const RetryScheduledEventSchema = z.object({
  kind: z.literal('retry-scheduled'),
  runId: z.string(),
  skippedAt: z.string(),
  attempt: z.number().int().min(1),
});
export const EnforceEventSchema = z.discriminatedUnion('kind', [
  ListEventSchema,
  BatchEventSchema,
  RetryScheduledEventSchema,
]);
export type ListEvent = z.infer<typeof ListEventSchema>;
export type RetryScheduledEvent = z.infer<typeof RetryScheduledEventSchema>;
export type BatchEvent = z.infer<typeof BatchEventSchema>;
export type EnforceEvent = z.input<typeof EnforceEventSchema>;

export const eventKey = (e: ListEvent | BatchEvent) =>
  e.kind === 'list' ? `list:${e.index}` : `batch:${e.index}:${e.part}`;

const queue = new Queue({ key: QUEUE_KEY });

/**
 * Consumers of one run working at once. Jira's rate limit is the app's on the site, shared by
 * every container, and each container's limiter (src/jira/limiter.ts) learns only from its own
 * 429s: more consumers add no throughput once the rate limit is reached, only more 429s, more
 * concurrent back-offs and more containers in memory. Two keep the rate limit busy (one lists
 * or starts while the other applies) and let each limiter see most of the traffic it paces;
 * each consumer runs several projects at once (process-batch.ts), so concurrency comes from
 * inside a container, not from more of them. Forge's queue enforces the limit per key.
 */
export const RUN_CONSUMERS = 2;

/** Forge delays an event at most 900 s. */
const MAX_DELAY_S = 900;

/**
 * Pushes in slices that respect Forge's 50 events per push; one concurrency key per run. A delay
 * (ms) holds the events back, e.g. until Jira's Retry-After has passed.
 */
export async function pushEvents(events: EnforceEvent[], delayMs = 0): Promise<void> {
  const delayInSeconds = Math.min(MAX_DELAY_S, Math.ceil(delayMs / 1000));
  for (let i = 0; i < events.length; i += 50) {
    const slice = events.slice(i, i + 50).map((body) => ({
      body,
      concurrency: { key: `run-${body.runId}`, limit: RUN_CONSUMERS },
      ...(delayInSeconds > 0 ? { delayInSeconds } : {}),
    }));
    await pushWithRetry(() => queue.push(slice));
  }
}
