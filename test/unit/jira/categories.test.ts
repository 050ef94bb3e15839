// Project categories for the rule editor's picker: what is sent and how the answer maps.
import { listProjectCategories } from '../../../src/jira/categories';
import { JiraError } from '../../../src/jira/errors';
import { answer, fakeClient, FakeJira } from './fake-jira';

const category = (id: string, name: string, description?: string) => ({
  self: `https://jira.example/rest/api/3/projectCategory/${id}`,
  id,
  name,
  ...(description !== undefined ? { description } : {}),
});

describe('listProjectCategories', () => {
  it('reads every category in one GET and answers them by name, with descriptions when there are any', async () => {
    const jira = new FakeJira().then(
      answer(200, [
        category('10002', 'Partners', ''),
        category('10001', 'Internal', 'Internal service teams'),
        category('10003', 'external'),
      ]),
    );
    const { client } = fakeClient(jira);
    await expect(listProjectCategories(client)).resolves.toEqual([
      { id: '10003', name: 'external' },
      { id: '10001', name: 'Internal', description: 'Internal service teams' },
      { id: '10002', name: 'Partners' },
    ]);
    expect(jira.requests.map((r) => [r.method, r.path, [...r.query.keys()]])).toEqual([
      ['GET', '/rest/api/3/projectCategory', []],
    ]);
  });

  it('answers an empty list when the site has no categories', async () => {
    const jira = new FakeJira().then(answer(200, []));
    const { client } = fakeClient(jira);
    await expect(listProjectCategories(client)).resolves.toEqual([]);
  });

  it('shows a category without a name by its id', async () => {
    const jira = new FakeJira().then(answer(200, [{ id: '10009' }]));
    const { client } = fakeClient(jira);
    await expect(listProjectCategories(client)).resolves.toEqual([
      { id: '10009', name: 'Category 10009' },
    ]);
  });

  it('retries a 5xx, as every GET does', async () => {
    const jira = new FakeJira().then(answer(503, {}), answer(200, [category('10001', 'Internal')]));
    const { client } = fakeClient(jira);
    await expect(listProjectCategories(client)).resolves.toEqual([
      { id: '10001', name: 'Internal' },
    ]);
    expect(jira.requests).toHaveLength(2);
  });

  it('a surprise shape fails naming the call', async () => {
    const jira = new FakeJira().then(answer(200, { values: [] }));
    const { client } = fakeClient(jira);
    const err = await listProjectCategories(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JiraError);
    expect((err as Error).message).toMatch(
      /^Could not list project categories \(Jira's answer is not in the expected shape/,
    );
  });

  it('a refusal names the call', async () => {
    const jira = new FakeJira().then(answer(403, { errorMessages: ['Forbidden'] }));
    const { client } = fakeClient(jira);
    const err = (await listProjectCategories(client).catch((e: unknown) => e)) as JiraError;
    expect(err.call).toBe('list project categories');
    expect(err.status).toBe(403);
  });
});
