// How the emulated site behaves: permissions, SCIM provisioning, team-managed roles, default
// actors, customers, faults, webhooks, control API, limits.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  DEMO,
  ROLE,
  type RunningEmulator,
  SCIM_DIRECTORY_ID,
  startEmulator,
} from '../../local/jira-emulator';
import { type CallOptions, Client, start } from './helpers';

const U = DEMO.users;
const G = DEMO.groups;
const P = DEMO.projects;
const SCIM = `/scim/directory/${SCIM_DIRECTORY_ID}`;
const scimAuth = { as: null, headers: { authorization: 'Bearer idp-api-key' } } as const;
const OPT_IN = { 'X-ExperimentalApi': 'opt-in' };

let em: RunningEmulator;
let client: Client;
beforeAll(async () => {
  ({ em, client } = await start());
});
afterAll(() => em.close());
beforeEach(async () => {
  expect((await client.reset({ seed: 'demo' })).status).toBe(200);
  await client.call('DELETE', '/__emulator/faults', { as: null });
});

describe('authentication', () => {
  test('Basic email:token and Bearer accountId identify the same seeded account; unknown ones get 401', async () => {
    expect(
      (await client.call('GET', '/rest/api/3/myself', { as: U.pa.email })).body.accountId,
    ).toBe(U.pa.accountId);
    expect(
      (await client.call('GET', '/rest/api/3/myself', { as: { bearer: U.pa.accountId } })).body
        .accountId,
    ).toBe(U.pa.accountId);
    const app = await client.call('GET', '/rest/api/3/myself', { as: { bearer: U.app.accountId } });
    expect(app.body).toMatchObject({ accountType: 'app', displayName: 'Customer Role Sync' });
    expect(
      (await client.call('GET', '/rest/api/3/myself', { as: 'stranger@example.com' })).status,
    ).toBe(401);
    expect(
      (await client.call('GET', '/rest/api/3/myself', { as: { bearer: 'nope' } })).status,
    ).toBe(401);
    expect((await client.call('GET', `${SCIM}/Users`, { as: null })).status).toBe(401);
  });

  test('the app account and the site admin are Jira admins; the project admin only administers ITHELP', async () => {
    const perms = async (as: CallOptions['as'], key: string) =>
      (
        await client.call(
          'GET',
          `/rest/api/3/mypermissions?permissions=ADMINISTER,ADMINISTER_PROJECTS,BROWSE_PROJECTS&projectKey=${key}`,
          { as },
        )
      ).body.permissions;
    const app = await perms({ bearer: U.app.accountId }, 'HR');
    expect([app.ADMINISTER.havePermission, app.ADMINISTER_PROJECTS.havePermission]).toEqual([
      true,
      true,
    ]);
    const pa = await perms(U.pa.email, 'ITHELP');
    expect([
      pa.ADMINISTER.havePermission,
      pa.ADMINISTER_PROJECTS.havePermission,
      pa.BROWSE_PROJECTS.havePermission,
    ]).toEqual([false, true, true]);
    const agent = await perms(U.agent.email, 'ITHELP');
    expect([
      agent.ADMINISTER_PROJECTS.havePermission,
      agent.BROWSE_PROJECTS.havePermission,
    ]).toEqual([false, true]);
    // Customers browse only where their synced group is a customer: erin@ (HR Staff) in HR, not customer@.
    expect(
      (
        await client.call(
          'GET',
          '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=HR',
          { as: U.customer.email },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await client.call(
          'GET',
          '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=HR',
          { as: U.erin.email },
        )
      ).body.permissions.BROWSE_PROJECTS.havePermission,
    ).toBe(true);
  });
});

describe('projects', () => {
  test('search pages with startAt/maxResults (max 100), isLast, total and nextPage, and filters', async () => {
    await client.reset({ seed: 'generated', projects: 250, groups: 5, users: 10, software: 3 });
    const first = await client.call(
      'GET',
      '/rest/api/3/project/search?typeKey=service_desk&maxResults=500',
    );
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 100, total: 250, isLast: false });
    expect(first.body.values).toHaveLength(100);
    expect(first.body.nextPage).toContain('startAt=100');
    const keys: string[] = [];
    for (let startAt = 0; ; startAt += 100) {
      const page = await client.call(
        'GET',
        `/rest/api/3/project/search?typeKey=service_desk&startAt=${startAt}&maxResults=100`,
      );
      keys.push(...page.body.values.map((p: { key: string }) => p.key));
      if (page.body.isLast) {
        expect(page.body.nextPage).toBeUndefined();
        break;
      }
    }
    expect(keys).toHaveLength(250);
    expect(new Set(keys).size).toBe(250);
    expect(keys[0]).toBe('P0001');
    const software = await client.call('GET', '/rest/api/3/project/search?typeKey=software');
    expect(software.body.total).toBe(3);
    const byKeys = await client.call('GET', '/rest/api/3/project/search?keys=P0007&keys=S0002');
    expect(byKeys.body.values.map((p: { key: string }) => p.key)).toEqual(['P0007', 'S0002']);
    const query = await client.call('GET', '/rest/api/3/project/search?query=project%200010');
    expect(query.body.values.map((p: { key: string }) => p.key)).toEqual(['P0010']);
  });

  test('search shows only projects the caller may browse', async () => {
    const keys = async (as: string) =>
      (await client.call('GET', '/rest/api/3/project/search', { as })).body.values.map(
        (p: { key: string }) => p.key,
      );
    expect(await keys(U.admin.email)).toEqual(['FAC', 'HR', 'ITHELP', 'MKT', 'PLAT']);
    expect(await keys(U.pa.email)).toEqual(['ITHELP']);
    expect(await keys(U.agent.email)).toEqual(['FAC', 'HR', 'ITHELP', 'MKT']);
    expect(await keys(U.unlicensed.email)).toEqual([]);
    const cat = await client.call(
      'GET',
      `/rest/api/3/project/search?categoryId=${DEMO.categories.internal.id}`,
    );
    expect(cat.body.values.map((p: { key: string }) => p.key)).toEqual(['HR', 'ITHELP']);
    expect(cat.body.values[0].projectCategory).toMatchObject({
      id: DEMO.categories.internal.id,
      name: 'Internal',
    });
  });

  test("roledetails lists a team-managed desk's own roles, its hidden customer role among them", async () => {
    const mkt = await client.call('GET', `/rest/api/3/project/${P.MKT.key}/roledetails`);
    expect(mkt.status).toBe(200);
    const scope = { type: 'PROJECT', project: expect.objectContaining({ id: P.MKT.id }) };
    expect(mkt.body).toEqual([
      expect.objectContaining({ id: DEMO.mktRoles.administrator, name: 'Administrator', scope }),
      expect.objectContaining({ id: DEMO.mktRoles.member, name: 'Member', scope }),
      expect.objectContaining({ id: DEMO.mktRoles.viewer, name: 'Viewer', scope }),
      expect.objectContaining({
        id: DEMO.mktRoles.customer,
        name: 'Service Desk Customers',
        scope,
        roleConfigurable: false,
      }),
    ]);
    expect(mkt.body.filter((r: any) => r.roleConfigurable).map((r: any) => r.name)).toEqual([
      'Administrator',
      'Member',
      'Viewer',
    ]);
    expect(mkt.body.every((r: any) => r.actors === undefined)).toBe(true);
    // A company-managed project lists the global roles, without scope; the apps' role can be left out.
    const ithelp = await client.call('GET', `/rest/api/3/project/${P.ITHELP.key}/roledetails`);
    expect(ithelp.body.map((r: any) => r.id)).toContain(ROLE.ADDONS_PROJECT_ACCESS);
    expect(ithelp.body.every((r: any) => r.scope === undefined)).toBe(true);
    const noApps = await client.call(
      'GET',
      `/rest/api/3/project/${P.ITHELP.key}/roledetails?excludeConnectAddons=true`,
    );
    expect(noApps.body.map((r: any) => r.id)).not.toContain(ROLE.ADDONS_PROJECT_ACCESS);
    expect(noApps.body).toHaveLength(ithelp.body.length - 1);
    // currentMember: only the roles the caller is in (ITHELP's project admin is in Administrators).
    const mine = await client.call(
      'GET',
      `/rest/api/3/project/${P.ITHELP.key}/roledetails?currentMember=true`,
      { as: U.pa.email },
    );
    expect(mine.body.map((r: any) => r.id)).toEqual([ROLE.ADMINISTRATORS]);
    // Administer Projects is needed: the agent works on MKT but does not administer it.
    const agent = await client.call('GET', `/rest/api/3/project/${P.MKT.key}/roledetails`, {
      as: U.agent.email,
    });
    expect(agent.status).toBe(404);
    // The hidden role's id is the project's own: a global role id is still refused there.
    expect(
      (await client.call('GET', `/rest/api/3/project/MKT/role/${ROLE.SERVICE_DESK_CUSTOMERS}`))
        .status,
    ).toBe(404);
    expect(
      (await client.call('GET', `/rest/api/3/project/MKT/role/${DEMO.mktRoles.customer}`)).body,
    ).toMatchObject({ roleConfigurable: false, scope });
  });

  test('a next-gen template makes a team-managed project; classic ones share the global roles', async () => {
    const created = await client.call('POST', '/rest/api/3/project', {
      body: {
        key: 'TM',
        name: 'Team desk',
        projectTypeKey: 'service_desk',
        projectTemplateKey: 'com.atlassian.servicedesk:next-gen-it-service-desk',
        leadAccountId: U.admin.accountId,
      },
    });
    expect(created.status).toBe(201);
    const tm = await client.call('GET', '/rest/api/3/project/TM');
    expect(tm.body).toMatchObject({
      style: 'next-gen',
      simplified: true,
      projectTypeKey: 'service_desk',
    });
    const roles = await client.call('GET', '/rest/api/3/project/TM/role');
    expect(Object.keys(roles.body).sort()).toEqual([
      'Administrator',
      'Member',
      'Service Desk Customers',
      'Viewer',
    ]);
    const customerRoleId = Number(roles.body['Service Desk Customers'].split('/').pop());
    expect(customerRoleId).not.toBe(ROLE.SERVICE_DESK_CUSTOMERS);
    const role = await client.call('GET', `/rest/api/3/project/TM/role/${customerRoleId}`);
    expect(role.body.scope).toEqual({
      type: 'PROJECT',
      project: expect.objectContaining({ id: String(created.body.id) }),
    });
    const global = await client.call('GET', '/rest/api/3/role');
    expect(global.body.map((r: { id: number }) => r.id)).not.toContain(customerRoleId);
    expect(global.body.map((r: { id: number }) => r.id)).toEqual(
      expect.arrayContaining([
        ROLE.ADMINISTRATORS,
        ROLE.SERVICE_DESK_TEAM,
        ROLE.SERVICE_DESK_CUSTOMERS,
      ]),
    );
    // Groups can be added to the hidden customer role over REST.
    const add = await client.call('POST', `/rest/api/3/project/TM/role/${customerRoleId}`, {
      body: { groupId: [G.contosoCustomers.groupId] },
    });
    expect(
      add.body.actors.map((a: { actorGroup?: { groupId: string } }) => a.actorGroup?.groupId),
    ).toContain(G.contosoCustomers.groupId);
    // Another team-managed project's roles are not this one's; a global role id is not valid here.
    expect(
      (await client.call('GET', `/rest/api/3/project/MKT/role/${customerRoleId}`)).status,
    ).toBe(404);
    expect(
      (await client.call('GET', `/rest/api/3/project/TM/role/${ROLE.SERVICE_DESK_CUSTOMERS}`))
        .status,
    ).toBe(404);
    const classic = await client.call('GET', '/rest/api/3/project/ITHELP/role');
    expect(classic.body['Service Desk Customers']).toMatch(
      new RegExp(`/rest/api/3/project/${P.ITHELP.id}/role/${ROLE.SERVICE_DESK_CUSTOMERS}$`),
    );
  });

  test('default actors are applied to projects created afterwards, not to existing ones', async () => {
    const add = await client.call(
      'POST',
      `/rest/api/3/role/${ROLE.SERVICE_DESK_CUSTOMERS}/actors`,
      { body: { groupId: [G.fabrikamCustomers.groupId] } },
    );
    expect(add.status).toBe(200);
    expect(
      add.body.actors.map((a: { actorGroup?: { groupId: string } }) => a.actorGroup?.groupId),
    ).toEqual([G.fabrikamCustomers.groupId]);
    await client.call('POST', '/rest/api/3/project', {
      body: { key: 'NEW', name: 'New desk', projectTypeKey: 'service_desk' },
    });
    const fresh = await client.call(
      'GET',
      `/rest/api/3/project/NEW/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    );
    expect(
      fresh.body.actors.map((a: { actorGroup?: { groupId: string } }) => a.actorGroup?.groupId),
    ).toEqual([G.fabrikamCustomers.groupId]);
    const old = await client.call(
      'GET',
      `/rest/api/3/project/FAC/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
    );
    expect(old.body.actors).toEqual([]);
    // The creator leads the project and is in its Administrators role.
    const admins = await client.call('GET', `/rest/api/3/project/NEW/role/${ROLE.ADMINISTRATORS}`);
    expect(
      admins.body.actors.map((a: { actorUser?: { accountId: string } }) => a.actorUser?.accountId),
    ).toEqual([U.admin.accountId]);
  });

  test('webhooks: project_created and project_deleted are POSTed to registered URLs', async () => {
    const received: any[] = [];
    const hook = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c) => {
        b += c;
      });
      req.on('end', () => {
        received.push(JSON.parse(b));
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      expect(
        (await client.call('POST', '/__emulator/webhooks', { as: null, body: { url } })).status,
      ).toBe(201);
      await client.call('POST', '/rest/api/3/project', {
        body: { key: 'HOOK', name: 'Hooked', projectTypeKey: 'service_desk' },
      });
      await client.call('DELETE', '/rest/api/3/project/HOOK');
      for (let i = 0; i < 50 && received.length < 2; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(received.map((e) => e.webhookEvent)).toEqual(['project_created', 'project_deleted']);
      expect(received[0].project).toMatchObject({
        key: 'HOOK',
        name: 'Hooked',
        projectTypeKey: 'service_desk',
        style: 'classic',
      });
      await client.call('DELETE', '/__emulator/webhooks', { as: null });
    } finally {
      await new Promise<void>((r) => hook.close(() => r()));
    }
  });
});

describe('role actors and permissions', () => {
  const actorsOf = async (key: string, roleId: number) =>
    (await client.call('GET', `/rest/api/3/project/${key}/role/${roleId}`)).body.actors.map(
      (a: any) => a.actorGroup?.groupId ?? a.actorUser?.accountId,
    );

  test('a project admin adds and removes groups in their project; others cannot', async () => {
    const add = await client.call(
      'POST',
      `/rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
      {
        as: U.pa.email,
        body: { groupId: [G.contosoCustomers.groupId, G.fabrikamCustomers.groupId] },
      },
    );
    expect(add.status).toBe(200);
    expect(add.body.actors.map((a: any) => a.type)).toEqual([
      'atlassian-group-role-actor',
      'atlassian-group-role-actor',
    ]);
    expect(add.body.actors[0].actorGroup).toEqual({
      name: 'Contoso Customers',
      displayName: 'Contoso Customers',
      groupId: G.contosoCustomers.groupId,
    });
    // Not on a project they do not administer, nor as an agent or a nobody.
    expect(
      (
        await client.call('POST', `/rest/api/3/project/HR/role/${ROLE.SERVICE_DESK_CUSTOMERS}`, {
          as: U.pa.email,
          body: { groupId: [G.contosoCustomers.groupId] },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await client.call(
          'POST',
          `/rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
          { as: U.agent.email, body: { groupId: [G.hrStaff.groupId] } },
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await client.call(
          'DELETE',
          `/rest/api/3/project/HR/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${G.hrStaff.groupId}`,
          { as: U.agent.email },
        )
      ).status,
    ).toBe(404);
    expect(await actorsOf('HR', ROLE.SERVICE_DESK_CUSTOMERS)).toEqual([G.hrStaff.groupId]);
    expect(
      (
        await client.call(
          'DELETE',
          `/rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}?groupId=${G.contosoCustomers.groupId}`,
          { as: U.pa.email },
        )
      ).status,
    ).toBe(204);
    expect(await actorsOf('ITHELP', ROLE.SERVICE_DESK_CUSTOMERS)).toEqual([
      G.fabrikamCustomers.groupId,
    ]);
  });

  test('adding an actor the role already has fails the whole request with 400, as Jira does', async () => {
    const path = `/rest/api/3/project/HR/role/${ROLE.SERVICE_DESK_CUSTOMERS}`;
    // HR Staff is in HR's customers by hand (the demo); Contoso is not.
    const dup = await client.call('POST', path, {
      body: { groupId: [G.contosoCustomers.groupId, G.hrStaff.groupId] },
    });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({
      errorMessages: [`'${G.hrStaff.name}' is already a member of the project role.`],
      errors: {},
    });
    // Nothing was added, not even the group that was not there.
    expect(await actorsOf('HR', ROLE.SERVICE_DESK_CUSTOMERS)).toEqual([G.hrStaff.groupId]);
    expect(
      (await client.call('POST', path, { body: { groupId: [G.contosoCustomers.groupId] } })).status,
    ).toBe(200);
  });

  test('membership through a group grants the role: a group in Administrators makes its members project admins', async () => {
    await client.call('POST', '/rest/api/3/group', { body: { name: 'fac-admins' } });
    await client.call('POST', '/rest/api/3/group/user?groupname=fac-admins', {
      body: { accountId: U.unlicensed.accountId },
    });
    expect(
      (await client.call('GET', '/rest/api/3/project/FAC', { as: U.unlicensed.email })).status,
    ).toBe(404);
    await client.call('POST', `/rest/api/3/project/FAC/role/${ROLE.ADMINISTRATORS}`, {
      body: { group: ['fac-admins'] },
    });
    expect(
      (await client.call('GET', '/rest/api/3/project/FAC', { as: U.unlicensed.email })).status,
    ).toBe(200);
    expect(
      (
        await client.call('POST', `/rest/api/3/project/FAC/role/${ROLE.SERVICE_DESK_CUSTOMERS}`, {
          as: U.unlicensed.email,
          body: { groupId: [G.hrStaff.groupId] },
        })
      ).status,
    ).toBe(200);
    // Deleting the group removes it from the role everywhere.
    await client.call('DELETE', '/rest/api/3/group?groupname=fac-admins');
    expect(await actorsOf('FAC', ROLE.ADMINISTRATORS)).toEqual([U.admin.accountId]);
  });
});

describe('identity provider provisioning (SCIM)', () => {
  test('a provisioned group is managedBy EXTERNAL, its members come from SCIM, and Jira refuses to change it', async () => {
    const user = await client.call('POST', `${SCIM}/Users`, {
      ...scimAuth,
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'new.person@contoso.example',
        emails: [{ value: 'new.person@contoso.example', primary: true }],
        name: { givenName: 'New', familyName: 'Person' },
        active: true,
      },
    });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({
      userName: 'new.person@contoso.example',
      displayName: 'New Person',
      active: true,
    });
    const group = await client.call('POST', `${SCIM}/Groups`, {
      ...scimAuth,
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Northwind Customers',
        members: [{ value: user.body.id }],
      },
    });
    expect(group.status).toBe(201);
    const groupId = group.body.id;
    const picker = await client.call('GET', '/rest/api/3/groups/picker?query=northwind');
    expect(picker.body.groups).toEqual([
      expect.objectContaining({ name: 'Northwind Customers', groupId, managedBy: 'EXTERNAL' }),
    ]);
    const local = await client.call('GET', '/rest/api/3/groups/picker?query=jira-admin');
    expect(local.body.groups[0].managedBy).toBe('ADMINS');
    const members = await client.call('GET', `/rest/api/3/group/member?groupId=${groupId}`);
    expect(members.body.values.map((u: { accountId: string }) => u.accountId)).toEqual([
      user.body.id,
    ]);

    const refusedAdd = await client.call('POST', `/rest/api/3/group/user?groupId=${groupId}`, {
      body: { accountId: U.agent.accountId },
    });
    expect(refusedAdd.status).toBe(403);
    expect(refusedAdd.body.errorMessages[0]).toMatch(/managed by an external directory/);
    expect(
      (
        await client.call(
          'DELETE',
          `/rest/api/3/group/user?groupId=${groupId}&accountId=${user.body.id}`,
        )
      ).status,
    ).toBe(403);
    expect((await client.call('DELETE', `/rest/api/3/group?groupId=${groupId}`)).status).toBe(403);

    // PATCH members add/remove, as Entra ID sends them.
    const patch = await client.call('PATCH', `${SCIM}/Groups/${groupId}`, {
      ...scimAuth,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'Add', path: 'members', value: [{ value: U.bob.accountId }] },
          { op: 'Remove', path: `members[value eq "${user.body.id}"]` },
        ],
      },
    });
    expect(patch.status).toBe(200);
    expect(patch.body.members.map((m: { value: string }) => m.value)).toEqual([U.bob.accountId]);

    // A rename keeps the groupId.
    await client.call('PATCH', `${SCIM}/Groups/${groupId}`, {
      ...scimAuth,
      body: { Operations: [{ op: 'replace', path: 'displayName', value: 'Northwind Clients' }] },
    });
    const bulk = await client.call('GET', `/rest/api/3/group/bulk?groupId=${groupId}`);
    expect(bulk.body.values).toEqual([{ groupId, name: 'Northwind Clients' }]);

    // Filters and ListResponse paging.
    const list = await client.call(
      'GET',
      `${SCIM}/Groups?filter=${encodeURIComponent('displayName eq "Northwind Clients"')}`,
      scimAuth,
    );
    expect(list.body).toMatchObject({
      totalResults: 1,
      startIndex: 1,
      Resources: [expect.objectContaining({ id: groupId })],
    });
    const page = await client.call('GET', `${SCIM}/Users?startIndex=2&count=2`, scimAuth);
    expect(page.body.itemsPerPage).toBe(2);
    expect(page.body.startIndex).toBe(2);
    expect(
      (
        await client.call(
          'GET',
          `${SCIM}/Users?filter=${encodeURIComponent('userName eq "new.person@contoso.example"')}`,
          scimAuth,
        )
      ).body.totalResults,
    ).toBe(1);
    expect((await client.call('GET', `${SCIM}/Users?filter=bogus`, scimAuth)).status).toBe(400);
    expect(
      (
        await client.call('POST', `${SCIM}/Groups`, {
          ...scimAuth,
          body: { displayName: 'jira-administrators' },
        })
      ).status,
    ).toBe(409);

    // Deleting the group over SCIM removes it from Jira.
    expect((await client.call('DELETE', `${SCIM}/Groups/${groupId}`, scimAuth)).status).toBe(204);
    expect(
      (await client.call('GET', `/rest/api/3/group/bulk?groupId=${groupId}`)).body.values,
    ).toEqual([]);
  });

  test('deprovisioned users become inactive and leave the customer list', async () => {
    await client.call('POST', `/rest/api/3/project/ITHELP/role/${ROLE.SERVICE_DESK_CUSTOMERS}`, {
      body: { groupId: [G.contosoCustomers.groupId] },
    });
    const customers = async () =>
      (
        await client.call(
          'GET',
          `/rest/servicedeskapi/servicedesk/${P.ITHELP.serviceDeskId}/customer`,
          { headers: OPT_IN },
        )
      ).body.values
        .map((u: { accountId: string }) => u.accountId)
        .sort();
    expect(await customers()).toEqual([U.customer.accountId, U.alice.accountId].sort());
    const off = await client.call('PATCH', `${SCIM}/Users/${U.customer.accountId}`, {
      ...scimAuth,
      body: { Operations: [{ op: 'replace', value: { active: false } }] },
    });
    expect(off.body.active).toBe(false);
    expect(await customers()).toEqual([U.alice.accountId]);
    expect((await client.call('GET', '/rest/api/3/myself', { as: U.customer.email })).status).toBe(
      401,
    );
    expect(
      (await client.call('DELETE', `${SCIM}/Users/${U.alice.accountId}`, scimAuth)).status,
    ).toBe(204);
    expect(
      (await client.call('GET', `/rest/api/3/user?accountId=${U.alice.accountId}`)).body.active,
    ).toBe(false);
    const members = await client.call(
      'GET',
      `/rest/api/3/group/member?groupId=${G.contosoCustomers.groupId}&includeInactiveUsers=true`,
    );
    expect(members.body.values.every((u: { active: boolean }) => !u.active)).toBe(true);
    expect(
      (await client.call('GET', `/rest/api/3/group/member?groupId=${G.contosoCustomers.groupId}`))
        .body.total,
    ).toBe(0);
  });
});

describe('JSM', () => {
  test('customers include active members of groups in the customer role, direct customers and organization members', async () => {
    const list = await client.call(
      'GET',
      `/rest/servicedeskapi/servicedesk/${P.HR.serviceDeskId}/customer`,
      { headers: OPT_IN },
    );
    expect(list.body.values.map((u: { accountId: string }) => u.accountId)).toEqual([
      U.erin.accountId,
    ]);
    await client.call('POST', `/rest/api/3/project/HR/role/${ROLE.SERVICE_DESK_CUSTOMERS}`, {
      body: { groupId: [G.fabrikamCustomers.groupId] },
    });
    await client.call('POST', `/rest/servicedeskapi/servicedesk/${P.HR.serviceDeskId}/customer`, {
      body: { accountIds: [U.unlicensed.accountId] },
    });
    const after = await client.call(
      'GET',
      `/rest/servicedeskapi/servicedesk/${P.HR.serviceDeskId}/customer?limit=2`,
      { headers: OPT_IN },
    );
    // former@ is in Fabrikam Customers but inactive.
    expect(after.body).toMatchObject({ size: 2, start: 0, limit: 2, isLastPage: false });
    const rest = await client.call(
      'GET',
      `/rest/servicedeskapi/servicedesk/${P.HR.serviceDeskId}/customer?start=2&limit=2`,
      { headers: OPT_IN },
    );
    expect(rest.body).toMatchObject({ size: 1, isLastPage: true });
    const all = [...after.body.values, ...rest.body.values]
      .map((u: { accountId: string }) => u.accountId)
      .sort();
    expect(all).toEqual([U.erin.accountId, U.bob.accountId, U.unlicensed.accountId].sort());
    const org = await client.call(
      'GET',
      `/rest/servicedeskapi/servicedesk/${P.ITHELP.serviceDeskId}/customer`,
      { headers: OPT_IN },
    );
    expect(org.body.values.map((u: { accountId: string }) => u.accountId)).toEqual([
      U.alice.accountId,
    ]);
  });

  test('organizations: created, listed and their members paged with start/limit/isLastPage; linked desks count them as customers', async () => {
    const SD = '/rest/servicedeskapi';
    const made = await client.call('POST', `${SD}/organization`, { body: { name: 'Acme' } });
    expect(made.status).toBe(201);
    const id = made.body.id;
    const again = await client.call('POST', `${SD}/organization`, { body: { name: 'acme' } });
    expect(again.status).toBe(400);
    const page1 = await client.call('GET', `${SD}/organization?limit=1`);
    expect(page1.body).toMatchObject({ size: 1, start: 0, limit: 1, isLastPage: false });
    const page2 = await client.call('GET', `${SD}/organization?start=1&limit=1`);
    expect(page2.body).toMatchObject({ size: 1, isLastPage: true });
    expect(page2.body.values[0]).toMatchObject({ id, name: 'Acme' });

    const members = [U.erin.accountId, U.bob.accountId, U.unlicensed.accountId];
    const add = await client.call('POST', `${SD}/organization/${id}/user`, {
      body: { accountIds: members },
    });
    expect(add.status).toBe(204);
    const first = await client.call('GET', `${SD}/organization/${id}/user?limit=2`);
    expect(first.body).toMatchObject({ size: 2, isLastPage: false });
    const rest = await client.call('GET', `${SD}/organization/${id}/user?start=2&limit=2`);
    expect(rest.body).toMatchObject({ size: 1, isLastPage: true });
    // Customer permissions: a customer may not change an organization's members.
    const refused = await client.call('POST', `${SD}/organization/${id}/user`, {
      as: U.customer.email,
      body: { accountIds: [U.customer.accountId] },
    });
    expect(refused.status).toBe(403);

    // Linked to FAC (by its project key, as JSM allows), its members become FAC's customers.
    const link = await client.call('POST', `${SD}/servicedesk/FAC/organization`, {
      body: { organizationId: Number(id) },
    });
    expect(link.status).toBe(204);
    const customers = await client.call(
      'GET',
      `${SD}/servicedesk/${P.FAC.serviceDeskId}/customer`,
      { headers: OPT_IN },
    );
    expect(customers.body.values.map((u: { accountId: string }) => u.accountId).sort()).toEqual(
      [...members].sort(),
    );
    const removed = await client.call('DELETE', `${SD}/organization/${id}/user`, {
      body: { accountIds: [U.bob.accountId] },
    });
    expect(removed.status).toBe(204);
    const left = await client.call('GET', `${SD}/organization/${id}/user`);
    expect(left.body.values.map((u: { accountId: string }) => u.accountId)).not.toContain(
      U.bob.accountId,
    );
  });

  test('service desks page with start/limit and _links; the team-managed one is listed too', async () => {
    const page = await client.call('GET', '/rest/servicedeskapi/servicedesk?start=1&limit=2');
    expect(page.body).toMatchObject({ start: 1, limit: 2, size: 2, isLastPage: false });
    expect(page.body._links.next).toContain('start=3');
    expect(page.body._links.prev).toContain('start=0');
    const all = await client.call('GET', '/rest/servicedeskapi/servicedesk');
    expect(all.body.values.map((d: { projectKey: string }) => d.projectKey)).toEqual([
      'ITHELP',
      'HR',
      'FAC',
      'MKT',
    ]);
  });
});

describe('faults and limits', () => {
  test('rate429 answers 429 with Retry-After and X-RateLimit-Reset; failPaths fail a given number of times', async () => {
    await client.call('PUT', '/__emulator/faults', {
      as: null,
      body: { rate429: 1, retryAfterSeconds: 7 },
    });
    const limited = await client.call('GET', '/rest/api/3/project/search');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(Date.parse(limited.headers.get('x-ratelimit-reset')!)).toBeGreaterThan(Date.now());
    expect((await client.call('GET', '/__emulator/state', { as: null })).status).toBe(200);
    await client.call('PUT', '/__emulator/faults', {
      as: null,
      body: { failPaths: [{ method: 'POST', pathRegex: '/role/\\d+$', status: 503, times: 2 }] },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (
          await client.call('POST', `/rest/api/3/project/FAC/role/${ROLE.SERVICE_DESK_CUSTOMERS}`, {
            body: { groupId: [G.hrStaff.groupId] },
          })
        ).status,
      );
    expect(statuses).toEqual([503, 503, 200]);
  });

  test('a failPath with retryAfterSeconds carries Retry-After whatever its status', async () => {
    await client.call('PUT', '/__emulator/faults', {
      as: null,
      body: {
        failPaths: [
          { method: 'GET', pathRegex: '/myself$', status: 503, times: 1, retryAfterSeconds: 0 },
          { method: 'GET', pathRegex: '/myself$', status: 503, times: 1 },
        ],
      },
    });
    const first = await client.call('GET', '/rest/api/3/myself');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('0');
    expect(first.headers.get('ratelimit-reason')).toBeNull();
    const second = await client.call('GET', '/rest/api/3/myself');
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBeNull();
  });

  test('failPaths afterApplying carries the request out, then answers the failure', async () => {
    await client.call('PUT', '/__emulator/faults', {
      as: null,
      body: {
        failPaths: [
          { method: 'POST', pathRegex: '/role/\\d+$', status: 503, times: 1, afterApplying: true },
        ],
      },
    });
    const path = `/rest/api/3/project/FAC/role/${ROLE.SERVICE_DESK_CUSTOMERS}`;
    const first = await client.call('POST', path, { body: { groupId: [G.hrStaff.groupId] } });
    expect(first.status).toBe(503);
    const role = await client.call('GET', path);
    expect(role.body.actors.map((a: any) => a.actorGroup?.groupId)).toEqual([G.hrStaff.groupId]);
    // The retry a client makes then meets Jira's duplicate-actor refusal.
    const retry = await client.call('POST', path, { body: { groupId: [G.hrStaff.groupId] } });
    expect(retry.status).toBe(400);
    expect(retry.body.errorMessages).toEqual([
      `'${G.hrStaff.name}' is already a member of the project role.`,
    ]);
  });

  test('random faults are deterministic for a seed', async () => {
    const run = async () => {
      await client.call('PUT', '/__emulator/faults', { as: null, body: { rate5xx: 0.5, seed: 9 } });
      const s = [];
      for (let i = 0; i < 10; i++) s.push((await client.call('GET', '/rest/api/3/myself')).status);
      return s;
    };
    const a = await run();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });

  test('malformed JSON, a wrong content type and bodies over 1 MB are refused without harm', async () => {
    const bad = await client.call(
      'POST',
      `/rest/api/3/project/FAC/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
      { raw: '{"groupId": [', headers: { 'content-type': 'application/json' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages[0]).toMatch(/not valid JSON/);
    const text = await client.call('POST', '/rest/api/3/group', {
      raw: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    const jsmBad = await client.call('POST', `/rest/servicedeskapi/servicedesk/1/customer`, {
      raw: '[',
      headers: { 'content-type': 'application/json' },
    });
    expect(jsmBad.body).toMatchObject({ errorMessage: expect.stringMatching(/not valid JSON/) });
    const huge = await client.call('POST', '/rest/api/3/group', {
      body: { name: 'x'.repeat(1024 * 1024 + 10) },
    });
    expect(huge.status).toBe(413);
    const wrongShape = await client.call('POST', '/rest/api/3/project', { body: { key: 7 } });
    expect(wrongShape.status).toBe(400);
    expect(Object.keys(wrongShape.body.errors)).toEqual(expect.arrayContaining(['key', 'name']));
    expect((await client.call('GET', '/rest/api/3/myself')).status).toBe(200);
  });
});

describe('control API', () => {
  test('the request log records method, path, status and caller, from an index', async () => {
    await client.call('DELETE', '/__emulator/requests', { as: null });
    const before = (await client.call('GET', '/__emulator/requests', { as: null })).body.next;
    await client.call('GET', '/rest/api/3/project/HR?expand=lead', {
      as: { bearer: U.app.accountId },
    });
    await client.call('GET', '/rest/api/3/project/NOPE');
    const log = await client.call('GET', `/__emulator/requests?since=${before}`, { as: null });
    expect(log.body.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/rest/api/3/project/HR',
        query: 'expand=lead',
        status: 200,
        caller: U.app.accountId,
      }),
      expect.objectContaining({
        path: '/rest/api/3/project/NOPE',
        status: 404,
        caller: U.admin.accountId,
      }),
    ]);
  });

  test('application roles change as admin.atlassian.com would change them', async () => {
    await client.call('POST', '/__emulator/application-roles/jira-servicedesk/groups', {
      as: null,
      body: { groupId: G.contosoCustomers.groupId },
    });
    await client.call('PUT', '/__emulator/application-roles/jira-servicedesk', {
      as: null,
      body: { selectedByDefault: true },
    });
    const role = await client.call('GET', '/rest/api/3/applicationrole/jira-servicedesk');
    expect(role.body.groups).toEqual(
      expect.arrayContaining(['jira-servicedesk-users', 'Contoso Customers']),
    );
    expect(role.body.groupDetails).toEqual(
      expect.arrayContaining([{ name: 'Contoso Customers', groupId: G.contosoCustomers.groupId }]),
    );
    expect(role.body.defaultGroups).toEqual(['jira-servicedesk-users']);
    expect(role.body.selectedByDefault).toBe(true);
    await client.call(
      'DELETE',
      `/__emulator/application-roles/jira-servicedesk/groups/${G.contosoCustomers.groupId}`,
      { as: null },
    );
    expect(
      (await client.call('GET', '/rest/api/3/applicationrole/jira-servicedesk')).body.groups,
    ).toEqual(['jira-servicedesk-users']);
  });

  test('the state snapshot shows the hand-made binding', async () => {
    const state = await client.call('GET', '/__emulator/state?project=HR', { as: null });
    expect(state.body.projects[0].roles[ROLE.SERVICE_DESK_CUSTOMERS]).toEqual({
      name: 'Service Desk Customers',
      groupIds: [G.hrStaff.groupId],
      accountIds: [],
    });
    expect(
      state.body.groups.find((g: { groupId: string }) => g.groupId === G.hrStaff.groupId).managedBy,
    ).toBe('EXTERNAL');
  });

  test('a generated site of 5,000 projects seeds fast and deterministically', async () => {
    const spec = {
      seed: 'generated',
      projects: 5000,
      groups: 200,
      users: 2000,
      teamManaged: 50,
      software: 20,
    } as const;
    const t0 = Date.now();
    const a = await client.reset(spec);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(a.body).toMatchObject({ projects: 5020 });
    const first = (await client.call('GET', '/__emulator/state?project=P0003', { as: null })).body
      .projects[0];
    await client.reset(spec);
    expect(
      (await client.call('GET', '/__emulator/state?project=P0003', { as: null })).body.projects[0],
    ).toEqual(first);
    const t1 = Date.now();
    const page = await client.call(
      'GET',
      '/rest/api/3/project/search?typeKey=service_desk&startAt=4900&maxResults=100',
      { as: { bearer: U.app.accountId } },
    );
    expect(page.body).toMatchObject({ total: 5000, isLast: true });
    expect(Date.now() - t1).toBeLessThan(500);
    const tm = await client.call('GET', '/rest/api/3/project/P0001');
    expect(tm.body.style).toBe('next-gen');
  });

  test('persistFile keeps the state across restarts', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jira-em-')), 'state.json');
    const one = await startEmulator({ port: 0, seed: { seed: 'demo' }, persistFile: file });
    const c1 = new Client(one.url);
    await c1.call('POST', `/rest/api/3/project/FAC/role/${ROLE.SERVICE_DESK_CUSTOMERS}`, {
      body: { groupId: [G.contosoCustomers.groupId] },
    });
    await one.close();
    const two = await startEmulator({ port: 0, seed: { seed: 'empty' }, persistFile: file });
    try {
      const role = await new Client(two.url).call(
        'GET',
        `/rest/api/3/project/FAC/role/${ROLE.SERVICE_DESK_CUSTOMERS}`,
      );
      expect(role.body.actors.map((a: any) => a.actorGroup.groupId)).toEqual([
        G.contosoCustomers.groupId,
      ]);
    } finally {
      await two.close();
    }
  });
});
