// A health check's words as codes and values, so that the page says them in the viewer's
// language (the catalogue's health.sentence.<code>). The English title, detail and action stay
// beside them: logs, stored reports and tests read them. Pure.
import { z } from 'zod';

export const HealthSentenceCodeSchema = z.enum([
  'couldNotCheck',
  'couldNotCheckAction',
  'noEnabledRule',
  'createRule',
  'enabledRules',
  'noRoleNamed',
  'createRole',
  'projectsWithoutRole',
  'addRoleToProjects',
  'everyRoleExists',
  'everyGroupExists',
  'groupRecreatedTitle',
  'groupRecreated',
  'groupRecreatedAction',
  'groupDeletedTitle',
  'groupDeletedTitleById',
  'groupDeleted',
  'groupDeletedAction',
  'signalsNotReadYet',
  'signalsOwnChangesMissing',
  'signalsOwnChangesMissingAction',
  'signalsReadable',
  'signalsUnreadable',
  'signalsUnreadableAction',
  'agentsGroups',
  'noAgentsGroup',
  'addAgentsGroup',
  'noServiceDesk',
  'addServiceDesk',
  'orgsNotKeptYet',
  'orgsRunRules',
  'orgsKept',
  'guardRailsPass',
  'defaultAccessOn',
  'defaultAccessOff',
  'recentAccounts',
  'recentAccountsOfNewest',
  'recentAccountsUnread',
  'turnOffDefaultAccess',
]);
export type HealthSentenceCode = z.infer<typeof HealthSentenceCodeSchema>;

export const HealthSentenceSchema = z.object({
  code: HealthSentenceCodeSchema,
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type HealthSentence = z.infer<typeof HealthSentenceSchema>;

/** The title (when it names something), detail and action of a check as codes. */
export const HealthWordsSchema = z.object({
  title: HealthSentenceSchema.optional(),
  detail: z.array(HealthSentenceSchema),
  action: HealthSentenceSchema.optional(),
});
export type HealthWords = z.infer<typeof HealthWordsSchema>;

export function say(
  code: HealthSentenceCode,
  values?: Record<string, string | number>,
): HealthSentence {
  return values ? { code, values } : { code };
}
