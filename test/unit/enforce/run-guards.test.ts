// Issue 13 (medium): the project lease (one writer per project, the other waits: the pause is a
// stand-in that lets the holder finish, not a sleep), the per-project slot, and pushes that
// Forge refuses for its 500 events a minute are waited out and pushed again.
import { RateLimitError } from '@forge/events';
import { pushWithRetry } from '../../../src/enforce/push-retry';
import {
  PROJECT_LEASE_MS,
  releaseProjectLease,
  takeProjectLease,
} from '../../../src/store/project-lease';
import { claimProjectSlot } from '../../../src/store/rate-limit';
import { KvsStandIn } from '../store/kvs-stand-in';

let kvs: KvsStandIn;
beforeEach(() => {
  kvs = new KvsStandIn().install();
});

describe('the project lease', () => {
  it('a second writer waits until the first releases, then takes it', async () => {
    expect(await takeProjectLease('10001', 'site-run', { maxWaitMs: 1000 })).toBe(true);
    const pauses: number[] = [];
    const took = await takeProjectLease('10001', 'project-run', {
      maxWaitMs: 60_000,
      // While the project run waits, the site run finishes the project.
      sleep: async (ms) => {
        pauses.push(ms);
        if (pauses.length === 2) await releaseProjectLease('10001', 'site-run');
      },
    });
    expect(took).toBe(true);
    expect(pauses).toEqual([200, 400]);
    expect(kvs.keys('lease:project:')).toEqual(['lease:project:10001']);
  });

  it('gives up at its deadline while the holder works, changing nothing', async () => {
    await takeProjectLease('10001', 'site-run', { maxWaitMs: 0 });
    let clock = 0;
    const took = await takeProjectLease('10001', 'project-run', {
      maxWaitMs: 1_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(took).toBe(false);
    await releaseProjectLease('10001', 'project-run');
    expect(kvs.keys('lease:project:')).toEqual(['lease:project:10001']);
  });

  it('takes over a lease whose holder died', async () => {
    let clock = Date.now();
    await takeProjectLease('10001', 'dead-run', { maxWaitMs: 0, now: () => clock });
    clock += PROJECT_LEASE_MS + 1;
    expect(await takeProjectLease('10001', 'next-run', { maxWaitMs: 0, now: () => clock })).toBe(
      true,
    );
  });
});

describe('one project run per project per interval', () => {
  it('grants one of two calls at the same moment, and says when the next can run', async () => {
    const now = new Date('2026-03-01T10:02:00.000Z');
    const [a, b] = await Promise.all([
      claimProjectSlot('project-run', 'ITHELP', 5, now),
      claimProjectSlot('project-run', 'ITHELP', 5, now),
    ]);
    expect([a.granted, b.granted].sort()).toEqual([false, true]);
    const later = new Date('2026-03-01T10:06:00.000Z');
    expect(await claimProjectSlot('project-run', 'ITHELP', 5, later)).toEqual({
      granted: false,
      nextAt: new Date('2026-03-01T10:07:00.000Z'),
    });
    expect(await claimProjectSlot('project-run', 'HR', 5, later)).toEqual({ granted: true });
    expect(
      await claimProjectSlot('project-run', 'ITHELP', 5, new Date('2026-03-01T10:07:00.000Z')),
    ).toEqual({ granted: true });
  });
});

describe('pushes Forge refuses for the minute', () => {
  it('are waited out and pushed again', async () => {
    const waits: number[] = [];
    let calls = 0;
    const pushed = await pushWithRetry(
      async () => {
        if (++calls < 3) throw new RateLimitError('Rate limited');
        return 'pushed';
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(pushed).toBe('pushed');
    expect(waits).toEqual([5_000, 10_000]);
  });

  it('give up past the wait budget with Forge’s error; other errors are not retried', async () => {
    const waits: number[] = [];
    const refused = () => Promise.reject(new RateLimitError('Rate limited'));
    await expect(
      pushWithRetry(refused, { sleep: async (ms) => void waits.push(ms), maxWaitMs: 20_000 }),
    ).rejects.toBeInstanceOf(RateLimitError);
    expect(waits).toEqual([5_000, 10_000]);
    let calls = 0;
    await expect(
      pushWithRetry(async () => {
        calls++;
        throw new Error('payload too big');
      }),
    ).rejects.toThrow('payload too big');
    expect(calls).toBe(1);
  });
});
