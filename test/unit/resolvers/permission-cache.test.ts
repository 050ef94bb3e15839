// The resolvers' own permission checks are remembered per caller for at most 60 s: opening the
// admin page (several resolver calls) asks Jira once, and a minute later it asks again.
import { makeAuthorizer } from '../../../src/resolvers/authorize';
import { PERMISSION_TTL_MS, PermissionCache } from '../../../src/resolvers/permission-cache';
import { answer, fakeClient, FakeClock, FakeJira } from '../jira/fake-jira';

const ADMIN = { permissions: { ADMINISTER: { havePermission: true } } };
const NOT_ADMIN = { permissions: { ADMINISTER: { havePermission: false } } };

function setup(answerFor: (accountId: string) => unknown) {
  const clock = new FakeClock();
  const asked: string[] = [];
  const authorizer = makeAuthorizer((accountId) => {
    const jira = new FakeJira().otherwise((req) => {
      asked.push(`${accountId} ${req.path}?${req.query.toString()}`);
      return answer(200, answerFor(accountId));
    });
    return fakeClient(jira).client;
  }, new PermissionCache(clock.now));
  return { clock, asked, authorizer };
}

test('opening the admin page costs one permission check; after 60 s it checks again', async () => {
  const { clock, asked, authorizer } = setup(() => ADMIN);
  // The page's first calls go out together (rules, settings, runs, health), then more follow.
  const first = await Promise.all(
    Array.from({ length: 4 }, () => authorizer.callerIsJiraAdmin('acc-1')),
  );
  expect(first).toEqual([true, true, true, true]);
  clock.t += 30_000;
  expect(await authorizer.callerIsJiraAdmin('acc-1')).toBe(true);
  expect(asked).toEqual(['acc-1 /rest/api/3/mypermissions?permissions=ADMINISTER']);

  clock.t += PERMISSION_TTL_MS - 30_000;
  expect(await authorizer.callerIsJiraAdmin('acc-1')).toBe(true);
  expect(asked).toHaveLength(2);
});

test('answers are per caller and per project; a refusal is remembered as briefly', async () => {
  const { clock, asked, authorizer } = setup((a) => (a === 'acc-1' ? ADMIN : NOT_ADMIN));
  expect(await authorizer.callerIsJiraAdmin('acc-1')).toBe(true);
  expect(await authorizer.callerIsJiraAdmin('acc-2')).toBe(false);
  expect(await authorizer.callerIsJiraAdmin('acc-2')).toBe(false);
  expect(await authorizer.callerAdministersProject('acc-1', 'HR')).toBe(true);
  expect(await authorizer.callerAdministersProject('acc-1', 'FAC')).toBe(true);
  expect(asked).toHaveLength(4);
  clock.t += PERMISSION_TTL_MS;
  expect(await authorizer.callerIsJiraAdmin('acc-2')).toBe(false);
  expect(asked).toHaveLength(5);
});

test('a check that failed is not remembered: the next call asks again', async () => {
  const clock = new FakeClock();
  const cache = new PermissionCache(clock.now);
  let calls = 0;
  const ask = () =>
    ++calls === 1 ? Promise.reject(new Error('Jira down')) : Promise.resolve(true);
  await expect(cache.get('admin:acc-1', ask)).rejects.toThrow('Jira down');
  await expect(cache.get('admin:acc-1', ask)).resolves.toBe(true);
  expect(calls).toBe(2);
});
