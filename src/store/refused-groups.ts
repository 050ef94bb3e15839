// The groups the last real run refused (guard-rails.ts `runRefusal`), so that the next run can
// tell which groups turned into refused ones or back since, and visit only the projects of the
// rules that name them. One small key, written when it changes.
import { z } from 'zod';

import { getValue, setValue } from './kv';

const RefusedGroupsSchema = z.object({
  /** ids of the groups refused */
  groupIds: z.array(z.string()),
  at: z.string(),
});
export type RefusedGroups = z.infer<typeof RefusedGroupsSchema>;

const KEY = 'guard:refused-groups';

export const getRefusedGroups = () => getValue(KEY, RefusedGroupsSchema);
export const putRefusedGroups = (v: RefusedGroups) => setValue(KEY, RefusedGroupsSchema.parse(v));
