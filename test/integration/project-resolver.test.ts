// The project resolver through the local Forge host's HTTP API (`POST /api/invoke`), as the
// project settings page calls it: the project is the page's (the Forge context), never the payload.
//   - the project admin of ITHELP reads and enforces ITHELP, and only ITHELP changes;
//   - no payload reaches another project: extra fields (projectKey...) are refused by the strict
//     schemas and change nothing;
//   - a project admin of ITHELP is refused on HR; a user who administers neither is refused;
//     a Jira admin may use any project's page;
//   - a project admin reads only runs of their own project;
//   - exclusion requests: recorded and refused while Jira admins have not allowed them; applied to
//     this project's rule only once they have; shown as excluded, by whom; the project admin takes
//     back only their own exclusion, never a Jira admin's.
import { ADMIN_ACCOUNT_ID, ROLE } from '../../local/jira-emulator';
import { kvsDump } from '../reliability/helpers';
import { ADMIN_MODULE, answeredError, DEMO, PROJECT_MODULE, type Stack, startStack } from './stack';

const PA = DEMO.users.pa.accountId; // administers ITHELP only
const AGENT = DEMO.users.agent.accountId; // agent in ITHELP, HR, FAC; administers none
const NOBODY = DEMO.users.unlicensed.accountId;
const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const CUSTOMERS_ROLE = ROLE.SERVICE_DESK_CUSTOMERS;

jest.setTimeout(120_000);

let stack: Stack;
let ruleId: string;

const asProject = (
  accountId: string,
  projectKey: string,
  functionKey: string,
  payload: unknown = {},
) => stack.invokeHttp({ moduleKey: PROJECT_MODULE, functionKey, payload, accountId, projectKey });

async function asAdmin(functionKey: string, payload: unknown = {}): Promise<any> {
  const r = await stack.invokeHttp({
    moduleKey: ADMIN_MODULE,
    functionKey,
    payload,
    accountId: ADMIN_ACCOUNT_ID,
  });
  const error = answeredError(r);
  if (error) throw new Error(`${functionKey}: ${error.message}`);
  return r.result;
}

/** The rule as the editor would save it again. */
async function savedRule() {
  const { id, name, groupIds, scope, exclude, enabled, version } = (
    await asAdmin('listRules')
  ).find((x: any) => x.id === ruleId);
  return { id, name, groupIds, scope, exclude, enabled, version };
}

const roleGroups = (projectKey: string) => stack.roleGroups(projectKey, CUSTOMERS_ROLE);

/** Everything a refusal must leave as it was. */
async function snapshot() {
  const [ITHELP, HR, FAC, runs, rules] = await Promise.all([
    roleGroups('ITHELP'),
    roleGroups('HR'),
    roleGroups('FAC'),
    asAdmin('listRuns', {}),
    asAdmin('listRules', {}),
  ]);
  return { ITHELP, HR, FAC, runs: runs.items.map((r: any) => r.id), rules };
}

/** Forgets the project runs and requests made so far, as if the interval (a setting) had passed. */
function newInterval() {
  for (const key of Object.keys(kvsDump(stack)).filter((k) => k.startsWith('slot:')))
    stack.host.core.kvs.handle('/api/v1/delete', JSON.stringify({ key }));
}

async function pollRun(accountId: string, projectKey: string, runId: string): Promise<any> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await asProject(accountId, projectKey, 'getRun', { runId });
    expect(answeredError(r)).toBeUndefined();
    if (r.result.status !== 'running' && r.result.status !== 'queued') return r.result;
    if (Date.now() > until) throw new Error(`run ${runId} still ${r.result.status}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

beforeAll(async () => {
  stack = await startStack();
  const rule = await asAdmin('saveRule', {
    rule: { name: 'Contoso everywhere', groupIds: [CONTOSO], scope: { type: 'all' } },
  });
  ruleId = rule.id;
});

afterAll(async () => {
  await stack?.close();
});

describe('the project admin of ITHELP on ITHELP', () => {
  it('reads ITHELP’s status: the rule covers it and the synced group is missing', async () => {
    const r = await asProject(PA, 'ITHELP', 'getProjectStatus');
    expect(answeredError(r)).toBeUndefined();
    const s = r.result;
    expect(s.project).toMatchObject({ key: 'ITHELP', name: DEMO.projects.ITHELP.name });
    expect(s.roleName).toBe('Service Desk Customers');
    expect(s.rules).toEqual([{ id: ruleId, name: 'Contoso everywhere', enabled: true }]);
    expect(s.groups).toEqual([
      expect.objectContaining({
        groupId: CONTOSO,
        groupName: 'Contoso Customers',
        state: 'missing',
        ruleIds: [ruleId],
      }),
    ]);
    expect(s.canRequestExclusion).toBe(false);
  });

  it('cannot point any function at another project through the payload', async () => {
    const before = await snapshot();
    const attempts: [string, unknown][] = [
      ['getProjectStatus', { projectKey: 'HR' }],
      ['getProjectStatus', { project: { key: 'HR' } }],
      ['startProjectRun', { projectKey: 'HR' }],
      ['startProjectRun', { project: { key: 'HR', id: DEMO.projects.HR.id } }],
      ['startProjectRun', { context: { extension: { project: { key: 'HR' } } } }],
      ['requestExclusion', { ruleId, projectKey: 'HR' }],
      ['requestExclusion', { ruleId, reason: 'x', project: 'HR' }],
      ['getRun', { runId: 'x', projectKey: 'HR' }],
    ];
    for (const [fn, payload] of attempts) {
      const r = await asProject(PA, 'ITHELP', fn, payload);
      expect({ fn, payload, status: r.status, code: answeredError(r)?.code }).toEqual({
        fn,
        payload,
        status: 200,
        code: 'invalid-input',
      });
      expect(answeredError(r)?.message).toMatch(/Unrecognized key|not allowed|unknown/i);
      expect(answeredError(r)?.message).not.toMatch(/Only admins/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('enforces ITHELP only: the group lands in ITHELP’s role and nowhere else', async () => {
    const before = await snapshot();
    expect(before.ITHELP).not.toContain(CONTOSO);
    const started = await asProject(PA, 'ITHELP', 'startProjectRun');
    expect(answeredError(started)).toBeUndefined();
    const run = await pollRun(PA, 'ITHELP', started.result.runId);
    expect(run).toMatchObject({
      projectKey: 'ITHELP',
      trigger: 'project',
      status: 'succeeded',
      startedByYou: true,
      progress: { done: 1, total: 1 },
    });
    // No account id of anyone in a project admin's answer: whether they started it, only.
    expect(run).not.toHaveProperty('startedBy');
    expect(run.counts).toMatchObject({ adds: 1, removals: 0, errors: 0 });
    await stack.host.waitForIdle();
    const after = await snapshot();
    expect(after.ITHELP).toEqual([...before.ITHELP, CONTOSO].sort());
    expect(after.HR).toEqual(before.HR);
    expect(after.FAC).toEqual(before.FAC);

    const status = (await asProject(PA, 'ITHELP', 'getProjectStatus')).result;
    expect(status.groups).toEqual([
      expect.objectContaining({ groupId: CONTOSO, state: 'in-role' }),
    ]);
    expect(status.lastRun).toMatchObject({
      runId: run.id,
      trigger: 'project',
      counts: { adds: 1, errors: 0 },
    });
  });
});

describe('the project admin of ITHELP on HR', () => {
  it('is refused by every function, and nothing changes', async () => {
    const before = await snapshot();
    for (const [fn, payload] of [
      ['getProjectStatus', {}],
      ['startProjectRun', {}],
      ['requestExclusion', { ruleId }],
      ['getRun', { runId: before.runs[0] }],
    ] as [string, unknown][]) {
      const r = await asProject(PA, 'HR', fn, payload);
      expect({ fn, error: answeredError(r) }).toEqual({
        fn,
        error: {
          code: 'forbidden',
          message: 'Only admins of project HR (or Jira admins) can use this page.',
          words: { id: 'not-project-admin', values: { project: 'HR' } },
        },
      });
    }
    expect(await snapshot()).toEqual(before);
    // The refusals are in the audit trail.
    const audit = await asAdmin('getAudit', { kind: 'access-refused' });
    // One caller's refusals within a minute are one entry with a count.
    expect(
      audit.items
        .filter((e: any) => e.actor === PA && e.projectKey === 'HR')
        .reduce((n: number, e: any) => n + (e.count ?? 1), 0),
    ).toBeGreaterThanOrEqual(4);
  });

  it('cannot read another project’s run from ITHELP’s page', async () => {
    // A Jira admin may use any project's page: enforce HR from HR's page.
    const hr = await asProject(ADMIN_ACCOUNT_ID, 'HR', 'startProjectRun');
    expect(answeredError(hr)).toBeUndefined();
    await pollRun(ADMIN_ACCOUNT_ID, 'HR', hr.result.runId);
    const r = await asProject(PA, 'ITHELP', 'getRun', { runId: hr.result.runId });
    expect(answeredError(r)).toEqual({
      code: 'not-found',
      message: `Run ${hr.result.runId} is not a run of project ITHELP.`,
      words: { id: 'run-not-in-project', values: { run: hr.result.runId, project: 'ITHELP' } },
    });
    // A site-wide run is not ITHELP's either.
    const site = await asAdmin('startRun', { dryRun: false });
    await stack.host.waitForIdle();
    const r2 = await asProject(PA, 'ITHELP', 'getRun', { runId: site.runId });
    expect(answeredError(r2)?.code).toBe('not-found');
  });
});

describe('while another run holds the site', () => {
  it('Enforce now still runs this project, beside the site run, which it does not disturb', async () => {
    newInterval();
    await stack.control('PUT', 'faults', { latencyMs: 150 });
    let projectRun: string;
    let siteRun: string;
    try {
      siteRun = (await asAdmin('startRun', { dryRun: false })).runId;
      const r = await asProject(PA, 'ITHELP', 'startProjectRun');
      expect(answeredError(r)).toBeUndefined();
      projectRun = r.result.runId;
    } finally {
      await stack.control('DELETE', 'faults');
      await stack.host.waitForIdle();
    }
    expect((await pollRun(PA, 'ITHELP', projectRun)).status).toBe('succeeded');
    expect((await asAdmin('getRun', { runId: siteRun })).status).toBe('succeeded');
    // Once is enough for a while: the next one is refused with when it can run.
    const again = await asProject(PA, 'ITHELP', 'startProjectRun');
    expect(answeredError(again)).toMatchObject({
      code: 'too-soon',
      message: expect.stringMatching(/^ITHELP was run less than 5 minutes ago/),
    });
  });
});

describe('users who administer neither project', () => {
  it.each([
    ['an agent of ITHELP', AGENT],
    ['a user with no roles', NOBODY],
  ])('%s is refused on ITHELP and HR', async (_who, accountId) => {
    const before = await snapshot();
    for (const key of ['ITHELP', 'HR']) {
      for (const fn of ['getProjectStatus', 'startProjectRun']) {
        const r = await asProject(accountId, key, fn);
        expect(answeredError(r)).toEqual({
          code: 'forbidden',
          message: `Only admins of project ${key} (or Jira admins) can use this page.`,
          words: { id: 'not-project-admin', values: { project: key } },
        });
      }
      const ex = await asProject(accountId, key, 'requestExclusion', { ruleId, reason: 'please' });
      expect(answeredError(ex)?.code).toBe('forbidden');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('the page without a project (no projectKey) is refused', async () => {
    const r = await stack.invokeHttp({
      moduleKey: PROJECT_MODULE,
      functionKey: 'getProjectStatus',
      payload: {},
      accountId: PA,
    });
    // The host refuses it before the app runs, as Forge opens a project page only for a project.
    expect(r).toMatchObject({ ok: false, status: 400 });
  });
});

describe('exclusion requests', () => {
  it("wait in the Jira admins' inbox while project admins may not exclude on their own", async () => {
    const before = await snapshot();
    const r = await asProject(PA, 'ITHELP', 'requestExclusion', {
      ruleId,
      reason: 'Our customers sign up on the portal.',
    });
    expect(answeredError(r)).toBeUndefined();
    expect(r.result.excluded).toBe(false);
    expect(r.result.status).toBe('pending');
    expect(r.result.message).toMatch(/waiting for your Jira admins/);
    const after = await snapshot();
    expect(after.rules).toEqual(before.rules);
    const inbox = await asAdmin('listExclusionRequests');
    expect(inbox[0]).toMatchObject({ projectKey: 'ITHELP', ruleId, status: 'pending' });
    const audit = await asAdmin('getAudit', { kind: 'exclusion-requested' });
    expect(audit.items[0]).toMatchObject({ actor: PA, projectKey: 'ITHELP', ruleId });
    expect(audit.items[0].message).toContain('Our customers sign up on the portal.');
  });

  it('a reason over 500 characters is refused', async () => {
    const r = await asProject(PA, 'ITHELP', 'requestExclusion', {
      ruleId,
      reason: 'x'.repeat(501),
    });
    expect(answeredError(r)).toMatchObject({ code: 'invalid-input', field: 'reason' });
  });

  it('once allowed, exclude this project from that rule only', async () => {
    const settings = await asAdmin('getSettings');
    await asAdmin('saveSettings', { settings: { ...settings, allowProjectExclusions: true } });
    // The refused request above used ITHELP's one request per interval.
    newInterval();
    expect((await asProject(PA, 'ITHELP', 'getProjectStatus')).result.canRequestExclusion).toBe(
      true,
    );
    // Still not through the payload for another project.
    expect(
      answeredError(await asProject(PA, 'ITHELP', 'requestExclusion', { ruleId, projectKey: 'HR' }))
        ?.code,
    ).toBe('invalid-input');
    const r = await asProject(PA, 'ITHELP', 'requestExclusion', {
      ruleId,
      reason: 'Portal sign-up only.',
    });
    expect(answeredError(r)).toBeUndefined();
    expect(r.result.excluded).toBe(true);
    // Kept apart from the rule (which an admin may be editing), and shown with it.
    const rule = (await asAdmin('listRules')).find((x: any) => x.id === ruleId);
    expect(rule.exclude).toEqual([]);
    expect(rule.projectExclusions).toEqual([
      expect.objectContaining({
        projectKey: 'ITHELP',
        requestedBy: PA,
        reason: 'Portal sign-up only.',
      }),
    ]);
    const status = (await asProject(PA, 'ITHELP', 'getProjectStatus')).result;
    expect(status.rules).toEqual([]);
    expect(status.groups).toEqual([]);
    // Not gone from the page: shown as excluded by the project's admin, who may take it back.
    expect(status.excludedRules).toEqual([
      expect.objectContaining({ ruleId, ruleName: 'Contoso everywhere', by: 'project-admin' }),
    ]);
    expect(status.excludedRules[0].canUndo).toBe(true);
    // The Jira admins' inbox tells it from an approved request: no one approved it.
    const inbox = await asAdmin('listExclusionRequests');
    expect(inbox.find((x: any) => x.projectKey === 'ITHELP')).toMatchObject({
      status: 'approved',
      selfService: true,
    });
  });

  it("the project's admin takes their own exclusion back: audited, and the rule covers it again", async () => {
    const r = await asProject(PA, 'ITHELP', 'undoExclusion', { ruleId });
    expect(answeredError(r)).toBeUndefined();
    const status = (await asProject(PA, 'ITHELP', 'getProjectStatus')).result;
    expect(status.rules.map((x: any) => x.id)).toEqual([ruleId]);
    expect(status.excludedRules).toBeUndefined();
    const rule = (await asAdmin('listRules')).find((x: any) => x.id === ruleId);
    expect(rule.projectExclusions).toEqual([]);
    const audit = await asAdmin('getAudit', { kind: 'exclusion-undone' });
    expect(audit.items[0]).toMatchObject({ actor: PA, projectKey: 'ITHELP', ruleId });
    // Its request is answered no more: the inbox does not list it as approved.
    const inbox = await asAdmin('listExclusionRequests');
    expect(inbox.filter((x: any) => x.projectKey === 'ITHELP')).toEqual([]);
    // Undoing again changes nothing and is not an error.
    expect(answeredError(await asProject(PA, 'ITHELP', 'undoExclusion', { ruleId }))).toBe(
      undefined,
    );
  });

  it('a project admin cannot include again what a Jira admin excluded in the rule', async () => {
    newInterval();
    // The project's admin excludes it, then a Jira admin excludes it in the rule as well.
    await asProject(PA, 'ITHELP', 'requestExclusion', { ruleId });
    await asAdmin('saveRule', { rule: { ...(await savedRule()), exclude: ['ITHELP'] } });
    const status = (await asProject(PA, 'ITHELP', 'getProjectStatus')).result;
    expect(status.excludedRules).toEqual([
      expect.objectContaining({ ruleId, by: 'jira-admin', canUndo: false }),
    ]);
    const r = await asProject(PA, 'ITHELP', 'undoExclusion', { ruleId });
    expect(answeredError(r)).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^A Jira admin excluded ITHELP from "Contoso everywhere"/),
    });
    const rule = (await asAdmin('listRules')).find((x: any) => x.id === ruleId);
    expect(rule.exclude).toEqual(['ITHELP']);
    expect(rule.projectExclusions.map((e: any) => e.projectKey)).toEqual(['ITHELP']);
    expect((await asAdmin('getAudit', { kind: 'exclusion-undone' })).items).toHaveLength(1);
    // Back as the later tests expect: the Jira admin includes ITHELP again.
    await asAdmin('saveRule', { rule: { ...(await savedRule()), exclude: [] } });
    await asAdmin('removeExclusion', { ruleId, projectKey: 'ITHELP' });
  });
});

describe("the Jira admins' inbox of exclusion requests", () => {
  it('a request is answered by a Jira admin; the project page shows the answer', async () => {
    const settings = await asAdmin('getSettings');
    await asAdmin('saveSettings', { settings: { ...settings, allowProjectExclusions: false } });
    newInterval();
    // A Jira admin may use HR's page too: HR asks to leave the rule.
    const ask = () =>
      asProject(ADMIN_ACCOUNT_ID, 'HR', 'requestExclusion', { ruleId, reason: 'Own portal.' });
    expect((await ask()).result).toMatchObject({ excluded: false, status: 'pending' });
    newInterval();
    const twice = await ask();
    expect(answeredError(twice)).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^HR already asked to leave "Contoso everywhere"/),
    });
    expect((await asAdmin('getSummary')).pendingRequests).toBe(1);
    const hrStatus = async () =>
      (await asProject(ADMIN_ACCOUNT_ID, 'HR', 'getProjectStatus')).result;
    expect((await hrStatus()).exclusionRequests).toEqual([
      expect.objectContaining({ ruleId, status: 'pending', reason: 'Own portal.' }),
    ]);

    // Only Jira admins answer: ITHELP's admin is refused, and nothing changes.
    const byPa = await stack.invokeHttp({
      moduleKey: ADMIN_MODULE,
      functionKey: 'decideExclusionRequest',
      payload: { ruleId, projectKey: 'HR', decision: 'approve' },
      accountId: PA,
    });
    expect(answeredError(byPa)?.code).toBe('forbidden');

    const declined = await asAdmin('decideExclusionRequest', {
      ruleId,
      projectKey: 'HR',
      decision: 'decline',
    });
    expect(declined).toMatchObject({ status: 'declined', decidedBy: ADMIN_ACCOUNT_ID });
    expect((await hrStatus()).exclusionRequests[0].status).toBe('declined');
    expect((await hrStatus()).rules.map((r: any) => r.id)).toContain(ruleId);
    expect((await asAdmin('getSummary')).pendingRequests).toBe(0);
    // An answered request cannot be answered again.
    await expect(
      asAdmin('decideExclusionRequest', { ruleId, projectKey: 'HR', decision: 'approve' }),
    ).rejects.toThrow(/already declined/);

    // Asked again, and approved: the rule no longer covers HR.
    newInterval();
    expect((await ask()).result.status).toBe('pending');
    await asAdmin('decideExclusionRequest', { ruleId, projectKey: 'HR', decision: 'approve' });
    const rule = (await asAdmin('listRules')).find((x: any) => x.id === ruleId);
    expect(rule.projectExclusions.map((e: any) => e.projectKey)).toContain('HR');
    const hr = await hrStatus();
    expect(hr.rules).toEqual([]);
    expect(hr.exclusionRequests[0].status).toBe('approved');
    // Shown as approved by a Jira admin: not the project admin's to take back.
    expect(hr.excludedRules).toEqual([
      expect.objectContaining({ ruleId, by: 'approved', canUndo: false }),
    ]);
    expect(
      answeredError(await asProject(ADMIN_ACCOUNT_ID, 'HR', 'undoExclusion', { ruleId }))?.code,
    ).toBe('forbidden');
    expect((await hrStatus()).rules).toEqual([]);
    const inbox = await asAdmin('listExclusionRequests');
    expect(inbox.find((x: any) => x.projectKey === 'HR').selfService).toBeUndefined();
    const kinds = (await asAdmin('getAudit', { projectKey: 'HR' })).items.map((a: any) => a.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['exclusion-requested', 'exclusion-declined', 'exclusion-approved']),
    );
  });
});
