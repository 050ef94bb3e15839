// Adding groups to a role when Jira answers "already a member" (400, the whole request refused):
// what is in the role counts as added, the rest is sent again; any other 400 is an error.
import { JiraError } from '../../../src/jira/errors';
import { addGroupsToProjectRole } from '../../../src/jira/roles';
import { setLogSink } from '../../../src/log';
import { answer, FakeJira, fakeClient } from './fake-jira';

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

it('a 5xx that hid the add: the retry meets "already a member", and the role shows the group', async () => {
  const jira = new FakeJira().then(answer(503), already('name of g1'), role('g1'));
  const { client } = fakeClient(jira);
  await expect(addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1'])).resolves.toBe(undefined);
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

it('groups already in the role count as added; the others are sent again', async () => {
  const jira = new FakeJira().then(already('name of g2'), role('g2', 'hand-made'), answer(200, {}));
  const { client } = fakeClient(jira);
  await addGroupsToProjectRole(client, 'ITHELP', '10101', ['g1', 'g2', 'g3']);
  expect(jira.requests.map((r) => r.body)).toEqual([
    { groupId: ['g1', 'g2', 'g3'] },
    undefined,
    { groupId: ['g1', 'g3'] },
  ]);
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
