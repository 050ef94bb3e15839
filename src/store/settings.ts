// App settings, one versioned record (see versioned.ts): a save based on an older version is
// refused. Also the last-known names of groups that rules name (for rename detection).
import { z } from 'zod';
import { Settings, SettingsSchema } from '../domain/schemas';
import { getValue, setValue } from './kv';
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

/** groupId -> the name it had when a rule last saw it. */
export async function getKnownGroupNames(): Promise<Record<string, string>> {
  return (await getValue(GROUP_NAMES_KEY, GroupNamesSchema)) ?? {};
}

export async function rememberGroupNames(names: Record<string, string>): Promise<void> {
  const known = await getKnownGroupNames();
  const merged = { ...known, ...names };
  if (Object.keys(names).every((id) => known[id] === names[id])) return;
  await setValue(GROUP_NAMES_KEY, merged);
}
