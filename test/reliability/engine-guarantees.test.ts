// What the run engine guarantees when the platform misbehaves, end to end through the local
// Forge host's fault controls: the watchdog ends runs that stalled (previews too) and frees what
// they held; an event delivered twice does its work once; a batch longer than an invocation is
// continued in parts instead of being cut off. No invocation is ever stopped by its time limit.
import { LEASE_TTL_MS } from '../../src/store/lease';
import type { Stack } from '../integration/stack';
import { startStack } from '../integration/stack';
import {
  ageLease,
  auditEntries,
  demoRule,
  expectConverged,
  expectNoTimeouts,
  hostFaults,
  kvsValues,
  lock,
  roleWrites,
  startReliabilityStack,
} from './helpers';

jest.setTimeout(90_000);

let stack: Stack | undefined;
afterEach(async () => {
  if (stack) expectNoTimeouts(stack);
  await stack?.close();
  stack = undefined;
});

/** Starts a run whose first queue event is held back (as a lost event would be). */
async function stalledRun(s: Stack, fn: 'startRun' | 'previewPlan'): Promise<string> {
  await hostFaults(s, { queue: { pause: { kind: 'list' } } });
  const { runId } = await s.admin(fn, {});
  await s.host.core.queue.whenHeld();
  await s.host.waitForIdle();
  expect((await s.admin('getRun', { runId })).status).toBe('running');
  return runId as string;
}

describe('the watchdog (the hourly trigger)', () => {
  it('ends a preview that stopped making progress, says why, and its late event does nothing', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    const runId = await stalledRun(stack, 'previewPlan');

    // Within the lease's life the preview may just be slow: the watchdog leaves it alone (the
    // hourly run itself goes ahead: a preview does not hold the site).
    expect((await stack.host.runTrigger('enforce-hourly')).ok).toBe(true);
    expect((await stack.admin('getRun', { runId })).status).toBe('running');

    ageLease(stack, `preview:${runId}`, LEASE_TTL_MS + 1000);
    expect((await stack.host.runTrigger('enforce-hourly')).ok).toBe(true);
    const ended = await stack.admin('getRun', { runId });
    expect(ended).toMatchObject({ status: 'failed', dryRun: true });
    expect(ended.message).toMatch(/The preview made no progress after .* start the preview again/);
    expect(stack.host.core.kvs.entity('lease', `preview:${runId}`)).toBeUndefined();
    expect(
      auditEntries(stack).filter((a) => a.kind === 'run-failed' && a.runId === runId),
    ).toHaveLength(1);

    expect(stack.host.core.queue.release()).toBe(1);
    await stack.host.waitForIdle();
    expect(await stack.admin('getRun', { runId })).toMatchObject({ status: 'failed' });
    expect(kvsValues(stack, `runpage:${runId}`)).toEqual([]);
  });

  it('ends a real run that stalled, frees the site, and the same hourly run then enforces it', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    const dead = await stalledRun(stack, 'startRun');
    expect(lock(stack)).toMatchObject({ holder: dead });

    ageLease(stack, 'site', LEASE_TTL_MS + 1000);
    await stack.control('DELETE', 'requests');
    const run = await stack.scheduledRun();
    expect(run.id).not.toBe(dead);
    expect(await stack.waitForRun(run.id)).toMatchObject({
      status: 'succeeded',
      counts: { adds: 8, errors: 0 },
    });
    const deadRun = await stack.admin('getRun', { runId: dead });
    expect(deadRun.status).toBe('failed');
    expect(deadRun.message).toMatch(/made no progress .* freed the site for the next run/);
    // Nobody took its lease over: the watchdog ended it, so no lock-expired entry.
    expect(auditEntries(stack).filter((a) => a.kind === 'lock-expired')).toEqual([]);
    await expectConverged(stack);

    const before = (await roleWrites(stack)).length;
    stack.host.core.queue.release();
    await stack.host.waitForIdle();
    expect(await roleWrites(stack)).toHaveLength(before);
    expect((await stack.admin('getRun', { runId: dead })).status).toBe('failed');
  });
});

describe('at-least-once delivery', () => {
  it.each([
    ['list', { kind: 'list', index: 0 }],
    ['batch', { kind: 'batch', index: 0 }],
  ])('a %s event delivered twice at once does its work once', async (_kind, match) => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', { latencyMs: 50 });
    await stack.control('DELETE', 'requests');
    await hostFaults(stack, { queue: { duplicate: match } });
    const { runId } = await stack.admin('startRun', {});
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');

    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
    const { requests } = await stack.control('GET', 'requests');
    expect(requests.filter((r: any) => r.path === '/rest/api/3/project/search')).toHaveLength(1);
    expect((await roleWrites(stack)).map((w) => w.status)).toEqual([200, 200, 200, 200]);
    const consumers = stack.host.core.log
      .summary(1000)
      .invocations.filter((i: any) => i.kind === 'consumer');
    expect(consumers).toHaveLength(3); // list, batch, and the copy that did nothing
    expect(await stack.allPages<any>('getRunActions', runId)).toHaveLength(8);
    await expectConverged(stack);
  });
});

describe('the deadline of an invocation', () => {
  it('a batch that does not fit in one invocation is continued in parts; nothing is cut off', async () => {
    // Consumers get 900 s x 0.008 = 7.2 s (a 1.8 s reserve, room for a loaded CI machine);
    // 100 projects at 2 calls of 400 ms each, 8 at a time, take 10 s and do not fit.
    stack = await startStack({
      seed: { seed: 'generated', projects: 100, groups: 2, users: 0 },
      host: { queueTimeScale: 0.05, limits: { timeoutScale: 0.008 } },
    });
    const groups = (await stack.admin<any[]>('listSyncedGroups', {})).filter((g) => g.synced);
    await stack.admin('saveRule', {
      rule: demoRule({ groupIds: groups.slice(0, 2).map((g) => g.groupId) }),
    });
    await stack.control('PUT', 'faults', { latencyMs: 400 });
    const { runId } = await stack.admin('startRun', {});
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');

    expect(run).toMatchObject({ status: 'succeeded', progress: { done: 100, total: 100 } });
    expect(run.counts.errors).toBe(0);
    const parts = kvsValues<{ index: number; part: number; projects: number }>(
      stack,
      `runbatch:${runId}:`,
    );
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.reduce((n, p) => n + p.projects, 0)).toBe(100);
    expect(run.counts.adds).toBe(
      (await stack.allPages<any>('getRunActions', runId)).filter((a) => a.ok).length,
    );
    const again = await stack.admin('startRun', {});
    expect(await stack.waitForRun(again.runId)).toMatchObject({
      status: 'succeeded',
      counts: { adds: 0, errors: 0 },
    });
  });
});
