// Hostile input. Every admin and project resolver function, fed payloads no schema may accept
// (unknown fields, prototype keys, wrong types, huge strings, 10,000-item arrays), answers a short
// message saying the request is not valid and changes nothing: KVS (rules, settings, runs, audit)
// is byte for byte the same and Jira gets no write. The emulator and the host, fed malformed JSON,
// wrong content types and oversized bodies, answer 4xx and keep serving.
import fc from 'fast-check';

import type { Stack } from '../integration/stack';
import { ADMIN_MODULE, answeredError, PROJECT_MODULE } from '../integration/stack';
import { DEMO, demoRule, kvsDump, startReliabilityStack } from './helpers';
import { adminPayloads, projectPayloads } from './payloads';

jest.setTimeout(120_000);

const PA = DEMO.users.pa.accountId;
let stack: Stack;
let ids: { ruleId: string; runId: string };
beforeAll(async () => {
  stack = await startReliabilityStack();
  const rule = await stack.admin('saveRule', { rule: demoRule() });
  const { runId } = await stack.admin('startRun', {});
  await stack.waitForRun(runId);
  ids = { ruleId: rule.id, runId };
});
afterAll(async () => {
  await stack?.close();
});

/** An object with an own property named like a prototype key, as JSON.parse makes it. */
const own = (key: string, value: unknown) =>
  JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`);

/** Values no field of any payload accepts. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 300_000, max: 400_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('A', 'ITHELP', 1).map((v) => Array.from({ length: 10_000 }, () => v)),
  fc.constant(Array.from({ length: 10_000 }, (_, i) => ({ key: `P${i}` }))),
  fc
    .constantFrom('__proto__', 'constructor', 'prototype')
    .map((k) => own(k, { polluted: true, isAdmin: true })),
  fc.integer({ min: 2, max: 60 }).map((depth) => {
    let v: unknown = 'deep';
    for (let i = 0; i < depth; i++) v = { v };
    return { deep: v };
  }),
);
const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'projectKey',
    'accountId',
    'context',
    'extension',
  ),
  fc.stringMatching(/^[a-z]{1,12}_x$/),
);

/** A valid payload made invalid: an unknown (or prototype) key, a field replaced by a hostile value, or not an object at all. */
function hostile(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const fields = Object.keys(base);
  const mutations: fc.Arbitrary<unknown>[] = [
    fc.tuple(hostileKey, fc.anything()).map(([k, v]) =>
      Object.defineProperty({ ...base }, k, {
        value: v === undefined ? null : v,
        enumerable: true,
        writable: true,
        configurable: true,
      }),
    ),
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.anything(), { minLength: 1 }),
      hostileValue.filter((v) => typeof v === 'string' || Array.isArray(v)),
    ),
  ];
  if (fields.length)
    mutations.push(
      fc.tuple(fc.constantFrom(...fields), hostileValue).map(([f, v]) => ({ ...base, [f]: v })),
    );
  return fc.oneof(...mutations);
}

function check(
  moduleKey: string,
  projectKey: string | undefined,
  accountId: string,
  fn: string,
  base: Record<string, unknown>,
) {
  return fc.assert(
    fc.asyncProperty(hostile(base), async (payload) => {
      const before = kvsDump(stack);
      const { next } = await stack.control('GET', 'requests');
      const r = await stack.host.invoke({
        moduleKey,
        functionKey: fn,
        payload,
        accountId,
        ...(projectKey ? { projectKey } : {}),
      });
      await stack.host.waitForIdle();
      // Every function answers its error as data, with the code the page maps.
      const answered = answeredError(r);
      expect(answered?.code).toBe('invalid-input');
      const message = answered?.message ?? '';
      expect(message).toMatch(/^The (request|rule|settings|rules file) is not valid\. /);
      expect(message).not.toContain(fn);
      expect(message.length).toBeLessThan(1500);
      expect(kvsDump(stack)).toEqual(before);
      const { requests } = await stack.control('GET', `requests?since=${next}`);
      expect(requests.filter((q: any) => q.method !== 'GET')).toEqual([]);
    }),
    { numRuns: 12, seed: 4242 },
  );
}

describe('admin resolver functions', () => {
  for (const fn of Object.keys(adminPayloads({ ruleId: 'r', runId: 'x' }))) {
    it(`${fn} refuses hostile payloads and changes nothing`, () =>
      check(ADMIN_MODULE, undefined, DEMO.users.admin.accountId, fn, adminPayloads(ids)[fn]));
  }
  it('nested prototype keys in a rule or the settings are refused', async () => {
    const before = kvsDump(stack);
    const cases: [string, unknown][] = [
      [
        'saveSettings',
        { settings: { scheduleEnabled: true, ...own('__proto__', { removeUnwanted: false }) } },
      ],
      ['saveRule', { rule: { ...demoRule(), ...own('__proto__', { enabled: false }) } }],
      [
        'saveRule',
        {
          rule: {
            ...demoRule(),
            scope: { type: 'all', ...own('constructor', { prototype: { polluted: true } }) },
          },
        },
      ],
      ['importRules', { rules: [{ ...demoRule(), ...own('__proto__', { id: 'evil' }) }] }],
    ];
    for (const [fn, payload] of cases)
      await expect(stack.admin(fn, payload)).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringMatching(/is not valid/),
      });
    expect(kvsDump(stack)).toEqual(before);
    expect(({} as any).polluted).toBeUndefined();
  });
});

describe('project resolver functions', () => {
  for (const fn of Object.keys(projectPayloads({ ruleId: 'r', runId: 'x' }))) {
    it(`${fn} refuses hostile payloads and changes nothing`, () =>
      check(PROJECT_MODULE, 'ITHELP', PA, fn, projectPayloads(ids)[fn]));
  }
});

describe('the emulator and the host', () => {
  async function send(url: string, init: RequestInit): Promise<number> {
    const res = await fetch(url, init);
    await res.text();
    return res.status;
  }
  const auth = { authorization: `Bearer ${DEMO.users.admin.accountId}` };

  it('the emulator answers 4xx to malformed JSON, wrong content types and oversized bodies, and keeps serving', async () => {
    const role = `${stack.emulator.url}/rest/api/3/project/ITHELP/role/10101`;
    const scim = `${stack.emulator.url}/scim/directory/${DEMO.directoryId}/Groups`;
    const before = await stack.roleGroups('ITHELP');
    const cases: [string, RequestInit, number][] = [
      [
        role,
        {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"groupId": [',
        },
        400,
      ],
      [
        role,
        {
          method: 'POST',
          headers: { ...auth, 'content-type': 'text/plain' },
          body: JSON.stringify({ groupId: [DEMO.groups.hrStaff.groupId] }),
        },
        400,
      ],
      [
        role,
        {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ groupId: 'x'.repeat(2 * 1024 * 1024) }),
        },
        413,
      ],
      [
        role,
        {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ groupId: { __proto__: 1 } }),
        },
        400,
      ],
      [
        scim,
        {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/scim+json' },
          body: '{"displayName":',
        },
        400,
      ],
      [
        scim,
        {
          method: 'POST',
          headers: { authorization: 'Bearer k', 'content-type': 'application/xml' },
          body: '<group/>',
        },
        400,
      ],
      [
        `${stack.emulator.url}/__emulator/faults`,
        { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{nope' },
        400,
      ],
    ];
    for (const [url, init, status] of cases)
      expect({ url, status: await send(url, init) }).toEqual({ url, status });
    expect(await stack.roleGroups('ITHELP')).toEqual(before);
    expect((await stack.jira('GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it('the host answers 4xx to malformed JSON, wrong content types and oversized bodies, and keeps serving', async () => {
    const invoke = `${stack.host.url}/api/invoke`;
    const cases: [string, RequestInit, number][] = [
      [
        invoke,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"moduleKey":' },
        400,
      ],
      [
        invoke,
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ moduleKey: ADMIN_MODULE, functionKey: 'listRules' }),
        },
        415,
      ],
      [
        invoke,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            moduleKey: ADMIN_MODULE,
            functionKey: 'listRules',
            payload: 'x'.repeat(6 * 1024 * 1024),
          }),
        },
        413,
      ],
      [
        invoke,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2,3]' },
        400,
      ],
      [
        invoke,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ moduleKey: 'nope', functionKey: 'x' }),
        },
        404,
      ],
      [
        `${stack.host.url}/__host/faults`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kvsWriteFailures: -1 }),
        },
        400,
      ],
      [
        `${stack.host.url}/__host/webhooks/jira`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{{' },
        400,
      ],
    ];
    for (const [url, init, status] of cases)
      expect({ url, status: await send(url, init) }).toEqual({ url, status });
    const ok = await fetch(invoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: ADMIN_MODULE, functionKey: 'listRules', payload: {} }),
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).result).toHaveLength(1);
  });
});
