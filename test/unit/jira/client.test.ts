import { route } from '@forge/api';

import { JiraClient } from '../../../src/jira/client';
import { JiraError } from '../../../src/jira/errors';
import { AdaptiveLimiter } from '../../../src/jira/limiter';
import { answer, fakeClient, FakeJira } from './fake-jira';

const CALL = 'add groups to role 10101 of project ITHELP';
const r = route`/rest/api/3/project/${'ITHELP'}/role/${'10101'}`;

async function failure(p: Promise<unknown>): Promise<JiraError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof JiraError)) throw new Error(`expected a JiraError, got ${String(err)}`);
  return err;
}

describe('JiraClient.request', () => {
  it('parses JSON, sends Accept and Content-Type, and returns null for an empty body', async () => {
    const jira = new FakeJira().then(answer(200, { ok: 1 }), answer(204));
    const { client } = fakeClient(jira);
    await expect(
      client.requestJira(r, {
        call: CALL,
        method: 'POST',
        body: JSON.stringify({ groupId: ['g1'] }),
      }),
    ).resolves.toEqual({ ok: 1 });
    await expect(client.requestJira(r, { call: CALL, method: 'DELETE' })).resolves.toBeNull();
    expect(jira.requests[0]).toMatchObject({
      method: 'POST',
      path: '/rest/api/3/project/ITHELP/role/10101',
      body: { groupId: ['g1'] },
    });
    expect(jira.requests[0].headers).toMatchObject({
      Accept: 'application/json',
      'Content-Type': 'application/json',
    });
    expect(jira.requests[1].headers['Content-Type']).toBeUndefined();
    expect(client.stats()).toEqual({ calls: 2, retries: 0, throttled: 0 });
  });

  it('waits as long as Retry-After says on a 429, then retries', async () => {
    const jira = new FakeJira().then(
      answer(429, { errorMessages: ['Rate limit exceeded'] }, { 'Retry-After': '3' }),
      answer(200, { ok: true }),
    );
    const { client, clock } = fakeClient(jira);
    await expect(client.requestJira(r, { call: CALL })).resolves.toEqual({ ok: true });
    expect(clock.sleeps).toEqual([3000]);
    expect(jira.requests).toHaveLength(2);
    expect(client.stats()).toEqual({ calls: 2, retries: 1, throttled: 1 });
  });

  it('waits until X-RateLimit-Reset when there is no Retry-After', async () => {
    const jira = new FakeJira();
    const { client, clock } = fakeClient(jira);
    const reset = new Date(clock.t + 2500).toISOString();
    jira.then(answer(429, {}, { 'X-RateLimit-Reset': reset }), answer(200, []));
    await client.requestJira(r, { call: CALL });
    expect(clock.sleeps).toEqual([2500]);
  });

  it('backs off exponentially with full jitter on 5xx, capped at maxDelayMs', async () => {
    const jira = new FakeJira().then(
      answer(503),
      answer(502),
      answer(500),
      answer(500),
      answer(200, { ok: true }),
    );
    const { client, clock } = fakeClient(jira, {
      baseDelayMs: 1000,
      maxDelayMs: 3000,
      maxTotalWaitMs: 60_000,
      random: () => 0.999999,
    });
    await expect(client.requestJira(r, { call: CALL })).resolves.toEqual({ ok: true });
    // ceilings 1000, 2000, 4000 -> 3000 (cap), 8000 -> 3000 (cap); jitter just under each
    expect(clock.sleeps).toEqual([999, 1999, 2999, 2999]);
    expect(client.stats()).toEqual({ calls: 5, retries: 4, throttled: 0 });
  });

  it('jitter can be as low as zero (full jitter)', async () => {
    const jira = new FakeJira().then(answer(500), answer(200, {}));
    const { client, clock } = fakeClient(jira, { random: () => 0 });
    await client.requestJira(r, { call: CALL });
    expect(clock.sleeps).toEqual([0]);
  });

  it("gives up after maxTries with a JiraError naming the call, Jira's message and what to do", async () => {
    const jira = new FakeJira().otherwise(() =>
      answer(429, { errorMessages: ['Rate limit exceeded'] }, { 'Retry-After': '1' }),
    );
    const { client, clock } = fakeClient(jira, { maxTries: 3 });
    const err = await failure(client.requestJira(r, { call: CALL }));
    expect(jira.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
    expect(err.status).toBe(429);
    expect(err.call).toBe(CALL);
    expect(err.jiraMessages).toEqual(['Rate limit exceeded']);
    expect(err.hint).toBe('Jira is rate limiting the app; the next run will continue.');
    expect(err.message).toContain('Could not add groups to role 10101 of project ITHELP');
    expect(err.message).toContain('Rate limit exceeded');
    expect(client.stats()).toEqual({ calls: 3, retries: 2, throttled: 3 });
  });

  it('gives up at once when Retry-After exceeds what is left of the wait budget', async () => {
    const jira = new FakeJira().then(answer(429, {}, { 'Retry-After': '60' }));
    const { client, clock } = fakeClient(jira, { maxTotalWaitMs: 10_000 });
    const err = await failure(client.requestJira(r, { call: CALL }));
    expect(err.status).toBe(429);
    expect(clock.sleeps).toEqual([]);
    expect(jira.requests).toHaveLength(1);
  });

  it('bounds the total wait across retries', async () => {
    const jira = new FakeJira().otherwise(() => answer(503, {}, { 'Retry-After': '4' }));
    const { client, clock } = fakeClient(jira, { maxTries: 10, maxTotalWaitMs: 10_000 });
    const err = await failure(client.requestJira(r, { call: CALL }));
    expect(clock.sleeps).toEqual([4000, 4000]);
    expect(err.status).toBe(503);
    expect(err.hint).toMatch(/server error; the next run will try again/);
  });

  it('retries network errors on reads, and fails with status 0 when they persist', async () => {
    const jira = new FakeJira().then(
      { throws: new TypeError('fetch failed') },
      answer(200, { ok: 1 }),
    );
    const { client } = fakeClient(jira);
    await expect(
      client.requestJira(route`/rest/api/3/project/X`, { call: 'read project X' }),
    ).resolves.toEqual({ ok: 1 });

    const down = new FakeJira().otherwise(() => ({ throws: new TypeError('fetch failed') }));
    const { client: c2 } = fakeClient(down, { maxTries: 2 });
    const err = await failure(
      c2.requestJira(route`/rest/api/3/project/X`, { call: 'read project X' }),
    );
    expect(err.status).toBe(0);
    expect(err.message).toContain('fetch failed');
    expect(err.hint).toMatch(/could not be reached/);
  });

  it('does not retry Forge errors no retry can fix', async () => {
    const e = new Error('no scope');
    e.name = 'NEEDS_AUTHENTICATION_ERR';
    const jira = new FakeJira().otherwise(() => ({ throws: e }));
    const { client } = fakeClient(jira);
    const err = await failure(
      client.requestJira(route`/rest/api/3/project/X`, { call: 'read project X' }),
    );
    expect(jira.requests).toHaveLength(1);
    expect(err.hint).toMatch(/scopes/);
  });

  it('does not retry a POST after a 5xx unless told it is safe, but always after a 429', async () => {
    const jira = new FakeJira().then(
      answer(500),
      answer(429, {}, { 'Retry-After': '0' }),
      answer(200, {}),
    );
    const { client } = fakeClient(jira);
    expect(
      (await failure(client.requestJira(r, { call: CALL, method: 'POST', body: '{}' }))).status,
    ).toBe(500);
    await client.requestJira(r, { call: CALL, method: 'POST', body: '{}' });
    expect(jira.requests).toHaveLength(3);

    const safe = new FakeJira().then(answer(500), answer(200, {}));
    const { client: c2 } = fakeClient(safe);
    await c2.requestJira(r, { call: CALL, method: 'POST', body: '{}', retryUnsafe: true });
    expect(safe.requests).toHaveLength(2);
  });

  it('does not retry 4xx, and says what to do for 403 and 404', async () => {
    const jira = new FakeJira().then(
      answer(403, { errorMessages: ['You do not have permission'], errors: {} }),
      answer(404, { errorMessages: ["No project could be found with key 'ITHELP'."] }),
      answer(400, { errorMessages: [], errors: { groupId: 'Group not found' } }),
    );
    const { client } = fakeClient(jira);
    const forbidden = await failure(client.requestJira(r, { call: CALL }));
    expect(forbidden.hint).toBe(
      "The app lacks permission: check it is installed with its scopes and check the project's permission scheme.",
    );
    expect(forbidden.message).toContain('You do not have permission');
    const missing = await failure(client.requestJira(r, { call: CALL }));
    expect(missing.hint).toBe('The project or role no longer exists.');
    const bad = await failure(client.requestJira(r, { call: CALL }));
    expect(bad.jiraMessages).toEqual(['groupId: Group not found']);
    expect(jira.requests).toHaveLength(3);
  });

  it('reads JSM error bodies ({errorMessage})', async () => {
    const jira = new FakeJira().then(
      answer(412, {
        errorMessage: 'The experimental API is not opted in',
        i18nErrorMessage: { i18nKey: 'x', parameters: [] },
      }),
    );
    const { client } = fakeClient(jira);
    const err = await failure(
      client.requestJira(route`/rest/servicedeskapi/servicedesk/1/customer`, {
        call: 'list customers',
      }),
    );
    expect(err.jiraMessages).toEqual(['The experimental API is not opted in']);
  });

  it('answers null for a 404 with notFoundAsNull, and the body for okStatuses', async () => {
    const jira = new FakeJira().then(
      answer(404, { errorMessages: ['gone'] }),
      answer(409, { already: true }),
    );
    const { client } = fakeClient(jira);
    await expect(client.requestJira(r, { call: CALL, notFoundAsNull: true })).resolves.toBeNull();
    await expect(client.requestJira(r, { call: CALL, okStatuses: [409] })).resolves.toEqual({
      already: true,
    });
  });

  it('fails clearly on a 2xx body that is not JSON', async () => {
    const jira = new FakeJira().then(answer(200, '<html>proxy</html>'));
    const { client } = fakeClient(jira);
    const err = await failure(client.requestJira(r, { call: CALL }));
    expect(err.message).toMatch(/not JSON/);
    expect(err.call).toBe(CALL);
  });

  it('reports throttles to its limiter, which halves', async () => {
    const clockNow = { t: 0 };
    const limiter = new AdaptiveLimiter({
      initial: 8,
      now: () => clockNow.t,
      sleep: async (ms) => void (clockNow.t += ms),
    });
    const jira = new FakeJira().then(answer(429, {}, { 'Retry-After': '2' }), answer(200, {}));
    const client = new JiraClient({
      request: jira.transport,
      limiter,
      now: () => clockNow.t,
      sleep: async (ms) => void (clockNow.t += ms),
    });
    await client.requestJira(r, { call: CALL });
    expect(limiter.limit).toBe(4);
  });

  it('tells each retry before it sleeps: which try comes next, of how many, and after what', async () => {
    const jira = new FakeJira().then(
      answer(503),
      answer(429, {}, { 'Retry-After': '1' }),
      answer(200, { ok: true }),
    );
    const { client, clock } = fakeClient(jira, { maxTries: 5 });
    const told: { attempt: number; of: number; status: number; slept: number }[] = [];
    const stop = client.onRetry((retry) =>
      told.push({
        attempt: retry.attempt,
        of: retry.of,
        status: retry.status,
        slept: clock.sleeps.length,
      }),
    );
    await expect(client.requestJira(r, { call: CALL })).resolves.toEqual({ ok: true });
    expect(told).toEqual([
      { attempt: 2, of: 5, status: 503, slept: 0 },
      { attempt: 3, of: 5, status: 429, slept: 1 },
    ]);
    stop();
    jira.then(answer(503), answer(200, {}));
    await client.requestJira(r, { call: CALL });
    expect(told).toHaveLength(2);
  });

  it('does not tell a retry it will not make, and a listener that throws fails no call', async () => {
    const jira = new FakeJira().then(answer(503), answer(503));
    const { client } = fakeClient(jira, { maxTries: 2 });
    const attempts: number[] = [];
    client.onRetry((retry) => {
      attempts.push(retry.attempt);
      throw new Error('display only');
    });
    const err = await failure(client.requestJira(r, { call: CALL }));
    expect(err.status).toBe(503);
    expect(attempts).toEqual([2]);
  });
});
