// The bench's figures: who spent Jira's points, per-hour means and maxima, tenants per Tier 1
// pool, and the Forge bill at the published prices.
import {
  benchNumber,
  forgeBill,
  type ForgeUsage,
  hourlyFigures,
  msToNextHour,
  pointsByPath,
  spenderOf,
  spendOf,
  tenantsPerPool,
  worstDay,
} from '../../local/bench-figures';

test('each call is charged to the function that made it', () => {
  expect(spenderOf('health-check')).toBe('health');
  expect(spenderOf('enforce-batch:org')).toBe('orgs');
  expect(spenderOf('enforce-batch:batch')).toBe('runs');
  expect(spenderOf('enforce-batch:list')).toBe('runs');
  expect(spenderOf('scheduled-enforce')).toBe('runs');
  expect(spenderOf('project-created')).toBe('runs');
  expect(spenderOf('admin-resolver:checkHealth')).toBe('pages');
  expect(spenderOf('project-resolver:getProject')).toBe('pages');
  expect(spenderOf(undefined)).toBe('other');
});

test('a refusal costs nothing and is no call; only metered points count', () => {
  const spend = spendOf([
    { status: 200, points: 3, metered: true, madeBy: 'enforce-batch:batch' },
    { status: 429, points: 0, metered: true, madeBy: 'enforce-batch:batch' },
    { status: 200, points: 101, metered: true, madeBy: 'health-check' },
    { status: 200, points: 5, metered: false, madeBy: 'health-check' },
  ]);
  expect(spend.calls).toEqual({ runs: 1, health: 2, orgs: 0, pages: 0, other: 0 });
  expect(spend.points).toEqual({ runs: 3, health: 101, orgs: 0, pages: 0, other: 0 });
});

test('hourly figures: all-in mean and max, by spender, and the sites a Tier 1 pool carries', () => {
  const hour = (runs: number, health: number) =>
    spendOf([
      { status: 200, points: runs, metered: true, madeBy: 'scheduled-enforce' },
      { status: 200, points: health, metered: true, madeBy: 'health-check' },
    ]);
  const f = hourlyFigures([hour(100, 0), hour(100, 0), hour(100, 0), hour(100, 1_000)]);
  expect(f.points).toEqual({ mean: 350, max: 1_100 });
  expect(f.pointsBy.health).toEqual({ mean: 250, max: 1_000 });
  expect(f.pointsBy.runs).toEqual({ mean: 100, max: 100 });
  expect(f.calls).toEqual({ mean: 2, max: 2 });
  expect(f.tenantsPerPool).toBe(185); // 65,000 / 350
  expect(tenantsPerPool(325)).toBe(200);
  expect(tenantsPerPool(0)).toBeNull();
});

test('the Forge bill: GB-seconds at 512 MB, KVS and log data, a month of 730 hours', () => {
  const GB = 1024 ** 3;
  const hour: ForgeUsage = {
    invocations: 10,
    functionMs: 100_000, // 100 s at 0.5 GB: 50 GB-s an hour
    kvsReads: 1,
    kvsWrites: 1,
    kvsReadBytes: GB / 730, // 1 GB a month
    kvsWriteBytes: GB / 730,
    logBytes: 0,
  };
  const bill = forgeBill([hour, hour]);
  expect(bill.perHour).toMatchObject({ invocations: 10, functionSeconds: 100 });
  expect(bill.perMonth.gbSeconds).toBe(36_500);
  expect(bill.perMonth.kvsReadGb).toBe(1);
  expect(bill.perMonth.kvsWriteGb).toBe(1);
  // 36,500 x $0.000025 + 1 x $0.055 + 1 x $1.090
  expect(bill.perMonth.usdAtOveragePrices).toBe(2.06);
});

test('the next top of the hour', () => {
  expect(msToNextHour(Date.parse('2026-03-01T13:10:00Z'))).toBe(50 * 60_000);
  expect(msToNextHour(Date.parse('2026-03-01T13:00:00Z'))).toBe(3_600_000);
});

test("the bench's numeric options: numbers >= 0, or an error naming the option", () => {
  expect(benchNumber('projects', '5000')).toBe(5000);
  expect(benchNumber('hours', '0')).toBe(0);
  expect(() => benchNumber('org-members', '-1')).toThrow(
    '--org-members must be a non-negative number; got -1.',
  );
  expect(() => benchNumber('hours', 'many')).toThrow('--hours must be');
  expect(() => benchNumber('quota', '')).toThrow('--quota must be');
});

test('the worst day: the costliest 24 consecutive hours, per hour; none under a day', () => {
  const hour = (points: number) =>
    spendOf([{ status: 200, metered: true, points, madeBy: 'enforce-hourly' }]);
  expect(worstDay(Array.from({ length: 23 }, () => hour(10)))).toBeNull();
  // A week of 100 an hour, and one hour of 2,400 in it: that day's mean is 199.
  const week = Array.from({ length: 168 }, (_, i) => hour(i === 100 ? 2400 : 100));
  expect(worstDay(week)).toBe(Math.round((23 * 100 + 2400) / 24));
});

test('where the points go: by spender and endpoint, ids folded, costliest first', () => {
  const byPath = pointsByPath([
    {
      method: 'GET',
      path: '/rest/api/3/project/P1/role/10101',
      status: 200,
      metered: true,
      points: 3,
      madeBy: 'enforce-batch:batch',
    },
    {
      method: 'GET',
      path: '/rest/api/3/project/P2/role/10101',
      status: 200,
      metered: true,
      points: 3,
      madeBy: 'enforce-batch:batch',
    },
    {
      method: 'GET',
      path: '/rest/servicedeskapi/organization/7/user',
      status: 200,
      metered: true,
      points: 101,
      madeBy: 'enforce-batch:org',
    },
    {
      method: 'GET',
      path: '/rest/api/3/project/search',
      status: 200,
      metered: true,
      points: 31,
      madeBy: 'enforce-hourly',
    },
    { method: 'GET', path: '/rest/api/3/myself', status: 200, metered: false, points: 3 },
  ]);
  expect(Object.entries(byPath)).toEqual([
    ['orgs GET /rest/servicedeskapi/organization/{id}/user', { calls: 1, points: 101 }],
    ['runs GET /rest/api/3/project/search', { calls: 1, points: 31 }],
    ['runs GET /rest/api/3/project/{key}/role/{id}', { calls: 2, points: 6 }],
  ]);
});
