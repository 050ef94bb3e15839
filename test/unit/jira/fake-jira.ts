// A fake Jira transport for unit tests: records every request and answers from a script, so
// tests assert on exactly what the app sent (method, path, query, body).
import type { Route } from '@forge/api';

import type { JiraClientOptions, RequestInitLike, ResponseLike } from '../../../src/jira/client';
import { JiraClient } from '../../../src/jira/client';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Throw this instead of answering (a network failure). */
  throws?: Error;
}

type Handler = (req: Recorded) => Answer;

export function answer(
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): Answer {
  return { status, body, headers };
}

export class FakeJira {
  readonly requests: Recorded[] = [];
  private readonly script: (Answer | Handler)[] = [];
  private fallback: Handler = (req) => {
    throw new Error(`FakeJira: no answer scripted for ${req.method} ${req.path}`);
  };

  /** Answers to give, in order; a function answers from the request. */
  then(...answers: (Answer | Handler)[]): this {
    this.script.push(...answers);
    return this;
  }

  /** Answers every request not covered by the script. */
  otherwise(handler: Handler): this {
    this.fallback = handler;
    return this;
  }

  readonly transport = async (r: Route, init?: RequestInitLike): Promise<ResponseLike> => {
    const url = new URL(r.value, 'https://jira.example');
    const req: Recorded = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: init?.body === undefined ? undefined : JSON.parse(init.body),
      headers: init?.headers ?? {},
    };
    this.requests.push(req);
    const next = this.script.shift() ?? this.fallback;
    const a = typeof next === 'function' ? next(req) : next;
    if (a.throws) throw a.throws;
    const headers = new Map(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const text =
      a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    return {
      status: a.status ?? 200,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => text,
    };
  };
}

/** A clock that only moves when something sleeps; records each sleep. */
export class FakeClock {
  t = Date.parse('2026-01-01T00:00:00Z');
  readonly sleeps: number[] = [];
  now = () => this.t;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

export function fakeClient(
  jira: FakeJira,
  opts: JiraClientOptions = {},
): { client: JiraClient; clock: FakeClock } {
  const clock = new FakeClock();
  const client = new JiraClient({
    request: jira.transport,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...opts,
  });
  return { client, clock };
}

/** A platform page as Jira answers it. */
export function page<T>(values: T[], startAt: number, isLast: boolean, total?: number) {
  return {
    startAt,
    maxResults: values.length,
    isLast,
    ...(total !== undefined ? { total } : {}),
    values,
  };
}

/**
 * Answers the group reads a rule save makes: every group id asked for exists, named
 * "Group <id>" and synced (managedBy EXTERNAL), and no product role names any of them.
 */
export function everyGroupSynced(req: Recorded): Answer {
  if (req.path === '/rest/api/3/applicationrole') return answer(200, []);
  if (req.path === '/rest/api/3/groups/picker') {
    const id = (req.query.get('query') ?? '').replace(/^Group /, '');
    return answer(200, { groups: [{ groupId: id, name: `Group ${id}`, managedBy: 'EXTERNAL' }] });
  }
  const ids = req.query.getAll('groupId');
  return answer(
    200,
    page(
      ids.map((groupId) => ({ groupId, name: `Group ${groupId}` })),
      0,
      true,
    ),
  );
}
