// What the emulated site does with permission schemes, product access and its audit log: JSM's
// default grants, per-project assignment, team-managed access levels, default access for new
// accounts, seats, and the control calls tests use to break the site and mend it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { RunningEmulator } from '../../local/jira-emulator';
import { DEMO, ROLE, SCIM_DIRECTORY_ID, startEmulator } from '../../local/jira-emulator';
import { Client, start } from './helpers';

const U = DEMO.users;
const G = DEMO.groups;
const PS = '/rest/api/3/permissionscheme';
const SCIM = `/scim/directory/${SCIM_DIRECTORY_ID}`;
const scimAuth = { as: null, headers: { authorization: 'Bearer idp-api-key' } } as const;

let em: RunningEmulator;
let client: Client;
beforeAll(async () => {
  ({ em, client } = await start());
});
afterAll(() => em.close());
beforeEach(async () => {
  expect((await client.reset({ seed: 'demo' })).status).toBe(200);
});

async function schemeOf(key: string): Promise<{ id: number; name: string }> {
  return (await client.call('GET', `/rest/api/3/project/${key}/permissionscheme`)).body;
}
async function grants(id: number): Promise<{ id: number; permission: string; holder: any }[]> {
  return (await client.call('GET', `${PS}/${id}/permission`)).body.permissions;
}
const holders = (list: { permission: string; holder: any }[], permission: string) =>
  list
    .filter((g) => g.permission === permission)
    .map((g) => `${g.holder.type}${g.holder.value ? `:${g.holder.value}` : ''}`)
    .sort();

test("service projects use JSM's scheme: agents through Service Desk Team, customers through portal access", async () => {
  const hr = await schemeOf('HR');
  expect(hr.name).toBe('Default Jira Service Management Permission Scheme');
  const list = await grants(hr.id);
  expect(holders(list, 'BROWSE_PROJECTS')).toEqual([
    `projectRole:${ROLE.ADMINISTRATORS}`,
    `projectRole:${ROLE.SERVICE_DESK_TEAM}`,
    'sd.customer.portal.only',
  ]);
  expect(holders(list, 'SERVICEDESK_AGENT')).toEqual([
    `projectRole:${ROLE.ADMINISTRATORS}`,
    `projectRole:${ROLE.SERVICE_DESK_TEAM}`,
  ]);
  // The customer role itself holds nothing: portal access covers customers.
  expect(list.filter((g) => g.holder.value === String(ROLE.SERVICE_DESK_CUSTOMERS))).toEqual([]);
  const plat = await schemeOf('PLAT');
  expect(plat).toMatchObject({ id: 0, name: 'Default Permission Scheme' });
  expect(holders(await grants(0), 'BROWSE_PROJECTS')).toEqual(['applicationRole']);
});

test('a group grant names the group by id and name; deleting the group removes its grants', async () => {
  const group = await client.call('POST', '/rest/api/3/group', { body: { name: 'All Staff' } });
  const made = await client.call('POST', `${PS}/10000/permission?expand=group`, {
    body: { permission: 'BROWSE_PROJECTS', holder: { type: 'group', parameter: 'All Staff' } },
  });
  expect(made.status).toBe(201);
  expect(made.body.holder).toMatchObject({
    type: 'group',
    parameter: 'All Staff',
    value: group.body.groupId,
    group: { name: 'All Staff', groupId: group.body.groupId },
  });
  await client.call('DELETE', `/rest/api/3/group?groupId=${group.body.groupId}`);
  expect((await grants(10000)).some((g) => g.id === made.body.id)).toBe(false);
});

test('a scheme assigned to a project is the one it answers; team-managed projects keep their own', async () => {
  const created = await client.call('POST', PS, { body: { name: 'Locked' } });
  const put = await client.call('PUT', '/rest/api/3/project/FAC/permissionscheme', {
    body: { id: created.body.id },
  });
  expect(put.status).toBe(200);
  expect((await schemeOf('FAC')).name).toBe('Locked');
  expect(
    (await client.call('PUT', '/rest/api/3/project/MKT/permissionscheme', { body: { id: 0 } }))
      .status,
  ).toBe(403);
  const listed = (await client.call('GET', PS)).body.permissionSchemes.map((s: any) => s.name);
  expect(listed).toEqual([
    'Default Permission Scheme',
    'Default Jira Service Management Permission Scheme',
    'Locked',
  ]);
});

test("a team-managed desk's access level decides whether every logged-in user browses it", async () => {
  const mkt = await schemeOf('MKT');
  expect(holders(await grants(mkt.id), 'BROWSE_PROJECTS')).not.toContain('applicationRole');
  for (const [level, browses] of [
    ['open', true],
    ['limited', true],
    ['private', false],
  ] as const) {
    const set = await client.call('PUT', '/__emulator/projects/MKT/access-level', {
      as: null,
      body: { accessLevel: level },
    });
    expect(set.status).toBe(200);
    expect(holders(await grants(mkt.id), 'BROWSE_PROJECTS').includes('applicationRole')).toBe(
      browses,
    );
  }
  const open = await grants(mkt.id);
  expect(holders(open, 'CREATE_ISSUES')).not.toContain('applicationRole');
  const company = await client.call('PUT', '/__emulator/projects/HR/access-level', {
    as: null,
    body: { accessLevel: 'open' },
  });
  expect(company.status).toBe(400);
});

test('a new provisioned account gets the products new users have by default, and the audit log says it was created', async () => {
  const provision = async (email: string) =>
    (
      await client.call('POST', `${SCIM}/Users`, {
        ...scimAuth,
        body: { userName: email, emails: [{ value: email }], displayName: email },
      })
    ).body.id as string;
  const before = await provision('first@contoso.example');
  const products = async (id: string) =>
    (
      await client.call('GET', `/rest/api/3/user?accountId=${id}&expand=applicationRoles`)
    ).body.applicationRoles.items.map((a: any) => a.key);
  // The demo site gives Jira (software) by default, not Jira Service Management.
  expect(await products(before)).toEqual(['jira-software']);

  await client.call('PUT', '/__emulator/application-roles/jira-servicedesk', {
    as: null,
    body: { selectedByDefault: true },
  });
  const after = await provision('second@contoso.example');
  expect((await products(after)).sort()).toEqual(['jira-servicedesk', 'jira-software']);
  // An existing account claimed by the directory is not "created".
  await provision(U.unlicensed.email);

  const log = await client.call(
    'GET',
    `/rest/api/3/auditing/record?filter=${encodeURIComponent('user CREATED')}&from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`,
  );
  expect(log.body.total).toBe(2);
  expect(log.body.records.map((r: any) => r.objectItem.id)).toEqual([after, before]);
  expect(log.body.records[0]).toMatchObject({
    summary: 'User created',
    category: 'user management',
  });
  const future = await client.call(
    'GET',
    `/rest/api/3/auditing/record?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
  );
  expect(future.body.total).toBe(0);
});

test("the seats control sets the licence's size; Jira answers the seats left", async () => {
  await client.call('PUT', '/__emulator/application-roles/jira-servicedesk', {
    as: null,
    body: { numberOfSeats: 3 },
  });
  const role = (await client.call('GET', '/rest/api/3/applicationrole/jira-servicedesk')).body;
  // admin, pa and agent are in jira-servicedesk-users.
  expect(role).toMatchObject({ numberOfSeats: 3, userCount: 3, remainingSeats: 0 });
  await client.call('POST', '/__emulator/application-roles/jira-servicedesk/groups', {
    as: null,
    body: { groupId: G.contosoCustomers.groupId },
  });
  const leaked = (await client.call('GET', '/rest/api/3/applicationrole/jira-servicedesk')).body;
  expect(leaked).toMatchObject({ userCount: 5, remainingSeats: 0 });
});

test('schemes, access levels and the audit log survive a restart from the persist file', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'emu-')), 'state.json');
  const one = await startEmulator({ port: 0, seed: { seed: 'demo' }, persistFile: file });
  const c1 = new Client(one.url);
  await c1.call('PUT', '/__emulator/projects/MKT/access-level', {
    as: null,
    body: { accessLevel: 'open' },
  });
  await c1.call('POST', `${SCIM}/Users`, {
    ...scimAuth,
    body: { userName: 'kept@contoso.example', emails: [{ value: 'kept@contoso.example' }] },
  });
  await one.close();
  const two = await startEmulator({ port: 0, seed: { seed: 'empty' }, persistFile: file });
  const c2 = new Client(two.url);
  const mkt = (await c2.call('GET', '/rest/api/3/project/MKT/permissionscheme')).body;
  const browse = (await c2.call('GET', `${PS}/${mkt.id}/permission`)).body.permissions.filter(
    (g: any) => g.permission === 'BROWSE_PROJECTS' && g.holder.type === 'applicationRole',
  );
  expect(browse.length).toBe(1);
  // The account, then its joining the default group of a product new users get.
  const records = (await c2.call('GET', '/rest/api/3/auditing/record')).body.records;
  expect(records.map((r: any) => r.summary)).toEqual(['User added to group', 'User created']);
  await two.close();
});
