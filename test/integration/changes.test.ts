// Change-driven hourly runs end to end: after a full run, an hourly run visits only
// the projects change signals name (Jira's audit log, Forge's project events, rule changes) and
// the rolling sweep's slice, and says why it visited each.
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const CUSTOMERS_ROLE = 10101;
/** The demo's service projects, in key order; the sweep goes by id: ITHELP, HR, FAC, MKT. */
const SERVICE_PROJECTS = ['FAC', 'HR', 'ITHELP', 'MKT'];

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

/** The projects whose customer role the app read since the request log was cleared. */
async function rolesRead(): Promise<string[]> {
  const { requests } = await stack.control('GET', 'requests');
  const keys = requests
    .filter((r: any) => r.method === 'GET' && r.caller !== undefined)
    .map((r: any) => /^\/rest\/api\/3\/project\/([^/]+)\/role\/\d+$/.exec(r.path)?.[1])
    .filter(Boolean);
  return [...new Set<string>(keys)].sort();
}

/** projectKey -> why the run visited it. */
async function visits(runId: string): Promise<Record<string, string[]>> {
  const plans = await stack.allPages<any>('getRunPlan', runId);
  return Object.fromEntries(plans.filter((p) => p.visit).map((p) => [p.projectKey, p.visit]));
}

async function converged(rule = demoRule()): Promise<any> {
  await stack.admin('saveRule', { rule });
  const full = await stack.scheduledRun();
  expect(full).toMatchObject({ status: 'succeeded' });
  expect(full.visits).toBeUndefined();
  await stack.control('DELETE', 'requests');
  return full;
}

async function removeByHand(projectKey: string, groupId: string = CONTOSO) {
  const res = await stack.jira(
    'DELETE',
    `/rest/api/3/project/${projectKey}/role/${CUSTOMERS_ROLE}?groupId=${groupId}`,
  );
  expect(res.status).toBe(204);
}

describe('the hourly run after a full run', () => {
  it("reads only what changed and the sweep's slice, and repairs a group a person removed", async () => {
    await converged();
    await removeByHand('HR');

    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 1, drift: 1, errors: 0 } });
    expect(await stack.roleGroups('HR')).toContain(CONTOSO);
    // 4 service projects over 24 hours: a slice of 1 (ITHELP, first in id order), plus HR.
    expect(await visits(run.id)).toEqual({ HR: ['changed-in-jira'], ITHELP: ['sweep'] });
    expect(await rolesRead()).toEqual(['HR', 'ITHELP']);
    expect(run.visits).toEqual({ 'changed-in-jira': 1, sweep: 1 });
  });

  it('spends no visit on a group a person added that no rule names, and repairs a removal that hour', async () => {
    await converged();
    // HR Staff: a group no rule names, added by hand to FAC's customers.
    const hrStaff = DEMO.groups.hrStaff.groupId;
    const added = await stack.jira('POST', `/rest/api/3/project/FAC/role/${CUSTOMERS_ROLE}`, {
      groupId: [hrStaff],
    });
    expect(added.status).toBe(200);
    await removeByHand('HR');

    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 1, drift: 1, errors: 0 } });
    expect(await stack.roleGroups('HR')).toContain(CONTOSO);
    // FAC is neither visited nor read: its change could not concern the app.
    expect(await visits(run.id)).toEqual({ HR: ['changed-in-jira'], ITHELP: ['sweep'] });
    expect(await rolesRead()).toEqual(['HR', 'ITHELP']);
    expect(await stack.roleGroups('FAC')).toEqual(expect.arrayContaining([CONTOSO, hrStaff]));
    const res = await fetch(`${stack.host.url}/api/logs?limit=10000`);
    const { lines } = (await res.json()) as { lines: { text: string }[] };
    const read = lines.map((l) => JSON.parse(l.text)).filter((l) => l.event === 'audit-log.read');
    expect(read.at(-1)).toMatchObject({ changed: 1, quiet: 1 });
  });

  it("watches a disabled rule's groups by the names its save read, with no call of its own", async () => {
    const hrStaff = DEMO.groups.hrStaff;
    await stack.admin('saveRule', {
      rule: demoRule({ name: 'HR staff (paused)', groupIds: [hrStaff.groupId], enabled: false }),
    });
    await converged();
    const made = await stack.jira('POST', '/rest/api/3/group', { name: 'Sales Team' });
    expect(made.status).toBe(201);
    const added = await stack.jira('POST', `/rest/api/3/project/FAC/role/${CUSTOMERS_ROLE}`, {
      groupId: [made.body.groupId],
    });
    expect(added.status).toBe(200);
    // HR Staff, which only the disabled rule names, removed from HR by hand: visited.
    await removeByHand('HR', hrStaff.groupId);
    await stack.control('DELETE', 'requests');

    const run = await stack.scheduledRun();
    expect(await visits(run.id)).toEqual({ HR: ['changed-in-jira'], ITHELP: ['sweep'] });
    // Its name came from the rule's save: the run looked no group up beyond its usual read.
    const { requests } = await stack.control('GET', 'requests');
    const lookups = requests.filter(
      (r: any) => r.caller !== undefined && /^\/rest\/api\/3\/group\/bulk/.test(r.path),
    );
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.map((r: any) => r.query).join(' ')).not.toContain(hrStaff.groupId);
  });

  it("leaves the app's own writes out of the signals: the run after a repair visits the sweep only", async () => {
    await converged();
    await removeByHand('HR');
    await stack.scheduledRun();
    await stack.control('DELETE', 'requests');

    const next = await stack.scheduledRun();
    // FAC was the first hour's slice; HR, next in key order, is this hour's.
    expect(await visits(next.id)).toEqual({ HR: ['sweep'] });
    expect(await rolesRead()).toEqual(['HR']);
  });

  it('enforces a project a person created, found in the audit log, as a new project', async () => {
    await converged();
    const res = await stack.jira('POST', '/rest/api/3/project', {
      key: 'NEWDESK',
      name: 'New desk',
      projectTypeKey: 'service_desk',
    });
    expect(res.status).toBe(201);

    const run = await stack.scheduledRun();
    expect((await visits(run.id)).NEWDESK).toEqual(['new-project']);
    expect(await stack.roleGroups('NEWDESK')).toContain(CONTOSO);
  });

  it("runs in full after a group a rule names was deleted: every project's ledger may be stale", async () => {
    await converged();
    // The identity provider deletes it (synced groups are deleted over SCIM only).
    const gone = DEMO.groups.fabrikamCustomers.groupId;
    const res = await fetch(
      `${stack.emulator.url}/scim/directory/${DEMO.directoryId}/Groups/${gone}`,
      {
        method: 'DELETE',
        headers: { authorization: 'Bearer directory-key' },
      },
    );
    expect(res.status).toBe(204);

    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(run.visits).toBeUndefined();
    expect((await stack.admin('getEnforcementState')).pending).toMatchObject({ fullRun: false });
  });

  it('sweeps every service project within a pinned sweepHours, over simulated hours', async () => {
    await converged();
    const settings = await stack.admin('getSettings');
    await stack.admin('saveSettings', {
      settings: { ...settings, sweepPinned: true, sweepHours: 2 },
    });
    const swept: string[] = [];
    for (let hour = 0; hour < 2; hour++) {
      const run = await stack.scheduledRun();
      const v = await visits(run.id);
      swept.push(...Object.keys(v).filter((k) => v[k].includes('sweep')));
    }
    expect(swept.sort()).toEqual(SERVICE_PROJECTS);
    const state = await stack.admin('getEnforcementState');
    expect(state).toMatchObject({ sweepHours: 2, verifiedWithinHours: 1 });
    expect(state.auditLog).toMatchObject({ readable: true });
  });

  it("visits exactly the projects a rule's old and new scopes cover when it changes", async () => {
    const rule = await stack.admin('saveRule', {
      rule: demoRule({ scope: { type: 'keys', keys: ['ITHELP'] } }),
    });
    await stack.scheduledRun();
    await stack.control('DELETE', 'requests');
    await stack.admin('saveRule', {
      rule: { ...demoRule({ scope: { type: 'keys', keys: ['HR'] } }), id: rule.id, version: 1 },
    });

    const run = await stack.scheduledRun();
    const v = await visits(run.id);
    const changed = Object.keys(v).filter((k) => v[k].includes('rule-changed'));
    expect(changed.sort()).toEqual(['HR', 'ITHELP']);
    expect(run.counts).toMatchObject({ adds: 2, removals: 2, errors: 0 });
    expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO);
    expect(await stack.roleGroups('HR')).toContain(CONTOSO);
  });

  it('falls back to the sweep alone when the audit log answers 403, and Health says so', async () => {
    await converged();
    await stack.control('PUT', 'site', { plan: 'free' });
    await removeByHand('FAC');

    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 0 } });
    expect(await visits(run.id)).toEqual({ ITHELP: ['sweep'] });
    expect(await stack.roleGroups('FAC')).not.toContain(CONTOSO);

    await stack.admin('checkHealth');
    await stack.host.waitForIdle();
    const health = await stack.admin('getHealth');
    const check = health.checks.find((c: any) => c.id === 'change-signals');
    expect(check).toMatchObject({ status: 'warn' });
    expect(check.detail).toMatch(/audit log.*403|403.*audit log/i);
    expect(check.action).toMatch(/paid plan/);
    const state = await stack.admin('getEnforcementState');
    expect(state.auditLog).toMatchObject({ readable: false });
  });

  it("Health gives the routine check's period in force, not a Settings value that is not pinned", async () => {
    await converged();
    // Hours left in Settings from an earlier pin: the adaptive period is in force.
    const settings = await stack.admin('getSettings');
    await stack.admin('saveSettings', {
      settings: { ...settings, sweepPinned: false, sweepHours: 3 },
    });
    await stack.control('PUT', 'site', { plan: 'free' });
    await stack.scheduledRun();
    expect((await stack.admin('getEnforcementState')).sweepHours).toBe(6);

    await stack.admin('checkHealth');
    await stack.host.waitForIdle();
    const health = await stack.admin('getHealth');
    const check = health.checks.find((c: any) => c.id === 'change-signals');
    expect(check.detail).toContain('may stay missing for up to 6 hours');
  });

  it('a project event delivered twice marks the project once; a deleted project is not visited', async () => {
    await converged();
    const hr = (await stack.jira('GET', '/rest/api/3/project/HR')).body;
    const event = { webhookEvent: 'project_updated', project: { id: hr.id, key: 'HR' } };
    // The audit log is unreadable here, so the visit comes from the Forge events alone.
    await stack.control('PUT', 'site', { plan: 'free' });
    await stack.host.core.onJiraWebhook(event);
    await stack.host.core.onJiraWebhook(event);
    await stack.host.core.onJiraWebhook({
      webhookEvent: 'project_deleted',
      project: { key: 'FAC' },
    });
    expect((await stack.admin('getEnforcementState')).pending).toMatchObject({ projects: 1 });

    const run = await stack.scheduledRun();
    expect(await visits(run.id)).toEqual({ HR: ['changed-in-jira'], ITHELP: ['sweep'] });
    expect(await rolesRead()).toEqual(['HR', 'ITHELP']);
    expect((await stack.admin('getEnforcementState')).pending).toMatchObject({ projects: 0 });
  });
});
