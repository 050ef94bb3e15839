// Faults through the local Forge host and the Jira emulator's fault controls. Each test ends the
// same way: the run is in a clear state, the next run converges the site, the ledger and the audit
// trail hold every binding the app made, and the hand-made binding (HR Staff in HR) is kept.
import { LEASE_TTL_MS } from '../../src/store/lease';
import type { Stack } from '../integration/stack';
import {
  ageLease,
  auditEntries,
  CONTOSO,
  DEMO,
  demoRule,
  expectConverged,
  expectNoTimeouts,
  FABRIKAM,
  hostFaults,
  HR_STAFF,
  ledgerEntries,
  lock,
  nextRun,
  ROLE,
  roleWrites,
  startReliabilityStack,
  until,
} from './helpers';

jest.setTimeout(60_000);

let stack: Stack | undefined;
afterEach(async () => {
  if (stack) expectNoTimeouts(stack);
  await stack?.close();
  stack = undefined;
});

describe('Jira throttles and fails', () => {
  it('a 429 storm: every Retry-After is waited out and the run succeeds', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    const { runId } = await stack.admin('startRun', {});
    // The storm hits the queue consumers that do the work.
    await stack.control('PUT', 'faults', { rate429: 0.5, retryAfterSeconds: 1, seed: 7 });
    await stack.control('DELETE', 'requests');
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });

    const { requests } = await stack.control('GET', 'requests');
    const throttled = requests.filter((r: any) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(3);
    // The app came back to each throttled call no sooner than Retry-After said (1 s).
    for (const t of throttled) {
      const again = requests.find(
        (r: any) =>
          Date.parse(r.at) > Date.parse(t.at) &&
          r.method === t.method &&
          r.path === t.path &&
          r.query === t.query,
      );
      expect(again).toBeDefined();
      expect(Date.parse(again.at) - Date.parse(t.at)).toBeGreaterThanOrEqual(900);
    }
    await expectConverged(stack);
    expect(await nextRun(stack)).toMatchObject({
      status: 'succeeded',
      counts: { adds: 0, removals: 0, errors: 0 },
    });
  });

  it('5xx: transient failures are retried to success, a POST included', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    const { runId } = await stack.admin('startRun', {});
    await stack.control('PUT', 'faults', {
      rate5xx: 0.2,
      seed: 3,
      failPaths: [{ method: 'POST', pathRegex: '/project/ITHELP/role/', status: 503, times: 2 }],
    });
    await stack.control('DELETE', 'requests');
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
    const posts = (await roleWrites(stack)).filter((r) => r.path.includes('/ITHELP/'));
    // The two scripted 503s, perhaps one of the random ones (the order of the consumers' calls
    // decides which call draws it), then the write that worked.
    const statuses = posts.map((p) => p.status);
    expect(statuses.slice(0, 2)).toEqual([503, 503]);
    expect(statuses.slice(2, -1).every((s) => s >= 500)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
    await expectConverged(stack);
  });

  it('a refused add is listed as failed, leaves no ledger entry, and the next run converges', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'POST', pathRegex: '/project/FAC/role/', status: 400 }],
    });
    const first = await nextRun(stack);
    await stack.control('DELETE', 'faults');
    // Counts come from what Jira answered: the two refused adds are errors, not adds.
    expect(first).toMatchObject({ status: 'partly-failed', counts: { adds: 6, errors: 2 } });
    const failed = (await stack.allPages<any>('getRunActions', first.id)).filter((a) => !a.ok);
    expect(failed.map((a) => `${a.projectKey}:${a.kind}:${a.groupId}`).sort()).toEqual(
      [`FAC:add:${CONTOSO}`, `FAC:add:${FABRIKAM}`].sort(),
    );
    for (const a of failed) expect(a.error).toMatch(/FAC/);
    // No entry (pending or not) for what Jira refused.
    expect(ledgerEntries(stack).filter((e) => e.projectKey === 'FAC')).toEqual([]);
    expect(
      auditEntries(stack).filter((a) => a.kind === 'binding-failed' && a.projectKey === 'FAC'),
    ).toHaveLength(2);

    // A person now adds Contoso to FAC by hand and the rule is deleted: the app must not take that
    // binding for its own (a pending entry left by the failed add would make it do so).
    expect(
      (await stack.jira('POST', `/rest/api/3/project/FAC/role/${ROLE}`, { groupId: [CONTOSO] }))
        .status,
    ).toBe(200);
    const rules = await stack.admin('listRules');
    await stack.admin('deleteRule', { id: rules[0].id });
    const after = await nextRun(stack);
    expect(after).toMatchObject({ status: 'succeeded' });
    expect(await stack.roleGroups('FAC')).toContain(CONTOSO);
    expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO);
  });

  it('slow answers: a run started from the page answers at once; the queue finishes the work', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', { latencyMs: 120 });
    const { runId } = await stack.admin('startRun', {});
    const started = await stack.admin('getRun', { runId });
    expect(started.status).toBe('running');
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
    await expectConverged(stack);
  });
});

describe('the platform cuts the app off', () => {
  it('a consumer that crashes right after its POST: Forge retries it, and the bindings it made are settled and audited', async () => {
    // The container stops as soon as Jira has answered the first POST (out of memory, say): the
    // app never sees the answer, so the ledger still holds its pending entries.
    stack = await startReliabilityStack({ queueTimeScale: 1 });
    await stack.admin('saveRule', { rule: demoRule() });
    await hostFaults(stack, { crash: { after: 'jira', method: 'POST', pathRegex: '/role/' } });
    await stack.control('DELETE', 'requests');
    const { runId } = await stack.admin('startRun', {});
    const run = await stack.waitForRun(runId);

    const consumers = stack.host.core.log
      .summary(1000)
      .invocations.filter((i: any) => i.kind === 'consumer');
    expect(consumers.some((i: any) => !i.ok && /container stopped/.test(i.error))).toBe(true);
    expect(consumers.some((i: any) => i.ok && (i.retryCount ?? 0) > 0)).toBe(true);
    const posts = (await roleWrites(stack)).filter((r) => r.method === 'POST');
    expect(posts.length).toBe(4); // the crashed attempt's POSTs reached Jira; the retry did not repeat them
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
    expect(
      (await stack.allPages<any>('getRunActions', runId)).filter((a) => a.kind === 'add' && a.ok),
    ).toHaveLength(8);
    await expectConverged(stack);
    expect(await nextRun(stack)).toMatchObject({
      status: 'succeeded',
      counts: { adds: 0, removals: 0, errors: 0 },
    });
  });

  it('a KVS write fails at any point of a run: the run ends clearly and the next run converges', async () => {
    stack = await startReliabilityStack();
    const kvs = stack.host.core.kvs;
    const original = kvs.handle.bind(kvs);
    let writes = 0;
    let failAt = -1;
    kvs.handle = (p: string, body: string | undefined) => {
      if (/\/(set|delete|batch\/set|batch\/delete|transaction)$/.test(p) && writes++ === failAt) {
        // Through the host's own fault switch (what POST /__host/faults sets).
        kvs.injectWriteFailures(1);
      }
      return original(p, body);
    };
    // Count the writes of one clean run, to fail each of them in turn.
    await stack.admin('saveRule', { rule: demoRule() });
    writes = 0;
    await nextRun(stack);
    const total = writes;
    expect(total).toBeGreaterThan(15);

    const outcomes: string[] = [];
    for (let k = 0; k < total; k++) {
      await stack.control('POST', 'reset', { seed: 'demo' });
      (kvs as unknown as { data: Map<string, unknown> }).data.clear();
      (kvs as unknown as { sortedKeys: unknown }).sortedKeys = null;
      await stack.admin('saveRule', { rule: demoRule() });
      writes = 0;
      failAt = k;
      let outcome: string;
      try {
        const { runId } = await stack.admin('startRun', {});
        await stack.host.waitForIdle();
        const run = await stack.admin('getRun', { runId });
        outcome = run.status;
      } catch (err) {
        outcome = `refused: ${(err as Error).message}`;
        await stack.host.waitForIdle();
      }
      failAt = -1;
      outcomes.push(`${k}: ${outcome}`);
      // A clear state: never left running.
      expect({ k, outcome }).not.toEqual({ k, outcome: 'running' });
      const next = await nextRun(stack).catch((e) => ({
        status: `next run refused: ${(e as Error).message}`,
      }));
      expect({ k, outcome, next: next.status }).toEqual({ k, outcome, next: 'succeeded' });
      await expectConverged(stack).catch((e) => {
        throw new Error(`write ${k} failed (${outcome}): ${(e as Error).message}`);
      });
    }
    expect(outcomes.some((o) => /succeeded/.test(o))).toBe(true);
    expect(outcomes.some((o) => /refused|failed|partly-failed/.test(o))).toBe(true);
    // Two runs for every write of a run: its time grows with the writes a run makes.
  }, 180_000);
});

describe('the lease holder dies', () => {
  it('a run whose work is lost holds the site until its lease expires; the next run then takes over, says so and ends it; its late event changes nothing', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    // The run's first queue event never arrives (held by the host, as a lost event would be).
    await hostFaults(stack, { queue: { pause: { kind: 'list' } } });
    const { runId: dead } = await stack.admin('startRun', {});
    await stack.host.core.queue.whenHeld();
    await stack.host.waitForIdle();
    expect((await stack.admin('getRun', { runId: dead })).status).toBe('running');
    expect(lock(stack)).toMatchObject({ holder: dead });

    // Within the lease's life the site is held, and the refusal names the run.
    await expect(stack.admin('startRun', {})).rejects.toThrow(
      new RegExp(`run ${dead}\\) is changing the site`),
    );

    // Past its expiry (as if the lease's 30 minutes went by without a renewal):
    ageLease(stack, 'site', LEASE_TTL_MS + 1000);
    await stack.control('DELETE', 'requests');
    const run = await nextRun(stack);
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
    const expired = auditEntries(stack).filter((a) => a.kind === 'lock-expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ runId: dead, actor: 'app' });
    expect(expired[0].message).toContain(run.id);
    // The dead run is no longer shown as running.
    const deadRun = await stack.admin('getRun', { runId: dead });
    expect(deadRun.status).toBe('failed');
    expect(deadRun.message).toMatch(/stopped before it finished.*lease expired/);
    await expectConverged(stack);

    // Its event finally arrives: it finds the run ended and changes nothing, nor revives it.
    const writesBefore = (await roleWrites(stack)).length;
    expect(stack.host.core.queue.release()).toBe(1);
    await stack.host.waitForIdle();
    expect(await stack.admin('getRun', { runId: dead })).toMatchObject({ status: 'failed' });
    expect(await roleWrites(stack)).toHaveLength(writesBefore);
    await expectConverged(stack);
  });
});

describe('the site changes during a run', () => {
  it('a project deleted during a run is reported, the rest is enforced, and the ledger keeps what was made', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', { latencyMs: 300 });
    await stack.control('DELETE', 'requests');
    const { runId } = await stack.admin('startRun', {});
    // Once the projects are listed, FAC goes (straight in the emulator, so it is gone before the
    // batch's reads, which take 300 ms, are answered).
    await until('the project listing', async () =>
      (await stack!.control('GET', 'requests')).requests.some(
        (r: any) => r.path === '/rest/api/3/project/search' && r.status === 200,
      ),
    );
    const state = stack.emulator.state();
    state.deleteProject(state.projectByIdOrKey('FAC')!);
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');

    expect(run.status).toBe('succeeded');
    const plans = await stack.allPages<any>('getRunPlan', runId);
    const fac = plans.find((p) => p.projectKey === 'FAC');
    expect(fac.skips).toEqual([
      expect.objectContaining({
        code: 'project-not-found',
        reason: expect.stringMatching(/FAC no longer exists/),
      }),
    ]);
    await expectConverged(stack, { projects: ['ITHELP', 'HR'] });
    expect(await nextRun(stack)).toMatchObject({
      status: 'succeeded',
      counts: { adds: 0, errors: 0 },
    });
  });

  it('a synced group deleted during a run: the other groups of the rule are still added, the deleted one fails by itself', async () => {
    stack = await startReliabilityStack();
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', { latencyMs: 200 });
    const { runId } = await stack.admin('startRun', {}); // the run's context still has Contoso
    const gone = await fetch(
      `${stack.emulator.url}/scim/directory/${DEMO.directoryId}/Groups/${CONTOSO}`,
      { method: 'DELETE', headers: { authorization: 'Bearer scim-key' } },
    );
    expect(gone.status).toBe(204);
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');

    expect(run.status).toBe('partly-failed');
    const actions = await stack.allPages<any>('getRunActions', runId);
    expect(
      actions
        .filter((a) => a.ok)
        .map((a) => `${a.projectKey}:${a.groupId}`)
        .sort(),
    ).toEqual(['FAC', 'HR', 'ITHELP', 'MKT'].map((k) => `${k}:${FABRIKAM}`));
    expect(
      actions
        .filter((a) => !a.ok)
        .map((a) => `${a.projectKey}:${a.groupId}`)
        .sort(),
    ).toEqual(['FAC', 'HR', 'ITHELP', 'MKT'].map((k) => `${k}:${CONTOSO}`));
    expect(ledgerEntries(stack).some((e) => e.groupId === CONTOSO)).toBe(false);

    // The next run skips the deleted group with a reason and changes nothing else.
    const next = await nextRun(stack);
    expect(next).toMatchObject({ status: 'succeeded', counts: { adds: 0, errors: 0 } });
    const skips = (await stack.allPages<any>('getRunPlan', next.id)).flatMap((p) => p.skips);
    const skippedIn = (await stack.allPages<any>('getRunPlan', next.id))
      .filter((p) => p.skips.some((s: any) => s.code === 'group-deleted' && s.groupId === CONTOSO))
      .map((p) => p.projectKey);
    expect(skippedIn).toEqual(expect.arrayContaining(['ITHELP', 'HR', 'FAC']));
    expect(skips.find((s) => s.groupId === CONTOSO).reason).toMatch(/no longer exists/);
    await expectConverged(stack, { groups: [FABRIKAM] });
    expect(await stack.roleGroups('HR')).toContain(HR_STAFF);
  });
});
