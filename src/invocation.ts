// Gives every handler manifest.yml names its log context, so each line in `forge logs` says
// which function it came from (and which run or project, when the event names one), and logs
// what a trigger or consumer throws before the platform records the failure.
import type Resolver from '@forge/resolver';

import { type LogContext, logError, withLogContext } from './log';

type ResolverHandler = ReturnType<Resolver['getDefinitions']>;

/** A trigger or consumer: `invocation` is its function key in manifest.yml. */
export function entryPoint<A extends unknown[], R>(
  invocation: string,
  handler: (...args: A) => Promise<R>,
  contextOf: (...args: A) => LogContext = () => ({}),
): (...args: A) => Promise<R> {
  return (...args) =>
    withLogContext({ invocation, ...contextOf(...args) }, async () => {
      try {
        return await handler(...args);
      } catch (err) {
        logError('invocation.failed', err);
        throw err;
      }
    });
}

/**
 * A resolver: each call's invocation is `<function key>:<resolver function>`, e.g.
 * `admin-resolver:saveRule`, with the project of a project page. Its errors are logged by
 * the guard, which knows a refusal from a failure.
 */
export function resolverEntryPoint(functionKey: string, handler: ResolverHandler): ResolverHandler {
  return (request, runtime) => {
    const context = request?.context as { extension?: { project?: { key?: unknown } } } | undefined;
    const projectKey = context?.extension?.project?.key;
    return withLogContext(
      {
        invocation: `${functionKey}:${String(request?.call?.functionKey)}`,
        ...(typeof projectKey === 'string' ? { projectKey } : {}),
      },
      () => handler(request, runtime),
    );
  };
}

/** A string field of an untyped event, for the log context only (the handler validates). */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  let v = value;
  for (const key of path)
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}
