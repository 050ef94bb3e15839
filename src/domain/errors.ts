// Errors a person can act on, answered to the page by the resolvers. The message is what the user reads, so it says what
// was wrong and what to do; it never carries stack traces or internal ids they cannot use.
import { z, type ZodError } from 'zod';

import { WordValuesSchema } from './word-values';

/**
 * What every resolver error answers as its code, for the page to map to what a user can do:
 * the app's own refusals (UserFacingError), `jira` (a JiraError: its message is worded for
 * people) and `internal` (anything else: a fixed sentence; the details are only logged).
 */
export const ErrorCodeSchema = z.enum([
  'invalid-input',
  'forbidden',
  'not-found',
  'conflict',
  'unauthenticated',
  'too-soon',
  'jira',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export type UserFacingCode = Exclude<ErrorCode, 'jira' | 'internal'>;

/**
 * Which sentence an error is, for a page that words it in the viewer's language (the English
 * `message` stays for logs and for pages that do not know the id). Values named `at` (a time of
 * day) and `on` (a date) are moments (ISO), shown in the viewer's time zone; `minutes` and
 * `interval` are numbers of minutes.
 */
export const ErrorWordsIdSchema = z.enum([
  'sign-in',
  'internal',
  'not-jira-admin',
  'not-project-admin',
  'open-from-project',
  'run-not-in-project',
  'project-not-found',
  'project-deleted',
  'not-service-project',
  'project-read-recently',
  'quota-spent',
  'share-too-small',
  'person-share-spent',
  'people-share-spent',
  'project-run-too-soon',
  'exclusion-too-soon',
  'rule-not-covering',
  'exclusion-already-asked',
  'rule-deleted-include',
  'include-needs-jira-admin',
  'include-excluded-by-jira-admin',
  'rule-gone',
  'groups-missing',
  'rules-too-large',
  'rule-kept-changing',
]);
export type ErrorWordsId = z.infer<typeof ErrorWordsIdSchema>;

export const ErrorWordsSchema = z.object({
  id: ErrorWordsIdSchema,
  values: WordValuesSchema.optional(),
});
export type ErrorWords = z.infer<typeof ErrorWordsSchema>;

/**
 * How every resolver function answers an error: the code, the sentence to show (and which one
 * it is, with its values), the form field it belongs to (e.g. `name`, `scope`) and, for
 * `too-soon`, when to ask again (ISO).
 */
export const ErrorAnswerSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    words: ErrorWordsSchema.optional(),
    field: z.string().optional(),
    retryAt: z.string().optional(),
  }),
});
export type ErrorAnswer = z.infer<typeof ErrorAnswerSchema>;

/** Shown for an unexpected error instead of its message, which may carry internals. */
export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong in Customer Role Sync. Try again; if it keeps happening, report ' +
  "the time it happened to the app's support: the details are in the app's logs.";

/** The fixed sentence with the reference the logs give the details under. */
export const internalErrorMessage = (reference: string) =>
  `${INTERNAL_ERROR_MESSAGE} Reference: ${reference}.`;

export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly code: UserFacingCode,
    /** A refusal as the audit trail words it after the caller's name: "is not a Jira admin". */
    readonly refusal?: string,
    /** The form field the error belongs to (the payload's top-level field inside the object). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }

  /** Which sentence this is, with its values, so a page can word it in the viewer's language. */
  words?: ErrorWords;

  says(id: ErrorWordsId, values?: ErrorWords['values']): this {
    this.words = { id, ...(values ? { values } : {}) };
    return this;
  }
}

/**
 * A project admin asking again before the interval (a setting) has passed: `retryAt` (ISO) is
 * when they can ask again, so the page can say it without reading the message.
 */
export class TooSoonError extends UserFacingError {
  constructor(
    message: string,
    readonly retryAt: string,
  ) {
    super(message, 'too-soon');
    this.name = 'TooSoonError';
  }
}

/** Words for payload fields, as the pages label them; others are worded from their name. */
const FIELD_WORDS: Record<string, string> = {
  name: 'Name',
  groupIds: 'Groups',
  scope: 'Projects',
  keys: 'Project keys',
  categoryIds: 'Categories',
  pattern: 'Key pattern',
  exclude: 'Excluded projects',
  roleName: 'Role',
  runId: 'Run',
  ruleId: 'Rule',
  projectKey: 'Project key',
  groupId: 'Group',
  cursor: 'Page',
  rules: 'Rules',
  auditRetentionDays: 'Audit retention',
  projectRunIntervalMinutes: 'Project run interval',
  peopleBudgetPercent: "Project admins' share of the quota",
};

/** The words for an issue's path: its last named part ("scope.keys.0" → "Project keys"). */
function fieldWords(path: PropertyKey[]): string | undefined {
  const named = path.filter((p): p is string => typeof p === 'string');
  const last = named[named.length - 1];
  if (!last) return undefined;
  return FIELD_WORDS[last] ?? last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** One zod issue in words: "Project keys: Project keys start with a letter…". */
export function issueWords(issue: ZodError['issues'][number]): string {
  const field = fieldWords(issue.path);
  return field ? `${field}: ${issue.message}` : issue.message;
}

/** What a payload is, in words, by the top-level field the error is in (a form's object). */
const PAYLOAD_WORDS: Record<string, string> = {
  rule: 'The rule',
  settings: 'The settings',
  rules: 'The rules file',
};

function payloadWords(error: ZodError): string {
  const top = error.issues[0]?.path[0];
  return (typeof top === 'string' && PAYLOAD_WORDS[top]) || 'The request';
}

/**
 * "The rule is not valid. Name: Give the rule a name; Project keys: Project keys start with a
 * letter…" — in words, without schema paths or function names.
 */
export function describeZodError(error: ZodError, what = payloadWords(error)): string {
  const parts = error.issues.slice(0, 5).map(issueWords);
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${what} is not valid. ${parts.join('; ')}${more}.`;
}

/**
 * The form field of a validation error: the first issue's field inside the payload's object
 * (`rule.scope.keys.0` → `scope`), or its top-level field.
 */
export function fieldOfZodError(error: ZodError): string | undefined {
  const path = error.issues[0]?.path.filter((p): p is string => typeof p === 'string') ?? [];
  return path.length > 1 ? path[1] : path[0];
}

/** The message of anything thrown, for run records and action results. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
