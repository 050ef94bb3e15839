// The health reads against a scripted Jira: what they ask, how they map answers, and how they
// keep within their budgets and keep a refusal per project instead of failing the whole read.
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
  it("reads each project's scheme, each scheme's grants once, and keeps a refusal per project", async () => {
    const jira = new FakeJira().otherwise((req) => {
      if (req.path === '/rest/api/3/project/GONE/permissionscheme')
        return answer(404, { errorMessages: ['No project'] });
      if (req.path.endsWith('/permissionscheme')) return answer(200, { id: 10000, name: 'JSM' });
      return answer(200, { permissions: [] });
    });
    const facts = await readSchemes(fakeClient(jira).client, [
      covered('HR'),
      covered('IT'),
      covered('GONE'),
    ]);
    expect([...facts.schemeOf]).toEqual([
      ['HR', '10000'],
      ['IT', '10000'],
    ]);
    expect(facts.unread).toEqual([{ key: 'GONE', why: expect.stringContaining('404') }]);
    expect(jira.requests.filter((r) => r.path.endsWith('/permission')).length).toBe(1);
  });

  it('fails the read when Jira refuses every project, and stops at the budget', async () => {
    const refused = new FakeJira().otherwise(() => answer(403, { errorMessages: ['scope'] }));
    await expect(readSchemes(fakeClient(refused).client, [covered('HR')])).rejects.toThrow(/403/);

    const many = Array.from({ length: HEALTH_BUDGET.schemeReads + 3 }, (_, i) => covered(`P${i}`));
    const jira = new FakeJira().otherwise((req) =>
      req.path.endsWith('/permissionscheme')
        ? answer(200, { id: 1, name: 'S' })
        : answer(200, { permissions: [] }),
    );
    const facts = await readSchemes(fakeClient(jira).client, many);
    expect(facts.skipped).toBe(3);
    expect(jira.requests.length).toBe(HEALTH_BUDGET.schemeReads + 1);
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
