// The engine end to end: the app's real code in the local Forge host, against the Jira emulator.
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const HR_STAFF = DEMO.groups.hrStaff.groupId;
const CUSTOMERS_ROLE = 10101;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

/** Writes the app made to role actors since the log was last cleared. */
async function roleWrites(): Promise<{ method: string; path: string }[]> {
  const { requests } = await stack.control('GET', 'requests');
  return requests.filter(
    (r: any) => (r.method === 'POST' || r.method === 'DELETE') && /\/role\/\d+$/.test(r.path),
  );
}

describe('the scheduled run', () => {
  it('adds the synced groups to every service project (team-managed MKT too), skips the software project with its reason, and a second run changes nothing', async () => {
    await stack.admin('saveRule', {
      rule: demoRule({ scope: { type: 'keys', keys: ['ITHELP', 'HR', 'FAC', 'MKT', 'PLAT'] } }),
    });
    const run = await stack.scheduledRun();
    expect(run).toMatchObject({
      trigger: 'scheduled',
      dryRun: false,
      status: 'succeeded',
      counts: { adds: 8, removals: 0, errors: 0 },
    });

    for (const key of ['ITHELP', 'HR', 'FAC'])
      expect(await stack.roleGroups(key)).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));
    expect(await stack.roleGroups('MKT', DEMO.mktRoles.customer)).toEqual(
      [CONTOSO, FABRIKAM].sort(),
    );
    expect(await stack.roleGroups('HR')).toContain(HR_STAFF); // the hand-made binding is still there

    const plans = await stack.allPages<any>('getRunPlan', run.id);
    const skip = (key: string) => plans.find((p) => p.projectKey === key)?.skips[0];
    expect(skip('MKT')).toBeUndefined();
    expect(skip('PLAT')).toMatchObject({ code: 'not-service-desk' });
    const actions = await stack.allPages<any>('getRunActions', run.id);
    expect(actions).toHaveLength(8);
    expect(actions.every((a) => a.ok)).toBe(true);

    await stack.control('DELETE', 'requests');
    const second = await stack.scheduledRun();
    expect(second.id).not.toBe(run.id);
    expect(second).toMatchObject({
      status: 'succeeded',
      counts: { adds: 0, removals: 0, errors: 0 },
    });
    expect(await roleWrites()).toEqual([]);
  });

  it('repairs drift: a group removed by hand is added back and counted as drift', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.scheduledRun();
    const removed = await stack.jira(
      'DELETE',
      `/rest/api/3/project/ITHELP/role/${CUSTOMERS_ROLE}?groupId=${CONTOSO}`,
    );
    expect(removed.status).toBe(204);
    expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO);

    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 1, drift: 1, removals: 0 } });
    expect(await stack.roleGroups('ITHELP')).toContain(CONTOSO);
  });

  it('skips the run when an admin turned scheduled enforcement off', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.admin('saveSettings', {
      settings: { scheduleEnabled: false, removeUnwanted: true, allowProjectExclusions: false },
    });
    await stack.host.runTrigger('enforce-hourly');
    expect((await stack.admin('listRuns', {})).items).toEqual([]);
    expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO);
  });
});

describe('deleting a rule', () => {
  it('removes the bindings the app added and keeps the ones people made by hand', async () => {
    // HR Staff is already in HR's customers role by hand (the demo's manual binding).
    const rule = await stack.admin('saveRule', {
      rule: demoRule({ name: 'HR staff everywhere', groupIds: [HR_STAFF] }),
    });
    const first = await stack.scheduledRun();
    expect(first.counts.adds).toBe(3); // ITHELP, FAC and MKT; HR already had it
    expect(await stack.roleGroups('FAC')).toContain(HR_STAFF);

    const impact = await stack.admin('getRemovalImpact', {
      change: { kind: 'delete', ruleId: rule.id },
    });
    expect(impact).toMatchObject({ projects: ['FAC', 'ITHELP', 'MKT'], removalEnabled: true });
    expect(impact.bindings).toHaveLength(3);
    await stack.admin('deleteRule', { id: rule.id });
    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { removals: 3, adds: 0 } });
    expect(await stack.roleGroups('FAC')).not.toContain(HR_STAFF);
    expect(await stack.roleGroups('ITHELP')).not.toContain(HR_STAFF);
    expect(await stack.roleGroups('HR')).toContain(HR_STAFF);

    const audit = await stack.admin('getAudit', { kind: 'binding-removed' });
    expect(audit.items.map((e: any) => e.projectKey).sort()).toEqual(['FAC', 'ITHELP', 'MKT']);
  });

  it('keeps app-made bindings when removal is turned off, and says so in the plan', async () => {
    const rule = await stack.admin('saveRule', { rule: demoRule({ groupIds: [CONTOSO] }) });
    await stack.scheduledRun();
    await stack.admin('saveSettings', {
      settings: { scheduleEnabled: true, removeUnwanted: false, allowProjectExclusions: false },
    });
    await stack.admin('deleteRule', { id: rule.id });
    const run = await stack.scheduledRun();
    expect(run.counts).toMatchObject({ removals: 0, adds: 0 });
    expect(await stack.roleGroups('ITHELP')).toContain(CONTOSO);
    const plans = await stack.allPages<any>('getRunPlan', run.id);
    expect(plans.flatMap((p) => p.skips).some((s: any) => s.code === 'removal-disabled')).toBe(
      true,
    );
  });
});

describe('preview', () => {
  it('a dry run plans the changes and changes nothing', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('DELETE', 'requests');
    const { runId } = await stack.admin('previewPlan', {});
    const run = await stack.waitForRun(runId);
    expect(run).toMatchObject({ dryRun: true, status: 'succeeded', counts: { adds: 8 } });
    expect(await roleWrites()).toEqual([]);
    expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO);
    const plans = await stack.admin('getRunPlan', { runId, changesOnly: true });
    expect(plans.items.map((p: any) => p.projectKey).sort()).toEqual([
      'FAC',
      'HR',
      'ITHELP',
      'MKT',
    ]);
  });
});

describe('Jira under load', () => {
  it('retries 429s and 5xx answers to success', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', { rate429: 0.2, retryAfterSeconds: 0, rate5xx: 0.1 });
    await stack.control('DELETE', 'requests');
    const run = await stack.scheduledRun();
    await stack.control('DELETE', 'faults');
    const failed = (await stack.allPages<any>('getRunActions', run.id)).filter((a) => !a.ok);
    expect(failed).toEqual([]);
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 8, errors: 0 } });
    for (const key of ['ITHELP', 'HR', 'FAC'])
      expect(await stack.roleGroups(key)).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));
    const { requests } = await stack.control('GET', 'requests');
    expect(requests.some((r: any) => r.status === 429)).toBe(true);
    expect(requests.some((r: any) => r.status >= 500)).toBe(true);
  });
});

describe('short pages', () => {
  it('lists every project when Jira answers fewer projects a page than asked', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('PUT', 'faults', { maxPageSize: 2 });
    const run = await stack.scheduledRun();
    await stack.control('DELETE', 'faults');
    expect(run).toMatchObject({
      status: 'succeeded',
      counts: { adds: 8 },
      progress: { done: 5, total: 5 },
    });
    for (const key of ['ITHELP', 'HR', 'FAC'])
      expect(await stack.roleGroups(key)).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));
  });
});

describe('new projects', () => {
  it('a service project created in Jira gets the customer groups at once', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    await stack.control('POST', 'webhooks', { url: `${stack.host.url}/__host/webhooks/jira` });
    const created = await stack.jira('POST', '/rest/api/3/project', {
      key: 'NEWSD',
      name: 'New Service Desk',
      projectTypeKey: 'service_desk',
      leadAccountId: DEMO.users.admin.accountId,
      projectTemplateKey: 'com.atlassian.servicedesk:simplified-it-service-management',
    });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !(await stack.roleGroups('NEWSD')).includes(CONTOSO))
      await new Promise((r) => setTimeout(r, 100));
    await stack.host.waitForIdle();
    expect(await stack.roleGroups('NEWSD')).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));
    const runs = await stack.admin('listRuns', {});
    expect(runs.items[0]).toMatchObject({
      trigger: 'project-created',
      projectKey: 'NEWSD',
      status: 'succeeded',
    });
  });
});

describe('who may call, and what they may send', () => {
  it('refuses a user who is not a Jira admin, and changes nothing', async () => {
    for (const who of [
      DEMO.users.agent,
      DEMO.users.pa,
      DEMO.users.customer,
      DEMO.users.unlicensed,
    ]) {
      await expect(stack.admin('saveRule', { rule: demoRule() }, who.accountId)).rejects.toThrow(
        /Only Jira admins/,
      );
      await expect(stack.admin('startRun', {}, who.accountId)).rejects.toThrow(/Only Jira admins/);
    }
    expect(await stack.admin('listRules')).toEqual([]);
    expect((await stack.admin('listRuns', {})).items).toEqual([]);
    // One entry per caller and minute, with a count of the refused calls.
    const refused = await stack.admin('getAudit', { kind: 'access-refused' });
    const counts = refused.items.map((e: { count?: number }) => e.count ?? 1);
    expect(counts.reduce((n: number, c: number) => n + c, 0)).toBe(8);
  });

  it('refuses a bad rule with a message naming the field, and stores nothing', async () => {
    await expect(stack.admin('saveRule', { rule: demoRule({ name: '' }) })).rejects.toThrow(
      /^The rule is not valid\. Name: Give the rule a name\.$/,
    );
    await expect(stack.admin('saveRule', { rule: demoRule({ groupIds: [] }) })).rejects.toThrow(
      /Groups: Pick at least one synced group/,
    );
    await expect(
      stack.admin('saveRule', {
        rule: demoRule({ scope: { type: 'keys', keys: ['not a key!'] } }),
      }),
    ).rejects.toThrow(/Project keys: Project keys start with a letter/);
    await expect(
      stack.admin('saveRule', { rule: demoRule({ groupIds: ['no-such-group'] }) }),
    ).rejects.toThrow(/no group with id no-such-group/);
    await expect(stack.admin('saveRule', { rule: demoRule(), projectKey: 'HR' })).rejects.toThrow(
      /projectKey/,
    );
    await expect(stack.admin('deleteRule', { id: '../../etc' })).rejects.toThrow(/id/);
    expect(await stack.admin('listRules')).toEqual([]);
  });
});
