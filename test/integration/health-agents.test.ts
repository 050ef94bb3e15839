// Health check 1 on a site whose customer groups are large and whose agents are few: who takes an
// agent seat is found from each agent's groups, for a few points, instead of from the customer
// groups' 4,000 members; a deactivated agent is neither looked up nor counted.
import { scimRequest } from './site-changes';
import { DEMO, demoRule, type Stack, startStack } from './stack';

jest.setTimeout(60_000);

const SERVICEDESK_USERS = DEMO.groups.servicedeskUsers.groupId;

let stack: Stack;
afterEach(() => stack?.close());

async function groupId(name: string): Promise<string> {
  const res = await stack.jira(
    'GET',
    `/rest/api/3/groups/picker?query=${encodeURIComponent(name)}`,
  );
  return res.body.groups.find((g: { name: string }) => g.name === name).groupId;
}

async function firstMember(group: string): Promise<{ accountId: string; displayName: string }> {
  const res = await stack.jira('GET', `/rest/api/3/group/member?groupId=${group}&maxResults=1`);
  return res.body.values[0];
}

test('1: two customer groups of 2,000 and 3 agents: the agent among the customers is found for a few points', async () => {
  stack = await startStack({
    seed: { seed: 'generated', projects: 3, groups: 0, users: 0, orgMembers: 2000 },
  });
  const [a, b] = [await groupId('Org Members A'), await groupId('Org Members B')];
  await stack.admin('saveRule', { rule: demoRule({ groupIds: [a, b] }) });
  // Agents: Ada Admin and Arno Agent (the seed's), and a customer of A given agent access.
  const both = await firstMember(a);
  expect(
    (
      await stack.jira('POST', `/rest/api/3/group/user?groupId=${SERVICEDESK_USERS}`, {
        accountId: both.accountId,
      })
    ).status,
  ).toBe(201);
  // A customer of B given agent access, then deprovisioned: not an agent any more.
  const gone = await firstMember(b);
  await stack.jira('POST', `/rest/api/3/group/user?groupId=${SERVICEDESK_USERS}`, {
    accountId: gone.accountId,
  });
  await scimRequest(stack, 'DELETE', `/Users/${gone.accountId}`);

  await stack.control('DELETE', 'requests');
  await stack.admin('checkHealth', {});
  await stack.host.waitForIdle();
  const seats = (await stack.admin('getHealth', {})).checks.find(
    (c: any) => c.id === 'agent-seats',
  );
  expect(seats.status).toBe('fail');
  expect(seats.affected).toMatchObject({ noun: 'people', total: 1 });
  expect(seats.affected.items).toEqual([
    expect.objectContaining({
      id: both.accountId,
      label: both.displayName,
      note: 'customer through Org Members A; agent access through jira-servicedesk-users',
    }),
  ]);
  expect(seats.detail).toContain('then the groups of 3 agents instead of the customer groups');

  const made: { path: string; query: string; points: number }[] = (
    await stack.control('GET', 'requests')
  ).requests;
  const lookups = made.filter((r) => r.path === '/rest/api/3/user/groups');
  expect(lookups.map((r) => new URLSearchParams(r.query).get('accountId')).sort()).toEqual(
    [DEMO.users.admin.accountId, DEMO.users.agent.accountId, both.accountId].sort(),
  );
  const memberPages = made.filter(
    (r) => r.path === '/rest/api/3/group/member' && !/maxResults=1&/.test(r.query),
  );
  // The agents' group is read; neither customer group is.
  expect(memberPages.map((r) => new URLSearchParams(r.query).get('groupId'))).toEqual([
    SERVICEDESK_USERS,
  ]);
  // Reading the two customer groups would cost 2 x (40 pages + 2 x 2,000) = 8,080 points.
  const points = [...lookups, ...memberPages].reduce((n, r) => n + r.points, 0);
  expect(points).toBeLessThan(40);
});
