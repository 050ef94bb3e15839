// recheckPreview answers inside the resolver's limit for a preview of any size: it reads the
// changed projects until its deadline, then says how many it checked of how many; the rest
// count as still to apply (the apply re-checks them).
import { RECHECK_DEADLINE_MS, recheckPreview } from '../../../../src/enforce/views/recheck-preview';
import { Engine } from '../harness/engine';

it('stops starting projects at its deadline and says how far it got', async () => {
  const engine = await Engine.withRule({ projects: 30, groups: 2 });
  const preview = await engine.run({ dryRun: true });
  expect(preview.counts.adds).toBe(60);

  const roleReads: string[] = [];
  const handle = engine.site.handle.bind(engine.site);
  engine.site.handle = (method, path, body, runId) => {
    if (method === 'GET' && /\/project\/\w+\/role\//.test(path)) roleReads.push(path);
    return handle(method, path, body, runId);
  };
  let t = 0;
  // Each look at the clock moves it on 1 s: the deadline passes after about 12 projects.
  const now = () => (t += 1000);
  const inv = engine.platform.invoke('admin', () => recheckPreview(preview.id, undefined, now));
  await inv.settled;
  expect(inv.error).toBeUndefined();
  const r = inv.result as Awaited<ReturnType<typeof recheckPreview>>;

  expect(r.projects.total).toBe(30);
  expect(r.projects.checked).toBeGreaterThan(0);
  expect(r.projects.checked).toBeLessThanOrEqual(RECHECK_DEADLINE_MS / 1000);
  // One role read per project checked, none for the others; nothing differs, all 60 still apply.
  expect(roleReads).toHaveLength(r.projects.checked);
  expect(r).toMatchObject({ previewed: 60, willApply: 60, differences: [], goneProjects: [] });
  // The run's facts (roles, groups, product access) and the role reads: every call counted.
  expect(r.calls).toBe(3 + r.projects.checked);
  expect(engine.site.writes).toEqual([]);
});
