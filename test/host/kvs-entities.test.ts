// Custom entities and conditional transactions, through the real @forge/kvs SDK against the
// host's store: values are checked against the attributes manifest.yml declares, a transaction
// applies all of its operations only if every condition holds, and a check needs the entity.
import { Filter, FilterConditions, kvs } from '@forge/kvs';

import { KvsStore } from '../../local/forge-host/kvs-store';

const store = new KvsStore({
  entities: [
    {
      name: 'lease',
      attributes: { token: 'integer', holder: 'string', expiresAt: 'integer' },
    },
  ],
});

beforeAll(() => {
  (global as any).__forge_fetch__ = (_target: unknown, path: string, init: any) => {
    const a = store.handle(path, init?.body);
    const text = a.body === undefined ? '' : JSON.stringify(a.body);
    return Promise.resolve({
      ok: a.status < 300,
      status: a.status,
      statusText: String(a.status),
      headers: new Headers(),
      text: () => Promise.resolve(text),
    });
  };
});
afterAll(() => {
  delete (global as any).__forge_fetch__;
});

const lease = () => kvs.entity<{ token: number; holder: string; expiresAt?: number }>('lease');
const tokenIs = (t: number) =>
  new Filter<{ token: number }>().and('token', FilterConditions.equalTo(t));
const error = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: any) => ({ status: e.responseDetails?.status, code: e.code as string }),
  );

test('an entity round-trips; a value of the wrong type or an undeclared attribute is refused', async () => {
  await lease().set('site', { token: 1, holder: 'r1' });
  expect(await lease().get('site')).toEqual({ token: 1, holder: 'r1' });
  expect(await error(lease().set('site', { token: 1.5, holder: 'r1' }))).toEqual({
    status: 400,
    code: 'INVALID_ENTITY_VALUE',
  });
  expect(await error(lease().set('site', { token: 1, holder: 'r1', other: 1 } as never))).toEqual({
    status: 400,
    code: 'INVALID_ENTITY_VALUE',
  });
  expect(await error(kvs.entity('undeclared').set('k', { a: 1 }))).toEqual({
    status: 400,
    code: 'INVALID_ENTITY_TYPE',
  });
  // Entities and plain keys live apart: the same key is two values.
  await kvs.set('site', 'plain');
  expect(await kvs.get('site')).toBe('plain');
  expect(await lease().get('site')).toEqual({ token: 1, holder: 'r1' });
  await lease().delete('site');
  expect(await lease().get('site')).toBeUndefined();
});

test('a transaction with a condition that holds applies every operation; one that fails applies none', async () => {
  await lease().set('site', { token: 3, holder: 'r1' });
  await kvs
    .transact()
    .set('ledger:1', { entries: [1] })
    .check('site', { entityName: 'lease', conditions: tokenIs(3) })
    .execute();
  expect(await kvs.get('ledger:1')).toEqual({ entries: [1] });

  // The token moved on: the stale writer's transaction changes nothing.
  await kvs
    .transact()
    .set('site', { token: 4, holder: 'r2' }, { entityName: 'lease', conditions: tokenIs(3) })
    .execute();
  expect(
    await error(
      kvs
        .transact()
        .set('ledger:1', { entries: [2] })
        .delete('ledger:2')
        .check('site', { entityName: 'lease', conditions: tokenIs(3) })
        .execute(),
    ),
  ).toEqual({ status: 409, code: 'CONDITION_NOT_MET' });
  expect(await kvs.get('ledger:1')).toEqual({ entries: [1] });

  // Two writers conditional on the same token: only the first applies.
  const take = (holder: string) =>
    kvs
      .transact()
      .set('site', { token: 5, holder }, { entityName: 'lease', conditions: tokenIs(4) })
      .execute();
  await take('r3');
  expect(await error(take('r4'))).toEqual({ status: 409, code: 'CONDITION_NOT_MET' });
  expect(await lease().get('site')).toEqual({ token: 5, holder: 'r3' });

  // A conditional delete, and a check on an entity that does not exist.
  await kvs
    .transact()
    .delete('site', { entityName: 'lease', conditions: tokenIs(5) })
    .execute();
  expect(
    await error(
      kvs
        .transact()
        .set('x', 1)
        .check('site', { entityName: 'lease', conditions: tokenIs(5) })
        .execute(),
    ),
  ).toEqual({ status: 409, code: 'CONDITION_NOT_MET' });
  expect(await kvs.get('x')).toBeUndefined();
});

test('conditions: comparisons, existence, and or-filters', async () => {
  await lease().set('c', { token: 10, holder: 'r1', expiresAt: 100 });
  type L = { token: number; holder: string; expiresAt: number };
  const check = (f: ReturnType<Filter<L>['and']> | ReturnType<Filter<L>['or']>) =>
    error(kvs.transact().check('c', { entityName: 'lease', conditions: f }).execute());
  expect(
    await check(new Filter<L>().and('token', FilterConditions.greaterThan(9))),
  ).toBeUndefined();
  expect(
    await check(new Filter<L>().and('expiresAt', FilterConditions.lessThan(100))),
  ).toMatchObject({
    status: 409,
  });
  expect(
    await check(
      new Filter<L>()
        .or('holder', FilterConditions.equalTo('nobody'))
        .or('token', FilterConditions.between(5, 10)),
    ),
  ).toBeUndefined();
  expect(await check(new Filter<L>().and('holder', FilterConditions.notExists()))).toMatchObject({
    status: 409,
  });
  // Conditions are for entities: a plain key with conditions is refused.
  expect(
    await error(
      kvs
        .transact()
        .set('p', { token: 1 }, { entityName: undefined as never, conditions: tokenIs(1) })
        .execute(),
    ),
  ).toMatchObject({ status: 400 });
});

test('a write fault fails the nth write under a prefix, once, and nothing else', async () => {
  store.failWrite({ nth: 2, keyPrefix: 'ledger:' });
  await kvs.set('other', 1);
  await kvs.set('ledger:a', 1);
  expect(await error(kvs.set('ledger:b', 1))).toEqual({
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
  });
  expect(await kvs.get('ledger:b')).toBeUndefined();
  await kvs.set('ledger:b', 2);
  expect(await kvs.get('ledger:b')).toBe(2);
  // An entity counts under `<entityName>/<key>`.
  store.failWrite({ nth: 1, keyPrefix: 'lease/' });
  expect(await error(lease().set('f', { token: 1, holder: '' }))).toMatchObject({ status: 500 });
});
