// A project run never causes a scheduled run to be lost, and an hourly run
// the site's lease refuses (an admin's run holds it) is retried, not lost. Interleavings are made
// with the harness's held calls, not sleeps.
import { startScheduledRun } from '../../../../src/enforce/run/scheduled-run';
import { Engine, runIdOf } from '../harness/engine';
import { on } from '../harness/platform';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule();
});
afterEach(() => engine.platform.uninstall());

const audit = () => engine.platform.values<{ entries: any[] }>('audit:').flatMap((c) => c.entries);
const scheduledRuns = () => engine.runs().filter((r) => r.trigger === 'scheduled');

it('the hourly run starts while a project run holds its project, and enforces it after', async () => {
  const projectRun = engine.start({ trigger: 'project', projectKey: 'P1', startedBy: 'acc-pa' });
  await engine.platform.quiesce();
  expect(projectRun.state).toBe('done');
  // The project run holds P1's lease and is held just before it writes P1's ledger.
  const held = engine.platform.pauseAt(on.write('ledger:20000'));
  const projectBatch = engine.deliver();
  const h = await held;

  const hourly = engine.hourly();
  await engine.platform.quiesce();
  expect(hourly.state).toBe('done');
  expect(scheduledRuns()).toEqual([expect.objectContaining({ status: 'running' })]);
  expect(audit().filter((e) => e.kind === 'run-skipped')).toEqual([]);
  await engine.drain(); // the hourly's list and batch: P2 and P3 done, P1 waits for its lease
  const hourlyBatch = engine.platform.invocations.find(
    (i) => i.runId === scheduledRuns()[0].id && i.label.startsWith('batch:'),
  )!;
  expect(hourlyBatch.state).toBe('running');

  h.release();
  await projectBatch.settled;
  await hourlyBatch.settled;
  await engine.drain();
  expect(engine.record(runIdOf(projectRun))).toMatchObject({ status: 'succeeded' });
  expect(scheduledRuns()).toEqual([
    expect.objectContaining({ status: 'succeeded', counts: expect.objectContaining({ adds: 4 }) }),
  ]);
  engine.expectSettled();
});

it('an hourly run refused by an admin run is retried until it starts, and audited once', async () => {
  const admin = engine.start({ trigger: 'manual', startedBy: 'acc-admin' });
  await engine.platform.quiesce();
  const hourly = engine.hourly();
  await engine.platform.quiesce();
  expect(hourly.state).toBe('done');
  expect(scheduledRuns()).toEqual([]);
  const retry = engine.platform.queue.find((e) => e.body.kind === 'retry-scheduled');
  expect(retry).toMatchObject({ delayInSeconds: 300, body: { attempt: 1 } });
  expect(audit().filter((e) => e.kind === 'run-skipped')).toEqual([
    expect.objectContaining({
      message: expect.stringMatching(/did not start yet: Another run .* tries again every 5/),
    }),
  ]);

  // The retry comes while the admin's run still holds the site: it queues another try.
  engine.deliver(retry);
  await engine.platform.quiesce();
  expect(engine.platform.queue.map((e) => e.body)).toContainEqual(
    expect.objectContaining({ kind: 'retry-scheduled', attempt: 2 }),
  );
  await engine.drain(); // the admin's run ends; a later try starts the hourly run
  expect(engine.record(runIdOf(admin))).toMatchObject({ status: 'succeeded' });
  expect(scheduledRuns()).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  expect(audit().filter((e) => e.kind === 'run-skipped')).toHaveLength(1);

  // A copy of a try delivered again finds the hour covered and starts nothing.
  const copy = { ...retry!, eventId: 'copy', body: { ...retry!.body, attempt: 3 } };
  engine.platform.queue.push(copy);
  await engine.drain();
  expect(scheduledRuns()).toHaveLength(1);
  engine.expectSettled();
});

it('tries end when the next hour is near, saying the next hourly run covers it', async () => {
  engine.start({ trigger: 'manual', startedBy: 'acc-admin' });
  await engine.platform.quiesce();
  // The hour was skipped after the admin's run started; it is now 48 minutes later.
  const skipped = Date.now() + 1000;
  const skippedAt = new Date(skipped).toISOString();
  const late = engine.platform.invoke('retry', () =>
    startScheduledRun(
      { kind: 'retry-scheduled', runId: 'r', skippedAt, attempt: 9 },
      new Date(skipped + 48 * 60_000),
    ),
  );
  await engine.platform.quiesce();
  expect(late.state).toBe('done');
  expect(engine.platform.queue.filter((e) => e.body.kind === 'retry-scheduled')).toEqual([]);
  expect(audit().filter((e) => e.kind === 'run-skipped')).toEqual([
    expect.objectContaining({
      message: expect.stringMatching(/could not start after 10 tries: .* next hourly run covers/),
    }),
  ]);
});

describe('a run that fails after it started', () => {
  it('ends at its last try with an audit entry saying why and what to do', async () => {
    const run = engine.start();
    await engine.platform.quiesce();
    // Jira answers 500 to the project search from now on; no time is left to wait and retry.
    const handle = engine.site.handle.bind(engine.site);
    engine.site.handle = (method, path, body, runId) =>
      path.startsWith('/rest/api/3/project/search')
        ? { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } }
        : handle(method, path, body, runId);
    let ev = engine.platform.queue[0];
    for (let attempt = 0; attempt <= 4; attempt++) {
      const inv = engine.deliver(ev, () => 1_000);
      await inv.settled;
      expect(inv.state).toBe(attempt < 4 ? 'failed' : 'done');
      if (attempt < 4) ev = engine.platform.retry(inv);
    }
    const id = runIdOf(run);
    expect(engine.record(id)).toMatchObject({ status: 'failed' });
    const failed = audit().filter((e) => e.kind === 'run-failed');
    expect(failed).toEqual([expect.objectContaining({ runId: id, actor: 'admin' })]);
    expect(failed[0].message).toMatch(
      /^The run stopped: listing the site's projects \(page 1\) 5 times failed \(.*500.*\)\. 0 of 0 projects were done\. The next hourly run enforces .* open Health/,
    );
    engine.expectSettled();
  });

  it('that could not start is audited with the reason', async () => {
    // Storage refuses the write of the run's context: the start fails after the lease was taken.
    engine.platform.kvs.failWrite({ keyPrefix: 'runctx:', nth: 1 });
    const run = engine.start();
    await engine.platform.quiesce();
    expect(run.state).toBe('failed');
    expect(audit().filter((e) => e.kind === 'run-failed')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^The run could not start: /) }),
    ]);
    engine.expectSettled();
  });
});

it('a group added to product access after its rule was saved: the run adds nothing for it, and says why', async () => {
  const [licensed, customers] = engine.site.groups;
  engine.site.appRoles.push({
    key: 'jira-software',
    name: 'Jira Software',
    groupIds: [licensed.groupId],
  });
  const run = await engine.run();
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 3 } });
  expect(engine.site.bindings()).toEqual(
    ['P1', 'P2', 'P3'].map((k) => `${k}:${customers.groupId}`),
  );
  const plans = engine.platform
    .values<{ plans: any[] }>(`runplan:${run.id}:`)
    .flatMap((c) => c.plans);
  const skips = plans.flatMap((p) => p.skips).filter((s: any) => s.groupId === licensed.groupId);
  expect(skips).toHaveLength(3);
  expect(skips[0]).toMatchObject({
    code: 'refused',
    reason: expect.stringMatching(/grants access to Jira Software .*not customers/),
  });
  engine.expectSettled();
});
