// The points the app's runs spent per UTC hour, for the hourly budget. Every invocation of a
// run writes its own key (`quotaspend:<hour>:<runId>:<event>`), so consumers working at once
// never overwrite each other's spending; the hour's total is the sum under the hour's prefix.
// Keys expire after two days (the hour they count is long over by then).
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { listAll } from './kv';

const SpendSchema = z.object({
  points: z.number(),
  calls: z.number(),
  /** The quota Jira announced (q), when it did. */
  limit: z.number().optional(),
});

const hourPrefix = (hour: string) => `quotaspend:${hour}:`;
const spendKey = (hour: string, runId: string, eventKey: string) =>
  `${hourPrefix(hour)}${runId}:${eventKey}`;

/** Records what one event of a run spent in `hour` (quota.ts hourKey); a redelivery overwrites. */
export async function recordSpend(
  hour: string,
  runId: string,
  eventKey: string,
  spent: z.infer<typeof SpendSchema>,
): Promise<void> {
  // Nothing spent: no key, or the hold the event wrote when it started (quota-budget.ts) goes.
  if (spent.calls === 0 && spent.points === 0) return kvs.delete(spendKey(hour, runId, eventKey));
  const value = SpendSchema.parse(spent);
  await kvs.set(spendKey(hour, runId, eventKey), value, {
    ttl: { value: 2, unit: 'DAYS' },
  });
}

/** The points the app's runs spent in `hour`, and the quota Jira announced meanwhile. */
export async function spentInHour(hour: string): Promise<{ points: number; limit?: number }> {
  let points = 0;
  let limit: number | undefined;
  for await (const { value } of listAll(hourPrefix(hour), SpendSchema)) {
    points += value.points;
    limit = value.limit ?? limit;
  }
  return { points, ...(limit !== undefined ? { limit } : {}) };
}
