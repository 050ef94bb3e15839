// While a run's Jira call waits to be tried again, the run's progress (what the page polls)
// says so, with the try it is at; once the project is done, the wait is no longer shown.
import { getRun } from '../../../../src/store/runs';
import { Engine, runIdOf } from '../harness/engine';
import type { SiteRequest } from '../harness/fake-site';
import { on } from '../harness/platform';

const roleRead = (r: SiteRequest) => r.method === 'GET' && /\/project\/P1\/role\/\d+$/.test(r.path);

it('shows the try a failing Jira call is at, then nothing once the project is done', async () => {
  const engine = new Engine({ projects: 1, groups: 1, instantSleeps: true });
  const { platform, site } = engine;
  platform.install();
  try {
    await engine.seedRule();
    site.scripted.push({ match: roleRead, answer: '503', times: 2 });
    // The third progress write is the project's end: the two before it are the retries'.
    const writes: unknown[] = [];
    const ended = platform.pauseAt((c) => {
      if (!on.write('runprog:')(c)) return false;
      writes.push(c.body);
      return writes.length === 3;
    });
    const start = engine.start();
    await platform.quiesce();
    const runId = runIdOf(start);
    void engine.drain();
    const held = await ended;
    const read = platform.invoke('admin', () => getRun(runId));
    await read.settled;
    const waiting = (read.result as any).waiting;
    expect(waiting).toEqual({ attempt: 3, of: 10, status: 503 });
    held.release();
    await platform.quiesce();
    await engine.drain();
    const done = platform.invoke('admin', () => getRun(runId));
    await done.settled;
    expect(done.result).toMatchObject({ status: 'succeeded', progress: { done: 1, total: 1 } });
    expect((done.result as any).waiting).toBeUndefined();
    expect(site.bindings()).toHaveLength(1);
  } finally {
    platform.uninstall();
  }
});
