// The organization's own one-call count against people acting while the app works: the stamp
// counts the organization as the sync left it (its read and the app's own confirmed adds), so a
// person's removal during the sync makes the next hour's count fewer (one full sync, which puts
// back what a rule keeps), a person's add only moves the stamp's count, and a removal during a
// spread re-read drops that read for one made at once. Deterministic platform, a clock the test
// moves.
import type { Engine } from '../harness/engine';
import {
  acme as acmeOf,
  ORG_USERS,
  orgRunAfter,
  ruleGroup,
  saveOrgRule,
  useOrgSite,
} from './org-site';

const site = useOrgSite('2026-03-02T10:05:00Z');
let engine: Engine;
beforeEach(() => (engine = site.engine));
const group = () => ruleGroup(engine);
const acme = () => acmeOf(engine);
const orgRule = () => saveOrgRule(engine);
const hourlyRunAfter = (hours: number) => orgRunAfter(site, hours);

const people = (n: number) => Array.from({ length: n }, (_, i) => `acct-${100 + i}`);
const stamped = () => engine.platform.values<any>(`orgsynced:${acme().id}`)[0]?.members;

/** Pages of members read (a group's or the organization's), counts apart. */
function countReads(): { pages: number; counts: number } {
  const seen = { pages: 0, counts: 0 };
  const handle = engine.site.handle.bind(engine.site);
  engine.site.handle = (method, path, body, runId) => {
    const url = new URL(path, 'https://site.example');
    const q = url.searchParams;
    const groupRead = method === 'GET' && url.pathname === '/rest/api/3/group/member';
    const orgRead = method === 'GET' && ORG_USERS.test(url.pathname);
    if (orgRead && q.get('limit') === '1') seen.counts++;
    else if (orgRead || (groupRead && q.get('maxResults') !== '1')) seen.pages++;
    return handle(method, path, body, runId);
  };
  return seen;
}

/** Acts as a person once, when the app sends its `nth` add batch to the organization. */
function duringAddBatch(nth: number, act: () => void): void {
  let adds = 0;
  const before = engine.site.beforeJsm;
  engine.site.beforeJsm = (method, path, body) => {
    if (method === 'POST' && ORG_USERS.test(path) && ++adds === nth) act();
    return before(method, path, body);
  };
}

describe('a person acting while the app syncs the organization', () => {
  it('removes a member the app just added: the next hour counts fewer, syncs in full and puts them back', async () => {
    const everyone = people(60);
    engine.site.groupMembers.set(group(), everyone);
    await orgRule();
    // After the first batch (50) is in, before the second: someone removes one of them.
    duringAddBatch(2, () => acme().members.delete(everyone[0]));
    const first = await hourlyRunAfter(0);
    expect(first).toMatchObject({ adds: 60 });
    // The sync's own count: its read (empty) and its 60 confirmed adds.
    expect(stamped()).toBe(60);
    expect(acme().members.size).toBe(59);

    const reads = countReads();
    const next = await hourlyRunAfter(1);
    expect(next).toMatchObject({ syncedBecause: 'org-members-removed', adds: 1, drift: 1 });
    expect(acme().members.has(everyone[0])).toBe(true);
    expect(stamped()).toBe(60);

    // One full sync; the hour after only counts.
    const pages = reads.pages;
    const quiet = await hourlyRunAfter(1);
    expect(quiet.unchangedSince).toBeDefined();
    expect(reads.pages).toBe(pages);
    engine.expectSettled();
  });

  it('adds someone: the next hour reads no page, and the stamp follows the count', async () => {
    engine.site.groupMembers.set(group(), people(60));
    await orgRule();
    duringAddBatch(2, () => acme().members.add('acct-theirs'));
    await hourlyRunAfter(0);
    expect(stamped()).toBe(60);

    const reads = countReads();
    const next = await hourlyRunAfter(1);
    expect(next.unchangedSince).toBeDefined();
    expect(reads.pages).toBe(0);
    // The count (more than 60), then 61: the same.
    expect(reads.counts).toBe(2);
    expect(stamped()).toBe(61);
    expect(acme().members.has('acct-theirs')).toBe(true);

    const quiet = await hourlyRunAfter(1);
    expect(quiet.unchangedSince).toBeDefined();
    expect(reads).toEqual({ pages: 0, counts: 3 });
    engine.expectSettled();
  });
});

it("a removal during the routine check's spread re-read drops it: the organization is read at once and the member put back", async () => {
  const everyone = people(120);
  engine.site.groupMembers.set(group(), everyone);
  await orgRule();
  await hourlyRunAfter(0);
  expect(stamped()).toBe(120);
  // The adaptive period at 24 hours: the full re-read comes after 96 hours, 5 pages an hour.
  const since = new Date(site.now).toISOString();
  engine.platform.seed('sweep:state', {
    cursor: 0,
    total: 1,
    cycleStartedAt: since,
    period: { hours: 24, since, why: 'lengthened' },
  });
  const reads = countReads();
  const due = await hourlyRunAfter(96);
  expect(due).toMatchObject({ continuesNextHour: true, spread: true });
  // The group's 3 pages and the organization's first 2 (which hold the first 100 members).
  expect(reads.pages).toBe(5);

  acme().members.delete(everyone[0]);
  const next = await hourlyRunAfter(1);
  expect(next).toMatchObject({ syncedBecause: 'org-members-removed', adds: 1, drift: 1 });
  expect(acme().members.has(everyone[0])).toBe(true);
  // Read again from the start, in full, at once: 3 pages of each.
  expect(reads.pages).toBe(5 + 6);
  expect(engine.platform.keys('orgread:')).toEqual([]);
  engine.expectSettled();
});
