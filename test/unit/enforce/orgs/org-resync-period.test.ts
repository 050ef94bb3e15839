// How often an unchanged organization is read in full: the counts and the audit log's hints find
// what changes in its groups and the organization's own count people's removals, so the forced
// re-read comes once per four periods in force of the routine check (28 days at 7 days), and
// every 24 hours while the log cannot be trusted (four of its shortest period, 6 hours).
// Deterministic platform, a clock the test moves.
import { SPREAD_PAGES_PER_HOUR } from '../../../../src/enforce/orgs/member-reads';
import type { Engine } from '../harness/engine';
import { HOUR, ORG_USERS, orgRunAfter, ruleGroup, saveOrgRule, useOrgSite } from './org-site';

const site = useOrgSite('2026-03-02T10:05:00Z');
let engine: Engine;
beforeEach(() => (engine = site.engine));
const group = () => ruleGroup(engine);
const orgRule = () => saveOrgRule(engine);
const hourlyRunAfter = (hours: number) => orgRunAfter(site, hours);

const MEMBERS = 120;

/** Member pages (not one-member counts) read from the group or the organization. */
function countPageReads(): { pages: number } {
  const seen = { pages: 0 };
  const handle = engine.site.handle.bind(engine.site);
  engine.site.handle = (method, path, body, runId) => {
    const url = new URL(path, 'https://site.example');
    const groupPage =
      url.pathname === '/rest/api/3/group/member' && url.searchParams.get('maxResults') !== '1';
    const orgPage = ORG_USERS.test(url.pathname) && url.searchParams.get('limit') !== '1';
    if (method === 'GET' && (groupPage || orgPage)) seen.pages++;
    return handle(method, path, body, runId);
  };
  return seen;
}

/** The sweep's state after whole cycles that lengthened its adaptive period to `hours`. */
function sweepPeriodIs(hours: number): void {
  const since = new Date(site.now - HOUR).toISOString();
  engine.platform.seed('sweep:state', {
    cursor: 0,
    total: 1,
    cycleStartedAt: since,
    period: { hours, since, why: 'lengthened' },
  });
}

async function syncedOrganization(): Promise<void> {
  const everyone = Array.from({ length: MEMBERS }, (_, i) => `acct-${i}`);
  engine.site.groupMembers.set(group(), everyone);
  engine.site.orgs.set('1', { id: '1', name: 'Acme', members: new Set(everyone) });
  await orgRule();
  const first = await hourlyRunAfter(0);
  // The first run after the rule was saved reads it in full and stamps it.
  expect(first).toMatchObject({ organizationId: '1', adds: 0, removals: 0 });
  expect(first.unchangedSince).toBeUndefined();
  expect(engine.platform.keys('orgsynced:')).toEqual(['orgsynced:1']);
}

it('leaves an unchanged organization unread for four periods of 7 days, then reads it in full', async () => {
  await syncedOrganization();
  sweepPeriodIs(168);
  const reads = countPageReads();

  const day = await hourlyRunAfter(24);
  expect(reads.pages).toBe(0);
  expect(day.unchangedSince).toBeDefined();
  // What the admin page says of it: read in full by the routine check every 28 days.
  expect(day).toMatchObject({ organizationId: '1', fullReadHours: 4 * 168 });

  // One period (7 days) after its last full read: still only counted.
  const week = await hourlyRunAfter(168 - 24);
  expect(week).toMatchObject({ organizationId: '1', fullReadHours: 4 * 168 });
  expect(week.unchangedSince).toBeDefined();
  const almost = await hourlyRunAfter(3 * 168 - 1);
  expect(almost.unchangedSince).toBeDefined();
  expect(reads.pages).toBe(0);

  // Four periods after it, it is read in full again (spread over two hours).
  const due = await hourlyRunAfter(1);
  expect(due).toMatchObject({ organizationId: '1', continuesNextHour: true, spread: true });
  expect(reads.pages).toBe(SPREAD_PAGES_PER_HOUR);
  engine.expectSettled();
});

it('reads an unchanged organization in full after 24 hours (four of 6) while the audit log cannot be read', async () => {
  await syncedOrganization();
  sweepPeriodIs(168);
  engine.site.auditLogReadable = false;
  const reads = countPageReads();

  const early = await hourlyRunAfter(23);
  expect(early).toMatchObject({ fullReadHours: 24 });
  expect(early.unchangedSince).toBeDefined();
  expect(reads.pages).toBe(0);

  const due = await hourlyRunAfter(1);
  expect(due).toMatchObject({ organizationId: '1', continuesNextHour: true });
  const done = await hourlyRunAfter(1);
  expect(done).toMatchObject({ organizationId: '1', syncedBecause: 'sweep' });
  // Both lists read in full, every page once: the group's and the organization's, 50 members a
  // page, a few pages an hour.
  expect(reads.pages).toBe(2 * Math.ceil(MEMBERS / 50));
  engine.expectSettled();
});

it('spreads a re-read nothing announced over hours, a few pages each, every page read once', async () => {
  await syncedOrganization();
  engine.site.groupMembers.set(
    group(),
    Array.from({ length: 500 }, (_, i) => `acct-${i}`),
  );
  engine.site.orgs.set('1', {
    id: '1',
    name: 'Acme',
    members: new Set(Array.from({ length: 500 }, (_, i) => `acct-${i}`)),
  });
  // The counts cannot see it (the stamp says 500 too): only the sweep's re-read can.
  const stamp = engine.platform.values<any>('orgsynced:1')[0];
  engine.platform.seed('orgsynced:1', { ...stamp, groups: { [group()]: 500 } });
  sweepPeriodIs(24);
  const reads = countPageReads();
  const perHour: number[] = [];
  let plan = await hourlyRunAfter(4 * 24);
  perHour.push(reads.pages);
  while (plan.continuesNextHour) {
    plan = await hourlyRunAfter(1);
    perHour.push(reads.pages - perHour.reduce((a, b) => a + b, 0));
  }
  expect(plan).toMatchObject({ organizationId: '1', syncedBecause: 'sweep', adds: 0 });
  // 10 pages of the group and 10 of the organization, 5 an hour.
  expect(perHour).toEqual([5, 5, 5, 5]);
  engine.expectSettled();
});

it('reads at once, in full, an organization whose spread re-read a change in its group overtook', async () => {
  await syncedOrganization();
  sweepPeriodIs(24);
  const reads = countPageReads();
  const due = await hourlyRunAfter(4 * 24);
  expect(due).toMatchObject({ continuesNextHour: true });
  expect(reads.pages).toBe(SPREAD_PAGES_PER_HOUR);

  // The audit log names the group after the re-read began: its pages may be out of date.
  engine.platform.seed('orghints', { groups: { [group()]: new Date(site.now).toISOString() } });
  const again = await hourlyRunAfter(1);
  expect(again).toMatchObject({ organizationId: '1', syncedBecause: 'group-changed' });
  expect(reads.pages).toBe(SPREAD_PAGES_PER_HOUR + 2 * Math.ceil(MEMBERS / 50));
  engine.expectSettled();
});
