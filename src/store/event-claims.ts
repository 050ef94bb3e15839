// Exactly-once work under at-least-once delivery: before an event of a run has any effect, its
// delivery claims the event's key (`runev:<runId>:<eventKey>`, created only if absent). A copy
// of the event (pushed twice, or delivered twice) finds the claim and does nothing; a retry of
// the same event (same eventId, a later attempt: Forge retries only once the attempt before has
// ended) takes the claim over and finishes the work from what was recorded.
import { z } from 'zod';

import { createValue, getValue, setValue } from './kv';

/** Who delivers an event: Forge's eventId, and the attempt (retryContext.retryCount, 0 first). */
export interface Delivery {
  eventId: string;
  attempt: number;
}

const ClaimSchema = z.object({ eventId: z.string(), attempt: z.number().int(), at: z.string() });

export const claimPrefix = (runId: string) => `runev:${runId}:`;

/** True when this delivery may do the event's work; false for a duplicate. */
export async function claimEvent(
  runId: string,
  eventKey: string,
  delivery: Delivery,
): Promise<boolean> {
  const key = claimPrefix(runId) + eventKey;
  const mine = { ...delivery, at: new Date().toISOString() };
  if (await createValue(key, mine)) return true;
  const held = await getValue(key, ClaimSchema);
  if (held && held.eventId === delivery.eventId && delivery.attempt > held.attempt) {
    await setValue(key, mine);
    return true;
  }
  return false;
}
