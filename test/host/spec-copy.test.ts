// At run time the host routes product calls through the repository's copy of the specs
// (specs/): an operation Atlassian documents but the copy lacks is refused, as lint:forge
// refuses it, and never reaches Jira.
import { REPO_SPECS_DIR } from '../../local/forge-host/scopes';
import { call, type Env, startEnv } from './helpers/setup';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env.close();
});

test.each([
  ['GET', '/rest/api/3/issue/HELP-1'],
  // Atlassian documents PUT here (it replaces every actor); the app never uses it.
  ['PUT', '/rest/api/3/project/HELP/role/10002'],
])('%s %s (in the full spec, not in the copy) is a 404 naming the fix', async (method, path) => {
  const before = env.jira.requests.length;
  const r = await call(env, 'jira', { path, method, body: method === 'PUT' ? {} : undefined });
  expect(r.status).toBe(404);
  const { message } = JSON.parse(r.body);
  expect(message).toContain(`does not know ${method} ${path}`);
  expect(message).toContain(`repository's copy of Atlassian's REST specs (${REPO_SPECS_DIR})`);
  expect(message).toContain('specs/operations.json');
  expect(env.jira.requests.length).toBe(before);
});

test('an operation in the copy goes through', async () => {
  const r = await call(env, 'jira', { path: '/rest/api/3/project/HELP' });
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body).key).toBe('HELP');
});
