// The one way the Custom UI pages talk to the backend: the admin resolver's functions through
// @forge/bridge `invoke`, typed by the resolver contract (through ./contract.ts).
import { invoke } from '@forge/bridge';

import {
  type AdminFunction,
  type AdminPayload,
  type AdminResults,
  type Answer,
  type ErrorAnswer,
  ErrorAnswerSchema,
  type ErrorCode,
  type ProjectFunction,
  type ProjectPayload,
  type ProjectResults,
} from './contract';

export type {
  AdminFunction,
  AdminPayload,
  AdminResults,
  ProjectFunction,
  ProjectPayload,
  ProjectResults,
};

/** What a page can meet: a resolver's answered code, or `unavailable` (the app did not answer). */
export type PageErrorCode = ErrorCode | 'unavailable';

/**
 * An error as a page shows it: the sentence to read, its code, the form field it belongs to and,
 * for `too-soon`, when to ask again. Pages map the code; they never read meaning out of words.
 */
export class ResolverError extends Error {
  constructor(
    message: string,
    readonly code: PageErrorCode,
    readonly field?: string,
    readonly retryAt?: string,
    /** The sentence's stable name and what it names, where the server gives them. */
    readonly reason?: string,
    readonly values?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'ResolverError';
  }
}

const UNAVAILABLE =
  'Customer Role Sync did not answer: the connection dropped or the app took too long. ' +
  'Try again; if it keeps happening, check the app in Jira admin.';

/** Anything a call rejected with, as a ResolverError (a rejected invoke: `unavailable`). */
export function asResolverError(err: unknown): ResolverError {
  return err instanceof ResolverError ? err : new ResolverError(UNAVAILABLE, 'unavailable');
}

function isErrorAnswer<T>(answer: Answer<T>): answer is ErrorAnswer {
  return ErrorAnswerSchema.safeParse(answer).success;
}

/** Invokes a function; an answered error and a rejected invoke both reject as a ResolverError. */
async function invokeAnswer<T>(fn: string, payload: unknown): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = (await invoke(fn, payload as Record<string, unknown>)) as Answer<T>;
  } catch (err) {
    throw asResolverError(err);
  }
  if (isErrorAnswer(answer)) {
    const { message, code, field, retryAt, reason, values } = answer.error;
    throw new ResolverError(message, code, field, retryAt, reason, values);
  }
  return answer;
}

/** Calls an admin resolver function; rejects with a ResolverError. */
export function call<F extends AdminFunction>(
  fn: F,
  payload: AdminPayload<F>,
): Promise<AdminResults[F]> {
  return invokeAnswer<AdminResults[F]>(fn, payload);
}

/** Calls a project resolver function (the project settings page); rejects with a ResolverError. */
export function callProject<F extends ProjectFunction>(
  fn: F,
  payload: ProjectPayload<F>,
): Promise<ProjectResults[F]> {
  return invokeAnswer<ProjectResults[F]>(fn, payload);
}

/** Reads every page of a paged function, up to `cap` items. */
export async function collectPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
  cap = 5000,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < cap);
  return { items: items.slice(0, cap), truncated: Boolean(cursor) || items.length > cap };
}
