// Product calls (asApp / asUser, scopes) and resolver invocations over the HTTP API.
import { FAKE_ADMIN, FAKE_AGENT, FAKE_APP_ACCOUNT } from './helpers/fake-jira';
import { call, type Env, postJson, startEnv } from './helpers/setup';

let env: Env;
beforeAll(async () => {
  env = await startEnv({ limits: { resolverMs: 1500 } });
});
afterAll(async () => {
  await env.close();
});

const lastRequest = (pathPrefix: string) =>
  [...env.jira.requests].reverse().find((r) => r.path.startsWith(pathPrefix));

test('asApp calls reach Jira as the app account', async () => {
  const r = await call(env, 'jira', { path: '/rest/api/3/project/search?typeKey=service_desk' });
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body).values[0].key).toBe('HELP');
  expect(lastRequest('/rest/api/3/project/search')?.auth).toBe(`Bearer ${FAKE_APP_ACCOUNT}`);
});

test('asUser calls act as the invoking user, or as the accountId given', async () => {
  const own = await call(
    env,
    'jira',
    { path: '/rest/api/3/myself', as: 'user' },
    { accountId: FAKE_AGENT },
  );
  expect(JSON.parse(own.body)).toEqual({ accountId: FAKE_AGENT });
  const given = await call(
    env,
    'jira',
    { path: '/rest/api/3/myself', as: 'user', accountId: FAKE_ADMIN },
    { accountId: FAKE_AGENT },
  );
  expect(JSON.parse(given.body)).toEqual({ accountId: FAKE_ADMIN });
});

test('a call whose scope the manifest lacks is refused and never reaches Jira', async () => {
  const before = env.jira.requests.length;
  const r = await call(env, 'jira', {
    path: '/rest/api/3/project/HELP/role/10002',
    method: 'POST',
    body: { groupId: ['g'] },
  });
  expect(r.status).toBe(401);
  expect(JSON.parse(r.body).message).toMatch(/scope does not match.*manage:jira-configuration/);
  const jsm = await call(env, 'jira', { path: '/rest/servicedeskapi/servicedesk' });
  expect(JSON.parse(jsm.body).message).toMatch(/read:servicedesk-request/);
  expect(env.jira.requests.length).toBe(before);
});

test('an unknown REST path is refused with a clear message', async () => {
  const r = await call(env, 'jira', { path: '/rest/api/3/not-a-real-endpoint' });
  expect(r.status).toBe(404);
  expect(JSON.parse(r.body).message).toMatch(
    /does not know GET \/rest\/api\/3\/not-a-real-endpoint/,
  );
});

test('POST /api/invoke runs a resolver with the admin page context, default caller the site admin', async () => {
  const r = await postJson(`${env.host.url}/api/invoke`, {
    moduleKey: 'fixture-admin',
    functionKey: 'context',
    payload: { a: 1 },
  });
  expect(r.status).toBe(200);
  expect(r.body.ok).toBe(true);
  const { context, appContext } = r.body.result;
  expect(context).toMatchObject({
    accountId: FAKE_ADMIN,
    moduleKey: 'fixture-admin',
    extension: { type: 'jira:adminPage' },
    siteUrl: env.jira.url,
  });
  expect(context.cloudId).toEqual(expect.any(String));
  expect(context.localId).toEqual(expect.any(String));
  expect(appContext).toMatchObject({
    appAri: 'ari:cloud:ecosystem::app/11111111-2222-3333-4444-555555555555',
    moduleKey: 'fixture-admin',
    environmentType: 'DEVELOPMENT',
    scopes: ['read:jira-work', 'read:jira-user', 'storage:app'],
  });
  expect(appContext.remaining).toBeGreaterThan(1000);
  expect(appContext.remaining).toBeLessThanOrEqual(1500);
});

test('the project settings page context carries the project; the caller can be chosen', async () => {
  const r = await postJson(`${env.host.url}/api/invoke`, {
    moduleKey: 'fixture-project',
    functionKey: 'context',
    projectKey: 'HELP',
    accountId: FAKE_AGENT,
  });
  expect(r.body.result.context).toMatchObject({
    accountId: FAKE_AGENT,
    extension: {
      type: 'jira:projectSettingsPage',
      project: { id: '10001', key: 'HELP', type: 'service_desk' },
    },
  });
  expect(
    (
      await postJson(`${env.host.url}/api/invoke`, {
        moduleKey: 'fixture-project',
        functionKey: 'context',
        projectKey: 'NOPE',
      })
    ).status,
  ).toBe(404);
  expect(
    (
      await postJson(`${env.host.url}/api/invoke`, {
        moduleKey: 'fixture-project',
        functionKey: 'context',
      })
    ).status,
  ).toBe(400);
});

test('bad requests are 400, unknown modules 404, a throwing resolver 500 with its message', async () => {
  expect(await postJson(`${env.host.url}/api/invoke`, '{not json')).toEqual({
    status: 400,
    body: { ok: false, error: { message: expect.stringContaining('JSON') } },
  });
  expect((await postJson(`${env.host.url}/api/invoke`, { functionKey: 'x' })).status).toBe(400);
  expect(
    (await postJson(`${env.host.url}/api/invoke`, { moduleKey: 'nope', functionKey: 'x' })).status,
  ).toBe(404);
  const thrown = await postJson(`${env.host.url}/api/invoke`, {
    moduleKey: 'fixture-admin',
    functionKey: 'throws',
  });
  expect(thrown).toEqual({
    status: 500,
    body: { ok: false, error: { message: 'resolver exploded on purpose' } },
  });
  const missing = await postJson(`${env.host.url}/api/invoke`, {
    moduleKey: 'fixture-admin',
    functionKey: 'no-such-function',
  });
  expect(missing.status).toBe(500);
  expect(missing.body.error.message).toMatch(/no definition for 'no-such-function'/);
});

test('a resolver over its time limit is killed, reported, and the host keeps serving', async () => {
  const started = Date.now();
  const r = await postJson(`${env.host.url}/api/invoke`, {
    moduleKey: 'fixture-admin',
    functionKey: 'sleep',
    payload: { ms: 10_000 },
  });
  expect(Date.now() - started).toBeLessThan(5000);
  expect(r.status).toBe(504);
  expect(r.body.error.message).toMatch(/timed out after 1.5 seconds/);
  expect(
    env.logs.some((l) => /resolver fixture-admin \(resolver:sleep\) failed.*timed out/.test(l)),
  ).toBe(true);
  expect(
    (
      await postJson(`${env.host.url}/api/invoke`, {
        moduleKey: 'fixture-admin',
        functionKey: 'sleep',
        payload: { ms: 10 },
      })
    ).body,
  ).toEqual({ ok: true, result: 'woke' });
  const inv = await (await fetch(`${env.host.url}/api/invocations`)).json();
  expect(inv.maxInvocationMs).toBeGreaterThanOrEqual(1500);
  expect(inv.invocations.find((i: any) => i.functionKey === 'sleep' && i.timedOut)).toMatchObject({
    ok: false,
    limitMs: 1500,
  });
});

test('GET /api/health answers', async () => {
  const h = await (await fetch(`${env.host.url}/api/health`)).json();
  expect(h).toMatchObject({
    ok: true,
    jiraUrl: env.jira.url,
    appId: expect.stringContaining('11111111'),
  });
});
