// An organization too large for one hour's budget, on the deterministic platform with a clock the
// test moves an hour at a time: the organization sync spends from the runs' hourly budget,
// reads each member page once across the hours (never from the start again), and between hours
// holds no lease: the run ends and the next hourly run goes on from the read it left.
import { hourKey } from '../../../../src/jira/quota';
import type { Engine } from '../harness/engine';
import {
  advance,
  HOUR,
  hourlyRun as runOf,
  orgPlans as plansOf,
  ruleGroup,
  saveOrgRule,
  useOrgSite,
} from './org-site';

const MEMBERS = 30_000;
/** The runs' budget by default: 20% of Tier 1's 65,000 points. */
const BUDGET = 13_000;
/** A page of members costs 1 point plus 2 a member: at most 101. */
const PAGE_POINTS = 101;

const site = useOrgSite('2026-03-02T10:05:00Z');
let engine: Engine;
beforeEach(() => (engine = site.engine));
const group = () => ruleGroup(engine);
const orgRule = () => saveOrgRule(engine);
const hourlyRun = () => runOf(engine);
const orgPlans = (runId: string) => plansOf(engine, runId);

const id = (i: number) => `acct-${String(i).padStart(6, '0')}`;

/** One member page the site answered: whose list, from where, how many, in which hour. */
interface PageRead {
  source: 'group' | 'org';
  start: number;
  members: number;
  hour: string;
}

function recordPageReads(): PageRead[] {
  const reads: PageRead[] = [];
  const handle = engine.site.handle.bind(engine.site);
  engine.site.handle = (method, path, body, runId) => {
    const answer = handle(method, path, body, runId);
    const url = new URL(path, 'https://site.example');
    const values = (answer.body as { values?: unknown[] } | undefined)?.values ?? [];
    const q = url.searchParams;
    if (
      method === 'GET' &&
      url.pathname === '/rest/api/3/group/member' &&
      q.get('maxResults') !== '1'
    )
      reads.push({
        source: 'group',
        start: Number(q.get('startAt') ?? 0),
        members: values.length,
        hour: hourKey(Date.now()),
      });
    // A one-member read is the organization's count, not a page of its members.
    if (
      method === 'GET' &&
      /^\/rest\/servicedeskapi\/organization\/\d+\/user$/.test(url.pathname) &&
      q.get('limit') !== '1'
    )
      reads.push({
        source: 'org',
        start: Number(q.get('start') ?? 0),
        members: values.length,
        hour: hourKey(Date.now()),
      });
    return answer;
  };
  return reads;
}

const spendKeys = (hour: string) => engine.platform.keys(`quotaspend:${hour}:`);

it('a 30,000-member organization completes across hours within the budget, each member page read once, no lease held between hours', async () => {
  const everyone = Array.from({ length: MEMBERS }, (_, i) => id(i));
  engine.site.groupMembers.set(group(), everyone);
  // Acme has all but the last 100 already (a person added them): 100 to add at the end.
  engine.site.orgs.set('1', { id: '1', name: 'Acme', members: new Set(everyone.slice(0, -100)) });
  await orgRule();
  const reads = recordPageReads();

  const runs: any[] = [];
  for (let hour = 0; hour < 40; hour++) {
    const run = await hourlyRun();
    runs.push(run);
    const hourNow = hourKey(Date.now());
    // The run ended: no run waits holding the site for the organization.
    expect(run.status).toBe('succeeded');
    expect(engine.siteLease()?.holder ?? '').toBe('');
    // The organization sync spent from the runs' budget: its spend is among the hour's.
    const orgSpend = spendKeys(hourNow).filter((k) => k.includes(`${run.id}:org:`));
    expect(orgSpend.length).toBeGreaterThan(0);
    const hourPoints = reads
      .filter((r) => r.hour === hourNow)
      .reduce((sum, r) => sum + 1 + 2 * r.members, 0);
    expect(hourPoints).toBeLessThanOrEqual(BUDGET + PAGE_POINTS);
    const recorded = engine.platform
      .values<{ points: number }>(`quotaspend:${hourNow}:`)
      .reduce((sum, v) => sum + v.points, 0);
    expect(recorded).toBeGreaterThanOrEqual(hourPoints);
    expect(recorded).toBeLessThanOrEqual(BUDGET + PAGE_POINTS);
    const [plan] = orgPlans(run.id);
    if (!plan.continuesNextHour) break;
    // Its read waits for the next hour, under the run that began it.
    expect(engine.platform.values<any>('orgread:1')[0]).toMatchObject({ readId: runs[0].id });
    advance(site, HOUR);
  }

  const last = runs[runs.length - 1];
  expect(runs.length).toBeGreaterThan(5); // more than an hour's budget, by far
  expect(orgPlans(last.id)).toEqual([
    expect.objectContaining({ organizationId: '1', syncedBecause: 'continued', adds: 100 }),
  ]);
  expect(engine.site.orgs.get('1')!.members.size).toBe(MEMBERS);
  expect(engine.platform.keys('orgread:')).toEqual([]);

  // Every page of the group and of the organization read once, over all the hours.
  const starts = (source: PageRead['source']) =>
    reads.filter((r) => r.source === source).map((r) => r.start);
  const groupStarts = starts('group');
  expect(groupStarts).toEqual(Array.from({ length: MEMBERS / 50 }, (_, i) => i * 50));
  const orgFull = Array.from({ length: (MEMBERS - 100) / 50 }, (_, i) => i * 50);
  const orgStarts = starts('org');
  expect(orgStarts.slice(0, orgFull.length)).toEqual(orgFull);
  // Then only the pages where the two add batches' accounts are, the read being hours old.
  expect(orgStarts.length - orgFull.length).toBeLessThanOrEqual(4);

  // The app's adds are proven: absent at a fresh page, added by its own call.
  const ledger = engine.platform.values<any>('orgledger:1:');
  expect(
    ledger
      .filter((e) => !e.pending)
      .map((e) => e.accountId)
      .sort(),
  ).toEqual(everyone.slice(-100));

  // The next hour, the organization is left alone: a count, no page.
  advance(site, HOUR);
  const pagesBefore = reads.length;
  const after = await hourlyRun();
  expect(orgPlans(after.id)[0].unchangedSince).toBeDefined();
  expect(reads.length).toBe(pagesBefore);
  // The stamp counts what the sync left across its hours: the read and the app's own adds.
  expect(engine.platform.values<any>('orgsynced:1')[0].members).toBe(
    engine.site.orgs.get('1')!.members.size,
  );
  engine.expectSettled();
}, 120_000);
