// What an operator reads in `forge logs`, through the local host (which keeps the app's console
// lines as Forge does) and the Jira emulator: a real run with Jira throttling and refusing,
// refused callers, resolver errors, a project-created event; and no line anywhere carries an
// email address or a display name of the demo's people or groups.
import { INTERNAL_ERROR_MESSAGE } from '../../src/domain/errors';
import { ADMIN_MODULE, answeredError, DEMO, demoRule, type Stack, startStack } from './stack';

jest.setTimeout(60_000);

interface Line {
  seq: number;
  level: string;
  text: string;
  invocationId?: string;
  function?: string;
  functionKey?: string;
}
type Json = Record<string, unknown>;

let stack: Stack;
const printed: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    host: { queueTimeScale: 0.05, printAppLogs: true, log: (l) => printed.push(l) },
  });
});
afterAll(() => stack?.close());

async function appLines(): Promise<Line[]> {
  const res = await fetch(`${stack.host.url}/api/logs?limit=10000`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { lines: Line[]; dropped: number };
  expect(body.dropped).toBe(0);
  return body.lines;
}

/** The app's lines as JSON, each with the host's record of who wrote it. */
async function events(): Promise<(Json & { host: Line })[]> {
  return (await appLines()).map((l) => ({ ...(JSON.parse(l.text) as Json), host: l }));
}

describe('a run', () => {
  let run: { id: string; status: string; counts: { errors: number } };

  beforeAll(async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', {
      retryAfterSeconds: 1,
      failPaths: [
        // Throttled once, then answered: a wait with Jira's reason.
        { method: 'GET', pathRegex: '/project/ITHELP/role/10101$', status: 429, times: 1 },
        // A server error once, then answered: a retry.
        { method: 'GET', pathRegex: '/project/HR/role/10101$', status: 503, times: 1 },
        // Refused for good: a failed call, and an error on the run.
        { method: 'POST', pathRegex: '/project/FAC/role/10101$', status: 403 },
      ],
    });
    run = await stack.scheduledRun();
    await stack.host.waitForIdle();
    await stack.control('DELETE', 'faults');
  });

  it('ends with the refused project as an error (what the lines below explain)', () => {
    expect(run.status).not.toBe('running');
    expect(run.counts.errors).toBeGreaterThanOrEqual(1);
  });

  it('logs each wait on a 429 or 5xx with the run id, and the call that failed', async () => {
    const lines = await events();
    const inRun = { invocation: 'enforce-batch', runId: run.id };
    expect(lines).toContainEqual(
      expect.objectContaining({
        ...inRun,
        level: 'info',
        event: 'jira.retry',
        method: 'GET',
        path: '/rest/api/3/project/ITHELP/role/10101',
        status: 429,
        attempt: 1,
        waitMs: 1000,
        reason: 'jira-quota-tenant-based',
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        ...inRun,
        level: 'warn',
        event: 'jira.retry',
        path: '/rest/api/3/project/HR/role/10101',
        status: 503,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        ...inRun,
        level: 'warn',
        event: 'jira.failed',
        method: 'POST',
        path: '/rest/api/3/project/FAC/role/10101',
        status: 403,
        tries: 1,
      }),
    );
  });

  it('keeps every line of a consumer with its run and with its invocation record', async () => {
    const lines = await events();
    const consumerLines = lines.filter((l) => l.host.function === 'enforce-batch');
    expect(consumerLines.length).toBeGreaterThanOrEqual(3);
    for (const l of consumerLines) expect(l).toMatchObject({ runId: run.id });

    const failed = consumerLines.find((l) => l.event === 'jira.failed')!;
    const res = await fetch(`${stack.host.url}/api/invocations?logs=1&limit=2000`);
    const { invocations } = (await res.json()) as {
      invocations: { id: string; logLines: number; logs: { text: string }[] }[];
    };
    const record = invocations.find((i) => i.id === failed.host.invocationId);
    expect(record?.logs.map((l) => l.text)).toContain(failed.host.text);
    expect(record?.logLines).toBe(record?.logs.length);
    const one = await fetch(
      `${stack.host.url}/api/logs?invocationId=${encodeURIComponent(record!.id)}`,
    );
    expect(((await one.json()) as { lines: Line[] }).lines.map((l) => l.text)).toEqual(
      record?.logs.map((l) => l.text),
    );
  });

  it('prints the lines readably in the host output, as npm start shows them', () => {
    expect(printed).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\[app\\] \\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  enforce-batch  jira\\.failed ` +
            `runId=${run.id} method=POST path=/rest/api/3/project/FAC/role/10101 status=403`,
        ),
      ),
    );
  });
});

describe('callers and resolvers', () => {
  it('logs a refused caller by account id and function, with the project of a project page', async () => {
    const agent = DEMO.users.agent.accountId;
    await expect(stack.admin('listRules', {}, agent)).rejects.toThrow(/Only Jira admins/);
    await expect(
      stack.project('getProjectStatus', {}, DEMO.users.customer.accountId, 'ITHELP'),
    ).rejects.toThrow(/Only admins of project ITHELP/);
    const refused = (await events()).filter((l) => l.event === 'access.refused');
    expect(refused).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        invocation: 'admin-resolver:listRules',
        function: 'listRules',
        accountId: agent,
        code: 'forbidden',
      }),
    );
    expect(refused).toContainEqual(
      expect.objectContaining({
        invocation: 'project-resolver:getProjectStatus',
        projectKey: 'ITHELP',
        accountId: DEMO.users.customer.accountId,
      }),
    );
    const anonymous = await stack.host.invoke({
      moduleKey: ADMIN_MODULE,
      functionKey: 'listRules',
      accountId: null,
    });
    expect(answeredError(anonymous)?.code).toBe('unauthenticated');
    expect(await events()).toContainEqual(
      expect.objectContaining({
        event: 'access.refused',
        accountId: 'anonymous',
        code: 'unauthenticated',
      }),
    );
  });

  it('logs resolver errors by code and function', async () => {
    await expect(stack.admin('getRun', { runId: 'no-such-run' })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/not found/),
    });
    await expect(stack.admin('saveRule', { rule: { name: '' } })).rejects.toMatchObject({
      code: 'invalid-input',
      field: 'name',
      message: expect.stringMatching(/not valid/),
    });
    const lines = await events();
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'resolver.error', function: 'getRun', code: 'not-found' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'resolver.error',
        function: 'saveRule',
        code: 'invalid-input',
      }),
    );
  });

  it('answers an unexpected failure (KVS refusing a write) as internal, and logs it', async () => {
    const settings = await stack.admin('getSettings');
    stack.host.core.kvs.failWrite({ nth: 1, keyPrefix: 'settings' });
    const r = await stack.host.invoke({
      moduleKey: ADMIN_MODULE,
      functionKey: 'saveSettings',
      payload: { settings: { ...settings, scheduleEnabled: !settings.scheduleEnabled } },
      accountId: DEMO.users.admin.accountId,
    });
    // The page reads a fixed sentence; the store's words stay in the logs.
    expect(answeredError(r)).toEqual({
      code: 'internal',
      message: expect.stringMatching(/ Reference: [0-9a-f]{8}\.$/),
      words: { id: 'internal', values: { reference: expect.stringMatching(/^[0-9a-f]{8}$/) } },
    });
    expect(answeredError(r)?.message.startsWith(INTERNAL_ERROR_MESSAGE)).toBe(true);
    expect(INTERNAL_ERROR_MESSAGE).toMatch(/Try again.*app's logs/);
    expect(JSON.stringify(r)).not.toMatch(/injected|INTERNAL_SERVER_ERROR|kvs|at \w+ \(/i);
    expect(await stack.admin('getSettings')).toEqual(settings);
    // A storage failure is logged as one (store.failed), with the function it failed under.
    const failed = (await events()).filter(
      (l) => l.event === 'store.failed' && l.function === 'saveSettings',
    );
    expect(failed).toEqual([expect.objectContaining({ level: 'error' })]);
    expect(JSON.stringify(failed)).toMatch(/injected by the local host/);
  });

  it('logs a failed Jira call under a resolver without the search text', async () => {
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'GET', pathRegex: '/groups/picker', status: 400 }],
    });
    try {
      // Answered as a Jira error, in the words JiraError writes for people.
      await expect(
        stack.admin('listSyncedGroups', { query: DEMO.groups.contosoCustomers.name }),
      ).rejects.toMatchObject({ code: 'jira', message: expect.stringMatching(/^Could not /) });
    } finally {
      await stack.control('DELETE', 'faults');
    }
    const lines = await events();
    const failed = lines.find(
      (l) => l.event === 'jira.failed' && l.invocation === 'admin-resolver:listSyncedGroups',
    );
    expect(failed).toMatchObject({ status: 400, tries: 1, method: 'GET' });
    expect(failed?.path).toMatch(/^\/rest\/api\/3\/groups\/picker\?(\w+&)*query(&\w+)*$/);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'resolver.failed',
        function: 'listSyncedGroups',
        errorName: 'JiraError',
        status: 400,
      }),
    );
  });
});

describe('the project-created trigger', () => {
  it('logs why a new project was not enforced, with its key', async () => {
    await stack.host.core.onJiraWebhook({
      webhookEvent: 'project_created',
      project: { id: DEMO.projects.PLAT.id, key: 'PLAT', name: DEMO.projects.PLAT.name },
    });
    expect(await events()).toContainEqual(
      expect.objectContaining({
        level: 'info',
        event: 'event.ignored',
        invocation: 'project-created',
        projectKey: 'PLAT',
        reason: 'not-a-service-project',
      }),
    );
  });
});

describe('personal data', () => {
  it('no line carries an email address or a display name of the demo users and groups', async () => {
    const users = await stack.jira<
      { accountType: string; displayName?: string; emailAddress?: string }[]
    >('GET', '/rest/api/3/users/search?maxResults=200');
    const groups = await stack.jira<{ groups: { name: string }[] }>(
      'GET',
      '/rest/api/3/groups/picker?maxResults=100',
    );
    // People and groups; the app's own account is named after the app, which messages name.
    const forbidden = [
      ...users.body
        .filter((u) => u.accountType !== 'app')
        .flatMap((u) => [u.displayName, u.emailAddress]),
      ...groups.body.groups.map((g) => g.name),
    ].filter((s): s is string => typeof s === 'string' && s.length > 0);
    expect(forbidden).toEqual(
      expect.arrayContaining(['Ada Admin', 'Contoso Customers', 'admin@example.com']),
    );

    const lines = await appLines();
    // The earlier tests ran a run, refusals and failures: there is plenty to look at.
    expect(lines.length).toBeGreaterThanOrEqual(8);
    // Every app line is one JSON object with a level and an event.
    for (const l of lines)
      expect(JSON.parse(l.text)).toEqual(
        expect.objectContaining({ level: expect.any(String), event: expect.any(String) }),
      );
    // The host's printout too, as `forge logs` shows it (resolvers answer their errors, so
    // none is printed as a failed invocation).
    expect(printed.length).toBeGreaterThanOrEqual(lines.length);
    expect(printed.some((p) => p.startsWith('[forge] resolver'))).toBe(false);
    for (const text of [...lines.map((l) => l.text), ...printed]) {
      expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
      for (const name of forbidden) expect(text).not.toContain(name);
    }
  });
});
