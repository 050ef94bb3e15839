// A save refused because it was based on an older version of a rule or of the settings than the
// one stored: someone saved in between, and writing would silently undo their change. Pure.
import { z } from 'zod';

import { UserFacingError } from './errors';

export const VersionConflictSchema = z.object({
  code: z.literal('version-conflict'),
  target: z.enum(['rule', 'settings']),
  /** The rule that changed (target rule). */
  ruleId: z.string().optional(),
  /** The version the refused save was based on, and the one stored now. */
  basedOn: z.number(),
  current: z.number(),
  /** What the person reads. */
  message: z.string(),
});
export type VersionConflict = z.infer<typeof VersionConflictSchema>;

/**
 * Thrown by the use cases; the resolvers answer it as `{conflict}` data, because Forge hands a
 * page only the message of a thrown error, and the page needs the code and the rule id.
 */
export class VersionConflictError extends UserFacingError {
  constructor(readonly conflict: VersionConflict) {
    super(conflict.message, 'conflict');
    this.name = 'VersionConflictError';
  }
}

export function ruleConflict(ruleId: string, basedOn: number, current: number) {
  return new VersionConflictError({
    code: 'version-conflict',
    target: 'rule',
    ruleId,
    basedOn,
    current,
    message: 'This rule changed since you opened it. Reload it to see the change, then edit again.',
  });
}

export function settingsConflict(basedOn: number, current: number) {
  return new VersionConflictError({
    code: 'version-conflict',
    target: 'settings',
    basedOn,
    current,
    message:
      'The settings changed since you opened them. Reload them to see the change, ' +
      'then change them again.',
  });
}
