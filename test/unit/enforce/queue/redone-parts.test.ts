// A part of a batch whose invocation died after it had changed some projects is delivered again
// (Forge retries it): what the run shows (counts, message, actions, each project's page)
// is exactly what a run without the crash shows, not 0 for the projects already changed.
import { Engine } from '../harness/engine';
import { type KvsCall, on } from '../harness/platform';

/** What a user sees of a run: its record's numbers and words, its actions, its projects' pages. */
async function runAsSeen(crash?: (engine: Engine) => void) {
  const engine = await Engine.withRule({ projects: 3, groups: 2 });
  try {
    crash?.(engine);
    const run = await engine.run();
    engine.expectSettled();
    const crashed = engine.platform.invocations.filter((i) => i.state === 'crashed').length;
    const line = (a: any) => `${a.projectKey} ${a.kind} ${a.groupName ?? ''} ${a.ok}`;
    return {
      crashed,
      seen: {
        status: run.status,
        counts: run.counts,
        message: run.message,
        progress: run.progress,
        actions: engine.platform
          .values(`runact:${run.id}:`)
          .flatMap((c: any) => c.actions)
          .map(line)
          .sort(),
        visits: engine.platform
          .values('project-visit:')
          .map((v: any) => ({ counts: v.counts, actions: v.actions.length })),
      },
    };
  } finally {
    engine.platform.uninstall();
  }
}

/** A ledger write that settles a project (no pending entry left in it). */
const settles = (c: KvsCall) =>
  on.write('ledger:')(c) && !JSON.stringify(c.body).includes('"pending":true');

it.each([
  ['after the first project it changed was settled', (e: Engine) => e.platform.crashAfter(settles)],
  [
    'after the second project it changed was settled',
    (e: Engine) => e.platform.crashAfter(settles, 2),
  ],
  [
    'after the part recorded its actions, before its checkpoint',
    (e: Engine) => e.platform.crashAfter(on.write('runact:')),
  ],
])('a part redone %s reports what a clean run reports', async (_, crash) => {
  const clean = await runAsSeen();
  expect(clean.seen.counts).toMatchObject({ adds: 6, errors: 0 });
  const redone = await runAsSeen(crash);
  expect(redone.crashed).toBe(1);
  expect(redone.seen).toEqual(clean.seen);
});
