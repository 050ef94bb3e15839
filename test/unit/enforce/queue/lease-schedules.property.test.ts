// fast-check over random schedules of two concurrent runs: every KVS call of every invocation is
// held, and a generated stream of choices decides which call goes next, which invocation dies
// right after a write, which queued event is delivered (or delivered twice), and when time jumps
// past every lease (only while no invocation runs: a live invocation cannot outlast its lease).
// Whatever the schedule: every role change is made by the run holding the site lease at that
// moment, a preview changes nothing, and once the platform has retried what it retries, the
// watchdog has run and one more run has passed, no run is left running, no lease is held, and
// the ledger is exactly what the app added in Jira.
import fc from 'fast-check';

import { LEASE_TTL_MS } from '../../../../src/store/lease';
import { Engine } from '../harness/engine';
import type { Invocation } from '../harness/platform';

const MAX_STEPS = 1500;
jest.setTimeout(180_000);

class Choices {
  private i = 0;
  constructor(private readonly stream: number[]) {}
  /** A number in [0, n): the next choice, or 0 once the stream is spent. */
  pick(n: number): number {
    return n <= 1 ? 0 : (this.stream[this.i++] ?? 0) % n;
  }
}

async function schedule(stream: number[], second: 'real' | 'preview'): Promise<Engine> {
  const engine = new Engine();
  const { platform } = engine;
  platform.install();
  await engine.seedRule();
  platform.stepMode = true;
  const choose = new Choices(stream);
  const starts: Invocation[] = [
    engine.start(),
    engine.start(second === 'real' ? { trigger: 'scheduled', startedBy: 'app' } : { dryRun: true }),
  ];
  let crashes = 3;
  let copies = 3;
  let jumps = 2;
  for (let step = 0; step < MAX_STEPS; step++) {
    await platform.quiesce();
    engine.retryFailed();
    const held = platform.heldCalls();
    const queued = platform.queue;
    const idle = platform.running().length === 0;
    if (held.length === 0 && queued.length === 0) break;
    const options = held.length + queued.length + (idle && jumps > 0 ? 1 : 0);
    const k = choose.pick(options);
    if (k < held.length) {
      const h = held[k];
      if (h.call.writes.length > 0 && crashes > 0 && choose.pick(8) === 0) {
        crashes--;
        h.crash();
      } else h.release();
    } else if (k < held.length + queued.length) {
      const ev = queued[k - held.length];
      if (copies > 0 && choose.pick(6) === 0) {
        copies--;
        engine.deliver({ ...ev }); // a copy now; the original stays queued
      } else engine.deliver(ev);
    } else {
      jumps--;
      platform.ageLeases(LEASE_TTL_MS + 1000);
      engine.hourly();
    }
  }
  platform.stepMode = false;
  for (const h of platform.heldCalls()) h.release();
  await engine.drain();
  // What is left to the platform: the watchdog once leases expired, and the next run.
  await engine.afterLeasesExpire();
  const last = await engine.run();
  expect(last.status).toBe('succeeded');
  const previews = engine
    .runs()
    .filter((r) => r.dryRun)
    .map((r) => r.id);
  expect(engine.site.writes.filter((w) => previews.includes(w.runId))).toEqual([]);
  expect(starts.every((s) => s.state !== 'running')).toBe(true);
  return engine;
}

describe.each(['real', 'preview'] as const)('two runs at once (the second %s)', (second) => {
  it('hold every invariant under any schedule, crash and duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 1_000_000 }), { minLength: 20, maxLength: 400 }),
        async (stream) => {
          const engine = await schedule(stream, second);
          try {
            engine.expectSettled();
          } finally {
            engine.platform.uninstall();
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
