// What the Jira client tells an operator in `forge logs`: each wait on a 429 or 5xx, and each
// call that failed after its retries, by method, path (query values left out), status, tries
// and time waited.
import { route } from '@forge/api';

import { pathForLog } from '../../../src/jira/client';
import { setLogSink } from '../../../src/log';
import { answer, fakeClient, FakeJira } from './fake-jira';

let lines: Record<string, unknown>[] = [];
beforeEach(() => {
  lines = [];
  setLogSink((_level, text) => lines.push(JSON.parse(text) as Record<string, unknown>), 'info');
});
afterAll(() => setLogSink(() => undefined));

const CALL = 'remove group g1 from role 10101 of project ITHELP';
const removal = route`/rest/api/3/project/${'ITHELP'}/role/${'10101'}?${new URLSearchParams({
  groupId: 'e0000000-0000-4000-8000-000000000001',
})}`;

describe('pathForLog', () => {
  it('keeps the path and the names of query parameters, not their values', () => {
    const search = route`/rest/api/3/groups/picker?${new URLSearchParams({
      query: 'Contoso Customers',
      maxResults: '50',
    })}`;
    expect(pathForLog(search)).toBe('/rest/api/3/groups/picker?query&maxResults');
    expect(pathForLog(route`/rest/api/3/role`)).toBe('/rest/api/3/role');
  });
});

describe('JiraClient logs', () => {
  it('logs each 429 wait with Jira’s reason, and nothing once the call succeeds', async () => {
    const jira = new FakeJira().then(
      answer(429, {}, { 'Retry-After': '2', 'RateLimit-Reason': 'jira-burst-based' }),
      answer(204),
    );
    const { client } = fakeClient(jira);
    await client.requestJira(removal, { call: CALL, method: 'DELETE' });
    expect(lines.filter((l) => l.event === 'jira.retry')).toEqual([
      {
        level: 'info',
        event: 'jira.retry',
        method: 'DELETE',
        path: '/rest/api/3/project/ITHELP/role/10101?groupId',
        status: 429,
        attempt: 1,
        waitMs: 2000,
        reason: 'jira-burst-based',
      },
    ]);
    expect(lines.some((l) => l.event === 'jira.failed')).toBe(false);
  });

  it('logs a call that failed after its retries, with tries and the time waited', async () => {
    const jira = new FakeJira().then(answer(503), answer(502), answer(500));
    const { client } = fakeClient(jira, { maxTries: 3, baseDelayMs: 1000, random: () => 0.5 });
    await expect(client.requestJira(removal, { call: CALL, method: 'DELETE' })).rejects.toThrow(
      /Jira answered 500/,
    );
    expect(lines.map((l) => [l.event, l.status])).toEqual([
      ['jira.retry', 503],
      ['jira.retry', 502],
      ['jira.failed', 500],
    ]);
    expect(lines[2]).toEqual({
      level: 'error',
      event: 'jira.failed',
      method: 'DELETE',
      path: '/rest/api/3/project/ITHELP/role/10101?groupId',
      status: 500,
      tries: 3,
      // jitter 0.5 of ceilings 1000 and 2000
      waitedMs: 1500,
    });
    expect(JSON.stringify(lines)).not.toContain('e0000000-0000-4000-8000-000000000001');
  });

  it('logs a refusal (403) as a warning after one try, and a 404 only as info', async () => {
    const jira = new FakeJira().then(answer(403, { errorMessages: ['no'] }), answer(404));
    const { client } = fakeClient(jira);
    await expect(client.requestJira(removal, { call: CALL, method: 'DELETE' })).rejects.toThrow();
    await expect(client.requestJira(removal, { call: CALL, method: 'DELETE' })).rejects.toThrow();
    expect(lines.map((l) => [l.level, l.event, l.status, l.tries])).toEqual([
      ['warn', 'jira.failed', 403, 1],
      ['info', 'jira.failed', 404, 1],
    ]);
  });

  it('logs the limiter slowing down, once per throttling episode', async () => {
    const jira = new FakeJira().then(
      answer(429, {}, { 'Retry-After': '1' }),
      answer(429, {}, { 'Retry-After': '1' }),
      answer(200, {}),
    );
    const { client } = fakeClient(jira);
    await client.requestJira(route`/rest/api/3/role`, { call: 'list project roles' });
    // Two episodes: the second 429 comes after the first pause ended. The limit halves 8 -> 4 -> 2.
    expect(lines.filter((l) => l.event === 'jira.throttled')).toEqual([
      { level: 'info', event: 'jira.throttled', limit: 4, pauseMs: 1000 },
      { level: 'info', event: 'jira.throttled', limit: 2, pauseMs: 1000 },
    ]);
  });
});
