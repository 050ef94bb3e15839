// The rolling sweep verifies every service project once a cycle, whatever people create and
// delete between hours: a slice finds its place by the last project it verified, not by where
// that project stood in the listing.
import { getSettings, putSettings } from '../../../../src/store/settings';
import { Engine } from '../harness/engine';

let engine: Engine;
afterEach(() => engine.platform.uninstall());

/** Keys of the projects whose customers role each hourly run read, one set per run. */
let read = new Set<string>();

async function setup(projects: number, sweepHours: number): Promise<void> {
  engine = await Engine.withRule({ projects, groups: 1 });
  engine.site.onRequest = ({ method, path }) => {
    const m = /^\/rest\/api\/3\/project\/([^/?]+)\/role\/\d+/.exec(path);
    if (method === 'GET' && m) read.add(m[1]);
  };
  const inv = engine.platform.invoke('admin', async () =>
    putSettings({ ...(await getSettings()), sweepHours, sweepPinned: true }),
  );
  await inv.settled;
  expect(inv.state).toBe('done');
}

/** One hourly run to its end; answers the keys it read. */
async function hour(): Promise<string[]> {
  read = new Set();
  const inv = engine.hourly();
  await engine.platform.quiesce();
  await engine.drain();
  expect(inv.state).toBe('done');
  return [...read].sort();
}

const keysOf = (ps: { key: string }[]) => ps.map((p) => p.key).sort();

/** Hourly runs until the sweep's cycle ends; answers every key they read. */
async function restOfCycle(): Promise<string[]> {
  const keys: string[] = [];
  for (let n = 0; n < 10; n++) {
    keys.push(...(await hour()));
    if (engine.platform.values<{ cursor: number }>('sweep:state')[0].cursor === 0) return keys;
  }
  throw new Error('the cycle never ended');
}

it('after ten projects it already verified are deleted, the next slices skip none of the rest', async () => {
  await setup(40, 4);
  await hour(); // the first hourly run is a full one
  const swept = [...(await hour()), ...(await hour())];
  expect(swept).toHaveLength(20);

  // Ten of the projects verified this cycle are deleted between hours.
  for (const key of swept.slice(0, 10)) {
    const i = engine.site.projects.findIndex((p) => p.key === key);
    engine.site.projects.splice(i, 1);
  }
  const rest = await restOfCycle();
  const notYet = keysOf(engine.site.projects).filter((k) => !swept.includes(k));
  expect(notYet).toHaveLength(20);
  expect(notYet.filter((k) => !rest.includes(k))).toEqual([]);
});

it('projects created between hours are verified within the same cycle, none skipped', async () => {
  await setup(20, 4);
  await hour();
  const swept = [...(await hour()), ...(await hour())];
  for (let i = 0; i < 12; i++) engine.site.addProject(String(30000 + i), `A${i}`);
  const rest = await restOfCycle();
  expect(
    keysOf(engine.site.projects).filter((k) => !swept.includes(k) && !rest.includes(k)),
  ).toEqual([]);
});
