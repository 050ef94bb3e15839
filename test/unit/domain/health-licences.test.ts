// Checks 1, 5 and 10, pure: the agent overlap, seats, default access and accounts created lately.
import fc from 'fast-check';

import type { GroupMember } from '../../../src/domain/health-licences';
import {
  agentOverlap,
  agentSeatsCheck,
  agentsGroupCheck,
  defaultAccessCheck,
  keepLookingUp,
  lookupPoints,
  memberReadPoints,
  overlapFingerprint,
} from '../../../src/domain/health-licences';
import type {
  AgentOverlap,
  ApplicationRole,
  Read,
  RecentAccounts,
} from '../../../src/domain/health-schemas';

const ok = <T>(value: T, calls = 1): Read<T> => ({ ok: true, value, calls });
const refused = (why = 'Could not read product access (Jira answered 403).'): Read<never> => ({
  ok: false,
  why,
  calls: 1,
});

const sd = (over: Partial<ApplicationRole> = {}): ApplicationRole => ({
  key: 'jira-servicedesk',
  name: 'Jira Service Management',
  groupIds: ['agents'],
  defaultGroupIds: ['agents'],
  selectedByDefault: false,
  groupNames: { agents: 'jira-servicedesk-users' },
  userCount: 3,
  numberOfSeats: 10,
  remainingSeats: 7,
  ...over,
});
const names: Record<string, string> = {
  agents: 'jira-servicedesk-users',
  contoso: 'Contoso Customers',
  fabrikam: 'Fabrikam Customers',
};
const base = {
  customerGroupIds: ['contoso', 'fabrikam'],
  name: (id: string) => names[id] ?? id,
};
const member = (accountId: string, active = true): GroupMember => ({
  accountId,
  displayName: `Person ${accountId}`,
  active,
});
const overlap = (over: Partial<AgentOverlap> = {}): AgentOverlap => ({
  fingerprint: 'f',
  readAt: '2026-03-04T09:15:00.000Z',
  people: [],
  total: 0,
  membersRead: 12,
  complete: true,
  calls: 3,
  ...over,
});

describe('agentOverlap', () => {
  it('finds active customers who are also in an agent-access group, once each, by name', () => {
    const found = agentOverlap(
      [{ groupId: 'agents', members: [member('b'), member('a'), member('gone', false)] }],
      [
        { groupId: 'contoso', members: [member('a'), member('c'), member('gone', false)] },
        { groupId: 'fabrikam', members: [member('a'), member('b')] },
      ],
    );
    expect(found.total).toBe(2);
    expect(found.people).toEqual([
      {
        accountId: 'a',
        displayName: 'Person a',
        customerGroupIds: ['contoso', 'fabrikam'],
        accessGroupIds: ['agents'],
      },
      {
        accountId: 'b',
        displayName: 'Person b',
        customerGroupIds: ['fabrikam'],
        accessGroupIds: ['agents'],
      },
    ]);
  });

  it('counts exactly the active people in both sides, and lists at most 50', () => {
    const ids = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 120 });
    fc.assert(
      fc.property(ids, ids, (agents, customers) => {
        const found = agentOverlap(
          [{ groupId: 'agents', members: agents.map((i) => member(`u${i}`, i % 7 !== 0)) }],
          [{ groupId: 'contoso', members: customers.map((i) => member(`u${i}`, i % 7 !== 0)) }],
        );
        const both = agents.filter((i) => customers.includes(i) && i % 7 !== 0);
        expect(found.total).toBe(both.length);
        expect(found.people.length).toBe(Math.min(50, both.length));
      }),
    );
  });

  it('has a fingerprint that ignores order but not membership of the sides', () => {
    expect(overlapFingerprint(['b', 'a'], ['x'])).toBe(overlapFingerprint(['a', 'b'], ['x']));
    expect(overlapFingerprint(['a'], ['x', 'y'])).not.toBe(overlapFingerprint(['a'], ['x']));
    expect(overlapFingerprint(['a', 'x'], [])).not.toBe(overlapFingerprint(['a'], ['x']));
  });
});

describe('what reading the customer groups costs, against looking each agent up', () => {
  it('prices a full read by pages of 50 and members: two groups of 2,000 cost 8,080 points', () => {
    expect(memberReadPoints([2000, 2000], 50)).toBe(2 * (40 + 4000));
    // An empty group still costs its one page.
    expect(memberReadPoints([0, 1], 50)).toBe(1 + 3);
  });

  it('looks agents up while their cost so far, projected over all of them, stays under it', () => {
    // Before any answer, each agent is taken at one group (3 points).
    expect(keepLookingUp(0, 0, 3, 8080)).toBe(true);
    expect(keepLookingUp(0, 0, 3000, 8080)).toBe(false);
    // 4 looked up at 13 points each project 12 agents to 156: past a full read of 61.
    expect(keepLookingUp(52, 4, 12, 61)).toBe(false);
    expect(keepLookingUp(52, 4, 12, 157)).toBe(true);
    expect(lookupPoints(6)).toBe(13);
  });
});

describe('check 1: agent seats', () => {
  it('passes with the seat figures and when members were read', () => {
    const c = agentSeatsCheck({ ...base, appRoles: ok([sd()]), overlap: ok(overlap(), 0) });
    expect(c).toMatchObject({ id: 'agent-seats', number: 1, status: 'pass' });
    expect(c.detail).toContain('3 of 10 agent seats used, 7 left.');
    expect(c.detail).toContain('Members were read 2026-03-04 09:15 UTC (12 members)');
    expect(c.cost).toEqual({
      calls: 1,
      reads: ['product access', 'members of customer and agent groups'],
    });
  });

  it("says when the agents' groups were looked up instead of reading the customer groups", () => {
    const c = agentSeatsCheck({
      ...base,
      appRoles: ok([sd()]),
      overlap: ok(overlap({ membersRead: 4, agentsLookedUp: 3 }), 0),
    });
    expect(c.status).toBe('pass');
    expect(c.detail).toContain(
      'Members were read 2026-03-04 09:15 UTC (4 members of the agent groups, then the groups ' +
        "of 3 agents instead of the customer groups' members)",
    );
    expect(c.words?.detail).toContainEqual({
      code: 'membersReadByAgent',
      values: { at: '2026-03-04T09:15:00.000Z', membersRead: 4, count: 3 },
    });
  });

  it('fails for a customer group in the product role, listing the group', () => {
    const c = agentSeatsCheck({ ...base, appRoles: ok([sd({ groupIds: ['agents', 'contoso'] })]) });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('Contoso Customers is in the Jira Service Management product role');
    expect(c.affected).toMatchObject({ noun: 'groups', items: [{ id: 'contoso' }] });
  });

  it('fails for people who hold agent access through another group, naming both groups', () => {
    const people = [
      {
        accountId: 'a',
        displayName: 'Ann',
        customerGroupIds: ['contoso'],
        accessGroupIds: ['agents'],
      },
    ];
    const c = agentSeatsCheck({
      ...base,
      appRoles: ok([sd()]),
      overlap: ok(overlap({ people, total: 1 })),
    });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('1 person in customer groups also has agent access');
    expect(c.affected?.items).toEqual([
      {
        id: 'a',
        label: 'Ann',
        note: 'customer through Contoso Customers; agent access through jira-servicedesk-users',
        sentence: {
          code: 'customerAndAgentThrough',
          lists: {
            customer: { items: ['Contoso Customers'], max: 5 },
            access: { items: ['jira-servicedesk-users'], max: 5 },
          },
        },
      },
    ]);
    expect(c.action).toMatch(/product role/);
  });

  it('warns when the read budget ran out before anyone was found', () => {
    const c = agentSeatsCheck({
      ...base,
      appRoles: ok([sd()]),
      overlap: ok(overlap({ complete: false })),
    });
    expect(c.status).toBe('warn');
    expect(c.detail).toContain('stopped at the read budget');
  });

  it('could not check when Jira refuses product access or the members', () => {
    expect(agentSeatsCheck({ ...base, appRoles: refused() })).toMatchObject({
      status: 'unknown',
      detail: 'Could not check: Could not read product access (Jira answered 403).',
    });
    const members = agentSeatsCheck({
      ...base,
      appRoles: ok([sd()]),
      overlap: refused('Could not list the members of group agents (Jira answered 403).'),
    });
    expect(members.status).toBe('unknown');
    expect(members.detail).toContain('Members could not be read: Could not list the members');
  });

  it('fails when Jira Service Management is not on the site, and says unlimited seats', () => {
    expect(agentSeatsCheck({ ...base, appRoles: ok([]) }).status).toBe('fail');
    const c = agentSeatsCheck({ ...base, appRoles: ok([sd({ hasUnlimitedSeats: true })]) });
    expect(c.detail).toContain('3 agents (unlimited seats)');
  });
});

describe('check 5: default access', () => {
  const recent = (over: Partial<RecentAccounts> = {}): Read<RecentAccounts> =>
    ok({ days: 30, created: 0, checked: 0, withServiceDesk: [], ...over });

  it('passes when new users get nothing by default, saying how many accounts were created', () => {
    const c = defaultAccessCheck({
      ...base,
      appRoles: ok([sd()]),
      recent: recent({ created: 4, checked: 4 }),
    });
    expect(c).toMatchObject({ number: 5, status: 'pass' });
    expect(c.detail).toContain('In the last 30 days Jira created 4 accounts; 0 have Jira Service');
  });

  it('fails when new users get it by default, listing the accounts that did', () => {
    const c = defaultAccessCheck({
      ...base,
      appRoles: ok([sd({ selectedByDefault: true })]),
      recent: recent({
        created: 80,
        checked: 50,
        withServiceDesk: [{ accountId: 'n', displayName: 'Nina' }],
      }),
    });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('80 accounts; 1 (of the 50 newest looked up) has');
    expect(c.affected?.items).toEqual([{ id: 'n', label: 'Nina' }]);
  });

  it('fails for a customer group among the default groups', () => {
    const c = defaultAccessCheck({
      ...base,
      appRoles: ok([sd({ defaultGroupIds: ['agents', 'fabrikam'] })]),
      recent: recent(),
    });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('Default group Fabrikam Customers is a customer group.');
  });

  it('still judges the setting when the audit log is refused, and says what it cannot tell', () => {
    const c = defaultAccessCheck({
      ...base,
      appRoles: ok([sd()]),
      recent: refused('no audit log'),
    });
    expect(c.status).toBe('pass');
    expect(c.detail).toContain("Jira's audit log could not be read");
    expect(defaultAccessCheck({ ...base, appRoles: refused(), recent: recent() }).status).toBe(
      'unknown',
    );
  });
});

describe('check 10: agents group', () => {
  it('warns when only customer groups grant agent access', () => {
    expect(agentsGroupCheck({ ...base, appRoles: ok([sd()]) }).status).toBe('pass');
    expect(
      agentsGroupCheck({ ...base, appRoles: ok([sd({ groupIds: ['contoso'] })]) }),
    ).toMatchObject({
      number: 10,
      status: 'warn',
    });
  });
});
