// The whole local platform for integration tests: the Jira emulator and the Forge host running
// the app's real code, on free ports, with KVS in memory. Calls go through the host's API as a
// page or the platform would make them.
import { type InvokeResult, type StartHostOptions } from '../../local/forge-host';
import {
  ADMIN_ACCOUNT_ID,
  DEMO,
  type EmulatorOptions,
  type SeedSpec,
} from '../../local/jira-emulator';
import { startLocalStack } from '../../local/start-stack';
import { type ErrorAnswer, ErrorAnswerSchema } from '../../src/domain/errors';

export const ADMIN_MODULE = 'customer-role-sync-admin';
export const PROJECT_MODULE = 'customer-role-sync-project';
export const SCHEDULED_TRIGGER = 'enforce-hourly';
export { DEMO };

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** A function's result; its answered error, or a failed invocation (a platform limit), thrown. */
function unwrap<T>(r: InvokeResult): T {
  if (!r.ok) throw new Error(r.error.message);
  const answered = answeredError(r);
  // Thrown as the page's call() rejects: the message, with the code and field to assert on.
  if (answered) throw Object.assign(new Error(answered.message), answered);
  return r.result as T;
}

/**
 * The error a function answered as data, or undefined when it answered a result. Every error is
 * answered (never thrown), so an invocation that failed is a test failure here.
 */
export function answeredError(r: {
  ok: boolean;
  result?: unknown;
  error?: { message: string };
}): ErrorAnswer['error'] | undefined {
  if (!r.ok) throw new Error(`the invocation failed instead of answering: ${r.error?.message}`);
  const answered = ErrorAnswerSchema.safeParse(r.result);
  return answered.success ? answered.data.error : undefined;
}

/** The host's answer to `POST /api/invoke`, with the HTTP status. */
export type HttpAnswer = { status: number; ok: boolean; result?: any; error?: { message: string } };

export async function startStack(
  opts: {
    seed?: SeedSpec;
    host?: Partial<StartHostOptions>;
    /** The emulator's limits and their clock (the rest is fixed here). */
    emulator?: Pick<EmulatorOptions, 'limits' | 'clock'>;
  } = {},
) {
  const stack = await startLocalStack({
    emulator: { seed: opts.seed ?? 'demo', ...opts.emulator },
    ...(opts.host ? { host: opts.host } : {}),
  });
  const { emulator, host, control } = stack;

  /** Calls a Jira REST endpoint of the emulator as a seeded account. */
  async function jira<T = any>(
    method: string,
    path: string,
    body?: unknown,
    accountId: string = ADMIN_ACCOUNT_ID,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(emulator.url + path, {
      method,
      headers: {
        authorization: `Bearer ${accountId}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Group ids in a project's role, as Jira answers them. */
  async function roleGroups(
    projectKey: string,
    roleId: number | string = 10101,
  ): Promise<string[]> {
    const res = await jira<{ actors: { actorGroup?: { groupId: string } }[] }>(
      'GET',
      `/rest/api/3/project/${projectKey}/role/${roleId}`,
    );
    if (res.status !== 200) throw new Error(`role ${roleId} of ${projectKey}: ${res.status}`);
    return res.body.actors.flatMap((a) => (a.actorGroup ? [a.actorGroup.groupId] : [])).sort();
  }

  /** Runs an admin resolver function: its result, or its answered error (code, field) thrown. */
  async function admin<T = any>(
    functionKey: string,
    payload: unknown = {},
    accountId: string = ADMIN_ACCOUNT_ID,
  ): Promise<T> {
    const r = await host.invoke({ moduleKey: ADMIN_MODULE, functionKey, payload, accountId });
    return unwrap<T>(r);
  }

  async function project<T = any>(
    functionKey: string,
    payload: unknown,
    accountId: string,
    projectKey: string,
  ): Promise<T> {
    const r = await host.invoke({
      moduleKey: PROJECT_MODULE,
      functionKey,
      payload,
      accountId,
      projectKey,
    });
    return unwrap<T>(r);
  }

  /** Calls a resolver through the host's HTTP API (`POST /api/invoke`), as a page's @forge/bridge call arrives. */
  async function invokeHttp(body: {
    moduleKey: string;
    functionKey: string;
    payload?: unknown;
    accountId?: string;
    projectKey?: string;
  }): Promise<HttpAnswer> {
    const res = await fetch(`${host.url}/api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Omit<HttpAnswer, 'status'>;
    return { status: res.status, ...json };
  }

  /** Waits for a run to end (its queue work included) and answers its record. */
  async function waitForRun(runId: string): Promise<any> {
    await host.waitForIdle();
    const run = await admin('getRun', { runId });
    if (run.status === 'running')
      throw new Error(
        `run ${runId} still running after the queue went idle: ${JSON.stringify(run)}`,
      );
    return run;
  }

  async function allPages<T>(functionKey: string, runId: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin<{ items: T[]; nextCursor?: string }>(functionKey, {
        runId,
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /** The scheduled trigger, as Forge fires it; answers the run it started. */
  async function scheduledRun(): Promise<any> {
    const fired = await host.runTrigger(SCHEDULED_TRIGGER);
    if (!fired.ok)
      throw new Error(
        `scheduled trigger failed: ${JSON.stringify(fired.invocations.filter((i: any) => !i.ok))}`,
      );
    const runs = await admin<{ items: any[] }>('listRuns', {});
    return runs.items[0];
  }

  /** Moves the time the app's functions and Jira see (`POST /__host/clock`). */
  async function advanceClock(ms: number): Promise<void> {
    const res = await fetch(`${host.url}/__host/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }),
    });
    if (!res.ok) throw new Error(`POST /__host/clock: ${res.status} ${await res.text()}`);
  }

  return {
    emulator,
    host,
    jira,
    control,
    roleGroups,
    admin,
    project,
    invokeHttp,
    waitForRun,
    allPages,
    scheduledRun,
    advanceClock,
    close: () => stack.close(),
  };
}

/** A rule for the demo's synced groups; override any field. */
export function demoRule(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Customers of every service project',
    groupIds: [DEMO.groups.contosoCustomers.groupId, DEMO.groups.fabrikamCustomers.groupId],
    scope: { type: 'all' },
    ...overrides,
  };
}

/**
 * Calls a project page's function as `who` on `key` without throwing: ok with its result, or the
 * error it answered instead.
 */
export async function tryProject(
  stack: Stack,
  fn: string,
  payload: unknown,
  who: string,
  key: string,
) {
  const r = await stack.host.invoke({
    moduleKey: PROJECT_MODULE,
    functionKey: fn,
    payload,
    accountId: who,
    projectKey: key,
  });
  const error = answeredError(r);
  return { ok: !error, error, result: r.ok ? (r.result as any) : undefined };
}
