// The async events queue, scheduled triggers and product triggers, through @forge/events.
import { call, type Env, postJson, startEnv } from './helpers/setup';

let env: Env;
beforeAll(async () => {
  // Queue delays run 1000x faster; timeoutSeconds 2 becomes 0.3 s for the slow consumer.
  env = await startEnv({
    consumerConcurrency: 3,
    queueTimeScale: 0.001,
    limits: { timeoutScale: 0.15 },
  });
});
afterAll(async () => {
  await env.close();
});

const kvGet = async (key: string) => (await call(env, 'kvs', { op: 'get', key })).result;
const kvQuery = async (prefix: string) => {
  const out: any[] = [];
  let cursor: string | undefined;
  do {
    const page = (await call(env, 'kvs', { op: 'query', prefix, limit: 20, cursor })).result;
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
};

test('push limits are enforced as the SDK reports them', async () => {
  const tooMany = await call(env, 'push', {
    events: Array.from({ length: 51 }, () => ({ body: { kind: 'x', i: 0 } })),
  });
  expect(tooMany.error).toMatchObject({ className: 'TooManyEventsError' });
  const tooBig = await call(env, 'push', {
    events: [{ body: { kind: 'x', i: 0, pad: 'x'.repeat(201 * 1024) } }],
  });
  expect(tooBig.error).toMatchObject({ className: 'PayloadTooBigError' });
  const badDelay = await call(env, 'push', {
    events: [{ body: { kind: 'x', i: 0 }, delayInSeconds: 901 }],
  });
  expect(badDelay.error).toMatchObject({ className: 'InvalidPushSettingsError' });
  const noConsumer = await call(env, 'push', {
    queue: 'nobody-listens',
    events: [{ body: { kind: 'x', i: 0 } }],
  });
  expect(noConsumer.error.message).toMatch(/No consumer module.*nobody-listens/);
});

test('consumers get the AsyncEvent shape and run concurrently up to the limit', async () => {
  const pushed = await call(env, 'push', {
    events: Array.from({ length: 9 }, (_, i) => ({ body: { kind: 'conc', i, sleepMs: 250 } })),
  });
  expect(pushed.jobId).toEqual(expect.any(String));
  await env.host.waitForIdle();
  const runs = (await kvQuery('ran:conc:')).map((r) => r.value);
  expect(runs).toHaveLength(9);
  expect(runs[0]).toMatchObject({
    queueName: 'work',
    jobId: pushed.jobId,
    eventId: expect.any(String),
    retryContext: null,
  });
  // Most runs in progress at any start instant: the concurrency limit is 3, and it is reached.
  let maxOverlap = 0;
  for (const r of runs)
    maxOverlap = Math.max(
      maxOverlap,
      runs.filter((o) => o.start <= r.start && r.start < o.end).length,
    );
  expect(maxOverlap).toBe(3);
  expect(await call(env, 'stats', { jobId: pushed.jobId })).toEqual({
    success: 9,
    inProgress: 0,
    failed: 0,
  });
});

test('a consumer that throws is retried with retryContext, at most 4 times', async () => {
  await call(env, 'push', {
    events: [
      { body: { kind: 'flaky', i: 1, throwTimes: 2 } },
      { body: { kind: 'doomed', i: 2, throwTimes: 99 } },
    ],
  });
  await env.host.waitForIdle();
  const flaky = (await kvQuery('ran:flaky:1:')).map((r) => r.value);
  expect(flaky.map((v) => v.retryContext?.retryCount ?? 0)).toEqual([0, 1, 2]);
  expect(flaky[1].retryContext).toMatchObject({ retryCount: 1, retryReason: expect.any(String) });
  const doomed = await kvQuery('ran:doomed:2:');
  expect(doomed).toHaveLength(5); // the first attempt and 4 retries
});

test('InvocationError from a consumer is retried with its reason and data', async () => {
  const { jobId } = await call(env, 'push', {
    events: [{ body: { kind: 'asks', i: 1, retryTimes: 1 } }],
  });
  await env.host.waitForIdle();
  const second = await kvGet('ran:asks:1:1');
  expect(second.retryContext).toEqual({
    retryCount: 1,
    retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
    retryData: { attempt: 0 },
  });
  expect(await call(env, 'stats', { jobId })).toEqual({ success: 1, inProgress: 0, failed: 0 });
});

test('a consumer over its timeoutSeconds is killed and retried with FUNCTION_TIME_OUT', async () => {
  await call(env, 'push', { queue: 'slow', events: [{ body: { hangTimes: 1 } }] });
  await env.host.waitForIdle();
  expect(await kvGet('slow:1')).toEqual({
    retryContext: expect.objectContaining({ retryCount: 1, retryReason: 'FUNCTION_TIME_OUT' }),
  });
  expect(await kvGet('slow:done')).toBe(1);
  const inv = await (await fetch(`${env.host.url}/api/invocations`)).json();
  expect(
    inv.invocations.find((i: any) => i.moduleKey === 'slow-consumer' && i.timedOut),
  ).toMatchObject({ ok: false, limitMs: 300, error: expect.stringMatching(/timed out/) });
});

test('POST /api/trigger/{key} answers when the trigger and all queue work it started have finished', async () => {
  await call(env, 'kvs', { op: 'set', key: 'fanOut:n', value: 5 });
  const r = await postJson(`${env.host.url}/api/trigger/fan-out`, {});
  expect(r.status).toBe(200);
  expect(r.body.ok).toBe(true);
  const kinds = r.body.invocations.map((i: any) => i.moduleKey);
  // 1 trigger + 5 consumers + 5 children pushed by those consumers.
  expect(kinds.filter((k: string) => k === 'fan-out')).toHaveLength(1);
  expect(kinds.filter((k: string) => k === 'work-consumer')).toHaveLength(10);
  expect(r.body.invocations[0]).toMatchObject({
    moduleKey: 'fan-out',
    function: 'fan-out',
    ok: true,
    ms: expect.any(Number),
  });
  expect(await kvQuery('ran:child:')).toHaveLength(5);
  const last = await kvGet('fanOut:lastEvent');
  expect(last.event).toMatchObject({
    context: { cloudId: expect.any(String), moduleKey: 'fan-out' },
    contextToken: expect.any(String),
  });
  expect(last.context.installContext).toMatch(/^ari:cloud:jira::site\//);
  expect((await postJson(`${env.host.url}/api/trigger/no-such`, {})).status).toBe(404);
});

test("the emulator's project_created webhook fires avi:jira:created:project triggers", async () => {
  const r = await postJson(`${env.host.url}/__host/webhooks/jira`, {
    webhookEvent: 'project_created',
    project: { id: 10042, key: 'NEW', name: 'New desk', projectTypeKey: 'service_desk' },
  });
  expect(r.status).toBe(202);
  await env.host.waitForIdle();
  const created = await kvGet('created:NEW');
  expect(created.event).toMatchObject({
    eventType: 'avi:jira:created:project',
    project: { id: '10042', key: 'NEW', projectTypeKey: 'service_desk' },
    context: { moduleKey: 'on-created' },
  });
});

test('the scheduler runs scheduled triggers on its interval', async () => {
  const timed = await startEnv({ schedulerIntervalMs: 200 });
  try {
    await call(timed, 'kvs', { op: 'set', key: 'fanOut:n', value: 1 });
    const deadline = Date.now() + 5000;
    let last: unknown = null;
    while (!last && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      last = (await call(timed, 'kvs', { op: 'get', key: 'fanOut:lastEvent' })).result;
    }
    expect(last).toMatchObject({ event: { context: { moduleKey: 'fan-out' } } });
  } finally {
    await timed.close();
  }
});
