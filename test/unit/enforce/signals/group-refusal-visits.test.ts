// A group that turns into an administration group in the identity provider is noticed by the
// next run, which visits the projects of the rules that name it (no project signal announces a
// group's rename), even when the run that noticed it was cut off just after it wrote down what
// it found; and again when the group is fine. No rule is changed either way.
import { listRules } from '../../../../src/store/rules';
import { Engine } from '../harness/engine';
import { on } from '../harness/platform';

let engine: Engine;
beforeEach(async () => {
  engine = await Engine.withRule({ projects: 3, groups: 2 });
});
afterEach(() => engine.platform.uninstall());

const KEYS = ['P1', 'P2', 'P3'];
const bindingsOf = (groupId: string) =>
  engine.site.bindings().filter((b) => b.endsWith(`:${groupId}`));

async function rules(): Promise<unknown> {
  const inv = engine.platform.invoke('read', () => listRules());
  await inv.settled;
  return inv.result;
}

/** Runs created since then are the ones a step of the test started. */
let startedAfter = '';

/** The hourly trigger and every event it queued; answers its run. */
async function hourly(): Promise<any> {
  const inv = engine.hourly();
  await engine.platform.quiesce();
  await engine.drain();
  expect(inv.state).toBe('done');
  return engine.runs().find((r) => r.trigger === 'scheduled' && r.createdAt >= startedAfter)!;
}
it('a run cut off right after it recorded the refused group still leaves the projects to visit', async () => {
  await hourly(); // the first hourly run is a full one
  const [renamed, other] = engine.site.groups;
  expect(bindingsOf(renamed.groupId)).toHaveLength(3);
  const before = await rules();

  renamed.name = 'jira-admins-x';
  engine.platform.crashAfter(on.write('guard:refused-groups'));
  const cut = engine.hourly();
  await engine.platform.quiesce();
  expect(cut.state).toBe('crashed');

  startedAfter = new Date().toISOString();
  await engine.afterLeasesExpire();
  const run = engine.runs().find((r) => r.trigger === 'scheduled' && r.createdAt >= startedAfter)!;
  expect(run).toMatchObject({ status: 'succeeded', visits: { 'rule-changed': 3 } });
  expect(bindingsOf(renamed.groupId)).toEqual([]);
  expect(bindingsOf(other.groupId)).toEqual(KEYS.map((k) => `${k}:${other.groupId}`));
  expect(await rules()).toEqual(before);

  renamed.name = 'Customers again';
  startedAfter = new Date().toISOString();
  const back = await hourly();
  expect(back).toMatchObject({ status: 'succeeded', visits: { 'rule-changed': 3 } });
  expect(bindingsOf(renamed.groupId)).toEqual(KEYS.map((k) => `${k}:${renamed.groupId}`));
  expect(await rules()).toEqual(before);
  engine.expectSettled();
});
