// KVS through the real @forge/kvs SDK, running in the fixture app inside the host.
import fs from 'fs';
import os from 'os';
import path from 'path';

import { startHost } from '../../local/forge-host';
import { FAKE_ADMIN, FAKE_APP_ACCOUNT } from './helpers/fake-jira';
import { call, type Env, postJson, startEnv } from './helpers/setup';
import { FIXTURE_APP } from './helpers/setup';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env.close();
});

const kv = (payload: Record<string, unknown>) => call(env, 'kvs', payload);

test('set, get, overwrite and delete round-trip; a missing key reads as undefined', async () => {
  expect(await kv({ op: 'set', key: 'rule:1', value: { name: 'a', groups: ['g1'] } })).toEqual({
    result: null,
  });
  expect(await kv({ op: 'get', key: 'rule:1' })).toEqual({ result: { name: 'a', groups: ['g1'] } });
  await kv({ op: 'set', key: 'rule:1', value: 'second' });
  expect(await kv({ op: 'get', key: 'rule:1' })).toEqual({ result: 'second' });
  await kv({ op: 'delete', key: 'rule:1' });
  expect(await kv({ op: 'get', key: 'rule:1' })).toEqual({ result: null });
  expect(await kv({ op: 'delete', key: 'never-set' })).toEqual({ result: null });
});

test('FAIL_IF_EXISTS refuses an existing key; returnValue PREVIOUS gives the old value', async () => {
  await kv({ op: 'set', key: 'lock:x', value: 1, options: { keyPolicy: 'FAIL_IF_EXISTS' } });
  const second = await kv({
    op: 'set',
    key: 'lock:x',
    value: 2,
    options: { keyPolicy: 'FAIL_IF_EXISTS' },
  });
  expect(second.error).toMatchObject({ name: 'ForgeKvsError', status: 409 });
  const prev = await kv({
    op: 'set',
    key: 'lock:x',
    value: 3,
    options: { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' },
  });
  expect(prev.result).toEqual({ key: 'lock:x', value: 1 });
  expect(await kv({ op: 'get', key: 'lock:x' })).toEqual({ result: 3 });
});

test('query by prefix pages in key order with a cursor; limit defaults to 10 and may not exceed 20', async () => {
  const items = Array.from({ length: 23 }, (_, i) => ({
    key: `page:${String(i).padStart(2, '0')}`,
    value: i,
  }));
  await kv({ op: 'batchSet', items: items.slice(0, 20) });
  await kv({ op: 'batchSet', items: items.slice(20) });
  await kv({ op: 'set', key: 'pagf', value: 'outside the prefix' });

  const first = (await kv({ op: 'query', prefix: 'page:' })).result;
  expect(first.results.map((r: any) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(typeof first.nextCursor).toBe('string');

  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const page = (await kv({ op: 'query', prefix: 'page:', limit: 20, cursor })).result;
    expect(page.results.length).toBeLessThanOrEqual(20);
    seen.push(...page.results.map((r: any) => r.value));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen).toEqual(items.map((i) => i.value));

  const tooMany = await kv({ op: 'query', prefix: 'page:', limit: 21 });
  expect(tooMany.error).toMatchObject({ name: 'ForgeKvsError', code: 'BAD_REQUEST', status: 400 });
});

test('batch get/set/delete report per key; more than 25 keys or a duplicate key fail the batch', async () => {
  const set = (
    await kv({
      op: 'batchSet',
      items: [
        { key: 'b:1', value: 1 },
        { key: 'b:2', value: 2 },
        { key: 'bad/key', value: 3 },
      ],
    })
  ).result;
  expect(set.successfulKeys).toEqual([{ key: 'b:1' }, { key: 'b:2' }]);
  expect(set.failedKeys).toEqual([
    { key: 'bad/key', error: { code: 'INVALID_KEY', message: expect.stringContaining('bad/key') } },
  ]);
  const got = (await kv({ op: 'batchGet', items: [{ key: 'b:1' }, { key: 'b:missing' }] })).result;
  expect(got.successfulKeys).toEqual([expect.objectContaining({ key: 'b:1', value: 1 })]);
  expect(got.failedKeys).toEqual([
    expect.objectContaining({
      key: 'b:missing',
      error: expect.objectContaining({ code: 'KEY_NOT_FOUND' }),
    }),
  ]);
  await kv({ op: 'batchDelete', items: [{ key: 'b:1' }, { key: 'b:2' }] });
  expect(await kv({ op: 'get', key: 'b:2' })).toEqual({ result: null });

  const big = await kv({
    op: 'batchSet',
    items: Array.from({ length: 26 }, (_, i) => ({ key: `big:${i}`, value: i })),
  });
  expect(big.error).toMatchObject({
    code: 'BAD_REQUEST',
    status: 400,
    message: expect.stringContaining('25'),
  });
  const dup = await kv({
    op: 'batchSet',
    items: [
      { key: 'd', value: 1 },
      { key: 'd', value: 2 },
    ],
  });
  expect(dup.error).toMatchObject({ code: 'BAD_REQUEST' });
});

test('a transaction applies all of its operations or none', async () => {
  await kv({ op: 'set', key: 'tx:old', value: 'old' });
  await kv({
    op: 'transact',
    set: [
      { key: 'tx:a', value: 1 },
      { key: 'tx:b', value: 2 },
    ],
    delete: ['tx:old'],
  });
  expect(await kv({ op: 'get', key: 'tx:a' })).toEqual({ result: 1 });
  expect(await kv({ op: 'get', key: 'tx:old' })).toEqual({ result: null });

  const failed = await kv({
    op: 'transact',
    set: [
      { key: 'tx:c', value: 1 },
      { key: 'tx:d', value: 'x'.repeat(250 * 1024) },
    ],
  });
  expect(failed.error).toMatchObject({ code: 'MAX_SIZE', status: 400 });
  expect(await kv({ op: 'get', key: 'tx:c' })).toEqual({ result: null });
});

test('key and value limits fail as Forge reports them', async () => {
  expect((await kv({ op: 'set', key: 'k'.repeat(501), value: 1 })).error).toMatchObject({
    name: 'ForgeKvsError',
    code: 'KEY_TOO_LONG',
    status: 400,
  });
  expect((await kv({ op: 'set', key: 'k'.repeat(500), value: 1 })).result).toBeNull();
  expect((await kv({ op: 'set', key: 'a/b', value: 1 })).error).toMatchObject({
    code: 'INVALID_KEY',
  });
  expect((await kv({ op: 'set', key: '   ', value: 1 })).error).toMatchObject({
    code: 'INVALID_KEY',
  });
  expect(
    (await kv({ op: 'set', key: 'ok: key_with.all-allowed#chars', value: 1 })).result,
  ).toBeNull();
  expect((await kv({ op: 'set', key: 'huge', value: 'x'.repeat(240 * 1024) })).error).toMatchObject(
    { code: 'MAX_SIZE', status: 400 },
  );
  expect(
    (await kv({ op: 'set', key: 'fits', value: 'x'.repeat(240 * 1024 - 10) })).result,
  ).toBeNull();
});

test('POST /__host/faults makes the next N writes fail, then writes work again', async () => {
  const r = await postJson(`${env.host.url}/__host/faults`, { kvsWriteFailures: 2 });
  expect(r).toEqual({ status: 200, body: { ok: true, kvsWriteFailures: 2 } });
  expect((await kv({ op: 'get', key: 'fits' })).error).toBeUndefined(); // reads are not writes
  expect((await kv({ op: 'set', key: 'f:1', value: 1 })).error).toMatchObject({
    code: 'INTERNAL_SERVER_ERROR',
    status: 500,
  });
  expect((await kv({ op: 'delete', key: 'f:1' })).error).toMatchObject({
    code: 'INTERNAL_SERVER_ERROR',
  });
  expect((await kv({ op: 'set', key: 'f:1', value: 1 })).result).toBeNull();
  expect((await postJson(`${env.host.url}/__host/faults`, { kvsWriteFailures: -1 })).status).toBe(
    400,
  );
});

test('values persist to dataDir and are there after a restart', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-host-'));
  const opts = {
    jiraUrl: env.jira.url,
    repoRoot: FIXTURE_APP,
    dataDir,
    schedulerIntervalMs: 0,
    appAccountId: FAKE_APP_ACCOUNT,
    adminAccountId: FAKE_ADMIN,
    log: () => undefined,
  };
  const a = await startHost(opts);
  await a.invoke({
    moduleKey: 'fixture-admin',
    functionKey: 'kvs',
    payload: { op: 'set', key: 'persist:me', value: { n: 42 } },
  });
  await a.close();
  expect(fs.existsSync(path.join(dataDir, 'kvs', 'store.json'))).toBe(true);
  const b = await startHost(opts);
  const r = await b.invoke({
    moduleKey: 'fixture-admin',
    functionKey: 'kvs',
    payload: { op: 'get', key: 'persist:me' },
  });
  await b.close();
  expect(r).toEqual({ ok: true, result: { result: { n: 42 } } });
  fs.rmSync(dataDir, { recursive: true, force: true });
});
