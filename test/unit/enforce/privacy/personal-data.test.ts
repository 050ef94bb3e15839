// The personal data pass, on the deterministic platform: every account the app keeps is reported
// to Atlassian's reporting API in calls of at most 90; a pass cut off (a crash, a 429) goes on
// from its saved place, so no account is lost and none before the place is sent twice; a closed
// account is erased from every family that named it (audit entries keep their event, by "a
// closed account"), with counts (never the id) in the audit entry and the logs; an updated
// profile's cached name goes; a pass that ended does not run again before 6 days.
import { CLOSED_ACCOUNT } from '../../../../src/domain/personal-data';
import {
  PASS_EVERY_MS,
  reportPersonalDataIfDue,
} from '../../../../src/enforce/privacy/personal-data';
import { Deadline } from '../../../../src/enforce/queue/deadline';
import { newestFirstId } from '../../../../src/store/ids';
import { on, Platform } from '../harness/platform';

const NOW = new Date('2028-06-01T12:00:00.000Z');
const ACCOUNTS = Array.from(
  { length: 200 },
  (_, i) => `5d00000000000000000a${String(i).padStart(4, '0')}`,
);
const ADMIN = '5d0000000000000000000001';
const CLOSED = '557058:0c1f3e2a-7f4b-4a59-9d9e-3b1c2d4e5f60';

let p: Platform;
beforeEach(() => {
  p = new Platform();
  p.install();
});
afterEach(() => p.uninstall());

const never = () => new Deadline(() => Number.POSITIVE_INFINITY);

/** One invocation of the pass (the hourly trigger's last step); answers it once it stopped. */
async function pass(at = NOW) {
  const inv = p.invoke('scheduled-enforce', () => reportPersonalDataIfDue(never(), at));
  await p.quiesce();
  return inv;
}

function seedAudit(entries: ({ kind: string } & Record<string, unknown>)[], at = NOW) {
  const key = `audit:${newestFirstId(at)}:0000`;
  const full = entries.map((e, i) => ({ id: `x.${i}`, at: at.toISOString(), message: 'm', ...e }));
  p.seed(key, { entries: full });
  for (const kind of new Set(full.map((e) => e.kind)))
    p.seed(`auditkind:${kind}:${key.slice('audit:'.length)}`, {
      entries: full.filter((e) => e.kind === kind),
    });
}

function seedOrgMembers(ids: string[]) {
  for (const accountId of ids)
    p.seed(`orgledger:7:${accountId}`, {
      organizationId: '7',
      accountId,
      ruleIds: ['r-1'],
      addedAt: '2028-05-01T00:00:00.000Z',
      runId: 'run-1',
    });
}

/** How many times each account was reported, over every call. */
function timesReported(): Map<string, number> {
  const n = new Map<string, number>();
  for (const a of p.personalData.calls.flat()) n.set(a.accountId, (n.get(a.accountId) ?? 0) + 1);
  return n;
}

it('reports every account the app keeps, in calls of at most 90, each once with its time', async () => {
  seedAudit([
    { kind: 'rule-saved', actor: ADMIN },
    { kind: 'run-started', actor: 'app' },
  ]);
  seedOrgMembers(ACCOUNTS);
  expect((await pass()).state).toBe('done');
  const calls = p.personalData.calls;
  expect(calls.length).toBe(3);
  expect(Math.max(...calls.map((c) => c.length))).toBeLessThanOrEqual(90);
  expect([...timesReported().keys()].sort()).toEqual([...ACCOUNTS, ADMIN].sort());
  expect([...timesReported().values()].every((n) => n === 1)).toBe(true);
  expect(p.personalData.reported).toContainEqual({
    accountId: ADMIN,
    updatedAt: NOW.toISOString(),
  });
  // Done for the week: an hour later nothing is read or sent; 6 days after it started, again.
  const reads = p.log.length;
  await pass(new Date(NOW.getTime() + 3_600_000));
  expect(p.log.length - reads).toBe(1);
  expect(calls.length).toBe(3);
  await pass(new Date(NOW.getTime() + PASS_EVERY_MS));
  expect(calls.length).toBe(6);
});

it('goes on where a cut-off invocation saved its place: no account lost, none sent twice', async () => {
  seedOrgMembers(ACCOUNTS);
  // Pages of 20: the first call goes out with the fifth page of members; the container dies
  // after saving the seventh page's place, with 51 accounts read and not reported yet.
  p.crashAfter(on.write('privacy:pass'), 12);
  expect((await pass()).state).toBe('crashed');
  expect(p.personalData.calls).toHaveLength(1);
  expect((await pass()).state).toBe('done');
  expect([...timesReported().keys()].sort()).toEqual([...ACCOUNTS].sort());
  expect([...timesReported().values()].every((n) => n === 1)).toBe(true);
});

it('stops at a refused report (429) and the next hour sends what it could not', async () => {
  seedOrgMembers(ACCOUNTS.slice(0, 100));
  p.personalData.failNext({ status: 429, retryAfterSeconds: 60 });
  const first = await pass();
  expect(first.state).toBe('done');
  expect(first.result).toMatchObject({ phase: 'report' });
  expect(p.personalData.calls).toHaveLength(0);
  expect(p.logs.some((l) => l.includes('privacy.report-refused') && l.includes('429'))).toBe(true);
  await pass(new Date(NOW.getTime() + 3_600_000));
  expect([...timesReported().keys()].sort()).toEqual(ACCOUNTS.slice(0, 100).sort());
});

it('erases a closed account from every record that names it, and says how many, never who', async () => {
  seedAudit([
    { kind: 'exclusion-requested', actor: CLOSED, projectKey: 'ITHELP', ruleId: 'r-1' },
    { kind: 'org-member-added', actor: 'app', accountId: CLOSED, organizationId: '7' },
    { kind: 'rule-saved', actor: ADMIN, ruleId: 'r-1' },
  ]);
  p.seed('exclreq:ITHELP:r-1', {
    ruleId: 'r-1',
    projectKey: 'ITHELP',
    status: 'declined',
    requestedBy: CLOSED,
    requestedAt: '2028-05-01T00:00:00.000Z',
    reason: 'Our customers sign up on the portal.',
    decidedBy: ADMIN,
    decidedAt: '2028-05-02T00:00:00.000Z',
  });
  p.seed('exclusion:r-1:HR', {
    ruleId: 'r-1',
    projectKey: 'HR',
    requestedBy: ADMIN,
    requestedAt: '2028-05-01T00:00:00.000Z',
    approvedBy: CLOSED,
  });
  p.seed('rule:r-1#9999999998', {
    id: 'r-1',
    name: 'Customers',
    groupIds: ['g-1'],
    scope: { type: 'all' },
    exclude: [],
    enabled: true,
    createdAt: '2028-05-01T00:00:00.000Z',
    updatedAt: '2028-05-01T00:00:00.000Z',
    updatedBy: CLOSED,
  });
  p.seed('run:0001', {
    id: '0001',
    trigger: 'manual',
    dryRun: false,
    status: 'succeeded',
    startedBy: CLOSED,
    createdAt: '2028-05-01T00:00:00.000Z',
    progress: { done: 1, total: 1 },
    counts: { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 },
  });
  seedOrgMembers([CLOSED, ACCOUNTS[0]]);
  p.seed(`displayname:${CLOSED}`, { name: 'Jane Closed' });
  p.seed(`audit-refusals:${CLOSED}:ITHELP:123`, { key: 'audit:x' });
  p.seed('peoplespend:2028060112:557058_3a_0c1f3e2a-7f4b-4a59-9d9e-3b1c2d4e5f60:live', {
    points: 5,
    calls: 1,
  });
  p.personalData.mark(CLOSED, 'closed');

  expect((await pass()).state).toBe('done');

  const stored = p.keys().map((k) => `${k} ${JSON.stringify(p.values(k)[0])}`);
  expect(stored.filter((s) => s.includes(CLOSED) || s.includes('Jane Closed'))).toEqual([]);
  // What the records were about stays; the person is "a closed account".
  const entries = p.values<{ entries: any[] }>('audit:').flatMap((c) => c.entries);
  expect(entries).toContainEqual(
    expect.objectContaining({ kind: 'exclusion-requested', actor: CLOSED_ACCOUNT, ruleId: 'r-1' }),
  );
  expect(entries.find((e) => e.kind === 'org-member-added')).not.toHaveProperty('accountId');
  const copies = p.values<{ entries: any[] }>('auditkind:exclusion-requested:');
  expect(copies.flatMap((c) => c.entries)[0].actor).toBe(CLOSED_ACCOUNT);
  expect(p.values('exclreq:')[0]).toMatchObject({
    status: 'declined',
    requestedBy: CLOSED_ACCOUNT,
    decidedBy: ADMIN,
  });
  expect(p.values('exclusion:')[0]).toMatchObject({
    requestedBy: ADMIN,
    approvedBy: CLOSED_ACCOUNT,
  });
  expect(p.values('rule:')[0]).toMatchObject({ name: 'Customers', updatedBy: CLOSED_ACCOUNT });
  expect(p.values('run:')[0]).toMatchObject({ status: 'succeeded', startedBy: CLOSED_ACCOUNT });
  // The member stays in the organization; without the app's proof it is no longer the app's.
  expect(p.keys('orgledger:')).toEqual([`orgledger:7:${ACCOUNTS[0]}`]);
  const erased = entries.filter((e) => e.kind === 'personal-data-erased');
  expect(erased).toHaveLength(1);
  expect(erased[0].message).toMatch(
    /1 account was closed: the app erased them from 9 stored records/,
  );
  expect(p.logs.join('\n')).not.toContain(CLOSED);
  expect(p.logs.some((l) => l.includes('privacy.pass-done'))).toBe(true);
});

it("forgets an updated profile's cached name, and keeps the names of the others", async () => {
  p.seed(`displayname:${ADMIN}`, { name: 'Site Admin' });
  p.seed(`displayname:${ACCOUNTS[0]}`, { name: 'Alice' });
  p.personalData.mark(ADMIN, 'updated', NOW.getTime() - 3_600_000);
  await pass();
  expect(p.keys('displayname:')).toEqual([`displayname:${ACCOUNTS[0]}`]);
  const entries = p.values<{ entries: any[] }>('audit:').flatMap((c) => c.entries);
  expect(entries[0].message).toMatch(/1 profile changed/);
});
