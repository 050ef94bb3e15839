// Guards of a project run: the project lease (one writer per project, the other waits: the pause is a
// stand-in that lets the holder finish, not a sleep), the per-project slot, and pushes that
// Forge refuses for its 500 events a minute are waited out and pushed again.
import { RateLimitError } from '@forge/events';

import { pushWithRetry } from '../../../../src/enforce/queue/push-retry';
import { getLease, ProjectLeaseLostError, takePreviewLease } from '../../../../src/store/lease';
import { putProjectLedger } from '../../../../src/store/ledger';
import {
  PROJECT_LEASE_MS,
  projectLeaseKey,
  releaseProjectLease,
  takeProjectLease,
} from '../../../../src/store/project-lease';
import { claimProjectSlot } from '../../../../src/store/rate-limit';
import { on, Platform } from '../harness/platform';

let kvs: Platform;
beforeEach(() => {
  kvs = Platform.ambient();
});
afterEach(() => kvs.uninstall());

const who = (runId: string) => ({ runId, trigger: 'scheduled', startedBy: 'app' });

describe('the project lease', () => {
  it('a second writer waits until the first releases, then takes it', async () => {
    const site = await takeProjectLease('10001', who('site-run'), { maxWaitMs: 1000 });
    expect(site).toBeDefined();
    const pauses: number[] = [];
    const took = await takeProjectLease('10001', who('project-run'), {
      maxWaitMs: 60_000,
      // While the project run waits, the site run finishes the project.
      sleep: async (ms) => {
        pauses.push(ms);
        if (pauses.length === 2) await releaseProjectLease(site!);
      },
    });
    expect(took).toMatchObject({ holder: 'project-run', token: 3 });
    expect(pauses).toEqual([200, 400]);
    expect(await getLease(projectLeaseKey('10001'))).toMatchObject({ holder: 'project-run' });
  });

  it('gives up at its deadline while the holder works, changing nothing', async () => {
    await takeProjectLease('10001', who('site-run'), { maxWaitMs: 0 });
    let clock = Date.now();
    const took = await takeProjectLease('10001', who('project-run'), {
      maxWaitMs: 1_000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(took).toBeUndefined();
    expect(await getLease(projectLeaseKey('10001'))).toMatchObject({ holder: 'site-run' });
  });

  it('takes over a lease whose holder died', async () => {
    let clock = Date.now();
    await takeProjectLease('10001', who('dead-run'), { maxWaitMs: 0, now: () => clock });
    clock += PROJECT_LEASE_MS + 1;
    const next = await takeProjectLease('10001', who('next-run'), {
      maxWaitMs: 0,
      now: () => clock,
    });
    expect(next).toMatchObject({ holder: 'next-run', token: 2 });
  });

  it.each(['first', 'second'])(
    'two takers of the same expired lease: exactly one wins (the %s commits first)',
    async (order) => {
      let clock = Date.now();
      const dead = await takeProjectLease('10001', who('dead-run'), {
        maxWaitMs: 0,
        now: () => clock,
      });
      clock += PROJECT_LEASE_MS + 1;
      // Both read the expired lease (token 1) and are held just before writing token 2.
      const gateA = kvs.hold(on.write('lease/project:10001'));
      const a = takeProjectLease('10001', who('run-a'), { maxWaitMs: 0, now: () => clock });
      await gateA.reached;
      const gateB = kvs.hold(on.write('lease/project:10001'));
      const b = takeProjectLease('10001', who('run-b'), { maxWaitMs: 0, now: () => clock });
      await gateB.reached;
      const [first, second] = order === 'first' ? [gateA, gateB] : [gateB, gateA];
      first.release();
      await kvs.quiesce();
      second.release();
      const [fa, fb] = await Promise.all([a, b]);
      const winners = [fa, fb].filter((f) => f !== undefined);
      expect(winners).toHaveLength(1);
      const winner = order === 'first' ? 'run-a' : 'run-b';
      expect(winners[0]).toMatchObject({ holder: winner, token: 2 });
      expect(await getLease(projectLeaseKey('10001'))).toMatchObject({ holder: winner });
      // The dead holder's fence no longer writes the project's ledger; the winner's does. Its
      // loss is the project's, not its run's.
      const runFence = await takePreviewLease(who('any-run'));
      await expect(putProjectLedger(runFence, '10001', [], [dead!])).rejects.toBeInstanceOf(
        ProjectLeaseLostError,
      );
      await putProjectLedger(runFence, '10001', [], [winners[0]]);
    },
  );
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
