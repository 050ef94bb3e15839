// Adding groups to a role when Jira answers "already a member" (400, the whole request refused):
// what is in the role is set apart (someone else's at a first try, unsure after an attempt that
// may have been applied), the rest is sent again; any other 400 is an error.
import { JiraError } from '../../../src/jira/errors';
import { addGroupsToProjectRole, newRoleAddOutcome } from '../../../src/jira/roles';
import { setLogSink } from '../../../src/log';
import { answer, fakeClient, FakeJira } from './fake-jira';

let logged: string[] = [];
beforeEach(() => {
  logged = [];
  setLogSink((_level, line) => logged.push(line));
});

const PATH = '/rest/api/3/project/ITHELP/role/10101';
const already = (...names: string[]) =>
  answer(400, {
    errorMessages: names.map((n) => `'${n}' is already a member of the project role.`),
    errors: {},
  });
const role = (...groupIds: string[]) =>
  answer(200, {
    id: 10101,
    name: 'Service Desk Customers',
    actors: groupIds.map((groupId) => ({
      type: 'atlassian-group-role-actor',
      actorGroup: { groupId, name: `name of ${groupId}` },
    })),
  });

it('a 5xx that may have made the add: the retry meets "already a member", and the group is unsure, not added', async () => {
  const jira = new FakeJira().then(answer(503), already('name of g1'), role('g1'));
  const { client } = fakeClient(jira);
  await expect(addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1'])).resolves.toEqual({
    added: [],
    foundPresent: [],
    unsure: ['g1'],
    maybeApplied: true,
  });
  expect(jira.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    `POST ${PATH}`,
    `POST ${PATH}`,
    `GET ${PATH}`,
  ]);
  const lines = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.filter((l) => l.event === 'role.add-found-present')).toEqual([
    expect.objectContaining({ projectKey: 'ITHELP', roleId: '10101', present: 1, rest: 0 }),
  ]);
});

it('"already a member" at the first try: those groups are someone else\'s; the others are sent again and added', async () => {
  const jira = new FakeJira().then(already('name of g2'), role('g2', 'hand-made'), answer(200, {}));
  const { client } = fakeClient(jira);
  const outcome = await addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1', 'g2', 'g3']);
  expect(outcome).toEqual({
    added: ['g1', 'g3'],
    foundPresent: ['g2'],
    unsure: [],
    maybeApplied: false,
  });
  expect(jira.requests.map((r) => r.body)).toEqual([
    { groupId: ['g1', 'g2', 'g3'] },
    undefined,
    { groupId: ['g1', 'g3'] },
  ]);
});

it('a quota 429 waited out is no unsure attempt: "already a member" after it is someone else\'s', async () => {
  const quota = answer(
    429,
    { errorMessages: ['Rate limit exceeded.'] },
    {
      'Retry-After': '0',
      'RateLimit-Reason': 'jira-quota-global-based',
    },
  );
  const jira = new FakeJira().then(quota, already('name of g1'), role('g1'));
  const { client } = fakeClient(jira);
  const outcome = await addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1']);
  expect(outcome).toMatchObject({ added: [], foundPresent: ['g1'], unsure: [] });
});

it('keeps what it learnt when a later round fails', async () => {
  const jira = new FakeJira().then(
    already('name of g1'),
    role('g1'),
    answer(403, { errorMessages: ['Forbidden.'], errors: {} }),
  );
  const { client } = fakeClient(jira);
  const outcome = newRoleAddOutcome();
  await expect(
    addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1', 'g2'], outcome),
  ).rejects.toMatchObject({ status: 403 });
  expect(outcome).toEqual({ added: [], foundPresent: ['g1'], unsure: [], maybeApplied: false });
});

it('a 400 that the role does not explain is the error it is, with what Jira said', async () => {
  const jira = new FakeJira().then(already('someone else'), role('hand-made'));
  const { client } = fakeClient(jira);
  const err = (await addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1']).catch(
    (e: unknown) => e,
  )) as JiraError;
  expect(err).toBeInstanceOf(JiraError);
  expect(err.status).toBe(400);
  expect(err.message).toContain('is already a member of the project role');
  expect(jira.requests).toHaveLength(2);
});

it('another 400 is not read as "already a member": no re-read, no second POST', async () => {
  const jira = new FakeJira().then(answer(400, { errorMessages: ['Bad actors.'], errors: {} }));
  const { client } = fakeClient(jira);
  await expect(addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1'])).rejects.toMatchObject({
    status: 400,
  });
  expect(jira.requests).toHaveLength(1);
});

it('gives up after a few rounds when the role keeps changing under it', async () => {
  // Each round one more group turns out to be there already; the third refusal is final.
  const jira = new FakeJira().then(
    already('name of g1'),
    role('g1'),
    already('name of g2'),
    role('g1', 'g2'),
    already('name of g3'),
  );
  const { client } = fakeClient(jira);
  await expect(
    addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1', 'g2', 'g3', 'g4']),
  ).rejects.toMatchObject({ status: 400 });
  expect(jira.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
    { groupId: ['g1', 'g2', 'g3', 'g4'] },
    { groupId: ['g2', 'g3', 'g4'] },
    { groupId: ['g3', 'g4'] },
  ]);
});
