// The health reads against a scripted Jira: what they ask, how they map answers, and how they
// keep within their budgets and keep a refusal per project instead of failing the whole read.
import { SCHEME_ROTATION_DAYS, schemeReadsDue } from '../../../../src/domain/health-rotation';
import type { SchemesKept } from '../../../../src/enforce/health/health-reads';
import {
  HEALTH_BUDGET,
  read,
  readAgentOverlap,
  readRecentAccounts,
  readSchemes,
} from '../../../../src/enforce/health/health-reads';
import { listApplicationRoles } from '../../../../src/jira/application-roles';
import { groupMemberCount } from '../../../../src/jira/group-members';
import { getPermissionSchemeGrants } from '../../../../src/jira/permission-schemes';
import { answer, fakeClient, FakeJira, page } from '../../jira/fake-jira';

const covered = (key: string) => ({ key, name: key, style: 'classic' as const, ruleIds: ['r'] });
const NOW = () => Date.parse('2026-03-31T12:00:00Z');

describe('reads', () => {
  it('reads the seat figures of each product', async () => {
    const jira = new FakeJira().then(
      answer(200, [
        {
          key: 'jira-servicedesk',
          name: 'Jira Service Management',
          groupDetails: [{ groupId: 'g', name: 'agents' }],
          userCount: 12,
          numberOfSeats: 25,
          remainingSeats: 13,
          hasUnlimitedSeats: false,
        },
      ]),
    );
    const [role] = await listApplicationRoles(fakeClient(jira).client);
    expect(role).toMatchObject({
      userCount: 12,
      numberOfSeats: 25,
      remainingSeats: 13,
      hasUnlimitedSeats: false,
      groupNames: { g: 'agents' },
    });
  });

  it('maps grant holders: group id and name, role id, "any logged-in user"', async () => {
    const jira = new FakeJira().then(
      answer(200, {
        permissions: [
          {
            id: 1,
            permission: 'BROWSE_PROJECTS',
            holder: { type: 'group', parameter: 'Staff', value: 'g-1' },
          },
          {
            id: 2,
            permission: 'BROWSE_PROJECTS',
            holder: { type: 'projectRole', parameter: '10101', value: '10101' },
          },
          { id: 3, permission: 'BROWSE_PROJECTS', holder: { type: 'applicationRole' } },
          { id: 4, holder: { type: 'anyone' } },
        ],
      }),
    );
    await expect(getPermissionSchemeGrants(fakeClient(jira).client, '10000')).resolves.toEqual([
      { permission: 'BROWSE_PROJECTS', holder: { type: 'group', value: 'g-1', name: 'Staff' } },
      { permission: 'BROWSE_PROJECTS', holder: { type: 'projectRole', value: '10101' } },
      { permission: 'BROWSE_PROJECTS', holder: { type: 'applicationRole' } },
    ]);
    expect(jira.requests[0].path).toBe('/rest/api/3/permissionscheme/10000/permission');
  });

  it("counts a group's members with a one-member page", async () => {
    const jira = new FakeJira().then(answer(200, page([{ accountId: 'a' }], 0, false, 3400)));
    await expect(groupMemberCount(fakeClient(jira).client, 'g-1')).resolves.toBe(3400);
    expect(Object.fromEntries(jira.requests[0].query)).toMatchObject({
      groupId: 'g-1',
      maxResults: '1',
      includeInactiveUsers: 'false',
    });
  });

  it('answers a refused read as not ok, with the calls it made', async () => {
    const jira = new FakeJira().then(answer(403, { errorMessages: ['Forbidden'] }));
    const r = await read(
      (j) => listApplicationRoles(j),
      () => fakeClient(jira).client,
    );
    expect(r).toMatchObject({ ok: false, calls: 1 });
    expect(!r.ok && r.why).toMatch(/Could not read product access .*403: Forbidden/);
  });
});

describe('permission schemes of covered projects', () => {
  const noneKept = (): SchemesKept => ({ schemeOf: new Map(), schemes: new Map() });
  /** One computation: what the rotation says is due, read against `jira`. */
  const compute = (
    jira: FakeJira,
    projects: ReturnType<typeof covered>[],
    kept: SchemesKept,
    opts: { now: number; elapsedMs: number; named?: Set<string> },
  ) =>
    readSchemes(fakeClient(jira).client, projects, {
      kept,
      due: schemeReadsDue({
        keys: projects.map((p) => p.key),
        known: kept.schemeOf,
        named: opts.named ?? new Set(),
        elapsedMs: opts.elapsedMs,
        now: opts.now,
      }),
      grantsDue: () => false,
      now: () => opts.now,
    });
  const site = () =>
    new FakeJira().otherwise((req) =>
      req.path.endsWith('/permissionscheme')
        ? answer(200, { id: 1, name: 'S' })
        : answer(200, { permissions: [] }),
    );
  const lookups = (jira: FakeJira) =>
    jira.requests
      .filter((r) => r.path.endsWith('/permissionscheme'))
      .map((r) => r.path.split('/')[5]);

  it("reads each project's scheme, each scheme's grants once, and keeps a refusal per project", async () => {
    const jira = new FakeJira().otherwise((req) => {
      if (req.path === '/rest/api/3/project/GONE/permissionscheme')
        return answer(404, { errorMessages: ['No project'] });
      if (req.path.endsWith('/permissionscheme')) return answer(200, { id: 10000, name: 'JSM' });
      return answer(200, { permissions: [] });
    });
    const { facts } = await compute(
      jira,
      [covered('HR'), covered('IT'), covered('GONE')],
      noneKept(),
      { now: NOW(), elapsedMs: Infinity },
    );
    expect([...facts.schemeOf]).toEqual([
      ['HR', '10000'],
      ['IT', '10000'],
    ]);
    expect(facts.unread).toEqual([{ key: 'GONE', why: expect.stringContaining('404') }]);
    expect(jira.requests.filter((r) => r.path.endsWith('/permission')).length).toBe(1);
  });

  it('fails the read when Jira refuses every project', async () => {
    const refused = new FakeJira().otherwise(() => answer(403, { errorMessages: ['scope'] }));
    await expect(
      compute(refused, [covered('HR')], noneKept(), { now: NOW(), elapsedMs: Infinity }),
    ).rejects.toThrow(/403/);
  });

  it('reads again only the projects the audit log names, and keeps the grants read', async () => {
    const projects = ['A', 'B', 'C', 'D'].map(covered);
    const first = await compute(site(), projects, noneKept(), { now: NOW(), elapsedMs: Infinity });
    const jira = site();
    const second = await compute(jira, projects, first.kept, {
      now: NOW() + 60_000,
      elapsedMs: 60_000,
      named: new Set(['C']),
    });
    expect(lookups(jira)).toEqual(['C']);
    expect(jira.requests.filter((r) => r.path.endsWith('/permission'))).toEqual([]);
    expect([...second.facts.schemeOf.keys()]).toEqual(['A', 'B', 'C', 'D']);
    expect(second.facts.reads).toMatchObject({
      named: 1,
      rotation: 0,
      oldest: new Date(NOW()).toISOString(),
    });
  });

  it('checks all of 1,600 covered projects, and re-reads each within the rotation, a share at a time', async () => {
    const projects = Array.from({ length: 1600 }, (_, i) => covered(`P${i}`));
    const first = await compute(site(), projects, noneKept(), { now: NOW(), elapsedMs: Infinity });
    expect(first.facts.schemeOf.size).toBe(1600);
    expect(first.facts.unread).toEqual([]);

    const sixHours = 6 * 3_600_000;
    const lastRead = new Map(projects.map((p) => [p.key, NOW()]));
    let kept = first.kept;
    let most = 0;
    for (
      let t = NOW() + sixHours;
      t <= NOW() + SCHEME_ROTATION_DAYS * 24 * 3_600_000;
      t += sixHours
    ) {
      const jira = site();
      kept = (await compute(jira, projects, kept, { now: t, elapsedMs: sixHours })).kept;
      for (const key of lookups(jira)) {
        // No project waits longer than the stated period between two reads.
        expect(t - lastRead.get(key)!).toBeLessThanOrEqual(SCHEME_ROTATION_DAYS * 24 * 3_600_000);
        lastRead.set(key, t);
      }
      most = Math.max(most, lookups(jira).length);
    }
    // Every project was read again within the period, never more than a few at once.
    expect([...lastRead.values()].filter((t) => t === NOW())).toEqual([]);
    expect(most).toBeLessThanOrEqual(Math.ceil((1600 * 6) / (SCHEME_ROTATION_DAYS * 24)) * 2);
  });
});

describe('members of customer and agent groups', () => {
  const member = (i: number) => ({ accountId: `u${i}`, displayName: `U${i}`, active: true });

  it('reads the agent side first and no customer group when it has no one', async () => {
    const jira = new FakeJira().then(answer(200, page([], 0, true, 0)));
    const o = await readAgentOverlap(
      fakeClient(jira).client,
      { customerGroupIds: ['c'], accessGroupIds: ['a'] },
      'fp',
      NOW,
    );
    expect(o).toMatchObject({ total: 0, membersRead: 0, complete: true, calls: 1 });
    expect(jira.requests.map((r) => r.query.get('groupId'))).toEqual(['a']);
  });

  it('pages through members and stops at the page budget, saying so', async () => {
    const jira = new FakeJira().otherwise((req) => {
      const at = Number(req.query.get('startAt'));
      return answer(200, page([member(at), member(at + 1)], at, false, 10_000));
    });
    const o = await readAgentOverlap(
      fakeClient(jira).client,
      { customerGroupIds: ['c'], accessGroupIds: ['a'] },
      'fp',
      NOW,
    );
    expect(jira.requests.length).toBe(HEALTH_BUDGET.memberPages);
    expect(o).toMatchObject({ complete: false, membersRead: 2 * HEALTH_BUDGET.memberPages });
  });
});

/**
 * A site of groups for the overlap read: member pages (active members unless asked) and a person's
 * groups, each request's points as Jira counts them (1, and 2 a member or group answered).
 */
function groupSite(
  groups: Record<string, { accountId: string; active?: boolean }[]>,
  opts: { refuseLookups?: boolean } = {},
) {
  let points = 0;
  const jira = new FakeJira().otherwise((req) => {
    if (req.path === '/rest/api/3/group/member') {
      // Deactivated members are listed, flagged, so that the read is seen to leave them out.
      const all = groups[req.query.get('groupId')!] ?? [];
      const at = Number(req.query.get('startAt'));
      const size = Number(req.query.get('maxResults'));
      const values = all.slice(at, at + size).map((m) => ({
        accountId: m.accountId,
        displayName: `Name ${m.accountId}`,
        active: m.active !== false,
      }));
      points += 1 + 2 * values.length;
      return answer(200, page(values, at, at + size >= all.length, all.length));
    }
    if (req.path === '/rest/api/3/user/groups') {
      if (opts.refuseLookups) {
        points += 1;
        return answer(403, { errorMessages: ['Browse users and groups permission is needed.'] });
      }
      const id = req.query.get('accountId');
      const mine = Object.keys(groups).filter((g) => groups[g].some((m) => m.accountId === id));
      points += 1 + 2 * mine.length;
      return answer(
        200,
        mine.map((groupId) => ({ groupId, name: `Group ${groupId}` })),
      );
    }
    throw new Error(`unexpected ${req.path}`);
  });
  return { jira, points: () => points };
}

const people = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ accountId: `${prefix}${i}` }));
/** Active members of each group, as the overlap read's one-call counts give them. */
const countsOf = (groups: Record<string, { accountId: string; active?: boolean }[]>) =>
  Object.fromEntries(
    Object.entries(groups).map(([id, ms]) => [id, ms.filter((m) => m.active !== false).length]),
  );

describe("the overlap found from each agent's groups", () => {
  it('two customer groups of 2,000 and 3 agents: the agents are looked up, not the 4,000 customers', async () => {
    const groups = {
      a: [{ accountId: 'ag1' }, { accountId: 'ag2' }, { accountId: 'c17' }],
      c1: people('c', 2000),
      c2: people('d', 2000),
    };
    const site = groupSite(groups);
    const o = await readAgentOverlap(
      fakeClient(site.jira).client,
      { customerGroupIds: ['c1', 'c2'], accessGroupIds: ['a'], counts: countsOf(groups) },
      'fp',
      NOW,
    );
    expect(o).toMatchObject({
      total: 1,
      people: [
        {
          accountId: 'c17',
          displayName: 'Name c17',
          customerGroupIds: ['c1'],
          accessGroupIds: ['a'],
        },
      ],
      membersRead: 3,
      complete: true,
      agentsLookedUp: 3,
    });
    // One page of the agents' group, one lookup per agent: no page of either customer group.
    expect(
      site.jira.requests.map((r) => [r.path, r.query.get('groupId') ?? r.query.get('accountId')]),
    ).toEqual([
      ['/rest/api/3/group/member', 'a'],
      ['/rest/api/3/user/groups', 'ag1'],
      ['/rest/api/3/user/groups', 'ag2'],
      ['/rest/api/3/user/groups', 'c17'],
    ]);
    // 7 for the page of 3, 3 + 3 + 5 for the lookups: against 8,080 to read the customers.
    expect(site.points()).toBe(18);
    expect(o.calls).toBe(4);
  });

  it('many agents and a tiny customer group: the customer group is read, as cheap as that alone', async () => {
    const groups = { a: people('ag', 120), c: [{ accountId: 'ag7' }, { accountId: 'x' }] };
    const site = groupSite(groups);
    const o = await readAgentOverlap(
      fakeClient(site.jira).client,
      { customerGroupIds: ['c'], accessGroupIds: ['a'], counts: countsOf(groups) },
      'fp',
      NOW,
    );
    expect(o).toMatchObject({ total: 1, people: [{ accountId: 'ag7' }], membersRead: 122 });
    expect(o.agentsLookedUp).toBeUndefined();
    expect(site.jira.requests.some((r) => r.path === '/rest/api/3/user/groups')).toBe(false);
    // The agents' 3 pages (120 members) and the customer group's one page of 2: nothing more.
    expect(site.points()).toBe(3 + 2 * 120 + 1 + 2 * 2);
  });

  it('stops looking agents up once they project past the full read, which it then makes', async () => {
    // 12 agents in 6 groups each (13 points a lookup), customers in a group of 30 (61 points).
    const extra = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [`x${i}`, people('ag', 12)]),
    );
    const groups = { a: people('ag', 12), ...extra, c: [...people('c', 29), { accountId: 'ag3' }] };
    const site = groupSite(groups);
    const o = await readAgentOverlap(
      fakeClient(site.jira).client,
      { customerGroupIds: ['c'], accessGroupIds: ['a'], counts: countsOf(groups) },
      'fp',
      NOW,
    );
    expect(o).toMatchObject({ total: 1, people: [{ accountId: 'ag3' }] });
    expect(o.agentsLookedUp).toBeUndefined();
    const lookups = site.jira.requests.filter((r) => r.path === '/rest/api/3/user/groups');
    // One batch, then the projection (12 x 13) passes the full read's 61 points.
    expect(lookups.length).toBe(4);
    const agentsPage = 1 + 2 * 12;
    const fullRead = 1 + 2 * 30;
    // What the lookups cost before giving up stays within the full read's cost again.
    expect(site.points() - agentsPage - fullRead).toBeLessThanOrEqual(fullRead);
  });

  it('a deactivated agent is neither looked up nor counted', async () => {
    const groups = {
      a: [{ accountId: 'ag1' }, { accountId: 'gone', active: false }],
      c1: [...people('c', 2000), { accountId: 'gone', active: false }],
    };
    const site = groupSite(groups);
    const o = await readAgentOverlap(
      fakeClient(site.jira).client,
      { customerGroupIds: ['c1'], accessGroupIds: ['a'], counts: countsOf(groups) },
      'fp',
      NOW,
    );
    expect(o).toMatchObject({ total: 0, people: [], agentsLookedUp: 1 });
    expect(site.jira.requests.map((r) => r.query.get('accountId')).filter(Boolean)).toEqual([
      'ag1',
    ]);
  });

  it("reads the customer groups when Jira will not tell a person's groups", async () => {
    const groups = { a: [{ accountId: 'ag1' }], c: [{ accountId: 'ag1' }, { accountId: 'x' }] };
    const site = groupSite(groups, { refuseLookups: true });
    const o = await readAgentOverlap(
      fakeClient(site.jira).client,
      { customerGroupIds: ['c'], accessGroupIds: ['a'], counts: { a: 1, c: 300 } },
      'fp',
      NOW,
    );
    expect(o).toMatchObject({ total: 1, people: [{ accountId: 'ag1' }], complete: true });
    expect(o.agentsLookedUp).toBeUndefined();
    expect(site.jira.requests.map((r) => r.path)).toEqual([
      '/rest/api/3/group/member',
      '/rest/api/3/user/groups',
      '/rest/api/3/group/member',
    ]);
  });
});

describe('accounts created lately', () => {
  it("reads the audit log's user creations of the last 30 days and who of them has JSM", async () => {
    const jira = new FakeJira()
      .then(
        answer(200, {
          total: 3,
          records: [
            { summary: 'User created', objectItem: { id: 'n1', typeName: 'USER' } },
            { summary: 'User created', objectItem: { id: 'n2', typeName: 'USER' } },
            { summary: 'User created', objectItem: { id: 'n1', typeName: 'USER' } },
          ],
        }),
      )
      .otherwise((req) =>
        answer(200, {
          accountId: req.query.get('accountId'),
          displayName: 'Nina',
          applicationRoles: {
            items: req.query.get('accountId') === 'n1' ? [{ key: 'jira-servicedesk' }] : [],
          },
        }),
      );
    const r = await readRecentAccounts(fakeClient(jira).client, NOW);
    expect(r).toEqual({
      days: 30,
      created: 2,
      checked: 2,
      withServiceDesk: [{ accountId: 'n1', displayName: 'Nina' }],
    });
    expect(Object.fromEntries(jira.requests[0].query)).toMatchObject({
      filter: 'User created',
      from: '2026-03-01T12:00:00.000Z',
    });
    expect(jira.requests[1].query.get('expand')).toBe('applicationRoles');
  });
});
