// Whether a Jira admin prepared to uninstall (`uninstall`): from then on no run adds anything,
// until the admin turns the hourly runs back on. Kept apart from the settings, which a page saves
// whole: no save of another setting can take it back by accident.
import { z } from 'zod';

import { deleteValue, getValue, setValue } from './kv';

const UNINSTALL_KEY = 'uninstall';

export const UninstallRecordSchema = z.object({
  preparedAt: z.string(),
  preparedBy: z.string(),
  /** The run that removes what the app added (the latest one, after a retry). */
  runId: z.string().optional(),
});
export type UninstallRecord = z.infer<typeof UninstallRecordSchema>;

export const getUninstall = () => getValue(UNINSTALL_KEY, UninstallRecordSchema);

export const putUninstall = (record: UninstallRecord) =>
  setValue(UNINSTALL_KEY, UninstallRecordSchema.parse(record));

export const clearUninstall = () => deleteValue(UNINSTALL_KEY);
