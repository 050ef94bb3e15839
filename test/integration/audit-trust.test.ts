// Signals that check themselves, end to end: a run that changed roles expects its own records in
// the next read of Jira's audit log. A site whose log writes summaries in German still shows them
// (records are read by their items' types and ids); a log that does not show them is not trusted:
// the hourly run falls back to the sweep at its shortest period and Health says why, until the
// app's changes show again.
import { APP_ACCOUNT_ID } from '../../local/jira-emulator';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const CUSTOMERS_ROLE = 10101;
const HOUR = 3_600_000;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
  // 12 service projects: a 24-hour sweep visits 1 an hour, a 6-hour sweep 2.
  for (let i = 1; i <= 8; i++) {
    const res = await stack.jira('POST', '/rest/api/3/project', {
      key: `DESK${i}`,
      name: `Desk ${i}`,
      projectTypeKey: 'service_desk',
    });
    expect(res.status).toBe(201);
  }
});
afterEach(async () => {
  await stack?.close();
});

function kv(op: 'get' | 'set' | 'query', body: object): any {
  return stack.host.core.kvs.handle(`/api/v1/${op}`, JSON.stringify(body)).body;
}

/**
 * An hour passes for the app: its clock cannot be moved, so what it stored moves back instead
 * (the audit log's checkpoint, the last full run, the changes runs expect to find), as if every
 * run so far had been an hour earlier. Jira's records keep their times: all of them are newer.
 */
function anHourPasses(): void {
  const back = (iso: string) => new Date(Date.parse(iso) - HOUR).toISOString();
  const audit = kv('get', { key: 'sweep:audit' })?.value;
  if (audit)
    kv('set', {
      key: 'sweep:audit',
      value: { ...audit, checkpoint: back(audit.checkpoint), checkedAt: back(audit.checkedAt) },
    });
  const full = kv('get', { key: 'sweep:full' })?.value;
  if (full) kv('set', { key: 'sweep:full', value: { ...full, startedAt: back(full.startedAt) } });
  const expected = kv('query', {
    where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['audit-expect:'] }],
    limit: 20,
  }).data;
  for (const { key, value } of expected)
    kv('set', {
      key,
      value: { ...value, writes: value.writes.map((w: any) => ({ ...w, at: back(w.at) })) },
    });
}

/** projectKey -> why the run visited it. */
async function visits(runId: string): Promise<Record<string, string[]>> {
  const plans = await stack.allPages<any>('getRunPlan', runId);
  return Object.fromEntries(plans.filter((p) => p.visit).map((p) => [p.projectKey, p.visit]));
}

const swept = async (runId: string) =>
  Object.entries(await visits(runId)).filter(([, why]) => why.includes('sweep')).length;

async function fullRun(): Promise<void> {
  await stack.admin('saveRule', { rule: demoRule() });
  const full = await stack.scheduledRun();
  expect(full).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
  expect(full.counts.adds).toBeGreaterThan(0);
}

async function removeByHand(projectKey: string): Promise<void> {
  const res = await stack.jira(
    'DELETE',
    `/rest/api/3/project/${projectKey}/role/${CUSTOMERS_ROLE}?groupId=${CONTOSO}`,
  );
  expect(res.status).toBe(204);
}

async function changeSignalsCheck(): Promise<any> {
  await stack.admin('checkHealth');
  await stack.host.waitForIdle();
  const health = await stack.admin('getHealth');
  return health.checks.find((c: any) => c.id === 'change-signals');
}

it("trusts a log in German: the app's own changes are found there, and so are people's", async () => {
  await stack.control('PUT', 'site', { language: 'de' });
  await fullRun();
  anHourPasses();
  // HR: not in the sweep's first slice (it goes by project id: ITHELP first).
  await removeByHand('HR');

  const run = await stack.scheduledRun();
  expect((await visits(run.id)).HR).toEqual(['changed-in-jira']);
  expect(await stack.roleGroups('HR')).toContain(CONTOSO);
  expect(await swept(run.id)).toBe(1);
  // The records really are German.
  const log = await stack.jira('GET', '/rest/api/3/auditing/record?filter=Projektrollen');
  expect(log.body.records.length).toBeGreaterThan(0);
  expect(log.body.records[0].summary).toBe('Projektrollen geändert');

  const state = await stack.admin('getEnforcementState');
  expect(state.sweepHours).toBe(24);
  expect(state.auditLog.ownChangesMissingAt).toBeUndefined();
  expect(await changeSignalsCheck()).toMatchObject({ status: 'pass' });
});

it("falls back to the 6-hour sweep while the log does not show the app's changes, and back once it does", async () => {
  await stack.control('PUT', 'faults', { auditOmitAuthors: [APP_ACCOUNT_ID] });
  await fullRun();
  anHourPasses();

  const first = await stack.scheduledRun();
  expect(first).toMatchObject({ status: 'succeeded' });
  expect(await swept(first.id)).toBe(2);
  const state = await stack.admin('getEnforcementState');
  expect(state.sweepHours).toBe(6);
  expect(state.sweepPeriod.reason).toMatch(/did not show the app's own changes/);
  expect(state.auditLog).toMatchObject({ readable: true, ownChangesMissingAt: expect.any(String) });
  const check = await changeSignalsCheck();
  expect(check.status).toBe('warn');
  expect(check.detail).toMatch(
    /^Jira's audit log did not show the app's own changes of \d{4}-\d\d-\d\d \d\d:\d\d UTC \(a format or language the app does not recognise, or a scope refused\): changes people make are found by the sweep only, every 6 hours, until the log shows them again\.$/,
  );
  expect(check.action).toMatch(/forge install --upgrade/);

  // The log shows the app's changes again: the run after the next write trusts it.
  await stack.control('DELETE', 'faults');
  await removeByHand('ITHELP');
  anHourPasses();
  const repair = await stack.scheduledRun();
  expect(repair).toMatchObject({ counts: { adds: 1 } });
  expect(await swept(repair.id)).toBe(2);
  anHourPasses();
  const next = await stack.scheduledRun();
  // Trusted again, the sweep lengthens only after a whole cycle that shows it may.
  expect(await swept(next.id)).toBe(2);
  const after = await stack.admin('getEnforcementState');
  expect(after.sweepHours).toBe(6);
  expect(after.sweepPeriod.reason).toMatch(/did not show the app's own changes.*lengthens again/);
  expect(await changeSignalsCheck()).toMatchObject({ status: 'pass' });
});
