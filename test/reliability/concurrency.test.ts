// A scheduled run, a manual run from the admin page and a project run from ITHELP's settings page,
// started together: one site run takes the site lock, the other is refused with a message naming
// the run that holds the site; the project run holds no site lock (so no project admin can
// keep the site's runs from starting) and changes only ITHELP, one writer at a time.
import type { Stack } from '../integration/stack';
import {
  auditEntries,
  DEMO,
  demoRule,
  expectConverged,
  expectNoTimeouts,
  lock,
  roleWrites,
  startReliabilityStack,
} from './helpers';

jest.setTimeout(60_000);

const PA = DEMO.users.pa.accountId;
let stack: Stack;
beforeEach(async () => {
  stack = await startReliabilityStack();
});
afterEach(async () => {
  if (stack) expectNoTimeouts(stack);
  await stack?.close();
});

type Attempt = { who: 'scheduled' | 'manual' | 'project'; ok: boolean; message?: string };

async function startTogether(order: Attempt['who'][]): Promise<Attempt[]> {
  const start = {
    scheduled: async (): Promise<Attempt> => {
      const r = await stack.host.runTrigger('enforce-hourly');
      return { who: 'scheduled', ok: r.ok };
    },
    manual: async (): Promise<Attempt> =>
      stack.admin('startRun', {}).then(
        () => ({ who: 'manual' as const, ok: true }),
        (e) => ({ who: 'manual' as const, ok: false, message: (e as Error).message }),
      ),
    project: async (): Promise<Attempt> =>
      stack.project('startProjectRun', {}, PA, 'ITHELP').then(
        () => ({ who: 'project' as const, ok: true }),
        (e) => ({ who: 'project' as const, ok: false, message: (e as Error).message }),
      ),
  };
  const attempts = await Promise.all(order.map((w) => start[w]()));
  await stack.host.waitForIdle();
  return attempts;
}

async function realRuns(): Promise<any[]> {
  return (await stack.admin('listRuns', {})).items.filter((r: any) => !r.dryRun);
}

it.each([
  [['scheduled', 'manual', 'project']],
  [['project', 'manual', 'scheduled']],
  [['manual', 'project', 'scheduled']],
] as Attempt['who'][][][])(
  'started together (%j): one site run holds the site, the other is refused naming it (a refused hourly run is retried after it); the project run runs beside it',
  async (order) => {
    await stack.admin('saveRule', { rule: demoRule() });
    // Slow answers keep the first run going while the others ask for the site.
    await stack.control('PUT', 'faults', { latencyMs: 60 });
    await stack.control('DELETE', 'requests');
    const attempts = await startTogether(order);
    await stack.control('DELETE', 'faults');

    const runs = await realRuns();
    const siteRuns = runs.filter((r) => r.trigger !== 'project');
    // Newest first: the winner is the oldest. A refused hourly run is retried, not lost:
    // it starts once the winner has finished, and finds nothing left to do.
    const winner = siteRuns[siteRuns.length - 1];
    expect(winner.status).toBe('succeeded');
    const retried = siteRuns.slice(0, -1);
    expect(retried).toEqual(
      winner.trigger === 'manual'
        ? [expect.objectContaining({ trigger: 'scheduled', status: 'succeeded' })]
        : [],
    );
    for (const r of retried) {
      expect(Date.parse(r.createdAt)).toBeGreaterThanOrEqual(Date.parse(winner.finishedAt));
      expect(r.counts).toMatchObject({ adds: 0, removals: 0, errors: 0 });
    }
    const projectRun = runs.find((r) => r.trigger === 'project');
    expect(projectRun).toMatchObject({ status: 'succeeded', projectKey: 'ITHELP' });
    expect(attempts.find((a) => a.who === 'project')!.ok).toBe(true);
    expect(auditEntries(stack).filter((a) => a.kind === 'run-started')).toHaveLength(
      2 + retried.length,
    );

    // The scheduled trigger does not fail when refused: it records that it skipped, naming the holder.
    const skipped = auditEntries(stack).filter(
      (a) => a.kind === 'run-skipped' && /hourly enforcement did not start/.test(a.message),
    );
    const refusals = [
      ...attempts.filter((a) => !a.ok).map((a) => a.message!),
      ...skipped.map((a) => a.message as string),
    ];
    expect(refusals).toHaveLength(1);
    for (const m of refusals)
      expect(m).toMatch(new RegExp(`Another run \\(.*run ${winner.id}\\) is changing the site`));
    expect(attempts.find((a) => a.who === 'scheduled')!.ok).toBe(true);

    // Writes happen within the life of the run that made them; the project run's only in ITHELP.
    const writes = await roleWrites(stack);
    expect(writes.length).toBeGreaterThan(0);
    const finished = Math.max(Date.parse(winner.finishedAt), Date.parse(projectRun.finishedAt));
    for (const w of writes) expect(Date.parse(w.at)).toBeLessThanOrEqual(finished);
    for (const w of writes.filter((x) => !x.path.includes('/project/ITHELP/')))
      expect(Date.parse(w.at)).toBeLessThanOrEqual(Date.parse(winner.finishedAt));
    expect(lock(stack)).toBeUndefined();

    // Once it is done the site is free again: a whole-site run converges it.
    const { runId } = await stack.admin('startRun', {});
    expect(await stack.waitForRun(runId)).toMatchObject({
      status: 'succeeded',
      counts: { errors: 0 },
    });
    await expectConverged(stack);
  },
);

it('a preview (dry run) does not take the site, and does not block a real run', async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.control('PUT', 'faults', { latencyMs: 60 });
  const [preview, real] = await Promise.all([
    stack.admin('previewPlan', {}),
    stack.admin('startRun', {}),
  ]);
  await stack.host.waitForIdle();
  await stack.control('DELETE', 'faults');
  expect((await stack.admin('getRun', { runId: preview.runId })).status).toBe('succeeded');
  expect((await stack.admin('getRun', { runId: real.runId })).status).toBe('succeeded');
  await expectConverged(stack);
});
