// People's display names, by accountId, for the pages that name people
// (src/enforce/views/display-name.ts): read from Jira once and kept in KVS for a day (names change
// rarely; a day-old name is fine for reading the audit trail or a run's starter).
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { getValue } from './kv';

const KEY = (accountId: string) => `displayname:${accountId}`;
const CachedNameSchema = z.object({ name: z.string() });

export async function cachedDisplayName(accountId: string): Promise<string | undefined> {
  return (await getValue(KEY(accountId), CachedNameSchema))?.name;
}

export async function rememberDisplayName(accountId: string, name: string): Promise<void> {
  await kvs.set(KEY(accountId), { name }, { ttl: { value: 1, unit: 'DAYS' } });
}
