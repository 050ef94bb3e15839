// An audit entry's sentence as a code and its values, so that the page words it in the viewer's
// language (the catalogue's audit.sentence.<code>). The English `message` stays beside it: logs,
// older entries and the tests read it. Pure.
import { z } from 'zod';

import { PlanReasonSchema } from './reasons';
import { WordValuesSchema } from './word-values';

export const AuditSentenceCodeSchema = z.enum([
  'bindingAdded',
  'bindingAddedDrift',
  'bindingAddedSettled',
  'bindingRemoved',
  'bindingAddFailed',
  'bindingRemoveFailed',
  'bindingAdopted',
  'ruleDeleted',
  'ruleDeletedKept',
  'ruleDeletedByImport',
  'rulesImported',
  'rulesImportedReplacing',
  'exclusionSelf',
  'exclusionSelfWithReason',
  'exclusionAsked',
  'exclusionAskedWithReason',
  'exclusionApproved',
  'exclusionDeclined',
  'exclusionTakenBack',
  'exclusionUndone',
  'lockExpired',
  /** values: the run's counts, and dryRun (1 or 0); the page says them as the Runs tab does. */
  'runFinished',
  /** values: dryRun, where (project, preview, retry, rule, all, uninstall), trigger, count, project?, key?, rule? */
  'runStarted',
  /** values: count, and the number of projects of each visit reason. */
  'runStartedVisits',
  /** `rule` says the rule. */
  'ruleCreated',
  /** `rule` says the rule as saved, `changes` what changed. */
  'ruleChanged',
  /** `rule` says the rule. */
  'ruleImported',
  /** `settings` says what changed. */
  'settingsSaved',
  'settingsUnchanged',
  /** values: hours (the routine check's period), project? (where it found a change). */
  'sweepFirst',
  'sweepLengthened',
  'sweepMissed',
  'sweepMissedSomewhere',
  'sweepLogUnreadable',
  'sweepOwnChangesMissing',
  /** values: error (its own text), and key / count (tries) / minutes. */
  'runSkippedNewProject',
  'runSkippedRetrying',
  'runSkippedGaveUp',
  'runCouldNotStart',
  'previewCouldNotStart',
  /** values: what failed, reason, done, count (projects); next (the run that took over). */
  'runStopped',
  'previewStopped',
  'runLeaseExpired',
  /** values: group, role, project, key; run (the run that never saw Jira's answer). */
  'bindingKept',
  'bindingKeptUnseen',
]);
export type AuditSentenceCode = z.infer<typeof AuditSentenceCodeSchema>;

/** At most `LISTED_KEYS` keys of a list, and how many more it had. */
const KeysSchema = z.object({ keys: z.array(z.string()), more: z.number() });
export type AuditKeys = z.infer<typeof KeysSchema>;

/** A list of keys as an audit entry names it: a rule may list thousands. */
export const LISTED_KEYS = 20;
export const listedKeys = (keys: string[]): AuditKeys => ({
  keys: keys.slice(0, LISTED_KEYS),
  more: Math.max(0, keys.length - LISTED_KEYS),
});

/** A rule's projects: a category without a name is one the read could not name (by id). */
const ScopePartsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('keys'), keys: KeysSchema }),
  z.object({
    type: z.literal('categories'),
    categories: z.array(z.object({ id: z.string(), name: z.string().optional() })),
  }),
  z.object({ type: z.literal('pattern'), pattern: z.string() }),
]);
export type ScopeParts = z.infer<typeof ScopePartsSchema>;

/** A rule as the audit says it: the page composes the words. */
export const RulePartsSchema = z.object({
  name: z.string(),
  enabled: z.boolean(),
  groups: z.array(z.string()),
  scope: ScopePartsSchema,
  exclude: KeysSchema,
  role: z.string(),
  unsyncedAllowed: z.boolean(),
});
export type RuleParts = z.infer<typeof RulePartsSchema>;

/** One change of a rule, before → after; a long list of keys as its counts and differences. */
export const RuleChangeSchema = z.discriminatedUnion('field', [
  z.object({ field: z.literal('name'), before: z.string(), after: z.string() }),
  z.object({ field: z.literal('groups'), before: z.array(z.string()), after: z.array(z.string()) }),
  z.object({ field: z.literal('scope'), before: ScopePartsSchema, after: ScopePartsSchema }),
  z.object({ field: z.literal('exclusions'), before: KeysSchema, after: KeysSchema }),
  z.object({
    field: z.enum(['scopeKeys', 'exclusionKeys']),
    before: z.number(),
    after: z.number(),
    added: KeysSchema,
    removed: KeysSchema,
  }),
  z.object({ field: z.literal('state'), before: z.boolean(), after: z.boolean() }),
  z.object({ field: z.literal('role'), before: z.string(), after: z.string() }),
  z.object({ field: z.literal('unsynced'), before: z.boolean(), after: z.boolean() }),
]);
export type RuleChange = z.infer<typeof RuleChangeSchema>;

/** One setting changed, before → after, named as the Settings page names it. */
export const SettingChangeSchema = z.discriminatedUnion('field', [
  z.object({
    field: z.enum(['scheduleEnabled', 'removeUnwanted', 'allowProjectExclusions']),
    before: z.boolean(),
    after: z.boolean(),
  }),
  z.object({
    field: z.enum([
      'projectRunIntervalMinutes',
      'auditRetentionDays',
      'quotaBudgetPercent',
      'peopleBudgetPercent',
    ]),
    before: z.number(),
    after: z.number(),
  }),
  z.object({
    field: z.literal('sweep'),
    before: z.object({ pinned: z.boolean(), hours: z.number() }),
    after: z.object({ pinned: z.boolean(), hours: z.number() }),
  }),
]);
export type SettingChange = z.infer<typeof SettingChangeSchema>;

export const AuditSentenceSchema = z.object({
  code: AuditSentenceCodeSchema,
  values: WordValuesSchema,
  /** A sentence that follows it and has no code yet (Jira's answer, an older plan): English. */
  more: z.string().optional(),
  /** The plan's reason that follows it, as a code the page words (instead of `more`). */
  moreSay: PlanReasonSchema.optional(),
  /** The rule a rule's entry is about. */
  rule: RulePartsSchema.optional(),
  /** What a change of a rule changed. */
  changes: z.array(RuleChangeSchema).optional(),
  /** What a settings save changed. */
  settings: z.array(SettingChangeSchema).optional(),
});
export type AuditSentence = z.infer<typeof AuditSentenceSchema>;

export function sentence(
  code: AuditSentenceCode,
  values: AuditSentence['values'],
  more?: string,
  moreSay?: AuditSentence['moreSay'],
): AuditSentence {
  return { code, values, ...(more ? { more } : {}), ...(moreSay ? { moreSay } : {}) };
}
