// Jira's global project roles as the app last listed them (`site-roles`), with when. Whoever
// lists them keeps them here (a run that is not a preview, Health, the project page), so that
// the project page resolves its rules' role by name without listing every role on each load.
// Roles change rarely: a reading is rewritten only when it differs or the kept one is an hour
// old, so an hourly run does not turn its read into a write each time. Two writers may race;
// either reading was true when read, and the page confirms what it uses (views/page-roles.ts).
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { logError } from '../log';
import { getValue } from './kv';

const KEY = 'site-roles';

const SiteRolesSchema = z.object({
  /** When Jira answered the list (ISO). */
  readAt: z.string(),
  roles: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type SiteRoles = z.infer<typeof SiteRolesSchema>;

/** A reading this recent is not written again unless the roles differ. */
const REWRITE_AFTER_MS = 3_600_000;

/** A day: the page never uses a reading that old (page-roles.ts), so it may go. */
const KEEP = { value: 1, unit: 'DAYS' as const };

export function getSiteRoles(): Promise<SiteRoles | undefined> {
  return getValue(KEY, SiteRolesSchema);
}

/**
 * Keeps a list of the roles read at `readAt` (ms), unless a newer or the same recent one is
 * kept. Never throws: whoever read the roles goes on with them; the page lists them itself.
 */
export async function keepSiteRoles(
  roles: readonly { id: string; name: string }[],
  readAt: number,
): Promise<void> {
  const list = roles.map(({ id, name }) => ({ id, name }));
  try {
    const kept = await getSiteRoles().catch(() => undefined);
    if (kept) {
      const keptAt = Date.parse(kept.readAt);
      if (keptAt > readAt) return;
      const same = JSON.stringify(kept.roles) === JSON.stringify(list);
      if (same && readAt - keptAt < REWRITE_AFTER_MS) return;
    }
    await kvs.set(KEY, { readAt: new Date(readAt).toISOString(), roles: list }, { ttl: KEEP });
  } catch (err) {
    logError('store.failed', err, { op: 'keep site roles' });
  }
}
