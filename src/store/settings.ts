// App settings and the last-known names of groups that rules name (for rename detection).
import { z } from 'zod';
import { Settings, SettingsSchema } from '../domain/schemas';
import { getValue, setValue } from './kv';

const SETTINGS_KEY = 'settings';
const GROUP_NAMES_KEY = 'group-names';

export async function getSettings(): Promise<Settings> {
  return (await getValue(SETTINGS_KEY, SettingsSchema)) ?? SettingsSchema.parse({});
}

export async function putSettings(settings: Settings): Promise<Settings> {
  const parsed = SettingsSchema.parse(settings);
  await setValue(SETTINGS_KEY, parsed);
  return parsed;
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
