// An audit entry's sentence as a code and its values, so that the page words it in the viewer's
// language (the catalogue's audit.sentence.<code>). The English `message` stays beside it: logs,
// older entries and the tests read it. Pure.
import { z } from 'zod';

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
]);
export type AuditSentenceCode = z.infer<typeof AuditSentenceCodeSchema>;

export const AuditSentenceSchema = z.object({
  code: AuditSentenceCodeSchema,
  values: z.record(z.string(), z.union([z.string(), z.number()])),
  /** A sentence that follows it and has no code yet (a plan's reason, Jira's answer): English. */
  more: z.string().optional(),
});
export type AuditSentence = z.infer<typeof AuditSentenceSchema>;

export function sentence(
  code: AuditSentenceCode,
  values: AuditSentence['values'],
  more?: string,
): AuditSentence {
  return { code, values, ...(more ? { more } : {}) };
}
