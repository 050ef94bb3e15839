// The enforcement work items that travel on Forge's async events queue. A run is listed page
// by page (`list`) and each page of projects is applied by a consumer (`batch`, continued in
// further parts when an invocation runs short of time), so no single invocation grows with the
// size of the site. Each event is known by its key (`list:<index>`, `batch:<index>:<part>`), which
// its consumer claims before doing anything (store/event-claims.ts).
import { Queue } from '@forge/events';
import { z } from 'zod';

import { ProjectSchema } from '../../domain/schemas';
import { pushWithRetry } from './push-retry';

export const QUEUE_KEY = 'enforce-batches';

/**
 * Seconds an event still waits after this delivery: Forge delays an event at most 900 s, so a
 * longer wait (a run paused until Jira's quota resets) is a chain of deliveries, each pushing
 * the event on until none is left (quota-wait.ts); only then is it claimed and worked on.
 */
const WaitSecondsSchema = z.number().int().min(0).optional();

/**
 * `index` is the batch this page becomes: pages are counted, since Jira may answer short pages.
 * `attempt` counts listings of the page put off by Jira's quota (each is its own event).
 */
export const ListEventSchema = z.object({
  kind: z.literal('list'),
  runId: z.string(),
  startAt: z.number().int().min(0),
  index: z.number().int().min(0),
  attempt: z.number().int().min(0).optional(),
  waitSeconds: WaitSecondsSchema,
});
/** `part` counts the continuations of a batch that ran out of time: each carries the rest. */
export const BatchEventSchema = z.object({
  kind: z.literal('batch'),
  runId: z.string(),
  index: z.number().int().min(0),
  part: z.number().int().min(0).default(0),
  projects: z.array(ProjectSchema).max(100),
  waitSeconds: WaitSecondsSchema,
});
/** The organization sync of a run (org-sync.ts), continued in parts like a batch. */
export const OrgEventSchema = z.object({
  kind: z.literal('org'),
  runId: z.string(),
  part: z.number().int().min(0).default(0),
  waitSeconds: WaitSecondsSchema,
});
/**
 * A run that Jira's quota (or the runs' budget) kept from starting: it starts after the reset
 * (start-run.ts); `attempt` counts the starts put off, each its own event.
 */
export const StartEventSchema = z.object({
  kind: z.literal('start'),
  runId: z.string(),
  attempt: z.number().int().min(1),
  waitSeconds: WaitSecondsSchema,
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
  waitSeconds: WaitSecondsSchema,
});
export const EnforceEventSchema = z.discriminatedUnion('kind', [
  ListEventSchema,
  BatchEventSchema,
  OrgEventSchema,
  StartEventSchema,
  RetryScheduledEventSchema,
]);
export type ListEvent = z.infer<typeof ListEventSchema>;
export type RetryScheduledEvent = z.infer<typeof RetryScheduledEventSchema>;
export type BatchEvent = z.infer<typeof BatchEventSchema>;
export type OrgEvent = z.infer<typeof OrgEventSchema>;
export type StartEvent = z.infer<typeof StartEventSchema>;
export type EnforceEvent = z.input<typeof EnforceEventSchema>;

export const eventKey = (e: ListEvent | BatchEvent | OrgEvent | StartEvent) =>
  e.kind === 'start'
    ? `start:${e.attempt}`
    : e.kind === 'list'
      ? `list:${e.index}${e.attempt ? `:${e.attempt}` : ''}`
      : e.kind === 'org'
        ? `org:${e.part}`
        : `batch:${e.index}:${e.part}`;

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
 * (ms) holds the events back, e.g. until Jira's Retry-After has passed; beyond Forge's 900 s the
 * events carry the rest as `waitSeconds`.
 */
export async function pushEvents(events: EnforceEvent[], delayMs = 0): Promise<void> {
  const totalS = Math.max(0, Math.ceil(delayMs / 1000));
  const delayInSeconds = Math.min(MAX_DELAY_S, totalS);
  const waitSeconds = totalS - delayInSeconds;
  for (let i = 0; i < events.length; i += 50) {
    const slice = events.slice(i, i + 50).map((event) => ({
      body: withWait(event, waitSeconds),
      concurrency: { key: `run-${event.runId}`, limit: RUN_CONSUMERS },
      ...(delayInSeconds > 0 ? { delayInSeconds } : {}),
    }));
    await pushWithRetry(() => queue.push(slice));
  }
}

/** The event with `waitSeconds` set to what is left to wait, or without it. */
function withWait(event: EnforceEvent, waitSeconds: number): EnforceEvent {
  const body = { ...event };
  delete body.waitSeconds;
  return waitSeconds > 0 ? { ...body, waitSeconds } : body;
}
