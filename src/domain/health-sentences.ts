// A health check's words as codes and values, so that the page says them in the viewer's
// language (the catalogue's health.sentence.<code>). The English title, detail and action stay
// beside them: logs, stored reports and tests read them. Pure.
import { z } from 'zod';

import { WordValuesSchema } from './word-values';

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
  'fixReads',
  'partialUnread',
  'partialList',
  'partialUnreadAndList',
  'sizesUnread',
  'browseNone',
  'browseClear',
  'portalClear',
  'ruleRolesClear',
  'openDesksNone',
  'openDesksClear',
  'schemesAllReadNow',
  'schemesReadNow',
  'schemesReadNowWhy',
  'schemesLogUnreadable',
  'schemesListedAt',
  'seatsUnlimited',
  'seatsUsed',
  'seatsOf',
  'groupsInProductRole',
  'peopleInBoth',
  'membersRead',
  'membersReadStopped',
  'membersReadByAgent',
  'membersUnread',
  'membersPartly',
  'seatsTakeOut',
  'membersReadTomorrow',
  'customerAndAgentThrough',
  'inProductRole',
  'exposureAnyone',
  'exposureLoggedIn',
  'exposureProduct',
  'exposureGroup',
  'browseShowsAsCustomers',
  'browseExposedEveryone',
  'browseExposedEveryoneAndOthers',
  'browseExposed',
  'browseExposedAndOthers',
  'browseRemoveGrants',
  'browseItemNote',
  'permsToRole',
  'portalGrants',
  'otherSchemesToo',
  'portalMoveGrants',
  'portalItemNote',
  'ruleRoleAgent',
  'otherRulesToo',
  'ruleRoleFix',
  'ruleRoleItemNote',
  'openDesksAnyone',
  'openDesksLoggedIn',
  'openDesksPrivate',
  'openToAnyone',
  'openToLoggedIn',
  'defaultGroupsAreCustomers',
]);
export type HealthSentenceCode = z.infer<typeof HealthSentenceCodeSchema>;

/** Names the page joins in the viewer's list format: at most `max`, then "and N more". */
export const HealthListSchema = z.object({
  items: z.array(z.string()),
  max: z.number().int().positive(),
});

/** A sentence, or a phrase within one. A value named `at` is a moment (ISO): the page shows it
 * in the viewer's time zone. */
export const HealthPhraseSchema = z.object({
  code: HealthSentenceCodeSchema,
  values: WordValuesSchema.optional(),
  lists: z.record(z.string(), HealthListSchema).optional(),
});
export type HealthPhrase = z.infer<typeof HealthPhraseSchema>;

/** `phrases`: a value worded as phrases that the page joins with "; " in the viewer's words. */
export const HealthSentenceSchema = HealthPhraseSchema.extend({
  phrases: z.record(z.string(), z.array(HealthPhraseSchema)).optional(),
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

/** A list value, worded as the English `listed()` words it (default: five names at most). */
export function list(items: readonly string[], max = 5): z.infer<typeof HealthListSchema> {
  return { items: [...items], max };
}

/** A sentence with lists among its values. */
export function sayList(
  code: HealthSentenceCode,
  lists: Record<string, z.infer<typeof HealthListSchema>>,
  values?: Record<string, string | number>,
): HealthSentence {
  return { ...say(code, values), lists };
}

/** A sentence with phrases among its values. */
export function sayPhrases(
  sentence: HealthSentence,
  phrases: Record<string, HealthPhrase[]>,
): HealthSentence {
  return { ...sentence, phrases };
}
