// What the admin page says matches what happened: a preview's Apply makes exactly the
// previewed changes; a run reports what Jira answered, by name; the audit says who and why;
// a run shows something at once.
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const AGENT = DEMO.users.agent.accountId;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

/** Role writes the app sent to Jira since the log was cleared, as "POST ITHELP". */
async function roleWrites(): Promise<string[]> {
  const { requests } = await stack.control('GET', 'requests');
  return requests
    .filter(
      (r: any) => (r.method === 'POST' || r.method === 'DELETE') && /\/role\/\d+/.test(r.path),
    )
    .map((r: any) => `${r.method} ${/\/project\/([A-Z]+)\//.exec(r.path)?.[1]}`);
}

describe('a one-rule preview, then Apply', () => {
  it('applies that rule’s previewed changes only, and says what changed in Jira since', async () => {
    const contoso = await stack.admin('saveRule', {
      rule: demoRule({
        name: 'Contoso on IT and HR',
        groupIds: [CONTOSO],
        scope: { type: 'keys', keys: ['ITHELP', 'HR'] },
      }),
    });
    await stack.admin('saveRule', {
      rule: demoRule({ name: 'Fabrikam everywhere', groupIds: [FABRIKAM] }),
    });

    const { runId: previewId } = await stack.admin('previewPlan', { ruleId: contoso.id });
    const preview = await stack.waitForRun(previewId);
    expect(preview).toMatchObject({ dryRun: true, counts: { adds: 2, removals: 0 } });
    const previewed = (await stack.allPages<any>('getRunPlan', previewId)).flatMap((p) =>
      p.actions.map((a: any) => `${a.kind} ${a.groupName} ${p.projectKey}`),
    );
    // The other rule's adds (Fabrikam) are not this rule's preview.
    expect(previewed.sort()).toEqual(['add Contoso Customers HR', 'add Contoso Customers ITHELP']);

    // Someone adds Contoso to HR by hand between the preview and Apply.
    const byHand = await stack.jira('POST', '/rest/api/3/project/HR/role/10101', {
      groupId: [CONTOSO],
    });
    expect(byHand.status).toBe(200);
    const hrBefore = await stack.roleGroups('HR');

    await stack.control('DELETE', 'requests');
    const { runId } = await stack.admin('applyPreview', { runId: previewId });
    const run = await stack.waitForRun(runId);
    expect(run).toMatchObject({
      dryRun: false,
      status: 'succeeded',
      counts: { adds: 1, removals: 0, errors: 0 },
    });

    // Change by change against the emulator: only ITHELP got Contoso; nothing else was written.
    expect(await roleWrites()).toEqual(['POST ITHELP']);
    expect(await stack.roleGroups('ITHELP')).toEqual([CONTOSO]);
    expect(await stack.roleGroups('HR')).toEqual(hrBefore);
    expect(await stack.roleGroups('FAC')).not.toContain(FABRIKAM);
    const actions = await stack.allPages<any>('getRunActions', runId);
    expect(actions.map((a) => `${a.kind} ${a.groupName} ${a.projectKey} ${a.ok}`)).toEqual([
      'add Contoso Customers ITHELP true',
    ]);

    // What changed since the preview is shown, not applied.
    const plans = await stack.allPages<any>('getRunPlan', runId);
    // What the preview did not show, or what changed since, is left out, not counted as skipped.
    const leftOut = plans
      .flatMap((p) => p.skips)
      .filter((k: any) => ['not-previewed', 'changed-since-preview'].includes(k.code));
    expect(leftOut.length).toBeGreaterThanOrEqual(2);
    expect(run.counts.leftOut).toBe(leftOut.length);
    expect(run.counts.skips).toBe(plans.flatMap((p) => p.skips).length - leftOut.length);
    expect(run.message).toContain(
      `, ${leftOut.length} left out (not in the preview, or changed since it)`,
    );
    const hr = plans.find((p) => p.projectKey === 'HR');
    expect(hr.actions).toEqual([]);
    expect(hr.skips).toContainEqual(
      expect.objectContaining({
        code: 'changed-since-preview',
        reason: expect.stringMatching(/Contoso Customers is already in Service Desk Customers now/),
      }),
    );
    const ithelp = plans.find((p) => p.projectKey === 'ITHELP');
    expect(ithelp.actions).toEqual([
      expect.objectContaining({ groupId: CONTOSO, outcome: { ok: true } }),
    ]);
    // The other rule's add was not in this preview: shown, not applied.
    expect(ithelp.skips).toEqual([
      expect.objectContaining({
        code: 'not-previewed',
        reason: expect.stringMatching(/Fabrikam Customers, so it was not applied/),
      }),
    ]);
  });

  it('refuses to apply a run that is not a preview', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    const { runId } = await stack.admin('startRun', {});
    await stack.waitForRun(runId);
    await expect(stack.admin('applyPreview', { runId })).rejects.toThrow(
      /Only a preview can be applied/,
    );
  });
});

describe('a run with a 403 on FAC', () => {
  it('counts what Jira answered, names groups, roles and projects, and retries only FAC', async () => {
    await stack.admin('saveRule', {
      rule: demoRule({ scope: { type: 'keys', keys: ['ITHELP', 'HR', 'FAC'] } }),
    });
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'POST', pathRegex: '/project/FAC/role/', status: 403 }],
    });
    const { runId } = await stack.admin('startRun', {});
    const run = await stack.waitForRun(runId);
    expect(run).toMatchObject({
      status: 'partly-failed',
      counts: { adds: 4, removals: 0, errors: 2 },
    });
    expect(run.message).toMatch(/^4 groups added, 0 removed, 0 skipped, 2 failed\./);

    const failed = (await stack.allPages<any>('getRunActions', runId)).filter((a) => !a.ok);
    expect(failed.map((a) => `${a.projectName}/${a.roleName}/${a.groupName}`).sort()).toEqual([
      'Facilities/Service Desk Customers/Contoso Customers',
      'Facilities/Service Desk Customers/Fabrikam Customers',
    ]);
    for (const a of failed) {
      expect(a.error).toMatch(/^Jira answered 403/);
      // Jira's own words are kept; the app's words name no group or role by id.
      expect(a.error).not.toMatch(/group e0000000|role 10101/);
    }
    // The plan card shows results, not "to add".
    const fac = (await stack.allPages<any>('getRunPlan', runId)).find(
      (p) => p.projectKey === 'FAC',
    );
    expect(fac.actions.map((a: any) => a.outcome.ok)).toEqual([false, false]);
    const audit = await stack.admin('getAudit', { kind: 'binding-failed', projectKey: 'FAC' });
    expect(audit.items.map((e: any) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Could not add group Contoso Customers to Service Desk Customers of Facilities \(FAC\): Jira answered 403/,
        ),
      ]),
    );
    for (const e of audit.items) expect(e.message).not.toMatch(/group e0000000|role 10101/);

    await stack.control('DELETE', 'faults');
    await stack.control('DELETE', 'requests');
    const { runId: retryId } = await stack.admin('retryFailed', { runId });
    const retry = await stack.waitForRun(retryId);
    expect(retry).toMatchObject({
      status: 'succeeded',
      progress: { done: 1, total: 1 },
      counts: { adds: 2, errors: 0 },
    });
    expect(await roleWrites()).toEqual(['POST FAC']);
    expect(await stack.roleGroups('FAC')).toEqual([CONTOSO, FABRIKAM].sort());
  });
});

describe('the audit', () => {
  it('names a refused agent, every rule that wanted a binding, and what a rule edit changed', async () => {
    await expect(stack.admin('listRules', {}, AGENT)).rejects.toThrow(/Only Jira admins/);
    const refused = await stack.admin('getAudit', { kind: 'access-refused' });
    expect(refused.items[0].message).toBe('Refused: Arno Agent is not a Jira admin');
    expect(refused.actorNames[AGENT]).toBe('Arno Agent');

    const first = await stack.admin('saveRule', {
      rule: demoRule({ name: 'IT customers', scope: { type: 'keys', keys: ['ITHELP'] } }),
    });
    const second = await stack.admin('saveRule', {
      rule: demoRule({ name: 'All customers', groupIds: [CONTOSO] }),
    });
    const edited = await stack.admin('saveRule', {
      rule: {
        ...demoRule({ name: 'All customers', groupIds: [CONTOSO] }),
        id: second.id,
        version: second.version,
        exclude: ['FAC'],
      },
    });
    expect(edited.exclude).toEqual(['FAC']);
    const saved = await stack.admin('getAudit', { kind: 'rule-saved' });
    expect(saved.items[0].message).toMatch(/all service projects except FAC/);
    expect(saved.items[0].message).toMatch(/What changed: exclusions none → FAC\.$/);
    expect(saved.actorNames[DEMO.users.admin.accountId]).toBe('Ada Admin');

    const { runId } = await stack.admin('startRun', {});
    await stack.waitForRun(runId);
    // The run page names who started it, with the account id kept for the hover.
    expect(await stack.admin('getRun', { runId })).toMatchObject({
      startedBy: DEMO.users.admin.accountId,
      startedByName: 'Ada Admin',
    });
    // Contoso in ITHELP is wanted by both rules: filtering by either finds the add.
    for (const rule of [first, second]) {
      const added = await stack.admin('getAudit', {
        kind: 'binding-added',
        ruleId: rule.id,
        projectKey: 'ITHELP',
      });
      expect(added.items.map((e: any) => e.groupId)).toContain(CONTOSO);
    }

    const { runId: previewId } = await stack.admin('previewPlan', { ruleId: second.id });
    await stack.waitForRun(previewId);
    const started = await stack.admin('getAudit', { kind: 'run-started' });
    expect(started.items[0].message).toBe("Preview of rule 'All customers' started by an admin.");
  });
});

describe('progress', () => {
  it('shows a started run at once, listing projects, and counts projects when done', async () => {
    await stack.admin('saveRule', { rule: demoRule() });
    // The listing is held back: the run is visible and running before any project is read.
    stack.host.core.queue.pauseNext({ kind: 'list' });
    const { runId } = await stack.admin('startRun', {});
    const now = await stack.admin('getRun', { runId });
    expect(now).toMatchObject({ status: 'running', progress: { done: 0, total: 0 } });
    expect(stack.host.core.queue.release()).toBe(1);
    const done = await stack.waitForRun(runId);
    expect(done.progress).toEqual({ done: 5, total: 5 });
  });
});

describe('errors in words', () => {
  const save = (rule: unknown) =>
    stack.host.invoke({
      moduleKey: 'customer-role-sync-admin',
      functionKey: 'saveRule',
      payload: { rule },
      accountId: DEMO.users.admin.accountId,
    });

  it('answers a form’s error with its code and field, in words without schema paths', async () => {
    const badKey = await save(demoRule({ scope: { type: 'keys', keys: ['not a key!'] } }));
    expect(badKey).toMatchObject({
      ok: true,
      result: {
        error: {
          code: 'invalid-input',
          field: 'scope',
          message:
            'The rule is not valid. Project keys: Project keys start with a letter and hold ' +
            'only letters, digits and underscores.',
        },
      },
    });
    const noGroup = await save(demoRule({ groupIds: ['no-such-group'] }));
    expect(noGroup).toMatchObject({
      ok: true,
      result: { error: { code: 'invalid-input', field: 'groupIds' } },
    });
    expect(await stack.admin('listRules')).toEqual([]);
  });

  it('names no function in a refused request', async () => {
    await expect(stack.admin('getRun', { runId: 'not a run!' })).rejects.toMatchObject({
      code: 'invalid-input',
      field: 'runId',
      message: 'The request is not valid. Run: not a run id; open the run from the list of runs.',
    });
  });
});
