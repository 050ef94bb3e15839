// The typed calls: what they send (asserted on the recorded requests) and how they map answers.
import { listApplicationRoles } from '../../../src/jira/application-roles';
import { JiraError } from '../../../src/jira/errors';
import { findGroups, getGroupsByIds, GROUP_IDS_PER_CALL } from '../../../src/jira/groups';
import { canAdministerProject, isJiraAdmin } from '../../../src/jira/permissions';
import {
  getProject,
  listServiceProjectsPage,
  searchProjectsPage,
} from '../../../src/jira/projects';
import {
  addGroupsToProjectRole,
  getProjectRoleActors,
  listGlobalRoles,
  listProjectRoleDetails,
  removeGroupFromProjectRole,
} from '../../../src/jira/roles';
import { getUserGroupIds } from '../../../src/jira/user-groups';
import { answer, fakeClient, FakeJira, page } from './fake-jira';

const jiraProject = (key: string, extra: Record<string, unknown> = {}) => ({
  id: String(10000 + key.length),
  key,
  name: `${key} desk`,
  projectTypeKey: 'service_desk',
  style: 'classic',
  simplified: false,
  ...extra,
});

describe('projects', () => {
  it('lists service projects a page at a time, mapping style, type and category', async () => {
    const jira = new FakeJira().then(
      answer(
        200,
        page(
          [
            jiraProject('HR', { projectCategory: { id: '10000', name: 'People' } }),
            jiraProject('ITHELP'),
          ],
          0,
          false,
          3,
        ),
      ),
      answer(200, page([jiraProject('TEAM', { style: 'next-gen', simplified: true })], 2, true, 3)),
    );
    const { client } = fakeClient(jira);
    const first = await listServiceProjectsPage(client, { startAt: 0, maxResults: 2 });
    expect(first).toMatchObject({ isLast: false, total: 3 });
    const second = await listServiceProjectsPage(client, { startAt: 2, maxResults: 2 });
    expect(second).toMatchObject({ isLast: true });
    expect([first.projects, second.projects]).toEqual([
      [
        {
          id: '10002',
          key: 'HR',
          name: 'HR desk',
          typeKey: 'service_desk',
          style: 'classic',
          categoryId: '10000',
        },
        {
          id: '10006',
          key: 'ITHELP',
          name: 'ITHELP desk',
          typeKey: 'service_desk',
          style: 'classic',
        },
      ],
      [{ id: '10004', key: 'TEAM', name: 'TEAM desk', typeKey: 'service_desk', style: 'next-gen' }],
    ]);
    expect(
      jira.requests.map((r) => [
        r.method,
        r.path,
        r.query.get('typeKey'),
        r.query.get('startAt'),
        r.query.get('maxResults'),
      ]),
    ).toEqual([
      ['GET', '/rest/api/3/project/search', 'service_desk', '0', '2'],
      ['GET', '/rest/api/3/project/search', 'service_desk', '2', '2'],
    ]);
  });

  it('lists every project type when asked for none, and says a capped page is not the last', async () => {
    const jira = new FakeJira().then(
      answer(200, { startAt: 0, maxResults: 1, isLast: false, values: [jiraProject('A')] }),
    );
    const { client } = fakeClient(jira);
    const first = await searchProjectsPage(client, { startAt: 0, maxResults: 100 });
    expect(first).toMatchObject({ isLast: false, projects: [{ key: 'A' }] });
    expect(jira.requests[0].query.has('typeKey')).toBe(false);
  });

  it('asks at most 100 a page', async () => {
    const jira = new FakeJira().then(answer(200, page([], 0, true)));
    const { client } = fakeClient(jira);
    await searchProjectsPage(client, { startAt: 0, maxResults: 500, typeKey: 'service_desk' });
    expect(jira.requests[0].query.get('maxResults')).toBe('100');
  });

  it('reads one page for the queue, with isLast', async () => {
    const jira = new FakeJira().then(answer(200, page([jiraProject('HR')], 100, false, 250)));
    const { client } = fakeClient(jira);
    await expect(
      listServiceProjectsPage(client, { startAt: 100, maxResults: 100 }),
    ).resolves.toMatchObject({
      startAt: 100,
      isLast: false,
      total: 250,
      projects: [{ key: 'HR' }],
    });
    expect(jira.requests[0].query.get('startAt')).toBe('100');
  });

  it('getProject maps the project, and answers null on 404', async () => {
    const jira = new FakeJira().then(
      answer(200, jiraProject('ITHELP')),
      answer(404, { errorMessages: ["No project could be found with key 'GONE'."] }),
    );
    const { client } = fakeClient(jira);
    await expect(getProject(client, 'ITHELP')).resolves.toMatchObject({
      key: 'ITHELP',
      style: 'classic',
    });
    await expect(getProject(client, 'GONE')).resolves.toBeNull();
    expect(jira.requests.map((r) => r.path)).toEqual([
      '/rest/api/3/project/ITHELP',
      '/rest/api/3/project/GONE',
    ]);
  });

  it('a surprise shape fails with a message naming the call', async () => {
    const jira = new FakeJira().then(answer(200, { values: [{ id: 1, key: 'X' }], isLast: true }));
    const { client } = fakeClient(jira);
    const err = await listServiceProjectsPage(client, { startAt: 0, maxResults: 100 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JiraError);
    expect((err as Error).message).toMatch(
      /^Could not list service projects \(Jira's answer is not in the expected shape: values\.0\.id/,
    );
  });
});

describe('roles', () => {
  it("lists the global roles, leaving out team-managed projects' own roles", async () => {
    const jira = new FakeJira().then(
      answer(200, [
        { id: 10101, name: 'Service Desk Customers', scope: { type: 'GLOBAL' } },
        { id: 10002, name: 'Administrators' },
        {
          id: 10500,
          name: 'Service Desk Customers',
          scope: { type: 'PROJECT', project: { id: '10040' } },
        },
      ]),
    );
    const { client } = fakeClient(jira);
    const roles = await listGlobalRoles(client);
    expect(roles).toEqual([
      { id: '10101', name: 'Service Desk Customers' },
      { id: '10002', name: 'Administrators' },
    ]);
  });

  it('reads role actors by groupId, with names, and null when the role is not in the project', async () => {
    const jira = new FakeJira().then(
      answer(200, {
        id: 10101,
        name: 'Service Desk Customers',
        actors: [
          {
            id: 1,
            type: 'atlassian-group-role-actor',
            displayName: 'customers-emea',
            actorGroup: {
              groupId: 'g-emea',
              name: 'customers-emea',
              displayName: 'customers-emea',
            },
          },
          {
            id: 2,
            type: 'atlassian-user-role-actor',
            displayName: 'Mia',
            actorUser: { accountId: 'acc-1' },
          },
          {
            id: 3,
            type: 'atlassian-group-role-actor',
            displayName: 'legacy',
            actorGroup: { name: 'legacy' },
          },
        ],
      }),
      answer(404, { errorMessages: ['Role not found'] }),
    );
    const { client } = fakeClient(jira);
    const actors = await getProjectRoleActors(client, 'ITHELP', '10101');
    expect(actors).toEqual({
      groupIds: ['g-emea'],
      groupNames: new Map([['g-emea', 'customers-emea']]),
      userAccountIds: ['acc-1'],
      role: { id: '10101', name: 'Service Desk Customers' },
    });
    await expect(getProjectRoleActors(client, 'ITHELP', '99999')).resolves.toBeNull();
    expect(jira.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /rest/api/3/project/ITHELP/role/10101',
      'GET /rest/api/3/project/ITHELP/role/99999',
    ]);
  });

  it("lists a project's roles with their scope (roledetails), and null when it is not found", async () => {
    const mine = { type: 'PROJECT', project: { id: '10004', key: 'MKT' } };
    const jira = new FakeJira().then(
      answer(200, [
        { id: 10201, name: 'Administrator', scope: mine, roleConfigurable: true },
        { id: 10204, name: 'Service Desk Customers', scope: mine, roleConfigurable: false },
      ]),
      answer(404, { errorMessages: ['No project could be found with key NOPE.'] }),
    );
    const { client } = fakeClient(jira);
    expect(await listProjectRoleDetails(client, 'MKT')).toEqual([
      { id: '10201', name: 'Administrator', scopeType: 'PROJECT', scopeProjectId: '10004' },
      {
        id: '10204',
        name: 'Service Desk Customers',
        scopeType: 'PROJECT',
        scopeProjectId: '10004',
      },
    ]);
    await expect(listProjectRoleDetails(client, 'NOPE')).resolves.toBeNull();
    expect(jira.requests[0].path).toBe('/rest/api/3/project/MKT/roledetails');
    expect(jira.requests[0].query.get('excludeConnectAddons')).toBe('true');
  });

  it('adds several groups in ONE POST', async () => {
    const jira = new FakeJira().then(answer(200, { id: 10101, actors: [] }));
    const { client } = fakeClient(jira);
    await addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1', 'g2', 'g3', 'g2']);
    expect(jira.requests).toHaveLength(1);
    expect(jira.requests[0]).toMatchObject({
      method: 'POST',
      path: '/rest/api/3/project/ITHELP/role/10101',
      body: { groupId: ['g1', 'g2', 'g3'] },
    });
  });

  it('sends nothing to add no groups', async () => {
    const jira = new FakeJira();
    const { client } = fakeClient(jira);
    await addGroupsToProjectRole(client, 'ITHELP', '10101', []);
    expect(jira.requests).toHaveLength(0);
  });

  it('an add that fails names the project, role and groups, and what to do', async () => {
    const jira = new FakeJira().then(answer(403, { errorMessages: ['Forbidden'] }));
    const { client } = fakeClient(jira);
    const err = (await addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1', 'g2']).catch(
      (e: unknown) => e,
    )) as JiraError;
    expect(err.call).toBe('add groups g1, g2 to role 10101 of project ITHELP');
    expect(err.status).toBe(403);
    expect(err.hint).toMatch(/lacks permission/);
  });

  it('removes one group with DELETE ?groupId=, and treats 404 as already gone', async () => {
    const jira = new FakeJira().then(
      answer(204),
      answer(404, { errorMessages: ['not a member'] }),
      answer(403, {}),
    );
    const { client } = fakeClient(jira);
    await expect(removeGroupFromProjectRole(client, 'ITHELP', '10101', 'g-emea')).resolves.toBe(
      true,
    );
    await expect(removeGroupFromProjectRole(client, 'ITHELP', '10101', 'g-emea')).resolves.toBe(
      false,
    );
    await expect(
      removeGroupFromProjectRole(client, 'ITHELP', '10101', 'g-emea'),
    ).rejects.toBeInstanceOf(JiraError);
    expect(jira.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/rest/api/3/project/ITHELP/role/10101',
      body: undefined,
    });
    expect([...jira.requests[0].query.entries()]).toEqual([['groupId', 'g-emea']]);
  });

  it('escapes path parts (route)', async () => {
    const jira = new FakeJira();
    const { client } = fakeClient(jira);
    await expect(getProjectRoleActors(client, '../admin', '1')).rejects.toThrow(
      /path manipulation/,
    );
    expect(jira.requests).toHaveLength(0);
  });
});

describe('groups', () => {
  it('findGroups uses the picker, keeps managedBy, drops groups without an id', async () => {
    const jira = new FakeJira().then(
      answer(200, {
        header: 'Showing 3 of 3 matching groups',
        total: 3,
        groups: [
          {
            groupId: 'g1',
            name: 'customers-emea',
            html: '<b>c</b>ustomers-emea',
            managedBy: 'EXTERNAL',
          },
          { groupId: 'g2', name: 'jira-admins', html: '' },
          { name: 'orphan', html: '' },
        ],
      }),
    );
    const { client } = fakeClient(jira);
    await expect(findGroups(client, 'cust', { maxResults: 200 })).resolves.toEqual([
      { groupId: 'g1', name: 'customers-emea', managedBy: 'EXTERNAL' },
      { groupId: 'g2', name: 'jira-admins' },
    ]);
    expect(jira.requests[0].path).toBe('/rest/api/3/groups/picker');
    expect(Object.fromEntries(jira.requests[0].query)).toEqual({
      query: 'cust',
      maxResults: '200',
      caseInsensitive: 'true',
    });
  });

  it('getGroupsByIds chunks ids so the URL stays short; a missing id is a deleted group', async () => {
    const ids = Array.from(
      { length: GROUP_IDS_PER_CALL + 5 },
      (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    );
    const jira = new FakeJira().otherwise((req) => {
      const asked = req.query.getAll('groupId').filter((id) => !id.endsWith('000000000003'));
      return answer(
        200,
        page(
          asked.map((groupId) => ({ groupId, name: `name-${groupId.slice(-2)}` })),
          0,
          true,
        ),
      );
    });
    const { client } = fakeClient(jira);
    const found = await getGroupsByIds(client, [...ids, ids[0]]);
    expect(jira.requests).toHaveLength(2);
    expect(jira.requests.map((r) => r.query.getAll('groupId').length)).toEqual([
      GROUP_IDS_PER_CALL,
      5,
    ]);
    expect(jira.requests[0].path).toBe('/rest/api/3/group/bulk');
    expect(jira.requests[0].query.get('maxResults')).toBe('50');
    for (const r of jira.requests)
      expect(r.path.length + r.query.toString().length).toBeLessThan(2500);
    expect(found.size).toBe(ids.length - 1);
    expect(found.has(ids[3])).toBe(false);
    expect(found.get(ids[1])).toEqual({ groupId: ids[1], name: 'name-01' });
  });

  it('getGroupsByIds follows pages within a chunk', async () => {
    const jira = new FakeJira().then(
      answer(200, page([{ groupId: 'a', name: 'A' }], 0, false, 2)),
      answer(200, page([{ groupId: 'b', name: 'B' }], 1, true, 2)),
    );
    const { client } = fakeClient(jira);
    const found = await getGroupsByIds(client, ['a', 'b']);
    expect([...found.keys()]).toEqual(['a', 'b']);
    expect(jira.requests.map((r) => [r.query.get('startAt'), r.query.getAll('groupId')])).toEqual([
      ['0', ['a', 'b']],
      ['1', ['a', 'b']],
    ]);
  });
});

describe('application roles', () => {
  it('maps groupDetails and defaultGroupsDetails to ids', async () => {
    const jira = new FakeJira().then(
      answer(200, [
        {
          key: 'jira-servicedesk',
          name: 'Jira Service Management',
          groups: ['jira-servicedesk-users'],
          groupDetails: [{ groupId: 'g-agents', name: 'jira-servicedesk-users' }],
          defaultGroups: ['jira-servicedesk-users'],
          defaultGroupsDetails: [{ groupId: 'g-agents', name: 'jira-servicedesk-users' }],
          selectedByDefault: true,
          defined: true,
        },
        { key: 'jira-software', name: 'Jira Software' },
      ]),
    );
    const { client } = fakeClient(jira);
    await expect(listApplicationRoles(client)).resolves.toEqual([
      {
        key: 'jira-servicedesk',
        name: 'Jira Service Management',
        groupIds: ['g-agents'],
        defaultGroupIds: ['g-agents'],
        selectedByDefault: true,
        groupNames: { 'g-agents': 'jira-servicedesk-users' },
      },
      {
        key: 'jira-software',
        name: 'Jira Software',
        groupIds: [],
        defaultGroupIds: [],
        selectedByDefault: false,
        groupNames: {},
      },
    ]);
    expect(jira.requests[0].path).toBe('/rest/api/3/applicationrole');
  });
});

describe('permissions (as the caller)', () => {
  const perms = (p: Record<string, boolean>) => ({
    permissions: Object.fromEntries(
      Object.entries(p).map(([k, v]) => [k, { key: k, havePermission: v }]),
    ),
  });

  it('isJiraAdmin asks mypermissions for ADMINISTER', async () => {
    const jira = new FakeJira().then(
      answer(200, perms({ ADMINISTER: true })),
      answer(200, perms({ ADMINISTER: false })),
    );
    const { client } = fakeClient(jira);
    await expect(isJiraAdmin(client)).resolves.toBe(true);
    await expect(isJiraAdmin(client)).resolves.toBe(false);
    expect(jira.requests[0].path).toBe('/rest/api/3/mypermissions');
    expect(Object.fromEntries(jira.requests[0].query)).toEqual({ permissions: 'ADMINISTER' });
  });

  it('canAdministerProject is true with either permission, false on 404', async () => {
    const jira = new FakeJira().then(
      answer(200, perms({ ADMINISTER_PROJECTS: true, ADMINISTER: false })),
      answer(200, perms({ ADMINISTER_PROJECTS: false, ADMINISTER: true })),
      answer(200, perms({ ADMINISTER_PROJECTS: false, ADMINISTER: false })),
      answer(404, { errorMessages: ['No project could be found'] }),
    );
    const { client } = fakeClient(jira);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await canAdministerProject(client, 'ITHELP'));
    expect(results).toEqual([true, true, false, false]);
    expect(Object.fromEntries(jira.requests[0].query)).toEqual({
      projectKey: 'ITHELP',
      permissions: 'ADMINISTER_PROJECTS,ADMINISTER',
    });
  });
});

describe("a person's groups", () => {
  it('asks user/groups by account id; a group without its id is counted, not named; 404 is null', async () => {
    const jira = new FakeJira().then(
      answer(200, [{ groupId: 'g-1', name: 'Agents' }, { name: 'Old group without an id' }]),
      answer(404, { errorMessages: ['User not found'] }),
    );
    const { client } = fakeClient(jira);
    await expect(getUserGroupIds(client, 'u-1')).resolves.toEqual({
      groupIds: ['g-1'],
      answered: 2,
    });
    await expect(getUserGroupIds(client, 'u-gone')).resolves.toBeNull();
    expect(jira.requests[0].path).toBe('/rest/api/3/user/groups');
    expect(Object.fromEntries(jira.requests[0].query)).toEqual({ accountId: 'u-1' });
  });
});
