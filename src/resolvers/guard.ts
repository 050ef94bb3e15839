// Wraps every resolver function: who is calling is read from the Forge context (never from the
// payload), the caller is authorised, and the payload is validated against its zod schema
// before any handler runs. A refusal changes nothing. Every error is answered as data
// (ErrorAnswer: code, message, field), since Forge hands a page only a thrown error's message.
import { randomBytes } from 'node:crypto';

import Resolver from '@forge/resolver';
import type { z } from 'zod';

import {
  describeZodError,
  fieldOfZodError,
  internalErrorMessage,
  TooSoonError,
  UserFacingError,
} from '../domain/errors';
import { JiraError } from '../jira/errors';
import { log, logError } from '../log';
import { appendRefusal } from '../store/audit';
import type { ErrorAnswer } from './contract';

/** The parts of the Forge resolver context this app reads. */
export interface CallerContext {
  accountId?: string;
  extension?: { type?: string; project?: { id?: string; key?: string; type?: string } };
}

export interface Caller {
  accountId: string;
  /** Set for the project settings page: the project the page was opened for. */
  projectKey?: string;
}

type Schemas = Record<string, z.ZodType>;
type Handlers<S extends Schemas> = {
  [F in keyof S]: (input: z.infer<S[F]>, caller: Caller) => Promise<unknown>;
};

export function defineResolver<S extends Schemas>(opts: {
  schemas: S;
  handlers: Handlers<S>;
  /** Throws a UserFacingError('forbidden') when the caller may not use these functions. */
  authorize: (caller: Caller) => Promise<void>;
  /** Read the caller from the context; the project page also reads its project. */
  identify: (context: CallerContext) => Caller;
}) {
  const resolver = new Resolver();
  for (const name of Object.keys(opts.schemas) as (keyof S & string)[]) {
    resolver.define(name, async ({ payload, context }) => {
      const ctx = (context ?? {}) as CallerContext;
      let caller: Caller;
      try {
        caller = opts.identify(ctx);
        await opts.authorize(caller);
      } catch (err) {
        // Refusals are audited with who asked: the account, or "anonymous" for a call with no user.
        if (
          err instanceof UserFacingError &&
          (err.code === 'forbidden' || err.code === 'unauthenticated')
        ) {
          const actor =
            typeof ctx.accountId === 'string' && ctx.accountId ? ctx.accountId : 'anonymous';
          const projectKey = ctx.extension?.project?.key;
          log.warn('access.refused', {
            function: name,
            accountId: actor,
            projectKey,
            code: err.code,
          });
          await appendRefusal({
            kind: 'access-refused',
            actor,
            projectKey,
            // {actor} becomes the caller's display name when the audit is read (getAudit).
            message: `Refused: {actor} ${err.refusal ?? `was refused: ${err.message}`}`,
          }).catch((auditErr: unknown) =>
            // The caller is refused either way; the missing audit entry is logged instead.
            logError('store.failed', auditErr, { function: name, op: 'audit' }),
          );
          return errorAnswer(err);
        }
        return errorAnswer(err, logResolverError(name, err));
      }
      const parsed = opts.schemas[name].safeParse(payload);
      try {
        if (!parsed.success)
          throw new UserFacingError(
            describeZodError(parsed.error),
            'invalid-input',
            undefined,
            fieldOfZodError(parsed.error),
          );
        return await opts.handlers[name](parsed.data, caller);
      } catch (err) {
        return errorAnswer(err, logResolverError(name, err));
      }
    });
  }
  return resolver.getDefinitions();
}

/**
 * Any error as the page reads it; an unexpected one's message never leaves the logs: the page
 * gets a fixed sentence and the reference it was logged under.
 */
function errorAnswer(err: unknown, reference = newReference()): ErrorAnswer {
  if (err instanceof UserFacingError) {
    const { code, message, field, reason, values } = err;
    const retryAt = err instanceof TooSoonError ? err.retryAt : undefined;
    return {
      error: {
        code,
        message,
        ...(field ? { field } : {}),
        ...(retryAt ? { retryAt } : {}),
        ...(reason ? { reason, values: values ?? {} } : {}),
      },
    };
  }
  if (err instanceof JiraError) return { error: { code: 'jira', message: err.pageMessage } };
  return { error: { code: 'internal', message: internalErrorMessage(reference) } };
}

/** A short id for one failure, logged with it and shown to the person who met it. */
export const newReference = () => randomBytes(4).toString('hex');

/**
 * An error the page will show. A UserFacingError is the app answering as designed (not found,
 * conflict: info); anything else is a failure an operator should see, with its kind and code,
 * under the reference the page shows (answered).
 */
function logResolverError(name: string, err: unknown): string {
  const reference = newReference();
  if (err instanceof UserFacingError)
    log.info('resolver.error', { function: name, code: err.code });
  else logError('resolver.failed', err, { function: name, reference });
  return reference;
}

export function identifyCaller(context: CallerContext): Caller {
  if (!context.accountId)
    throw new UserFacingError(
      'Sign in to Jira to use Customer Role Sync.',
      'unauthenticated',
      'is not signed in to Jira',
    );
  return { accountId: context.accountId, projectKey: context.extension?.project?.key };
}
