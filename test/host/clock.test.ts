// The host's clock: `POST /__host/clock {advanceMs}` moves the time the app's functions see
// (Date, the timers they await) and the delays of queued events, without waiting.
import { call, type Env, startEnv } from './helpers/setup';

const HOUR = 3_600_000;
let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env.close();
});

async function clock(method: 'GET' | 'POST', body?: unknown) {
  const res = await fetch(`${env.host.url}/__host/clock`, {
    method,
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  return { status: res.status, body: await res.json() };
}

test("an advance moves the functions' Date, and wakes a timer a function awaits", async () => {
  const before = await clock('GET');
  expect(before.body.offsetMs).toBe(0);
  const moved = await clock('POST', { advanceMs: 2 * HOUR });
  expect(moved.status).toBe(200);
  expect(moved.body.offsetMs).toBe(2 * HOUR);

  const seen = await call(env, 'clock', {});
  expect(seen.before).toBeGreaterThanOrEqual(Date.now() + 2 * HOUR - 60_000);
  expect(seen.before).toBeLessThanOrEqual(Date.now() + 2 * HOUR);
  expect(seen.asDate - seen.before).toBeLessThan(1_000);
  expect(seen.isDate).toBe(true);

  // A function waiting an hour (as for Jira's quota reset) goes on once the hour has passed.
  const waiting = call(env, 'clock', { waitMs: HOUR });
  const t0 = Date.now();
  // The function starts, then its timer is pending: the advance fires it.
  let woke: { after: number; before: number } | undefined;
  void waiting.then((r) => (woke = r));
  while (!woke) {
    await clock('POST', { advanceMs: HOUR });
    await new Promise((r) => setImmediate(r));
    if (Date.now() - t0 > 10_000) break;
  }
  const r = await waiting;
  expect(r.after - r.before).toBeGreaterThanOrEqual(HOUR);
  expect(Date.now() - t0).toBeLessThan(10_000);
});

test('a delayed queue event is delivered once the clock passes its due time', async () => {
  const now = (await clock('GET')).body.nowMs as number;
  await call(env, 'push', {
    events: [{ body: { kind: 'delayed-clock', i: 0 }, delayInSeconds: 900 }],
  });
  const waiting = (await clock('GET')).body;
  expect(waiting.nextDelayedMs).toBeGreaterThanOrEqual(now + 900_000);
  const t0 = Date.now();
  await clock('POST', { advanceMs: waiting.nextDelayedMs - waiting.nowMs });
  await env.host.waitForIdle();
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect((await clock('GET')).body.nextDelayedMs).toBeUndefined();
  const ran = (await call(env, 'kvs', { op: 'get', key: 'ran:delayed-clock:0:0' })).result;
  expect(ran.start).toBeGreaterThanOrEqual(waiting.nextDelayedMs);
});

test('the clock only moves forward', async () => {
  expect((await clock('POST', { advanceMs: -1 })).status).toBe(400);
  expect((await clock('POST', { later: 1 })).status).toBe(400);
});
