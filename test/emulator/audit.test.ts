// Jira's audit log as the emulator keeps it: what each kind of change records and who it names
// as author (the app, a person, the identity provider), paging, filters, from/to, and who may
// read it. Every answer is checked against the spec.
import { mkdtempSync } from 'node:fs';
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
import { expectMatchesSpec, loadSpec } from './spec-validator';

const platform = loadSpec('jira-platform.json');
const U = DEMO.users;
const G = DEMO.groups;
const P = DEMO.projects;
const RECORDS = '/rest/api/3/auditing/record';
const SCIM = `/scim/directory/${SCIM_DIRECTORY_ID}`;
const scimAuth = { as: null, headers: { authorization: 'Bearer idp-api-key' } } as const;
const asApp = { as: { bearer: U.app.accountId } } as const;
const customersOf = (key: string) =>
  `/rest/api/3/project/${key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`;

let em: RunningEmulator;
let client: Client;
beforeAll(async () => {
  ({ em, client } = await start());
});
afterAll(() => em.close());
beforeEach(async () => {
  expect((await client.reset()).status).toBe(200);
});

/** Reads the audit log (as the site admin unless told), checking the answer against the spec. */
async function audit(query = '', opts: CallOptions = {}) {
  const res = await client.call('GET', `${RECORDS}${query}`, opts);
  expectMatchesSpec(platform, 'GET', RECORDS, res.status, res.body);
  return res;
}
const records = async (query = '') => (await audit(query)).body.records as any[];

describe('what is recorded', () => {
  test('a seeded site has no records: only changes made through Jira are audited', async () => {
    expect((await audit()).body).toEqual({ offset: 0, limit: 1000, total: 0, records: [] });
  });

  test('role actors: one "Project roles changed" per call and role, before -> after, by whoever made it', async () => {
    const add = await client.call('POST', customersOf(P.FAC.key), {
      ...asApp,
      body: { groupId: [G.contosoCustomers.groupId, G.fabrikamCustomers.groupId] },
    });
    expect(add.status).toBe(200);
    await client.call('DELETE', `${customersOf(P.FAC.key)}?groupId=${G.fabrikamCustomers.groupId}`);
    await client.call('POST', `/rest/api/3/project/${P.ITHELP.key}/role/${ROLE.DEVELOPERS}`, {
      as: U.pa.email,
      body: { user: [U.erin.accountId] },
    });
    // Refused changes change nothing and record nothing.
    const refused = await client.call('POST', customersOf(P.FAC.key), {
      body: { groupId: ['no-such-group'] },
    });
    expect(refused.status).toBe(404);

    const [byPa, byAdmin, byApp] = await records();
    expect(byApp).toMatchObject({
      summary: 'Project roles changed',
      category: 'projects',
      authorAccountId: U.app.accountId,
      eventSource: '',
      remoteAddress: '127.0.0.1',
      objectItem: {
        id: String(ROLE.SERVICE_DESK_CUSTOMERS),
        name: 'Service Desk Customers',
        typeName: 'PROJECT_ROLE',
      },
      associatedItems: [{ id: P.FAC.id, name: P.FAC.name, typeName: 'PROJECT' }],
      changedValues: [{ fieldName: 'Groups', changedTo: 'Contoso Customers, Fabrikam Customers' }],
    });
    expect(byApp.changedValues[0].changedFrom).toBeUndefined();
    expect(byAdmin).toMatchObject({
      authorAccountId: U.admin.accountId,
      changedValues: [
        {
          fieldName: 'Groups',
          changedFrom: 'Contoso Customers, Fabrikam Customers',
          changedTo: 'Contoso Customers',
        },
      ],
    });
    expect(byPa).toMatchObject({
      authorAccountId: U.pa.accountId,
      objectItem: { id: String(ROLE.DEVELOPERS), typeName: 'PROJECT_ROLE' },
      associatedItems: [{ id: P.ITHELP.id, typeName: 'PROJECT' }],
      changedValues: [{ fieldName: 'Users', changedTo: U.erin.accountId }],
    });
    expect(byPa.id).toBeGreaterThan(byAdmin.id);
    expect(byAdmin.id).toBeGreaterThan(byApp.id);
  });

  test('projects created, updated (a new key too) and deleted', async () => {
    const created = await client.call('POST', '/rest/api/3/project', {
      body: {
        key: 'AUD',
        name: 'Audited desk',
        projectTypeKey: 'service_desk',
        leadAccountId: U.admin.accountId,
      },
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const updated = await client.call('PUT', '/rest/api/3/project/AUD', {
      body: {
        key: 'AUD2',
        name: 'Audited desk 2',
        categoryId: Number(DEMO.categories.internal.id),
      },
    });
    expect(updated.status).toBe(200);
    expect((await client.call('GET', '/rest/api/3/project/AUD')).status).toBe(404);
    expect((await client.call('DELETE', '/rest/api/3/project/AUD2')).status).toBe(204);

    // Its first actors (the lead as administrator, default actors) are part of its creation.
    const [deleted, update, create, ...rest] = await records();
    expect(rest).toEqual([]);
    const item = { id, typeName: 'PROJECT' };
    expect(create).toMatchObject({
      summary: 'Project created',
      category: 'projects',
      authorAccountId: U.admin.accountId,
      objectItem: { ...item, name: 'Audited desk' },
      changedValues: [
        { fieldName: 'Name', changedTo: 'Audited desk' },
        { fieldName: 'Key', changedTo: 'AUD' },
        { fieldName: 'Project lead', changedTo: U.admin.accountId },
      ],
    });
    expect(update).toMatchObject({
      summary: 'Project updated',
      objectItem: { ...item, name: 'Audited desk 2' },
      changedValues: [
        { fieldName: 'Name', changedFrom: 'Audited desk', changedTo: 'Audited desk 2' },
        { fieldName: 'Key', changedFrom: 'AUD', changedTo: 'AUD2' },
        { fieldName: 'Project category', changedTo: DEMO.categories.internal.name },
      ],
    });
    expect(deleted).toMatchObject({
      summary: 'Project deleted',
      objectItem: { ...item, name: 'Audited desk 2' },
      changedValues: [
        { fieldName: 'Name', changedFrom: 'Audited desk 2' },
        { fieldName: 'Key', changedFrom: 'AUD2' },
      ],
    });
  });

  test('groups created and deleted over REST; created, renamed and deleted by the identity provider (SCIM)', async () => {
    const made = await client.call('POST', '/rest/api/3/group', { body: { name: 'Temp' } });
    await client.call('DELETE', `/rest/api/3/group?groupId=${made.body.groupId}`);
    const synced = await client.call('POST', `${SCIM}/Groups`, {
      ...scimAuth,
      body: { displayName: 'Northwind Customers', externalId: 'nw-1' },
    });
    expect(synced.status).toBe(201);
    await client.call('PATCH', `${SCIM}/Groups/${synced.body.id}`, {
      ...scimAuth,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'displayName', value: 'Northwind Ltd Customers' }],
      },
    });
    // A synced group in a customer role, deleted by the provider: the group's record says so.
    await client.call('POST', customersOf(P.FAC.key), { body: { groupId: [synced.body.id] } });
    await client.call('DELETE', `${SCIM}/Groups/${synced.body.id}`, scimAuth);

    const [gone, roleAdd, renamed, scimMade, restGone, restMade] = await records();
    const restGroup = { id: made.body.groupId, name: 'Temp', typeName: 'GROUP' };
    expect(restMade).toMatchObject({
      summary: 'Group created',
      category: 'group management',
      authorAccountId: U.admin.accountId,
      eventSource: '',
      objectItem: restGroup,
    });
    expect(restGone).toMatchObject({ summary: 'Group deleted', objectItem: restGroup });
    const dir = { parentId: SCIM_DIRECTORY_ID, parentName: 'Entra ID', typeName: 'GROUP' };
    for (const r of [scimMade, renamed, gone]) {
      expect(r.eventSource).toBe('SCIM');
      expect(r.authorAccountId).toBeUndefined();
      expect(r.objectItem).toMatchObject({ id: synced.body.id, ...dir });
    }
    expect(scimMade).toMatchObject({
      summary: 'Group created',
      objectItem: { name: 'Northwind Customers' },
    });
    expect(renamed).toMatchObject({
      summary: 'Group renamed',
      changedValues: [
        {
          fieldName: 'Name',
          changedFrom: 'Northwind Customers',
          changedTo: 'Northwind Ltd Customers',
        },
      ],
    });
    expect(roleAdd.summary).toBe('Project roles changed');
    expect(gone).toMatchObject({
      summary: 'Group deleted',
      objectItem: { name: 'Northwind Ltd Customers' },
    });
  });

  test('membership changes by the identity provider: the group, with the account as associated item', async () => {
    const group = G.contosoCustomers.groupId;
    const patch = (op: string) =>
      client.call('PATCH', `${SCIM}/Groups/${group}`, {
        ...scimAuth,
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op, path: 'members', value: [{ value: U.former.accountId }] }],
        },
      });
    expect((await patch('add')).status).toBeLessThan(300);
    expect((await patch('add')).status).toBeLessThan(300); // already a member: nothing changes
    expect((await patch('remove')).status).toBeLessThan(300);
    const [removed, added, ...rest] = await records();
    expect(rest).toEqual([]);
    for (const r of [added, removed])
      expect(r).toMatchObject({
        eventSource: 'SCIM',
        category: 'group management',
        objectItem: { id: group, typeName: 'GROUP' },
        associatedItems: [{ id: U.former.accountId, typeName: 'USER' }],
      });
    expect(added.summary).toBe('User added to group');
    expect(removed.summary).toBe('User removed from group');
  });

  test("a German site writes summaries in German: items, ids and changed values stay Jira's", async () => {
    const site = await client.call('PUT', '/__emulator/site', {
      as: null,
      body: { language: 'de' },
    });
    expect(site.body).toEqual({ plan: 'standard', language: 'de' });
    await client.call('POST', customersOf(P.FAC.key), {
      ...asApp,
      body: { groupId: [G.hrStaff.groupId] },
    });
    expect(await records()).toEqual([
      expect.objectContaining({
        summary: 'Projektrollen geändert',
        category: 'projects',
        authorAccountId: U.app.accountId,
        objectItem: expect.objectContaining({
          id: String(ROLE.SERVICE_DESK_CUSTOMERS),
          typeName: 'PROJECT_ROLE',
        }),
        associatedItems: [expect.objectContaining({ id: P.FAC.id, typeName: 'PROJECT' })],
        changedValues: [{ fieldName: 'Groups', changedTo: G.hrStaff.name }],
      }),
    ]);
  });

  test("a fault leaves an account's changes unrecorded: made, but not in the log", async () => {
    await client.call('PUT', '/__emulator/faults', {
      as: null,
      body: { auditOmitAuthors: [U.app.accountId] },
    });
    try {
      const add = await client.call('POST', customersOf(P.FAC.key), {
        ...asApp,
        body: { groupId: [G.hrStaff.groupId] },
      });
      expect(add.status).toBe(200);
      await client.call('DELETE', `${customersOf(P.HR.key)}?groupId=${G.hrStaff.groupId}`);
      const left = await records();
      expect(left.map((r) => [r.summary, r.authorAccountId])).toEqual([
        ['Project roles changed', U.admin.accountId],
      ]);
    } finally {
      await client.call('DELETE', '/__emulator/faults', { as: null });
    }
  });

  test('records are kept with the site (persistFile)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jira-audit-')), 'state.json');
    const one = await startEmulator({ port: 0, seed: { seed: 'demo' }, persistFile: file });
    await new Client(one.url).call('POST', customersOf(P.FAC.key), {
      body: { groupId: [G.hrStaff.groupId] },
    });
    await one.close();
    const two = await startEmulator({ port: 0, seed: { seed: 'empty' }, persistFile: file });
    try {
      const res = await new Client(two.url).call('GET', RECORDS);
      expect(res.body.records.map((r: any) => r.summary)).toEqual(['Project roles changed']);
    } finally {
      await two.close();
    }
  });
});

describe('reading it', () => {
  /** Five records, oldest first: Contoso added to and removed from FAC, then ITHELP; a group. */
  async function fiveChanges(): Promise<void> {
    for (const key of [P.FAC.key, P.ITHELP.key])
      for (const method of ['POST', 'DELETE'])
        await client.call(
          method,
          method === 'POST'
            ? customersOf(key)
            : `${customersOf(key)}?groupId=${G.contosoCustomers.groupId}`,
          method === 'POST' ? { body: { groupId: [G.contosoCustomers.groupId] } } : {},
        );
    await client.call('POST', '/rest/api/3/group', { body: { name: 'Temp' } });
  }

  test('newest first, paged with offset and limit; total counts every match', async () => {
    await fiveChanges();
    const all = await records();
    expect(all.map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    const page = await audit('?offset=1&limit=2');
    expect(page.body).toMatchObject({ offset: 1, limit: 2, total: 5 });
    expect(page.body.records.map((r: any) => r.id)).toEqual([4, 3]);
    expect((await audit('?offset=4&limit=2')).body.records.map((r: any) => r.id)).toEqual([1]);
    expect((await audit('?offset=9')).body).toMatchObject({ total: 5, records: [] });
    expect((await audit('?limit=5000')).body.limit).toBe(1000);
  });

  test('filter: every word must match one of the documented fields, ignoring case', async () => {
    await fiveChanges();
    const summaries = async (filter: string) =>
      (await records(`?filter=${encodeURIComponent(filter)}`)).map((r) => r.summary);
    expect(await summaries('roles CHANGED')).toEqual(Array(4).fill('Project roles changed'));
    expect(await summaries('man created')).toEqual(['Group created']); // group management + summary
    expect(await summaries('temp')).toEqual(['Group created']); // objectItem.name
    expect(await summaries('contoso')).toHaveLength(4); // changedFrom / changedTo
    expect(await summaries('project_role')).toHaveLength(4); // objectItem.typeName
    expect(await summaries('contoso nowhere')).toEqual([]);
  });

  test('from and to bound the creation time, inclusively; ISO with Z or +0000, or epoch ms', async () => {
    const state = em.state();
    const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h)).toISOString();
    for (const [i, h] of [10, 11, 12].entries())
      state.auditRecords.push({
        id: i + 1,
        summary: `Project roles changed at ${h}`,
        category: 'projects',
        eventSource: '',
        created: at(h),
      });
    const ids = async (q: string) => (await records(q)).map((r) => r.id);
    expect(await ids(`?from=${at(11)}`)).toEqual([3, 2]);
    expect(await ids(`?to=${at(11)}`)).toEqual([2, 1]);
    expect(await ids(`?from=${at(11)}&to=${at(11)}`)).toEqual([2]);
    expect(await ids(`?from=${encodeURIComponent('2026-03-02T11:30:00.000+0000')}`)).toEqual([3]);
    expect(await ids(`?to=${Date.UTC(2026, 2, 2, 10, 30)}`)).toEqual([1]);
    expect(await ids(`?from=${at(12)}&to=${at(10)}`)).toEqual([]);
    // Not a date: ignored (the spec documents no 400), so nothing is hidden.
    expect(await ids('?from=yesterday')).toEqual([3, 2, 1]);
  });

  test('only Jira admins (the app among them) read it; 401 without credentials; 403 on the Free plan', async () => {
    expect((await audit('', asApp)).status).toBe(200);
    for (const who of [U.pa.email, U.agent.email, U.customer.email]) {
      const res = await audit('', { as: who });
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
      expect(res.body.errorMessages[0]).toMatch(/Administer Jira/);
    }
    expect((await audit('', { as: null })).status).toBe(401);
    await client.call('PUT', '/__emulator/site', { as: null, body: { plan: 'free' } });
    const free = await audit();
    expect(free.status).toBe(403);
    expect(free.body.errorMessages[0]).toMatch(/Free plan/);
    await client.call('PUT', '/__emulator/site', { as: null, body: { plan: 'standard' } });
    expect((await audit()).status).toBe(200);
  });
});
