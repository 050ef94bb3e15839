// Who owns an organization member, on the deterministic platform: the app claims a member only
// when its own add succeeded for a member absent at the read just before. A read grown stale
// between batches is done again where the batch's accounts are (and only then: each read costs
// 2 points a member); an invocation cut off after Jira answered leaves its entries pending, and
// the retry leaves a member it finds present as a person's.
import { MEMBER_READ_FRESH_MS } from '../../../../src/enforce/orgs/org-sync';
import type { Engine } from '../harness/engine';
import { acme as acmeOf, ORG_USERS, ruleGroup, saveOrgRule, useOrgSite } from './org-site';

const site = useOrgSite();
let engine: Engine;
beforeEach(() => (engine = site.engine));
const group = () => ruleGroup(engine);
const acme = () => acmeOf(engine);
const orgRule = () => saveOrgRule(engine);

const cleanups: (() => void)[] = [];
const onCleanup = (f: () => void) => cleanups.push(f);
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});

const people = (n: number) => Array.from({ length: n }, (_, i) => `acct-${100 + i}`);

const orgLedger = (): Record<string, any> =>
  Object.fromEntries(
    engine.platform.values(`orgledger:${acme().id}:`).map((e: any) => [e.accountId, e]),
  );
const audit = (kind: string) =>
  engine.platform
    .values<{ entries: any[] }>('audit:')
    .flatMap((c) => c.entries ?? [])
    .filter((e) => e.kind === kind);

/** The JSM calls on the organization's members, in order: "GET", "POST 50"... */
function recordMemberCalls(): string[] {
  const calls: string[] = [];
  const before = engine.site.beforeJsm;
  engine.site.beforeJsm = (method, path, body) => {
    if (ORG_USERS.test(path))
      calls.push(
        method === 'GET'
          ? 'GET'
          : `${method} ${(body as { accountIds: string[] }).accountIds.length}`,
      );
    return before(method, path, body);
  };
  return calls;
}

describe('the read an add stands on', () => {
  it('writes each batch pending ahead and settles it once Jira added it; batches close to the read add on it alone', async () => {
    engine.site.groupMembers.set(group(), people(60));
    await orgRule();
    const calls = recordMemberCalls();
    const run = await engine.run();
    expect(run).toMatchObject({ status: 'succeeded', counts: { orgAdds: 60, errors: 0 } });
    // One read of the organization: the batches follow it closely.
    expect(calls).toEqual(['GET', 'POST 50', 'POST 10']);
    // Ledger writes (transactions of at most 24): pending before each add, settled after it.
    const writes = engine.platform.kvsWrites
      .filter((w) => w.writes.some((k) => k.startsWith('orgledger:')))
      .map((w) => (JSON.stringify(w.body).includes('"pending":true') ? 'pending' : 'settled'));
    expect(writes).toEqual([
      ...['pending', 'pending', 'pending', 'settled', 'settled', 'settled'],
      ...['pending', 'settled'],
    ]);
    expect(Object.values(orgLedger()).filter((e) => !e.pending)).toHaveLength(60);
  });

  it('a batch long after the read reads the organization again: a member a person added meanwhile is left as theirs and never removed', async () => {
    const all = people(60);
    const late = all[55]; // in the second batch
    engine.site.groupMembers.set(group(), all);
    await orgRule();
    const calls = recordMemberCalls();
    // The clock moves on while the first batch is in flight (the app's only time source here).
    const realNow = Date.now;
    let skew = 0;
    Date.now = () => realNow() + skew;
    onCleanup(() => (Date.now = realNow));
    const record = engine.site.beforeJsm;
    engine.site.beforeJsm = (method, path, body) => {
      const answer = record(method, path, body);
      // The first batch takes long (Jira's limits made it wait); a person adds one meanwhile.
      if (method === 'POST' && ORG_USERS.test(path) && calls.length === 2) {
        skew += MEMBER_READ_FRESH_MS + 1_000;
        acme().members.add(late);
      }
      return answer;
    };
    const run = await engine.run();
    expect(run).toMatchObject({ status: 'succeeded', counts: { orgAdds: 59, errors: 0 } });
    // Read again before the second batch, which leaves out the one: only the page where its
    // accounts are in JSM's accountId order (51 members now would be two pages in full).
    expect(calls).toEqual(['GET', 'POST 50', 'GET', 'POST 9']);
    expect(orgLedger()[late]).toBeUndefined();
    expect(Object.keys(orgLedger())).toHaveLength(59);
    const kept = audit('org-member-kept');
    expect(kept.map((e) => e.accountId)).toEqual([late]);
    expect(kept[0].message).toMatch(
      /^1 member was already in organization "Acme", added by someone else after the app read it: left as theirs/,
    );

    // The member leaves the group: the app removes the members it added, never this one.
    engine.site.groupMembers.set(
      group(),
      all.filter((a) => a !== late && a !== all[0]),
    );
    const after = await engine.run();
    expect(after).toMatchObject({ status: 'succeeded', counts: { orgRemovals: 1, errors: 0 } });
    expect(acme().members.has(late)).toBe(true);
    expect(acme().members.has(all[0])).toBe(false);
  });
});

describe('the check of a batch after the read grew old', () => {
  it('finds its accounts where JSM now lists them, however many members people removed before them, reading only those pages', async () => {
    const all = people(60);
    const byHand = Array.from({ length: 40 }, (_, i) => `acct-0${String(i).padStart(2, '0')}`);
    const late = all[57]; // in the second batch
    engine.site.groupMembers.set(group(), all);
    await orgRule();
    const realNow = Date.now;
    let skew = 0;
    Date.now = () => realNow() + skew;
    onCleanup(() => (Date.now = realNow));
    // Acme exists with 40 members people added (all before the rule's accounts in JSM's order).
    engine.site.orgs.set('1', { id: '1', name: 'Acme', members: new Set(byHand) });
    // Members each read of the organization answered, after the first add.
    const readAfterAdd: number[] = [];
    let added = false;
    const handle = engine.site.handle.bind(engine.site);
    engine.site.handle = (method, path, body, runId) => {
      const answer = handle(method, path, body, runId);
      if (method === 'GET' && ORG_USERS.test(path.split('?')[0]) && added)
        readAfterAdd.push((answer.body as { values: unknown[] }).values.length);
      if (method === 'POST' && ORG_USERS.test(path) && !added) {
        added = true;
        // Long after the read, people remove 30 of theirs and add one of the rule's accounts.
        skew += MEMBER_READ_FRESH_MS + 1_000;
        for (const a of byHand.slice(0, 30)) acme().members.delete(a);
        acme().members.add(late);
      }
      return answer;
    };
    const run = await engine.run();
    expect(run).toMatchObject({ status: 'succeeded', counts: { orgAdds: 59, errors: 0 } });
    expect(orgLedger()[late]).toBeUndefined();
    expect(Object.keys(orgLedger()).sort()).toEqual(all.filter((a) => a !== late));
    expect(audit('org-member-kept').map((e) => e.accountId)).toEqual([late]);
    // Fewer members read than the 61 a full read would: only the pages where the batch belongs.
    expect(readAfterAdd.reduce((a, b) => a + b, 0)).toBeLessThan(61);
  });
});

describe('an invocation cut off after Jira answered the add', () => {
  it('leaves the entries pending; the retried delivery keeps a present member as a person’s, and never removes them', async () => {
    const [a, b] = people(2);
    engine.site.groupMembers.set(group(), [a, b]);
    await orgRule();
    // A person adds b by hand just as the app's add goes out: Jira's 204 cannot say whose add
    // made b a member, and the container dies before the app could even record the answer.
    engine.site.beforeJsm = (method, path) => {
      if (method === 'POST' && ORG_USERS.test(path)) acme().members.add(b);
      return undefined;
    };
    engine.platform.crashAfterJira((method, path) => method === 'POST' && ORG_USERS.test(path));
    const run = await engine.run();
    expect(engine.platform.invocations.some((i) => i.state === 'crashed')).toBe(true);
    expect(run).toMatchObject({ status: 'succeeded', counts: { orgRemovals: 0 } });
    // The retry found both present with pending entries: neither is provably the app's.
    expect(orgLedger()).toEqual({});
    expect(
      audit('org-member-kept')
        .map((e) => e.accountId)
        .sort(),
    ).toEqual([a, b]);

    engine.site.groupMembers.set(group(), [a]);
    const after = await engine.run();
    expect(after).toMatchObject({ status: 'succeeded', counts: { orgRemovals: 0, errors: 0 } });
    expect([...acme().members].sort()).toEqual([a, b]);
  });
});
