// One clock for the app and Jira: `POST /__host/clock {advanceMs}` moves the time the app's
// functions see and the emulator's (quota windows, audit record times), so an hour can pass at
// once: a run paused until Jira's quota resets goes on as soon as the clock passes the reset.
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const HOUR = 3_600_000;
const CONTOSO = DEMO.groups.contosoCustomers.groupId;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack({ emulator: { limits: { quota: { enabled: true, mode: 'global' } } } });
});
afterEach(async () => {
  await stack?.close();
});

async function hostClock(body?: { advanceMs: number }): Promise<any> {
  const res = await fetch(`${stack.host.url}/__host/clock`, {
    method: body ? 'POST' : 'GET',
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  if (!res.ok) throw new Error(`/__host/clock: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Waits until nothing of the app runs or is ready: what is left waits for a delay. */
async function onlyDelayedLeft(): Promise<boolean> {
  for (;;) {
    const { queue } = (await (await fetch(`${stack.host.url}/api/health`)).json()) as {
      queue: { ready: number; running: number; delayed: number };
    };
    if (queue.running === 0 && queue.ready === 0) return queue.delayed > 0;
    await new Promise((r) => setImmediate(r));
  }
}

test("an advance moves the app's time and Jira's together", async () => {
  const moved = await hostClock({ advanceMs: 3 * HOUR });
  expect(moved).toMatchObject({ offsetMs: 3 * HOUR, jiraClock: true });
  expect(await stack.control('GET', 'clock')).toMatchObject({ offsetMs: 3 * HOUR });

  await stack.admin('saveRule', { rule: demoRule() });
  const run = await stack.scheduledRun();
  await stack.waitForRun(run.id);
  const later = Date.now() + 3 * HOUR;
  // The app's functions stamp the run with the moved time.
  expect(Date.parse(run.startedAt ?? run.createdAt)).toBeGreaterThan(later - 60_000);
  expect(Date.parse(run.startedAt ?? run.createdAt)).toBeLessThanOrEqual(later);
  // Jira records the app's writes at its moved time, and its quota window is the moved hour's.
  const audit = await stack.jira<{ records: { created: string }[] }>(
    'GET',
    '/rest/api/3/auditing/record?limit=1',
  );
  expect(Date.parse(audit.body.records[0].created)).toBeGreaterThan(later - 60_000);
  const limits = await stack.control('GET', 'limits');
  expect(Date.parse(limits.quota.resetsAt)).toBeGreaterThan(later);
  expect(Date.parse(limits.quota.resetsAt)).toBeLessThanOrEqual(later + HOUR);
});

test("a run paused for Jira's quota goes on once the clock passes the reset, with no real wait", async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  // Someone else's installations spent the hour's pool.
  await stack.control('PUT', 'limits', { quota: { used: 65_000 } });
  const t0 = Date.now();
  const { runId } = await stack.admin<{ runId: string }>('startRun', { dryRun: false });
  expect(await onlyDelayedLeft()).toBe(true);
  const paused = await stack.admin('getRun', { runId });
  expect(paused.status).toBe('paused');
  const reset = Date.parse(paused.pausedUntil);

  // Time moves from one delayed event to the next (the chain of <= 900 s delays to the reset).
  let steps = 0;
  while (await onlyDelayedLeft()) {
    const c = await hostClock();
    await hostClock({ advanceMs: Math.max(0, c.nextDelayedMs - c.nowMs) });
    if (++steps > 20) throw new Error('the run still waits after 20 delays');
  }
  const run = await stack.waitForRun(runId);
  expect(run).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
  expect(await stack.roleGroups('ITHELP')).toEqual(expect.arrayContaining([CONTOSO]));
  // It resumed only after the reset, by the clock; the test waited seconds, not the hour.
  expect((await hostClock()).nowMs).toBeGreaterThanOrEqual(reset);
  expect(Date.now() - t0).toBeLessThan(60_000);
});
