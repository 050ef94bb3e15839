// An audit entry's sentence as a code and its values, so that the page words it in the viewer's
// language (the catalogue's audit.sentence.<code>). The English `message` stays beside it: logs,
// older entries and the tests read it. Pure.
import { z } from 'zod';

import { PlanReasonSchema } from './reasons';

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
]);
export type AuditSentenceCode = z.infer<typeof AuditSentenceCodeSchema>;

export const AuditSentenceSchema = z.object({
  code: AuditSentenceCodeSchema,
  values: z.record(z.string(), z.union([z.string(), z.number()])),
  /** A sentence that follows it and has no code yet (Jira's answer, an older plan): English. */
  more: z.string().optional(),
  /** The plan's reason that follows it, as a code the page words (instead of `more`). */
  moreSay: PlanReasonSchema.optional(),
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
