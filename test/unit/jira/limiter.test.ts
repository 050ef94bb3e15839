import { AdaptiveLimiter } from '../../../src/jira/limiter';

/** Timers that fire only when the test advances the clock. */
class ManualTime {
  t = 0;
  private timers: { at: number; fire: () => void }[] = [];
  now = () => this.t;
  sleep = (ms: number) => new Promise<void>((fire) => this.timers.push({ at: this.t + ms, fire }));
  async advance(ms: number) {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    due.forEach((x) => x.fire());
    await flush();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A task the test finishes by hand. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(opts: ConstructorParameters<typeof AdaptiveLimiter>[0] = {}) {
  const time = new ManualTime();
  const limiter = new AdaptiveLimiter({ now: time.now, sleep: time.sleep, ...opts });
  let started = 0;
  const tasks: ReturnType<typeof deferred>[] = [];
  const submit = (n: number) =>
    Array.from({ length: n }, () =>
      limiter.run(async () => {
        started++;
        const d = deferred();
        tasks.push(d);
        await d.promise;
      }),
    );
  return { time, limiter, submit, started: () => started, tasks };
}

describe('AdaptiveLimiter', () => {
  it('keeps at most `limit` in flight, first come first served', async () => {
    const { limiter, submit, started, tasks } = setup({ initial: 3 });
    const all = submit(5);
    await flush();
    expect(started()).toBe(3);
    expect(limiter.state()).toMatchObject({ inFlight: 3, queued: 2 });
    tasks[0].resolve();
    await flush();
    expect(started()).toBe(4);
    tasks.slice(1).forEach((t) => t.resolve());
    await flush();
    tasks.forEach((t) => t.resolve());
    await Promise.all(all);
    expect(started()).toBe(5);
  });

  it('halves on a 429 and starts nothing new until Retry-After has passed', async () => {
    const { time, limiter, submit, started, tasks } = setup({ initial: 8 });
    void submit(8);
    await flush();
    expect(started()).toBe(8);
    limiter.onThrottle(2000);
    expect(limiter.limit).toBe(4);
    // The 8 in flight finish; the queue must still wait for the pause.
    tasks.forEach((t) => t.resolve());
    void submit(6);
    await flush();
    expect(started()).toBe(8);
    expect(limiter.state().pausedUntil).toBe(2000);
    await time.advance(1999);
    expect(started()).toBe(8);
    await time.advance(1);
    expect(started()).toBe(12); // the new limit, 4, at once
    expect(limiter.state()).toMatchObject({ inFlight: 4, queued: 2, pausedUntil: 0 });
  });

  it('halves once per throttling episode, not once per 429 of the same burst', () => {
    const { limiter } = setup({ initial: 16, max: 16 });
    limiter.onThrottle(1000);
    limiter.onThrottle(1000);
    limiter.onThrottle(500);
    expect(limiter.limit).toBe(8);
  });

  it('never goes below min, nor above max', async () => {
    const { time, limiter } = setup({ initial: 2, min: 1, max: 3, increaseAfter: 1 });
    limiter.onThrottle(10);
    await time.advance(10);
    limiter.onThrottle(10);
    expect(limiter.limit).toBe(1);
    for (let i = 0; i < 10; i++) limiter.onSuccess();
    expect(limiter.limit).toBe(3);
  });

  it('grows by one after N successes in a row, and a throttle resets the count', async () => {
    const { time, limiter } = setup({ initial: 8, increaseAfter: 5 });
    for (let i = 0; i < 5; i++) limiter.onSuccess();
    expect(limiter.limit).toBe(9);
    for (let i = 0; i < 4; i++) limiter.onSuccess();
    limiter.onThrottle(100);
    expect(limiter.limit).toBe(4);
    await time.advance(100);
    for (let i = 0; i < 4; i++) limiter.onSuccess();
    expect(limiter.limit).toBe(4);
    limiter.onSuccess();
    expect(limiter.limit).toBe(5);
  });

  it('recovers: after the pause and enough successes, more run at once again', async () => {
    const { time, limiter, submit, started, tasks } = setup({ initial: 2, increaseAfter: 2 });
    limiter.onThrottle(50); // limit 1
    const all = submit(4);
    await time.advance(50);
    expect(started()).toBe(1);
    tasks[0].resolve();
    limiter.onSuccess();
    await flush();
    tasks[1].resolve();
    limiter.onSuccess(); // limit 2
    await flush();
    expect(limiter.limit).toBe(2);
    expect(limiter.state().inFlight).toBe(2);
    tasks.forEach((t) => t.resolve());
    await flush();
    tasks.forEach((t) => t.resolve());
    await Promise.all(all);
  });

  it('frees the slot when fn throws', async () => {
    const { limiter } = setup({ initial: 1 });
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(limiter.run(async () => 42)).resolves.toBe(42);
    expect(limiter.state().inFlight).toBe(0);
  });
});
