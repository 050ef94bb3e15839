// Jira's rate limits as the emulator applies them: what each request costs in the points model,
// the app's hourly quota (headers, 429 until the window ends, moving the window on), Tier 2
// pools by plan, and per-endpoint burst buckets. The limits' clock is a stand-in the tests step,
// so no test waits and none depends on the time of day.
import { DEMO, ROLE, type RunningEmulator, SCIM_DIRECTORY_ID } from '../../local/jira-emulator';
import { startEmulator } from '../../local/jira-emulator';
import { tenantQuota } from '../../local/jira-emulator/quota';
import { type Answer, type CallOptions, Client } from './helpers';
import { expectMatchesSpec, loadSpec } from './spec-validator';

const platform = loadSpec('jira-platform.json');
const U = DEMO.users;
const G = DEMO.groups;
const P = DEMO.projects;
const CUSTOMERS = `/rest/api/3/project/${P.FAC.key}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`;
const asApp = { as: { bearer: U.app.accountId } } as const;
const control = { as: null } as const;

// 13:20:00 UTC: the hour's window ends in 40 minutes.
const T0 = Date.UTC(2026, 2, 2, 13, 20, 0);
let now = T0;
let em: RunningEmulator;
let client: Client;

beforeAll(async () => {
  em = await startEmulator({ port: 0, seed: { seed: 'demo' }, clock: () => now });
  client = new Client(em.url);
});
afterAll(() => em.close());
beforeEach(async () => {
  now = T0;
  expect((await client.reset()).status).toBe(200);
  expect((await client.call('DELETE', '/__emulator/limits', control)).status).toBe(204);
  await client.call('DELETE', '/__emulator/requests', control);
});

const limits = (body: unknown) => client.call('PUT', '/__emulator/limits', { ...control, body });
const lastLogged = async () => {
  const log = await client.call('GET', '/__emulator/requests', control);
  return log.body.requests.at(-1);
};
/** Calls, then reads what the request log says it cost. */
const cost = async (method: string, path: string, opts: CallOptions = asApp) => {
  const answer = await client.call(method, path, opts);
  return { answer, logged: await lastLogged() };
};
const errorCollection = platform.ajv.getSchema(
  'spec-jira-platform.json#/components/schemas/ErrorCollection',
)!;

describe('points per request (Jira 2026 model)', () => {
  test('1 per request plus 1 per project, 2 per user, group, role or permission; writes 1', async () => {
    const page = await cost('GET', '/rest/api/3/project/search?maxResults=3');
    expect(page.answer.body.values).toHaveLength(3);
    expect(page.logged).toMatchObject({ points: 1 + 3, metered: true });

    const role = await cost('GET', CUSTOMERS);
    expect(role.logged.points).toBe(1 + 2);

    expect(role.answer.status).toBe(200);
    const roles = await cost('GET', `/rest/api/3/project/${P.ITHELP.key}/role`);
    expect(roles.logged.points).toBe(1 + 2 * Object.keys(roles.answer.body).length);

    const picker = await cost('GET', '/rest/api/3/groups/picker?query=customers');
    expect(picker.answer.body.groups).toHaveLength(2);
    expect(picker.logged.points).toBe(1 + 2 * 2);

    const members = await cost(
      'GET',
      `/rest/api/3/group/member?groupId=${G.contosoCustomers.groupId}`,
    );
    expect(members.logged.points).toBe(1 + 2 * members.answer.body.values.length);
    expect(members.answer.body.values.length).toBeGreaterThan(0);

    // A person's groups: 2 a group, every group the person is in.
    const groups = await cost('GET', `/rest/api/3/user/groups?accountId=${U.agent.accountId}`);
    expect(groups.answer.body.map((g: { groupId: string }) => g.groupId)).toContain(
      G.servicedeskUsers.groupId,
    );
    expect(groups.logged.points).toBe(1 + 2 * groups.answer.body.length);

    const perms = await cost('GET', '/rest/api/3/mypermissions?permissions=ADMINISTER,USER_PICKER');
    expect(perms.logged.points).toBe(1 + 2 * 2);

    const write = await cost('POST', CUSTOMERS, {
      ...asApp,
      body: { groupId: [G.contosoCustomers.groupId, G.fabrikamCustomers.groupId] },
    });
    expect(write.answer.status).toBe(200);
    expect(write.logged.points).toBe(1);

    const missing = await cost('GET', '/rest/api/3/project/NOPE');
    expect(missing).toMatchObject({ answer: { status: 404 }, logged: { points: 1 } });
  });

  test("only the app's calls (Bearer, as itself or a user) are metered; API tokens and SCIM are not", async () => {
    const person = await cost('GET', '/rest/api/3/project/search?maxResults=2', {});
    expect(person.logged).toMatchObject({ points: 3, metered: false });
    const asUser = await cost('GET', '/rest/api/3/myself', { as: { bearer: U.pa.accountId } });
    expect(asUser.logged).toMatchObject({ points: 3, metered: true, caller: U.pa.accountId });
    const scim = await cost('GET', `/scim/directory/${SCIM_DIRECTORY_ID}/Groups`, {
      as: null,
      headers: { authorization: 'Bearer idp-key' },
    });
    expect(scim.logged).toMatchObject({ points: 0, metered: false });
  });
});

describe("the app's hourly quota", () => {
  test('a policy header on every metered answer; r and near-limit once under 20% is left', async () => {
    await limits({ quota: { enabled: true, points: 100 } });
    const first = await client.call('GET', '/rest/api/3/myself', asApp);
    expect(first.headers.get('beta-ratelimit-policy')).toBe('"global-app-quota";q=100;w=3600');
    expect(first.headers.get('beta-ratelimit')).toBeNull();
    expect(first.headers.get('x-ratelimit-nearlimit')).toBeNull();
    // A person's API-token call neither counts nor carries the app's quota headers.
    const person = await client.call('GET', '/rest/api/3/myself');
    expect(person.headers.get('beta-ratelimit-policy')).toBeNull();

    await limits({ quota: { used: 78 } }); // 22 left: 22%
    const still = await client.call('GET', '/rest/api/3/myself', asApp); // costs 3
    expect(still.headers.get('beta-ratelimit')).toBe('"global-app-quota";r=19;t=2400');
    expect(still.headers.get('x-ratelimit-nearlimit')).toBe('true');
    const status = await client.call('GET', '/__emulator/limits', control);
    expect(status.body.quota).toMatchObject({
      enabled: true,
      mode: 'global',
      points: 100,
      used: 81,
      left: 19,
      windowSeconds: 3600,
      resetsAt: '2026-03-02T14:00:00.000Z',
      resetInSeconds: 2400,
    });
  });

  test('spent: every app request is refused with 429 until the top of the hour; a moved window serves again', async () => {
    await limits({ quota: { enabled: true, points: 100, used: 99 } });
    expect((await client.call('GET', '/rest/api/3/myself', asApp)).status).toBe(200); // over
    const refused = await client.call('POST', CUSTOMERS, {
      ...asApp,
      body: { groupId: [G.contosoCustomers.groupId] },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-reason')).toBe('jira-quota-global-based');
    expect(refused.headers.get('retry-after')).toBe('2400');
    expect(refused.headers.get('x-ratelimit-reset')).toBe('2026-03-02T14:00:00.000Z');
    expect(refused.headers.get('beta-ratelimit')).toBe('"global-app-quota";r=0;t=2400');
    expect(refused.body.errorMessages[0]).toMatch(/quota of 100 points.*until 14:00:00 UTC/);
    expect(errorCollection(refused.body)).toBe(true);
    // Refused means not done, and free.
    expect((await lastLogged()).points).toBe(0);
    const role = await client.call('GET', CUSTOMERS);
    expect(role.body.actors).toEqual([]);
    // API-token traffic is not metered: a person is still served.
    expect((await client.call('GET', '/rest/api/3/myself')).status).toBe(200);

    const moved = await client.call('POST', '/__emulator/limits/window', control);
    expect(moved.body.quota).toMatchObject({ used: 0, left: 100 });
    expect((await client.call('GET', '/rest/api/3/myself', asApp)).status).toBe(200);
  });

  test('the window also ends by itself at the top of the hour', async () => {
    await limits({ quota: { enabled: true, points: 100, used: 100 } });
    expect((await client.call('GET', '/rest/api/3/myself', asApp)).status).toBe(429);
    now = Date.UTC(2026, 2, 2, 13, 59, 59, 500);
    const last = await client.call('GET', '/rest/api/3/myself', asApp);
    expect(last.headers.get('retry-after')).toBe('1');
    now = Date.UTC(2026, 2, 2, 14, 0, 0);
    const next = await client.call('GET', '/rest/api/3/myself', asApp);
    expect(next.status).toBe(200);
    expect(next.headers.get('beta-ratelimit')).toBeNull();
    const status = await client.call('GET', '/__emulator/limits', control);
    expect(status.body.quota).toMatchObject({ used: 3, resetsAt: '2026-03-02T15:00:00.000Z' });
  });

  test("Tier 2 (tenant): the site's own pool by plan and users; refusals say jira-quota-tenant-based", async () => {
    const state = await client.call('GET', '/__emulator/state', control);
    const people = state.body.users.filter(
      (u: any) => u.active && u.accountType === 'atlassian',
    ).length;
    await client.call('PUT', '/__emulator/site', { ...control, body: { plan: 'premium' } });
    const set = await limits({ quota: { enabled: true, mode: 'tenant' } });
    expect(set.body.quota.points).toBe(130_000 + 20 * people);
    await limits({ quota: { used: set.body.quota.points } });
    const refused = await client.call('GET', '/rest/api/3/myself', asApp);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-reason')).toBe('jira-quota-tenant-based');
    expect(refused.headers.get('beta-ratelimit-policy')).toBe(
      `"tenant-app-quota";q=${130_000 + 20 * people};w=3600`,
    );
  });

  test('Tier 2 figures: Free 65,000; Standard, Premium, Enterprise per user; at most 500,000', () => {
    expect(tenantQuota('free', 1000)).toBe(65_000);
    expect(tenantQuota('standard', 1000)).toBe(110_000);
    expect(tenantQuota('premium', 1000)).toBe(150_000);
    expect(tenantQuota('enterprise', 1000)).toBe(180_000);
    expect(tenantQuota('enterprise', 20_000)).toBe(500_000);
  });

  test('the defaults are the Tier 1 figures, and answers stay as the spec describes them', async () => {
    const set = await limits({ quota: { enabled: true } });
    expect(set.body.quota).toMatchObject({ mode: 'global', points: 65_000, windowSeconds: 3600 });
    const calls: [string, string, Answer][] = [];
    for (const [template, path] of [
      ['/rest/api/3/project/search', '/rest/api/3/project/search?maxResults=2'],
      ['/rest/api/3/project/{projectIdOrKey}/role/{id}', CUSTOMERS],
      ['/rest/api/3/mypermissions', '/rest/api/3/mypermissions?permissions=ADMINISTER'],
    ])
      calls.push([template, path, await client.call('GET', path, asApp)]);
    for (const [template, , answer] of calls) {
      expect(answer.headers.get('beta-ratelimit-policy')).toBe('"global-app-quota";q=65000;w=3600');
      expectMatchesSpec(platform, 'GET', template, answer.status, answer.body);
    }
  });
});

describe('burst limits', () => {
  test('GET 100/s per endpoint: the 101st in a second is refused with jira-burst-based, other endpoints are served', async () => {
    await limits({ burst: { enabled: true } });
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++)
      statuses.push((await client.call('GET', '/rest/api/3/myself', asApp)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    const refused = await client.call('GET', '/rest/api/3/myself', asApp);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.errorMessages[0]).toMatch(
      /more than 100 GET requests per second to GET \/rest\/api\/3\/myself/,
    );
    expect(errorCollection(refused.body)).toBe(true);
    // Another endpoint has a bucket of its own.
    expect((await client.call('GET', '/rest/api/3/project/search', asApp)).status).toBe(200);
    // A second later the bucket is full again.
    now += 1000;
    expect((await client.call('GET', '/rest/api/3/myself', asApp)).status).toBe(200);
  });

  test('DELETE 50/s; the role actors read has 200/s of its own, shared by every project (per endpoint, not per path)', async () => {
    await limits({ burst: { enabled: true } });
    const del = (i: number) =>
      client.call('DELETE', `${CUSTOMERS}?groupId=${G.hrStaff.groupId}&n=${i}`, asApp);
    const deletes: number[] = [];
    for (let i = 0; i < 51; i++) deletes.push((await del(i)).status);
    expect(deletes.slice(0, 50).every((s) => s === 404)).toBe(true); // not an actor: served
    expect(deletes[50]).toBe(429);
    // POST on the same path is another method: served.
    const post = await client.call('POST', CUSTOMERS, {
      ...asApp,
      body: { groupId: [G.hrStaff.groupId] },
    });
    expect(post.status).toBe(200);

    const keys = [P.ITHELP.key, P.HR.key, P.FAC.key];
    const reads: number[] = [];
    for (let i = 0; i < 201; i++) {
      const path = `/rest/api/3/project/${keys[i % 3]}/role/${ROLE.SERVICE_DESK_CUSTOMERS}`;
      reads.push((await client.call('GET', path, asApp)).status);
    }
    expect(reads.filter((s) => s === 200)).toHaveLength(200);
    expect(reads[200]).toBe(429);
  });

  test('rates per method and endpoint are configurable; a site bucket counts every endpoint together', async () => {
    const set = await limits({
      burst: { enabled: true, perSecond: { GET: 2 }, endpoints: { 'GET /rest/api/3/myself': 1 } },
    });
    expect(set.body.burst).toMatchObject({
      enabled: true,
      perSecond: { GET: 2, POST: 100, PUT: 50, DELETE: 50 },
      endpoints: {
        'GET /rest/api/3/myself': 1,
        'GET /rest/api/3/project/{projectIdOrKey}/role/{id}': 200,
      },
    });
    const myself = [0, 1].map(() => client.call('GET', '/rest/api/3/myself'));
    expect((await Promise.all(myself)).map((a) => a.status).sort()).toEqual([200, 429]);
    const search = [0, 1, 2].map(() => client.call('GET', '/rest/api/3/project/search'));
    expect((await Promise.all(search)).map((a) => a.status).sort()).toEqual([200, 200, 429]);

    await client.call('DELETE', '/__emulator/limits', control);
    await limits({ burst: { site: 2 } });
    const mixed = [
      await client.call('GET', '/rest/api/3/myself'),
      await client.call('GET', '/rest/api/3/project/search'),
      await client.call('GET', CUSTOMERS),
    ];
    expect(mixed.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(mixed[2].body.errorMessages[0]).toMatch(/more than 2 requests per second to the site/);
  });
});

describe('control calls', () => {
  test('settings are validated; the old burstPerSecond fault is refused, naming where it went', async () => {
    const old = await client.call('PUT', '/__emulator/faults', {
      ...control,
      body: { burstPerSecond: 5 },
    });
    expect(old.status).toBe(400);
    expect(old.body.error).toMatch(/burstPerSecond/);
    for (const body of [
      { quota: { points: -1 } },
      { quota: { mode: 'site' } },
      { burst: { perSecond: { GET: 0 } } },
      { burst: { endpoints: { '/rest/api/3/myself': 5 } } },
      { nope: true },
    ])
      expect({ body, status: (await limits(body)).status }).toEqual({ body, status: 400 });
    const plan = await client.call('PUT', '/__emulator/site', {
      ...control,
      body: { plan: 'gold' },
    });
    expect(plan.status).toBe(400);
    expect((await client.call('GET', '/__emulator/site', control)).body).toEqual({
      plan: 'standard',
      language: 'en',
    });
  });

  test('DELETE /__emulator/limits turns everything off again', async () => {
    await limits({ quota: { enabled: true, points: 10, used: 10 }, burst: { enabled: true } });
    expect((await client.call('GET', '/rest/api/3/myself', asApp)).status).toBe(429);
    await client.call('DELETE', '/__emulator/limits', control);
    const served = await client.call('GET', '/rest/api/3/myself', asApp);
    expect(served.status).toBe(200);
    expect(served.headers.get('beta-ratelimit-policy')).toBeNull();
    expect((await client.call('GET', '/__emulator/limits', control)).body).toMatchObject({
      quota: { enabled: false, points: 65_000, used: 0 },
      burst: { enabled: false, site: null },
    });
  });
});
