// The one way the Custom UI pages talk to the backend: the admin resolver's functions through
// @forge/bridge `invoke`, typed by the resolver contract (src/resolvers/contract.ts).
import { invoke } from '@forge/bridge';
import type {
  AdminFunction,
  AdminPayload,
  AdminResults,
  ErrorAnswer,
  ProjectFunction,
  ProjectPayload,
  ProjectResults,
} from '../../src/resolvers/contract';

export type {
  AdminFunction,
  AdminPayload,
  AdminResults,
  ProjectFunction,
  ProjectPayload,
  ProjectResults,
};

/** Forge wraps a resolver's thrown message; the user should read only the sentence the resolver wrote. */
const FORGE_PREFIXES = [/^There was an error invoking the function\s*-\s*/i, /^Error:\s*/];

export function errorMessage(err: unknown): string {
  let message = '';
  if (err instanceof Error) message = err.message;
  else if (typeof err === 'string') message = err;
  else if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') {
    message = (err as { message: string }).message;
  }
  for (const prefix of FORGE_PREFIXES) message = message.replace(prefix, '');
  message = message.trim();
  return (
    message ||
    'Something went wrong talking to Customer Role Sync. Try again; if it keeps happening, check the app in Jira admin.'
  );
}

/**
 * A resolver's answered error: its code, and the form field it belongs to. The page maps these;
 * it never reads meaning out of the message.
 */
export class ResolverError extends Error {
  constructor(
    message: string,
    readonly code: ErrorAnswer['error']['code'],
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ResolverError';
  }
}

function isErrorAnswer(answer: unknown): answer is ErrorAnswer {
  if (!answer || typeof answer !== 'object' || !('error' in answer)) return false;
  const { error } = answer;
  return !!error && typeof error === 'object' && 'code' in error && 'message' in error;
}

/**
 * Calls an admin resolver function. Rejects with an Error whose message is a sentence for the
 * user; a form's answered error rejects with a ResolverError (code and field).
 */
export async function call<F extends AdminFunction>(
  fn: F,
  payload: AdminPayload<F>,
): Promise<Exclude<AdminResults[F], ErrorAnswer>> {
  let answer: unknown;
  try {
    answer = await invoke(fn, payload as unknown as Record<string, unknown>);
  } catch (err) {
    throw new Error(errorMessage(err));
  }
  if (isErrorAnswer(answer))
    throw new ResolverError(answer.error.message, answer.error.code, answer.error.field);
  return answer as Exclude<AdminResults[F], ErrorAnswer>;
}

/** Calls a project resolver function (the project settings page). */
export async function callProject<F extends ProjectFunction>(
  fn: F,
  payload: ProjectPayload<F>,
): Promise<ProjectResults[F]> {
  try {
    return (await invoke(fn, payload as unknown as Record<string, unknown>)) as ProjectResults[F];
  } catch (err) {
    throw new Error(errorMessage(err));
  }
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
