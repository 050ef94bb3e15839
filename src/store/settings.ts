// App settings, one versioned record (see versioned.ts): a save based on an older version is
// refused. Also the last-known names of groups that rules name (for rename detection).
import { z } from 'zod';

import type { Settings } from '../domain/schemas';
import { SettingsSchema } from '../domain/schemas';
import { getValue, listAll, setValue } from './kv';
import { readLatest, writeNext } from './versioned';

const SETTINGS_KEY = 'settings';
const GROUP_NAMES_KEY = 'group-names';

async function readSettings() {
  const latest = await readLatest(SETTINGS_KEY, SettingsSchema);
  const settings = SettingsSchema.parse({ ...latest?.value, version: latest?.version ?? 0 });
  return { settings, olderKeys: latest?.olderKeys ?? [] };
}

export async function getSettings(): Promise<Settings> {
  return (await readSettings()).settings;
}

/**
 * Stores `settings` as the version after `settings.version`, the one the change is based on.
 * When that is not the stored version (someone saved since), writes nothing and answers the
 * stored settings.
 */
export async function putSettings(
  settings: Settings,
): Promise<{ saved: Settings } | { current: Settings }> {
  const next = SettingsSchema.parse(settings);
  const { settings: current, olderKeys } = await readSettings();
  if (current.version !== next.version) return { current };
  const written = { ...next, version: next.version + 1 };
  const result = await writeNext(SETTINGS_KEY, next.version, written, olderKeys);
  if (result.ok) return { saved: written };
  return { current: (await readSettings()).settings };
}

const GroupNamesSchema = z.record(z.string(), z.string());
const NameSchema = z.object({ name: z.string() });
/** One key per group: two saves that remember different groups at once both keep theirs. */
const NAME_PREFIX = 'group-name:';

/** groupId -> the name it had when a rule last saw it. */
export async function getKnownGroupNames(): Promise<Record<string, string>> {
  // Names kept by versions before per-group keys, overridden by the per-group keys.
  const known = { ...(await getValue(GROUP_NAMES_KEY, GroupNamesSchema)) };
  for await (const { key, value } of listAll(NAME_PREFIX, NameSchema))
    known[key.slice(NAME_PREFIX.length)] = value.name;
  return known;
}

/** Remembers each group's name under its own key; writes only names that changed. */
export async function rememberGroupNames(names: Record<string, string>): Promise<void> {
  await Promise.all(
    Object.entries(names).map(async ([id, name]) => {
      const key = `${NAME_PREFIX}${id}`;
      if ((await getValue(key, NameSchema))?.name !== name) await setValue(key, { name });
    }),
  );
}
