// A full run lists the site page by page while people change Jira: each project is enforced at
// most once per run, whatever is created or restored between two pages.
import { Engine } from '../harness/engine';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule({ projects: 4, groups: 2 });
  // Two projects a page, so a run lists three pages.
  engine.site.maxProjectPage = 2;
});
afterEach(() => engine.platform.uninstall());

/** The keys of the projects the run's batches were given, in order (every delivery once). */
const batched = () =>
  engine.platform.invocations
    .filter((i) => i.event?.body.kind === 'batch')
    .flatMap((i) => i.event!.body.projects.map((p: { key: string }) => p.key));

/** After the first page is answered, Jira has one more project. */
function onceAfterFirstPage(id: string, key: string) {
  let done = false;
  engine.site.onProjectPage = () => {
    if (done) return;
    done = true;
    engine.site.addProject(id, key);
  };
}

it('a project created while the run lists (its key sorting first) shifts no page: every project is enforced once', async () => {
  onceAfterFirstPage('20004', 'A0');
  const run = await engine.run();
  expect(batched().sort()).toEqual(['A0', 'P1', 'P2', 'P3', 'P4']);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 10 }, progress: { done: 5 } });
  expect(engine.site.bindings()).toHaveLength(10);
  engine.expectSettled();
});

it('a project restored while the run lists (an old id) brings no listed project back', async () => {
  onceAfterFirstPage('19999', 'R0');
  const run = await engine.run();
  // R0 came back on a page already listed: this run does not see it; nothing is listed twice.
  expect(batched()).toEqual(['P1', 'P2', 'P3', 'P4']);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8 }, progress: { done: 4 } });
  engine.expectSettled();
});

it('a page whose projects were all listed before still ends the run', async () => {
  let n = 0;
  // Two old projects come back after the first page: the second page is the first one again.
  engine.site.onProjectPage = () => {
    if (n++ === 0) {
      engine.site.addProject('19998', 'R1');
      engine.site.addProject('19999', 'R2');
    }
  };
  const run = await engine.run();
  expect(batched()).toEqual(['P1', 'P2', 'P3', 'P4']);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8 }, progress: { done: 4 } });
  engine.expectSettled();
});
