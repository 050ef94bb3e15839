// The points people's requests spent per UTC hour (the project page's live reads, project runs),
// apart from the runs' spending (quota-spend.ts): `peoplespend:<hour>:<person>:<item>`, one key
// per request or run event, so that requests made at once never overwrite each other. The
// people's total is the sum under the hour; a person's, the sum under their part of it. Keys
// expire after two days (the hour they count is long over by then).
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { listAll } from './kv';

const SpendSchema = z.object({
  points: z.number(),
  calls: z.number(),
  /** The quota Jira announced (q), when it did. */
  limit: z.number().optional(),
});
export type PeopleSpend = z.infer<typeof SpendSchema>;

/** An account id as a key part: KVS keys allow `[a-zA-Z0-9:._\s-#]`; others are spelled out. */
export function personKeyPart(accountId: string): string {
  return accountId.replace(/[^a-zA-Z0-9.-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
}

const hourPrefix = (hour: string) => `peoplespend:${hour}:`;
const personPrefix = (hour: string, accountId: string) =>
  `${hourPrefix(hour)}${personKeyPart(accountId)}:`;

/** Records what one request of a person spent in `hour`; nothing spent: its key goes. */
export async function recordPeopleSpend(
  hour: string,
  accountId: string,
  item: string,
  spent: PeopleSpend,
): Promise<void> {
  const key = `${personPrefix(hour, accountId)}${item}`;
  if (spent.calls === 0 && spent.points === 0) return kvs.delete(key);
  await kvs.set(key, SpendSchema.parse(spent), { ttl: { value: 2, unit: 'DAYS' } });
}

/**
 * What all people spent in `hour`, what `accountId` spent of it, and the quota Jira announced;
 * without `except` (an item of theirs whose value is about to be replaced).
 */
export async function peopleSpentInHour(
  hour: string,
  accountId: string,
  except?: string,
): Promise<{ people: number; person: number; limit?: number }> {
  const mine = personPrefix(hour, accountId);
  const skip = except !== undefined ? `${mine}${except}` : undefined;
  let people = 0;
  let person = 0;
  let limit: number | undefined;
  for await (const { key, value } of listAll(hourPrefix(hour), SpendSchema)) {
    if (key === skip) continue;
    people += value.points;
    if (key.startsWith(mine)) person += value.points;
    limit = value.limit ?? limit;
  }
  return { people, person, ...(limit !== undefined ? { limit } : {}) };
}
