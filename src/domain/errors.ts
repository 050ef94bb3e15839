// Errors a person can act on, answered to the page by the resolvers. The message is what the user reads, so it says what
// was wrong and what to do; it never carries stack traces or internal ids they cannot use.
import type { ZodError } from 'zod';

export type UserFacingCode =
  'invalid-input' | 'forbidden' | 'not-found' | 'conflict' | 'unauthenticated';

export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly code: UserFacingCode,
    /** A refusal as the audit trail words it after the caller's name: "is not a Jira admin". */
    readonly refusal?: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** "name: Give the rule a name; scope.keys.0: Project keys start with a letter..." */
export function describeZodError(error: ZodError, what: string): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.map(String).join('.');
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${what} is not valid. ${parts.join('; ')}${more}.`;
}

/** The message of anything thrown, for run records and action results. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
