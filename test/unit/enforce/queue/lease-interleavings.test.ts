// The run engine under the interleavings Forge allows, made deterministic: a KVS stand-in holds
// any call before it is applied or stops its invocation right after it (see ../harness/). Each test
// ends with one holder at most, the ledger equal to what the app added in Jira, and no run left
// running.
import { LEASE_TTL_MS } from '../../../../src/store/lease';
import { PROJECT_LEASE_MS } from '../../../../src/store/project-lease';
import { Engine, runIdOf } from '../harness/engine';
import { type Invocation, on } from '../harness/platform';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule();
});
afterEach(() => engine.platform.uninstall());

const leaseWrite = on.write('lease/site');

it('a run on a quiet site adds every group, settles the ledger and frees the site', async () => {
  const run = await engine.run();
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 6, errors: 0 } });
  expect(engine.site.writes).toHaveLength(3);
  expect(engine.siteLease()).toMatchObject({ holder: '', token: 2 });
  engine.expectSettled();
});

describe('two runs want the site', () => {
  it.each([
    ['the first', 'second'],
    ['the second', 'first'],
  ])(
    'two acquirers find the same expired lease: exactly one takes it (%s commits first)',
    async (_, last) => {
      engine.platform.kvs.setEntity('lease', 'site', {
        token: 7,
        holder: 'a-run-that-died',
        trigger: 'scheduled',
        startedBy: 'app',
        acquiredAt: 0,
        renewedAt: 0,
        expiresAt: Date.now() - 1,
      });
      const ref: { a?: Invocation; b?: Invocation } = {};
      const heldA = engine.platform.pauseAt(
        on.both(
          on.by(() => ref.a),
          leaseWrite,
        ),
      );
      const heldB = engine.platform.pauseAt(
        on.both(
          on.by(() => ref.b),
          leaseWrite,
        ),
      );
      const a = (ref.a = engine.start());
      const b = (ref.b = engine.start());
      // Both read the expired lease (token 7) and are about to write token 8.
      const [ha, hb] = await Promise.all([heldA, heldB]);
      const [first, second] = last === 'second' ? [ha, hb] : [hb, ha];
      first.release();
      await engine.platform.quiesce();
      second.release();
      await engine.platform.quiesce();

      const started = [a, b].filter((i) => i.state === 'done');
      const refused = [a, b].filter((i) => i.state === 'failed');
      expect(started).toHaveLength(1);
      expect(refused).toHaveLength(1);
      const winner = runIdOf(started[0]);
      expect((refused[0].error as Error).message).toMatch(
        new RegExp(`run ${winner}\\) is changing the site`),
      );
      expect(engine.siteLease()).toMatchObject({ token: 8, holder: winner });
      // The dead run had no record; the winner says it took over.
      await engine.drain();
      expect(engine.record(winner)).toMatchObject({ status: 'succeeded' });
      engine.expectSettled();
    },
  );

  it('a batch of a run that lost its lease cannot write the ledger nor touch a role again; the new run owns the site', async () => {
    const a = engine.start();
    await engine.platform.quiesce();
    engine.deliver(); // list
    await engine.platform.quiesce();
    // A's batch renewed its lease, read the roles, and is about to write its pending adds.
    const held = engine.platform.pauseAt(on.write('ledger:'));
    const stale = engine.deliver();
    const h = await held;
    expect(h.call.inv).toBe(stale);
    await engine.platform.quiesce(); // its other projects finish meanwhile, holding the lease

    // It stalls past its lease; B takes over. (A live invocation cannot: it renewed when it
    // started, and the lease outlasts any invocation twice over. A stalled store call can.)
    engine.platform.ageLeases(LEASE_TTL_MS + 1000);
    const b = await engine.run();
    expect(b).toMatchObject({ status: 'succeeded', counts: { adds: 2 } }); // P1: A did the others
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'failed' });
    expect(engine.record(runIdOf(a)).message).toMatch(/lease expired; run .* took over/);
    const ledgerByB = engine.ledger();
    const writesByA = () => engine.site.writes.filter((w) => w.runId === runIdOf(a)).length;
    const beforeRelease = writesByA();

    h.release();
    await engine.platform.quiesce();
    expect(stale.state).toBe('done'); // it stopped cleanly: nothing to retry
    expect(engine.ledger()).toEqual(ledgerByB);
    expect(writesByA()).toBe(beforeRelease);
    expect(engine.platform.values(`runbatch:${runIdOf(a)}:`)).toEqual([]);
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'failed' });
    engine.expectSettled();
  });

  it("a run's late finalisation cannot revive it once it was ended for it", async () => {
    const a = engine.start();
    await engine.platform.quiesce();
    const held = engine.platform.pauseAt(on.write(`run:${runIdOf(a)}`));
    await engine.drain(); // list and batch; the batch's finalisation is held
    const h = await held;
    engine.platform.ageLeases(LEASE_TTL_MS + 1000);
    await engine.afterLeasesExpire(); // the watchdog ends A; the hourly run then enforces
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'failed' });

    h.release();
    await engine.platform.quiesce();
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'failed' });
    engine.expectSettled();
  });
});

describe("a project's lease", () => {
  /** Run A up to its write-ahead in P1, held there; answers the held write and A's batch. */
  async function holdAtWriteAhead() {
    const a = engine.start();
    await engine.platform.quiesce();
    engine.deliver(); // list
    await engine.platform.quiesce();
    const held = engine.platform.pauseAt(on.write('ledger:20000'));
    const batch = engine.deliver();
    const h = await held;
    expect(h.call.inv).toBe(batch);
    await engine.platform.quiesce(); // P2 and P3 are done meanwhile
    return { runId: runIdOf(a), batch, h };
  }
  /** P1's own run, started by a project admin once A's lease on P1 has lapsed. */
  const projectRun = () => engine.run({ trigger: 'project', projectKey: 'P1' });
  const writesBy = (runId: string, key: string) =>
    engine.site.writes.filter((w) => w.runId === runId && w.projectKey === key);
  const actionsOf = (runId: string) =>
    engine.platform.values(`runact:${runId}:`).flatMap((c: any) => c.actions);

  it('lost to another run: the holder leaves that project, and its run goes on to its end', async () => {
    const a = await holdAtWriteAhead();
    engine.platform.ageLeases(PROJECT_LEASE_MS + 1000); // the site lease (30 min) still holds
    const b = await projectRun();
    expect(b).toMatchObject({ status: 'succeeded', counts: { adds: 2 } });

    a.h.release(); // A's write-ahead finds P1's lease taken: P1 only is lost, not the run
    await engine.platform.quiesce();
    expect(a.batch.state).toBe('done');
    await engine.drain();
    expect(engine.record(a.runId)).toMatchObject({
      status: 'partly-failed',
      counts: { adds: 4, errors: 1 },
    });
    expect(actionsOf(a.runId).filter((x) => !x.ok)).toEqual([
      expect.objectContaining({
        projectKey: 'P1',
        kind: 'project',
        error: expect.stringMatching(/Another run took this project over.*the next run covers it/),
      }),
    ]);
    expect(writesBy(a.runId, 'P1')).toEqual([]);
    // P1's page shows what its own run did there.
    expect(engine.platform.values('project-visit:P1')[0]).toMatchObject({
      runId: b.id,
      counts: { adds: 2 },
    });
    engine.expectSettled();
  });

  it('lost between its write-ahead and its Jira write: the holder makes no Jira write there', async () => {
    const a = await holdAtWriteAhead();
    const confirm = engine.platform.pauseAt(
      on.both(
        on.by(() => a.batch),
        (c) => c.route === '/entity/get' && c.body?.key === 'project:20000',
      ),
    );
    a.h.release();
    const held = await Promise.race([confirm, engine.platform.quiesce().then(() => undefined)]);
    // Before its Jira write, the holder reads its project's lease again.
    expect(held).toBeDefined();
    engine.platform.ageLeases(PROJECT_LEASE_MS + 1000);
    const b = await projectRun();
    expect(b).toMatchObject({ status: 'succeeded', counts: { adds: 2 } });

    held!.release();
    await engine.platform.quiesce();
    await engine.drain();
    expect(writesBy(a.runId, 'P1')).toEqual([]);
    expect(engine.record(a.runId)).toMatchObject({
      status: 'partly-failed',
      counts: { adds: 4, errors: 1 },
    });
    engine.expectSettled();
  });

  it('a live holder slower than the lease lasts keeps it: it renews before writing', async () => {
    const a = await holdAtWriteAhead();
    engine.platform.ageLeases(PROJECT_LEASE_MS + 1000); // nobody takes P1 meanwhile
    a.h.release();
    await engine.platform.quiesce();
    await engine.drain();
    // The harness checks every role write: made while the writer held the project's lease.
    expect(engine.violations).toEqual([]);
    expect(engine.record(a.runId)).toMatchObject({ status: 'succeeded', counts: { adds: 6 } });
    engine.expectSettled();
  });
});

describe('the watchdog', () => {
  it('leaves a run alone that renewed its lease after the watchdog read it (same token)', async () => {
    const a = engine.start();
    await engine.platform.quiesce();
    // The run's lease looks stalled; the watchdog reads it and is about to revoke it.
    engine.platform.ageLeases(LEASE_TTL_MS + 1000);
    const ref: { watchdog?: Invocation } = {};
    const held = engine.platform.pauseAt(
      on.both(
        on.by(() => ref.watchdog),
        leaseWrite,
      ),
    );
    ref.watchdog = engine.hourly();
    const h = await held;
    // Meanwhile the run's next event arrives and renews its lease: it is alive.
    engine.deliver(); // list
    await engine.platform.quiesce();
    expect(engine.siteLease()).toMatchObject({ holder: runIdOf(a) });

    h.release();
    await engine.platform.quiesce();
    expect(ref.watchdog.state).toBe('done');
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'running' });
    await engine.drain();
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'succeeded', counts: { adds: 6 } });
    engine.expectSettled();
  });
});

describe('at-least-once delivery', () => {
  it('a list event delivered twice at once pushes its batch once', async () => {
    engine.start();
    await engine.platform.quiesce();
    const [ev] = engine.platform.queue;
    const held = engine.platform.pauseAt(on.write('runpage:'));
    const first = engine.deliver(ev);
    await held.then((h) => {
      const copy = engine.deliver({ ...ev });
      return engine.platform.quiesce().then(() => {
        expect(copy.state).toBe('done');
        h.release();
      });
    });
    await engine.platform.quiesce();
    expect(first.state).toBe('done');
    expect(engine.platform.queue.map((e) => e.body.kind)).toEqual(['batch']);
    await engine.drain();
    expect(engine.site.writes).toHaveLength(3);
    engine.expectSettled();
  });

  it('a list event that crashed after recording its page is retried: the retry pushes what was recorded, a copy does nothing', async () => {
    engine.start();
    await engine.platform.quiesce();
    const [ev] = engine.platform.queue;
    engine.platform.crashAfter(on.write('runpage:'));
    const crashed = engine.deliver(ev);
    await engine.platform.quiesce();
    expect(crashed.state).toBe('crashed');
    expect(engine.platform.queue).toEqual([]);
    engine.deliver({ ...ev }); // a copy, while Forge has not retried yet
    await engine.platform.quiesce();
    expect(engine.platform.queue).toEqual([]);
    await engine.drain(); // the retry
    expect(engine.site.writes).toHaveLength(3);
    const search = engine.platform.invocations.filter((i) => i.label.startsWith('list:'));
    expect(search.map((i) => `${i.label}:${i.state}`)).toEqual([
      'list:0#0:crashed',
      'list:0#0:done',
      'list:0#1:done',
    ]);
    expect(engine.runs()[0]).toMatchObject({ status: 'succeeded', counts: { adds: 6 } });
    engine.expectSettled();
  });

  it('a list event that arrives after the watchdog ended its run pushes nothing', async () => {
    const a = engine.start();
    await engine.platform.quiesce();
    const held = engine.platform.pauseAt(on.write('lease/site'));
    const late = engine.deliver(); // checks the run (running), claims, and renews: held here
    const h = await held;
    engine.platform.ageLeases(LEASE_TTL_MS + 1000);
    const watchdog = engine.hourly();
    await engine.platform.quiesce();
    expect(watchdog.state).toBe('done');
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'failed' });
    const queued = engine.platform.queue.length;

    h.release();
    await engine.platform.quiesce();
    expect(late.state).toBe('done');
    expect(engine.platform.queue).toHaveLength(queued); // its batch was never pushed
    expect(engine.record(runIdOf(a))).toMatchObject({ status: 'failed' });
    await engine.drain();
    engine.expectSettled();
  });
});

describe('a crash after each write of a run', () => {
  it('ends with the run not running, the ledger equal to Jira, and the site free', async () => {
    // Count the writes of a clean run, then crash after each of them in turn.
    const clean = new Engine();
    clean.platform.install();
    await clean.seedRule();
    const before = clean.platform.kvsWrites.length;
    await clean.run();
    const writes = clean.platform.kvsWrites.length - before;
    expect(writes).toBeGreaterThan(10);

    const outcomes: string[] = [];
    for (let k = 1; k <= writes; k++) {
      engine = new Engine();
      engine.platform.install();
      await engine.seedRule();
      engine.platform.crashAfter(() => true, k);
      const start = engine.start();
      await engine.drain();
      const crashedAt = engine.platform.kvsWrites[engine.platform.kvsWrites.length - 1];
      // A run whose starter died is left to the watchdog, once its lease has expired.
      await engine.afterLeasesExpire();
      // The site converges with one more run.
      const next = await engine.run();
      outcomes.push(`${k} ${crashedAt?.writes[0]} ${start.state}`);
      expect({ k, next: next.status }).toEqual({ k, next: 'succeeded' });
      try {
        engine.expectSettled();
      } catch (err) {
        throw new Error(`crash after write ${k} (${outcomes.at(-1)}): ${(err as Error).message}`);
      }
      engine.platform.uninstall();
    }
    expect(outcomes).toHaveLength(writes);
  });
});

describe('a run paused for Jira quota', () => {
  it('keeps its lease through the chain of delays: the watchdog and the next hourly run leave it be', async () => {
    const a = engine.start();
    await engine.platform.quiesce();
    const runId = runIdOf(a);
    // The listing was put off for 40 minutes: it travels as a chain of delayed deliveries.
    const [list] = engine.platform.queue.splice(0);
    const waiting: typeof list = { ...list, body: { ...list.body, waitSeconds: 2400 } };
    for (const left of [1500, 600]) {
      // Each link comes 15 minutes after the last (and some queue lag), nothing else renewing
      // the lease: two such gaps outlast it unless the links renew it.
      engine.platform.ageLeases(20 * 60_000);
      engine.deliver(waiting);
      await engine.platform.quiesce();
      expect(engine.platform.queue.map((e) => e.body)).toEqual([
        { ...list.body, waitSeconds: left },
      ]);
      waiting.body = engine.platform.queue.splice(0)[0].body;
      engine.hourly();
      await engine.platform.quiesce();
      // The refused hourly run is queued to try again later (scheduled-run.ts), not started.
      expect(engine.platform.queue.splice(0).map((e) => e.body.kind)).toEqual(['retry-scheduled']);
      expect(engine.record(runId)).toMatchObject({ status: 'running' });
      expect(engine.siteLease()).toMatchObject({ holder: runId });
    }
    // The last link carries no wait: the listing is done, and the run ends as usual.
    engine.deliver(waiting);
    await engine.platform.quiesce();
    expect(engine.platform.queue.map((e) => e.body)).toEqual([list.body]);
    await engine.drain();
    expect(engine.record(runId)).toMatchObject({ status: 'succeeded', counts: { adds: 6 } });
    engine.expectSettled();
  });
});
