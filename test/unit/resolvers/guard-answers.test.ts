// Every error of a resolver function reaches the page as data, {error: {code, message, field?}}:
// the app's own refusals with their words, a Jira failure with JiraError's words, and anything
// else as `internal` with a fixed sentence; its real message only in the logs (resolver.failed).
import { z } from 'zod';

import { INTERNAL_ERROR_MESSAGE, UserFacingError } from '../../../src/domain/errors';
import { hintFor, JiraError } from '../../../src/jira/errors';
import { setLogSink } from '../../../src/log';
import { defineResolver } from '../../../src/resolvers/guard';

let logged: { level: string; line: Record<string, unknown> }[] = [];
beforeEach(() => {
  logged = [];
  setLogSink((level, line) => logged.push({ level, line: JSON.parse(line) }));
});

const SECRET = "Cannot read properties of undefined (reading 'groupIds')";

const definitions = defineResolver({
  schemas: {
    crash: z.object({}).strict(),
    jira: z.object({}).strict(),
    jiraDefaultHint: z.object({}).strict(),
    gone: z.object({}).strict(),
    echo: z.object({ name: z.string().min(1, 'Give it a name') }).strict(),
    worded: z.object({}).strict(),
  },
  identify: (ctx) => ({ accountId: ctx.accountId ?? 'anonymous' }),
  authorize: async () => undefined,
  handlers: {
    crash: async () => {
      throw new TypeError(SECRET);
    },
    jira: async () => {
      throw new JiraError('read the groups', 503, ['Service Unavailable'], 'Try again later.');
    },
    jiraDefaultHint: async () => {
      throw new JiraError('read the groups', 503, ['Service Unavailable'], hintFor(503));
    },
    gone: async () => {
      throw new UserFacingError('Rule r-1 no longer exists. Reload the page.', 'not-found');
    },
    echo: async ({ name }) => ({ name }),
    worded: async () => {
      throw new UserFacingError(
        'Rule r-1 no longer exists (someone deleted it). Reload the page.',
        'not-found',
      ).withReason('rule-gone', { id: 'r-1' });
    },
  },
});

function invoke(functionKey: string, payload: unknown = {}) {
  return (definitions as (req: unknown, rt: unknown) => Promise<unknown>)(
    { call: { functionKey, payload }, context: {} },
    { principal: { accountId: 'acc-1' } },
  );
}

it('answers an unexpected error as internal, with the fixed sentence and no internals', async () => {
  const answer = await invoke('crash');
  // The fixed sentence and a reference: the one the operator finds the error under.
  const reference = /Reference: ([0-9a-f]{8})\.$/.exec((answer as any).error.message)?.[1];
  expect(answer).toEqual({
    error: { code: 'internal', message: `${INTERNAL_ERROR_MESSAGE} Reference: ${reference}.` },
  });
  expect(JSON.stringify(answer)).not.toContain('Cannot read');
  // The operator still gets the real error, under the function it failed in.
  expect(logged).toEqual([
    {
      level: 'error',
      line: expect.objectContaining({
        event: 'resolver.failed',
        function: 'crash',
        reference,
        errorName: 'TypeError',
        // Quoted words are scrubbed from log lines (they may be names).
        error: 'Cannot read properties of undefined (reading <name>)',
      }),
    },
  ]);
});

it("answers a Jira failure as jira, in JiraError's words", async () => {
  expect(await invoke('jira')).toEqual({
    error: {
      code: 'jira',
      message:
        'Could not read the groups (Jira answered 503: Service Unavailable). Try again later.',
    },
  });
  expect(logged.map((l) => l.line.event)).toEqual(['resolver.failed']);
});

it('words a Jira failure for the page: try again now, never "the next run"', async () => {
  expect(hintFor(503)).toMatch(/the next run will try again/);
  expect(await invoke('jiraDefaultHint')).toEqual({
    error: {
      code: 'jira',
      message:
        'Could not read the groups (Jira answered 503: Service Unavailable). Jira had a server ' +
        'error; try again in a minute. If it persists, check status.atlassian.com.',
    },
  });
});

it("answers the app's own refusal with its code and words, logged as info", async () => {
  expect(await invoke('gone')).toEqual({
    error: { code: 'not-found', message: 'Rule r-1 no longer exists. Reload the page.' },
  });
  expect(logged).toEqual([
    {
      level: 'info',
      line: expect.objectContaining({ event: 'resolver.error', code: 'not-found' }),
    },
  ]);
});

it('answers a payload that is not valid with the field it is about', async () => {
  expect(await invoke('echo', { name: '' })).toEqual({
    error: {
      code: 'invalid-input',
      message: 'The request is not valid. Name: Give it a name.',
      field: 'name',
    },
  });
  expect(await invoke('echo', { name: 'x' })).toEqual({ name: 'x' });
});

it("answers a refusal's reason and what it names, for the page to word it in its language", async () => {
  expect(await invoke('worded')).toEqual({
    error: {
      code: 'not-found',
      message: 'Rule r-1 no longer exists (someone deleted it). Reload the page.',
      reason: 'rule-gone',
      values: { id: 'r-1' },
    },
  });
});
