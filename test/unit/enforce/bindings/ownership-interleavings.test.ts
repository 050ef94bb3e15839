// A person changes the same role while the app adds to it. each schedule chooses how Jira answers
// the app's first add to P1 (fine, a quota or burst 429, a 503 or no answer, each made or not),
// what the person does (adds or removes the same group) and when (before the app reads the role,
// between its read and its write, while it waits to retry, between Jira's answer and the app
// seeing it, after the invocation was cut off). Then the rule is deleted with removal on.
// Whatever the schedule: every binding a person made is still there, and every binding the app
// made is gone. Who made a binding is read from the fake Jira's audit log: the author of the
// newest record that put the group into the role.
import { deleteRule } from '../../../../src/enforce/rules/rules-service';
import { Engine } from '../harness/engine';
import { PERSON_ACCOUNT_ID, type Scripted, type SiteRequest } from '../harness/fake-site';

jest.setTimeout(120_000);

const FAULTS = [
  'none',
  'quota-429',
  'quota-stop',
  'burst-429',
  '503',
  '503-after-applying',
  'no-answer',
  'no-answer-after-applying',
] as const;
const POINTS = [
  'before-read',
  'before-write',
  'before-retry',
  'after-answer',
  'after-cut-off',
] as const;
const ACTS = ['add', 'remove'] as const;

type Schedule = {
  fault: (typeof FAULTS)[number];
  point: (typeof POINTS)[number];
  act: (typeof ACTS)[number];
  /** The person acted in P1 already before the app's first run (a binding of theirs). */
  personFirst: boolean;
};

const roleOf = (key: string) => (r: SiteRequest) =>
  r.path.startsWith(`/rest/api/3/project/${key}/role/`);

/** Who put each (project, group) in the role last, from Jira's audit log: `KEY:group -> author`. */
function makers(engine: Engine): Map<string, string> {
  const out = new Map<string, string>();
  const { site } = engine;
  for (const r of site.audit) {
    const key = site.projects.find((p) => p.id === r.associatedItems[0].id)!.key;
    const split = (v?: string) => (v ? v.split(', ') : []);
    const groups = r.changedValues[0];
    const before = split(groups.changedFrom);
    for (const name of split(groups.changedTo))
      if (!before.includes(name)) {
        const groupId = site.groups.find((g) => g.name === name)!.groupId;
        out.set(`${key}:${groupId}`, r.authorAccountId);
      }
  }
  return out;
}

async function play(s: Schedule) {
  const engine = new Engine({ projects: 2, groups: 1, instantSleeps: true });
  const { site, platform } = engine;
  platform.install();
  const group = site.groups[0].groupId;
  if (s.personFirst) site.person.add('P1', group);
  await engine.seedRule();

  let acted = false;
  const act = () => {
    if (acted) return;
    acted = true;
    if (s.act === 'add') site.person.add('P1', group);
    else site.person.remove('P1', group);
  };
  const isPost = (r: SiteRequest) => r.method === 'POST' && roleOf('P1')(r);
  if (s.fault !== 'none')
    site.scripted.push({ match: isPost, answer: s.fault, times: 1 } satisfies Scripted);
  let posts = 0;
  let answered = false;
  site.onRequest = (r) => {
    if (s.point === 'before-read' && r.method === 'GET' && roleOf('P1')(r)) act();
    if (!isPost(r)) return;
    posts++;
    if (s.point === 'before-write' && posts === 1) act();
    if (s.point === 'before-retry' && posts === 2) act();
  };
  site.afterRequest = (r) => {
    if (!isPost(r)) return;
    answered = true;
    if (s.point === 'after-answer') act();
  };
  // Cut off once Jira answered the add: the audit of the project is written, its ledger is not.
  if (s.point === 'after-cut-off')
    platform.crashAfter((c) => answered && c.writes.some((k) => k.startsWith('audit:')));

  await engine.run();
  // A cut-off run is finished by Forge's retries, or by the watchdog and the next run.
  await engine.afterLeasesExpire();
  if (s.point === 'after-cut-off') act();
  // The next run settles what the cut-off left pending.
  await engine.run();
  act(); // a point that never came (no retry): the person acts now

  const made = makers(engine);
  const before = engine.site.bindings();
  const del = platform.invoke('admin', async () => {
    const rule = platform.values<any>('rule:')[0];
    await deleteRule(rule.id, 'admin');
  });
  await del.settled;
  if (del.state !== 'done') throw del.error;
  await engine.run();
  expect(engine.violations).toEqual([]);
  return { engine, made, before };
}

const SCHEDULES: Schedule[] = FAULTS.flatMap((fault) =>
  POINTS.flatMap((point) =>
    ACTS.flatMap((act) => [false, true].map((personFirst) => ({ fault, point, act, personFirst }))),
  ),
);

// Every schedule, not a sample: there are few enough to try them all.
it.each(SCHEDULES.map((s) => [JSON.stringify(s), s] as const))(
  'never removes a binding a person made, and removes every binding the app made: %s',
  async (_name, s) => {
    const { engine, made, before } = await play(s);
    const after = new Set(engine.site.bindings());
    for (const binding of before) {
      const author = made.get(binding);
      expect({ binding, author, kept: after.has(binding) }).toEqual({
        binding,
        author,
        kept: author === PERSON_ACCOUNT_ID,
      });
    }
    // Nothing of the app's is left: the app's bindings went, the person's never were its own.
    expect(engine.ledger()).toEqual([]);
    engine.platform.uninstall();
  },
);
