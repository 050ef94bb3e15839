// Jira's points quota as the client reads it: headers, the points model, the budget arithmetic,
// and what the client does on a quota 429 (stops every call) and on a burst 429 (slows that
// endpoint only).
import { route } from '@forge/api';

import { JiraClient, type JiraTransport, type ResponseLike } from '../../../src/jira/client';
import { AdaptiveLimiter, endpointKey } from '../../../src/jira/limiter';
import {
  DEFAULT_QUOTA_POINTS,
  estimatePoints,
  hourKey,
  hourlyBudget,
  invocationAllowance,
  parseQuotaHeaders,
  pointsSpent,
  snapshotOf,
  topOfNextHour,
} from '../../../src/jira/quota';
import { QuotaSpentError, QuotaTracker } from '../../../src/jira/quota-tracker';
import { answer, fakeClient, FakeClock, FakeJira, page } from './fake-jira';

const headers = (h: Record<string, string>) => (name: string) => {
  const hit = Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return hit ? hit[1] : null;
};
const P = '/rest/api/3';

describe('parseQuotaHeaders', () => {
  it('reads q and w from the policy, r and t from the state, near-limit and the reason', () => {
    expect(
      parseQuotaHeaders(
        headers({
          'Beta-RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
          'Beta-RateLimit': '"global-app-quota";r=120;t=900',
          'X-RateLimit-NearLimit': 'true',
          'RateLimit-Reason': 'jira-quota-global-based',
        }),
      ),
    ).toEqual({
      limit: 65000,
      windowSeconds: 3600,
      left: 120,
      resetInSeconds: 900,
      nearLimit: true,
      reason: 'jira-quota-global-based',
    });
  });

  it('answers only what was sent: no quota headers, nothing announced', () => {
    expect(parseQuotaHeaders(headers({}))).toEqual({ nearLimit: false });
    expect(
      parseQuotaHeaders(headers({ 'Beta-RateLimit-Policy': '"tenant-app-quota";q=100010;w=3600' })),
    ).toEqual({ limit: 100010, windowSeconds: 3600, nearLimit: false });
    // Malformed values are ignored rather than guessed.
    expect(parseQuotaHeaders(headers({ 'Beta-RateLimit': '"global-app-quota";r=abc;t=' }))).toEqual(
      { nearLimit: false },
    );
  });

  it('a snapshot: the limit, what is left and when the window resets', () => {
    const now = Date.parse('2026-03-01T13:20:00Z');
    expect(snapshotOf({ limit: 65000, windowSeconds: 3600, nearLimit: false }, now)).toEqual({
      limit: 65000,
      resetAt: '2026-03-01T14:00:00.000Z',
      at: '2026-03-01T13:20:00.000Z',
    });
    expect(
      snapshotOf({ limit: 65000, left: 10, resetInSeconds: 60, nearLimit: true }, now),
    ).toEqual({
      limit: 65000,
      left: 10,
      resetAt: '2026-03-01T13:21:00.000Z',
      at: '2026-03-01T13:20:00.000Z',
    });
    expect(snapshotOf({ nearLimit: false }, now)).toBeUndefined();
  });
});

describe('estimatePoints (the published model)', () => {
  it('1 per request plus 1 per project, 2 per user, group, role or permission listed', () => {
    const projects = page(
      Array.from({ length: 100 }, (_, i) => ({ key: `P${i}` })),
      0,
      false,
    );
    expect(estimatePoints('GET', `${P}/project/search`, 200, projects)).toBe(101);
    expect(estimatePoints('GET', `${P}/project/ITHELP/role/10101`, 200, { actors: [1, 2] })).toBe(
      3,
    );
    expect(estimatePoints('GET', `${P}/role`, 200, [{}, {}, {}])).toBe(7);
    expect(
      estimatePoints(
        'GET',
        `${P}/group/bulk`,
        200,
        page([{ groupId: 'a' }, { groupId: 'b' }], 0, true),
      ),
    ).toBe(5);
    expect(
      estimatePoints('GET', `${P}/mypermissions`, 200, {
        permissions: { ADMINISTER: {}, ADMINISTER_PROJECTS: {} },
      }),
    ).toBe(5);
    expect(estimatePoints('GET', `${P}/group/member`, 200, page([{}, {}, {}], 0, true))).toBe(7);
  });

  it('a write costs 1, an error 1, a 429 nothing; an unknown read costs 1', () => {
    expect(estimatePoints('POST', `${P}/project/ITHELP/role/10101`, 200, { actors: [] })).toBe(1);
    expect(estimatePoints('DELETE', `${P}/project/ITHELP/role/10101`, 204, null)).toBe(1);
    expect(estimatePoints('GET', `${P}/project/ITHELP/role/10101`, 404, null)).toBe(1);
    expect(estimatePoints('GET', `${P}/project/search`, 429, null)).toBe(0);
    expect(estimatePoints('GET', `${P}/serverInfo`, 200, { x: [1, 2] })).toBe(1);
  });
});

describe('pointsSpent', () => {
  const reset = Date.parse('2026-03-01T14:00:00Z');
  it('the drop in what is left when Jira showed it before and after, else the estimate', () => {
    const after = { left: 90, nearLimit: true };
    expect(pointsSpent({ left: 100, resetAtMs: reset }, after, reset, 3)).toBe(10);
    expect(pointsSpent(undefined, after, reset, 3)).toBe(3);
    expect(pointsSpent({ left: 100, resetAtMs: reset }, { nearLimit: false }, reset, 3)).toBe(3);
  });
  it('a new window or a rise (answers out of order) falls back to the estimate', () => {
    expect(
      pointsSpent(
        { left: 100, resetAtMs: reset },
        { left: 50, nearLimit: true },
        reset + 3_600_000,
        3,
      ),
    ).toBe(3);
    expect(
      pointsSpent({ left: 100, resetAtMs: reset }, { left: 120, nearLimit: true }, reset, 3),
    ).toBe(3);
  });
});

describe('the hourly budget', () => {
  it('is a share of the quota Jira announced, 65,000 until it did', () => {
    expect(hourlyBudget(20)).toBe(13_000);
    expect(DEFAULT_QUOTA_POINTS).toBe(65_000);
    expect(hourlyBudget(20, 100_010)).toBe(20_002);
    expect(hourlyBudget(100, 10_000)).toBe(10_000);
    expect(hourlyBudget(150, 10_000)).toBe(10_000);
  });
  it("gives each of the run's consumers its share of what is left, never below 0", () => {
    expect(invocationAllowance(13_000, 3_000, 2)).toBe(5_000);
    expect(invocationAllowance(13_000, 13_000, 2)).toBe(0);
    expect(invocationAllowance(13_000, 20_000, 2)).toBe(0);
    expect(invocationAllowance(101, 0, 2)).toBe(50);
  });
  it('hours are UTC, and a paused run waits for the top of the next one', () => {
    const t = Date.parse('2026-03-01T13:59:59.999Z');
    expect(hourKey(t)).toBe('2026-03-01T13');
    expect(new Date(topOfNextHour(t)).toISOString()).toBe('2026-03-01T14:00:00.000Z');
    expect(new Date(topOfNextHour(Date.parse('2026-03-01T14:00:00Z'))).toISOString()).toBe(
      '2026-03-01T15:00:00.000Z',
    );
  });
});

describe('QuotaTracker', () => {
  it('counts calls and points, and stops once the allowance is spent, until the next hour', () => {
    const clock = new FakeClock();
    const t = new QuotaTracker(clock.now);
    t.limitTo(5);
    t.check('read roles');
    t.record({
      method: 'GET',
      path: `${P}/role`,
      status: 200,
      headers: { nearLimit: false },
      body: [{}, {}],
    });
    expect(t.cost()).toEqual({ calls: 1, points: 5 });
    let err: unknown;
    try {
      t.check('read role 10101 of project HR');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuotaSpentError);
    expect((err as QuotaSpentError).pauseCause).toBe('budget');
    expect((err as QuotaSpentError).until).toBe(topOfNextHour(clock.now()));
    expect((err as Error).message).toMatch(
      /Could not read role 10101 of project HR \(this hour's share of Jira's quota for the app's runs is spent until 01:00 UTC\)/,
    );
  });
});

describe('JiraClient and the quota', () => {
  const r = route`/rest/api/3/project/${'HR'}/role/${'10101'}`;
  const spent = (retryAfter: string) =>
    answer(
      429,
      { errorMessages: ['quota spent'] },
      {
        'Retry-After': retryAfter,
        'RateLimit-Reason': 'jira-quota-global-based',
        'Beta-RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
        'Beta-RateLimit': `"global-app-quota";r=0;t=${retryAfter}`,
      },
    );

  it('records each answer: calls, points from the drop in r when shown, the quota', async () => {
    const near = (r: number) => ({
      'Beta-RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
      'Beta-RateLimit': `"global-app-quota";r=${r};t=1200`,
      'X-RateLimit-NearLimit': 'true',
    });
    const jira = new FakeJira().then(
      answer(200, { actors: [] }, near(500)),
      answer(200, { actors: [] }, near(493)),
      answer(200, { actors: [] }),
    );
    const { client, clock } = fakeClient(jira);
    for (let i = 0; i < 3; i++) await client.requestJira(r, { call: 'read a role' });
    // 3 (estimated: no r before) + 7 (the drop) + 3 (estimated: no headers)
    expect(client.cost()).toEqual({
      calls: 3,
      points: 13,
      quota: {
        limit: 65000,
        left: 493,
        resetAt: new Date(clock.now() + 1_200_000).toISOString(),
        at: new Date(clock.now()).toISOString(),
      },
    });
  });

  it('a quota 429 it cannot wait out stops every further call of the invocation, without asking Jira', async () => {
    const jira = new FakeJira().then(spent('1800'));
    const { client, clock } = fakeClient(jira, { maxTotalWaitMs: 60_000 });
    const first = client.requestJira(r, { call: 'read role 10101 of project HR' });
    await expect(first).rejects.toBeInstanceOf(QuotaSpentError);
    await expect(first).rejects.toMatchObject({
      until: clock.now() + 1_800_000,
      pauseCause: 'quota',
    });
    await expect(client.requestJira(r, { call: 'read role 10101 of project FAC' })).rejects.toThrow(
      /Jira's hourly quota for this app is spent until 00:30 UTC/,
    );
    expect(jira.requests).toHaveLength(1);
    expect(client.quotaTracker.stopped()).toEqual({
      until: clock.now() + 1_800_000,
      cause: 'quota',
    });
  });

  it("once a quota stop lapses, the invocation's allowance still holds: calls stop when it is spent", async () => {
    const ok = () => answer(200, { actors: [] });
    const jira = new FakeJira().then(ok(), spent('20')).otherwise(ok);
    const { client, clock } = fakeClient(jira);
    client.quotaTracker.limitTo(6);
    await client.requestJira(r, { call: 'read a role' }); // 3 points
    // Retry-After 20 s is more than the client may wait (15 s): stopped for 20 s.
    await expect(client.requestJira(r, { call: 'read a role' })).rejects.toMatchObject({
      pauseCause: 'quota',
    });
    clock.t += 21_000;
    expect(client.quotaTracker.stopped()).toBeUndefined();
    await client.requestJira(r, { call: 'read a role' }); // 3 more: the allowance is spent
    await expect(client.requestJira(r, { call: 'read a role' })).rejects.toMatchObject({
      pauseCause: 'budget',
      until: topOfNextHour(clock.now()),
    });
    expect(jira.requests).toHaveLength(3);
    expect(client.cost().points).toBe(6);
  });

  it("a trigger's client gives up on a quota 429 at once, and holds no other client's calls", async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter({ now: clock.now, sleep: clock.sleep });
    const jira = new FakeJira().then(spent('2'), answer(200, { actors: [] }));
    const { client } = fakeClient(jira, {
      limiter,
      sleep: clock.sleep,
      now: clock.now,
      waitOutQuota: false,
    });
    await expect(client.requestJira(r, { call: 'read a role' })).rejects.toBeInstanceOf(
      QuotaSpentError,
    );
    expect(jira.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    // The container's shared limiter is not paused for the reset: another client goes at once.
    expect(limiter.state().pausedUntil).toBe(0);
    const other = fakeClient(new FakeJira().then(answer(200, { actors: [] })), {
      limiter,
      sleep: clock.sleep,
      now: clock.now,
    });
    await expect(other.client.requestJira(r, { call: 'read a role' })).resolves.toEqual({
      actors: [],
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('other clients wait out a quota 429 with a short Retry-After, then retry', async () => {
    const jira = new FakeJira().then(spent('2'), answer(200, { actors: [] }));
    const { client, clock } = fakeClient(jira);
    await expect(client.requestJira(r, { call: 'read a role' })).resolves.toEqual({ actors: [] });
    expect(clock.sleeps).toEqual([2000]);
    expect(client.quotaTracker.stopped()).toBeUndefined();
  });
});

describe('burst 429s slow only the endpoint they name', () => {
  it('endpoint keys: method and path template, ids and keys as placeholders', () => {
    expect(endpointKey('get', `${P}/project/ITHELP/role/10101`)).toBe(
      'GET /rest/api/3/project/{}/role/{}',
    );
    expect(endpointKey('DELETE', `${P}/project/HR/role/10101?groupId=abc`)).toBe(
      'DELETE /rest/api/3/project/{}/role/{}',
    );
    expect(endpointKey('GET', `${P}/project/search`)).toBe('GET /rest/api/3/project/search');
  });

  it('the throttled endpoint waits Retry-After; another endpoint and method go at once', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter({ now: clock.now, sleep: clock.sleep });
    const burst = answer(429, {}, { 'Retry-After': '1', 'RateLimit-Reason': 'jira-burst-based' });
    const jira = new FakeJira().otherwise((req) =>
      req.method === 'GET' && req.path.includes('/role/') && jira.requests.length === 1
        ? burst
        : answer(200, {}),
    );
    const { client } = fakeClient(jira, { limiter, sleep: clock.sleep, now: clock.now });
    await client.requestJira(route`/rest/api/3/project/${'HR'}/role/${'10101'}`, { call: 'read' });
    // One wait of Retry-After for the throttled call itself; the shared limit is not halved.
    expect(clock.sleeps).toEqual([1000]);
    expect(limiter.limit).toBe(8);

    limiter.onBurst('GET /rest/api/3/project/{}/role/{}', 5_000);
    const sleepsBefore = clock.sleeps.length;
    const search = new FakeJira().then(answer(200, page([], 0, true)));
    const searchClient = fakeClient(search, { limiter, sleep: clock.sleep, now: clock.now });
    await searchClient.client.requestJira(route`/rest/api/3/project/search`, { call: 'list' });
    const deleteClient = fakeClient(new FakeJira().then(answer(204)), {
      limiter,
      sleep: clock.sleep,
      now: clock.now,
    });
    await deleteClient.client.requestJira(route`/rest/api/3/project/${'HR'}/role/${'10101'}`, {
      call: 'remove',
      method: 'DELETE',
    });
    // Neither the search nor the DELETE of the same path waited for the paused GET endpoint.
    expect(clock.sleeps.length).toBe(sleepsBefore);
    expect(limiter.endpointPausedUntil('GET /rest/api/3/project/{}/role/{}')).toBe(
      clock.now() + 5_000,
    );
    await fakeClient(new FakeJira().then(answer(200, {})), {
      limiter,
      sleep: clock.sleep,
      now: clock.now,
    }).client.requestJira(route`/rest/api/3/project/${'FAC'}/role/${'10101'}`, { call: 'read' });
    // The paused endpoint's next call waited out the pause.
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([5000]);
  });
  it('a caller that gives up on a burst 429 holds no other caller of the endpoint', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter({ now: clock.now, sleep: clock.sleep });
    const shared = { limiter, sleep: clock.sleep, now: clock.now };
    const roleRead = route`/rest/api/3/project/${'HR'}/role/${'10101'}`;
    // Jira asks for 30 s; this caller may wait 15 s at most, so it gives up and retries nothing.
    const burst = answer(429, {}, { 'Retry-After': '30', 'RateLimit-Reason': 'jira-burst-based' });
    const givingUp = fakeClient(new FakeJira().then(burst), shared).client;
    await expect(givingUp.requestJira(roleRead, { call: 'read' })).rejects.toMatchObject({
      status: 429,
    });
    expect(limiter.endpointPausedUntil('GET /rest/api/3/project/{}/role/{}')).toBe(0);
    const other = new FakeJira().then(answer(200, { actors: [] }));
    await fakeClient(other, shared).client.requestJira(roleRead, { call: 'read' });
    expect(other.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('the budget with calls in flight', () => {
  it('calls let out together spend at most the allowance: what is in flight is held back', async () => {
    // 16 role reads (3 points each) leave at once against an allowance of 30 points; Jira
    // answers none until the client stops letting calls out. Checking only what was spent, all
    // 16 went out (48 points: 18 over); holding each call's expected cost, 10 go (30 points).
    const answers: (() => void)[] = [];
    const transport: JiraTransport = () =>
      new Promise<ResponseLike>((resolve) =>
        answers.push(() =>
          resolve({ status: 200, headers: { get: () => null }, text: async () => '{"actors":[]}' }),
        ),
      );
    const clock = new FakeClock();
    const limiter = new AdaptiveLimiter({
      initial: 16,
      max: 16,
      now: clock.now,
      sleep: clock.sleep,
    });
    const client = new JiraClient({
      request: transport,
      limiter,
      now: clock.now,
      sleep: clock.sleep,
    });
    client.quotaTracker.limitTo(30);
    const calls = Array.from({ length: 16 }, (_, i) =>
      client.requestJira(route`/rest/api/3/project/${`P${i}`}/role/${'10101'}`, {
        call: `read ${i}`,
      }),
    );
    const outcomes = Promise.allSettled(calls);
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
    expect(answers).toHaveLength(10);
    answers.forEach((go) => go());
    const settled = await outcomes;
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(10);
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
    expect(refused).toHaveLength(6);
    expect(refused.every((e) => e instanceof QuotaSpentError && e.pauseCause === 'budget')).toBe(
      true,
    );
    expect(client.cost()).toMatchObject({ calls: 10, points: 30 });
  });

  it('a call that costs more than its endpoint did last time overshoots by the difference only', async () => {
    const jira = new FakeJira().otherwise(() => answer(200, { groups: [{}, {}, {}, {}] }));
    const { client } = fakeClient(jira);
    client.quotaTracker.limitTo(20);
    // The group picker: 1 + 2 x 4 groups = 9 points; held back: 3 (a read, never seen), then 9.
    const picker = route`/rest/api/3/groups/picker`;
    await client.requestJira(picker, { call: 'find groups' });
    await client.requestJira(picker, { call: 'find groups' });
    await expect(client.requestJira(picker, { call: 'find groups' })).resolves.toBeTruthy();
    await expect(client.requestJira(picker, { call: 'find groups' })).rejects.toBeInstanceOf(
      QuotaSpentError,
    );
    // 27 spent for 20 allowed: the last call let out (18 spent < 20) cost its 9.
    expect(client.cost().points).toBe(27);
  });
});
