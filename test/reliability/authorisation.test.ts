// Who may call what: site admin, the admin of ITHELP (pa), an agent, a customer, an unlicensed user
// and a call with no user, against every admin and every project resolver function. Only the site
// admin uses the admin page; only the site admin and pa use ITHELP's page; pa never reaches HR;
// every refusal changes nothing but the audit trail, where it is recorded with who asked, and
// asks Jira nothing but the caller's own permissions, as the caller: no call as the app.
import type Resolver from '@forge/resolver';

import { APP_ACCOUNT_ID } from '../../local/jira-emulator/seeds';
import {
  adminPayloads as adminPayloadContract,
  projectPayloads as projectPayloadContract,
} from '../../src/resolvers/contract';
import type { Stack } from '../integration/stack';
import { ADMIN_MODULE, answeredError, PROJECT_MODULE } from '../integration/stack';
import {
  auditEntries,
  DEMO,
  demoRule,
  kvsDump,
  roleWrites,
  startReliabilityStack,
} from './helpers';
import { adminPayloads, projectPayloads } from './payloads';

jest.setTimeout(90_000);

const CALLERS = {
  admin: DEMO.users.admin.accountId,
  pa: DEMO.users.pa.accountId,
  agent: DEMO.users.agent.accountId,
  customer: DEMO.users.customer.accountId,
  unlicensed: DEMO.users.unlicensed.accountId,
  nobody: null,
} as const;
type Who = keyof typeof CALLERS;

let stack: Stack;
let ids: { ruleId: string; runId: string };
beforeAll(async () => {
  stack = await startReliabilityStack();
  const rule = await stack.admin('saveRule', { rule: demoRule() });
  // A run of ITHELP, so getRun on ITHELP's page has something of its own to read.
  const { runId } = await stack.project('startProjectRun', {}, CALLERS.admin, 'ITHELP');
  await stack.waitForRun(runId);
  ids = { ruleId: rule.id, runId };
});
afterAll(async () => {
  await stack?.close();
});

async function call(
  moduleKey: string,
  functionKey: string,
  payload: unknown,
  who: Who,
  projectKey?: string,
) {
  const r = await stack.host.invoke({
    moduleKey,
    functionKey,
    payload,
    accountId: CALLERS[who],
    ...(projectKey ? { projectKey } : {}),
  });
  await stack.host.waitForIdle();
  return r;
}

/** Forgets the project runs and requests made so far, as if the interval (a setting) had passed. */
function newInterval() {
  for (const key of Object.keys(kvsDump(stack)).filter((k) => k.startsWith('slot:')))
    stack.host.core.kvs.handle('/api/v1/delete', JSON.stringify({ key }));
}

const withoutAudit = (dump: Record<string, string>) =>
  Object.fromEntries(
    // audit-refusals: the minute's window that collapses one caller's refusals; peoplespend:
    // what the calls a person caused cost (a refusal may have read Jira to decide).
    Object.entries(dump).filter(
      ([k]) => !k.startsWith('audit') && !k.startsWith('slot:') && !k.startsWith('peoplespend:'),
    ),
  );

/**
 * The function keys a resolver module defines, as @forge/resolver is given them when the module
 * loads: what Forge can call, whatever the contract or the tests' payloads say.
 */
function definedFunctions(load: () => unknown): string[] {
  let names: string[] = [];
  jest.isolateModules(() => {
    const R = jest.requireActual<{ default: typeof Resolver }>('@forge/resolver').default;
    // A spy calls through: the module defines its functions as it would on Forge.
    const spy = jest.spyOn(R.prototype, 'define');
    try {
      load();
      names = spy.mock.calls.map(([key]) => key);
    } finally {
      spy.mockRestore();
    }
  });
  return names.sort();
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ADMIN_FUNCTIONS = definedFunctions(() => require('../../src/resolvers/admin'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PROJECT_FUNCTIONS = definedFunctions(() => require('../../src/resolvers/project'));

it('walks every function both resolvers define', () => {
  expect(ADMIN_FUNCTIONS.length).toBeGreaterThan(30);
  expect(PROJECT_FUNCTIONS.length).toBeGreaterThan(5);
  expect(Object.keys(adminPayloads({ ruleId: 'x', runId: 'y' })).sort()).toEqual(ADMIN_FUNCTIONS);
  expect(Object.keys(projectPayloads({ ruleId: 'x', runId: 'y' })).sort()).toEqual(
    PROJECT_FUNCTIONS,
  );
  // The pages' contract names the same functions.
  expect(Object.keys(adminPayloadContract).sort()).toEqual(ADMIN_FUNCTIONS);
  expect(Object.keys(projectPayloadContract).sort()).toEqual(PROJECT_FUNCTIONS);
});

/** What a refusal may write: its audit entry (folded per caller and minute) and nothing else. */
const REFUSAL_WRITES = /^(audit:|auditkind:access-refused:|audit-refusals:)/;
/** Keys that expire on their own (Forge KVS ttl) may go while the calls are made. */
const EXPIRING = /^(audit-refusals:|slot:|project-live-read:)/;

function writesBetween(before: Record<string, string>, after: Record<string, string>) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((k) => before[k] !== after[k]);
  return {
    written: changed.filter((k) => k in after && !REFUSAL_WRITES.test(k)),
    deleted: changed.filter((k) => !(k in after) && !EXPIRING.test(k)),
  };
}

/**
 * Every Jira request made since the log was cleared, unless it is the caller's own permission
 * check (`GET mypermissions` as the caller): none as the app, none of anything else.
 */
async function callsBeyondThePermissionCheck(who: Who) {
  const { requests } = await stack.control('GET', 'requests');
  const answered = requests as { method: string; path: string; caller: string | null }[];
  expect(answered.filter((r) => r.caller === APP_ACCOUNT_ID)).toEqual([]);
  return answered.filter(
    (r) =>
      !(
        CALLERS[who] !== null &&
        r.caller === CALLERS[who] &&
        r.method === 'GET' &&
        r.path === '/rest/api/3/mypermissions'
      ),
  );
}

describe.each(['pa', 'agent', 'customer', 'unlicensed', 'nobody'] as Who[])(
  '%s on the admin page',
  (who) => {
    it('is refused by every admin function before any call as the app, writes only the audit entry', async () => {
      await stack.host.waitForIdle();
      const dumped = kvsDump(stack);
      const before = withoutAudit(dumped);
      const auditBefore = auditEntries(stack).length;
      await stack.control('DELETE', 'requests');
      const payloads = adminPayloads(ids);
      for (const fn of ADMIN_FUNCTIONS) {
        const payload = payloads[fn];
        const r = await call(ADMIN_MODULE, fn, payload, who);
        expect({ fn, error: answeredError(r) }).toEqual({
          fn,
          error:
            who === 'nobody'
              ? {
                  code: 'unauthenticated',
                  message: expect.stringMatching(/^Sign in to Jira/),
                  words: expect.objectContaining({ id: 'sign-in' }),
                }
              : {
                  code: 'forbidden',
                  message: expect.stringMatching(/^Only Jira admins can manage/),
                  words: expect.objectContaining({ id: 'not-jira-admin' }),
                },
        });
      }
      expect(withoutAudit(kvsDump(stack))).toEqual(before);
      expect(writesBetween(dumped, kvsDump(stack))).toEqual({ written: [], deleted: [] });
      expect(await callsBeyondThePermissionCheck(who)).toEqual([]);
      expect(await roleWrites(stack)).toEqual([]);
      const refused = auditEntries(stack)
        .filter((a) => a.kind === 'access-refused')
        .slice(0, auditEntries(stack).length - auditBefore);
      // One entry per caller and minute, counting every refused call (so a flood of
      // refusals cannot bury real entries).
      const mine = refused.filter((a) => a.actor === (CALLERS[who] ?? 'anonymous'));
      // Two entries when the calls straddle a minute.
      expect(mine.length).toBeLessThanOrEqual(2);
      expect(mine.reduce((n, a) => n + (a.count ?? 1), 0)).toBe(Object.keys(payloads).length);
    });
  },
);

describe.each(['agent', 'customer', 'unlicensed', 'nobody'] as Who[])(
  "%s on ITHELP's settings page",
  (who) => {
    it('is refused by every project function before any call as the app, writes only the audit entry', async () => {
      await stack.host.waitForIdle();
      const dumped = kvsDump(stack);
      const before = withoutAudit(dumped);
      await stack.control('DELETE', 'requests');
      const payloads = projectPayloads(ids);
      for (const fn of PROJECT_FUNCTIONS) {
        const payload = payloads[fn];
        const r = await call(PROJECT_MODULE, fn, payload, who, 'ITHELP');
        expect({ fn, error: answeredError(r) }).toEqual({
          fn,
          error:
            who === 'nobody'
              ? {
                  code: 'unauthenticated',
                  message: expect.stringMatching(/^Sign in to Jira/),
                  words: expect.objectContaining({ id: 'sign-in' }),
                }
              : {
                  code: 'forbidden',
                  message: expect.stringMatching(/^Only admins of project ITHELP/),
                  words: expect.objectContaining({ id: 'not-project-admin' }),
                },
        });
      }
      expect(withoutAudit(kvsDump(stack))).toEqual(before);
      expect(writesBetween(dumped, kvsDump(stack))).toEqual({ written: [], deleted: [] });
      expect(await callsBeyondThePermissionCheck(who)).toEqual([]);
      expect(await roleWrites(stack)).toEqual([]);
      const mine = auditEntries(stack).filter(
        (a) =>
          a.kind === 'access-refused' &&
          a.actor === (CALLERS[who] ?? 'anonymous') &&
          a.projectKey === 'ITHELP',
      );
      expect(mine.length).toBeLessThanOrEqual(2);
      expect(mine.reduce((n, a) => n + (a.count ?? 1), 0)).toBe(Object.keys(payloads).length);
    });
  },
);

describe('the admin of ITHELP (pa)', () => {
  it("uses every function of ITHELP's page, and changes only ITHELP", async () => {
    await stack.control('DELETE', 'requests');
    await stack.admin('saveSettings', {
      settings: { scheduleEnabled: true, removeUnwanted: true, allowProjectExclusions: false },
    });
    newInterval();
    for (const [fn, payload] of Object.entries(projectPayloads(ids))) {
      const r = await call(PROJECT_MODULE, fn, payload, 'pa', 'ITHELP');
      expect({ fn, error: answeredError(r) }).toEqual({ fn, error: undefined });
    }
    const writes = await roleWrites(stack);
    expect(writes.every((w) => w.path.startsWith('/rest/api/3/project/ITHELP/'))).toBe(true);
    const requested = auditEntries(stack).find(
      (a) => a.kind === 'exclusion-requested' && a.actor === CALLERS.pa,
    );
    expect(requested).toMatchObject({ projectKey: 'ITHELP', ruleId: ids.ruleId });
  });

  it("never reaches HR: not from HR's page, not through any payload, not by reading HR's runs", async () => {
    const { runId: hrRun } = await stack.project('startProjectRun', {}, CALLERS.admin, 'HR');
    await stack.waitForRun(hrRun);
    const before = withoutAudit(kvsDump(stack));
    await stack.control('DELETE', 'requests');
    // HR's own page: every function refused, and audited with HR.
    for (const [fn, payload] of Object.entries(projectPayloads({ ...ids, runId: hrRun }))) {
      const r = await call(PROJECT_MODULE, fn, payload, 'pa', 'HR');
      expect({ fn, error: answeredError(r) }).toEqual({
        fn,
        error: {
          code: 'forbidden',
          message: expect.stringMatching(/^Only admins of project HR/),
          words: expect.objectContaining({ id: 'not-project-admin' }),
        },
      });
    }
    const onHr = auditEntries(stack).filter(
      (a) => a.kind === 'access-refused' && a.actor === CALLERS.pa && a.projectKey === 'HR',
    );
    expect(onHr.reduce((n, a) => n + (a.count ?? 1), 0)).toBeGreaterThanOrEqual(4);
    // From ITHELP's page, payloads that name HR in every way a field could.
    const smuggled: [string, unknown][] = [
      ['startProjectRun', { projectKey: 'HR' }],
      ['startProjectRun', { project: { key: 'HR' } }],
      ['getProjectStatus', { projectKey: 'HR' }],
      ['getProjectStatus', { context: { extension: { project: { key: 'HR' } } } }],
      ['requestExclusion', { ruleId: ids.ruleId, projectKey: 'HR' }],
      [
        'requestExclusion',
        { ruleId: ids.ruleId, reason: 'x', extension: { project: { key: 'HR' } } },
      ],
      ['getRun', { runId: hrRun, projectKey: 'HR' }],
    ];
    for (const [fn, payload] of smuggled) {
      const r = await call(PROJECT_MODULE, fn, payload, 'pa', 'ITHELP');
      expect({ fn, payload, error: answeredError(r) }).toEqual({
        fn,
        payload,
        error: { code: 'invalid-input', message: expect.stringMatching(/is not valid/) },
      });
    }
    // HR's run, asked for from ITHELP's page.
    const hrRunRead = await call(PROJECT_MODULE, 'getRun', { runId: hrRun }, 'pa', 'ITHELP');
    expect(answeredError(hrRunRead)).toEqual({
      code: 'not-found',
      message: expect.stringMatching(/not a run of project ITHELP/),
      words: expect.objectContaining({ id: 'run-not-in-project' }),
    });
    expect(withoutAudit(kvsDump(stack))).toEqual(before);
    expect(await roleWrites(stack)).toEqual([]);
  });
});

describe('the site admin', () => {
  it("uses every admin function and every function of any project's page", async () => {
    for (const [fn, payload] of Object.entries(adminPayloads(ids))) {
      if (fn === 'deleteRule') continue; // last, below
      // These need runs of a kind: below.
      if (['applyPreview', 'recheckPreview', 'retryFailed'].includes(fn)) continue;
      // Needs a binding someone else made: integration/binding-ownership.test.ts adopts one.
      if (fn === 'adoptBinding') continue;
      const r = await call(ADMIN_MODULE, fn, payload, 'admin');
      expect({ fn, error: answeredError(r) }).toEqual({ fn, error: undefined });
    }
    // prepareUninstall stopped runs from adding; turning the hourly runs back on ends that.
    await stack.host.waitForIdle();
    const settings = await stack.admin('getSettings');
    await stack.admin('saveSettings', { settings: { ...settings, scheduleEnabled: true } });
    // Apply needs a finished preview; a retry needs a run with failures (this one has none).
    const { runId: previewId } = await stack.admin('previewPlan', {});
    await stack.waitForRun(previewId);
    const rechecked = await call(ADMIN_MODULE, 'recheckPreview', { runId: previewId }, 'admin');
    expect({ ok: rechecked.ok, error: (rechecked as any).error }).toEqual({
      ok: true,
      error: undefined,
    });
    const applied = await call(ADMIN_MODULE, 'applyPreview', { runId: previewId }, 'admin');
    expect(answeredError(applied)).toBeUndefined();
    await stack.host.waitForIdle();
    const retried = await call(ADMIN_MODULE, 'retryFailed', { runId: ids.runId }, 'admin');
    expect(answeredError(retried)).toEqual({
      code: 'conflict',
      message: expect.stringMatching(/^Nothing failed in this run/),
    });
    for (const key of ['ITHELP', 'HR']) {
      for (const [fn, payload] of Object.entries(projectPayloads(ids))) {
        newInterval();
        const p =
          fn === 'getRun' && key === 'HR'
            ? { runId: (await stack.project('startProjectRun', {}, CALLERS.admin, 'HR')).runId }
            : payload;
        await stack.host.waitForIdle();
        const r = await call(PROJECT_MODULE, fn, p, 'admin', key);
        expect({ key, fn, error: answeredError(r) }).toEqual({ key, fn, error: undefined });
      }
    }
    const r = await call(ADMIN_MODULE, 'deleteRule', { id: ids.ruleId }, 'admin');
    expect(answeredError(r)).toBeUndefined();
    // Who did what is in the audit trail.
    const audit = auditEntries(stack);
    expect(audit.find((a) => a.kind === 'rule-deleted')).toMatchObject({
      actor: CALLERS.admin,
      ruleId: ids.ruleId,
    });
    expect(audit.find((a) => a.kind === 'settings-saved')).toMatchObject({ actor: CALLERS.admin });
    expect(audit.filter((a) => a.kind === 'access-refused' && a.actor === CALLERS.admin)).toEqual(
      [],
    );
  });
});

describe('what no caller can ask for', () => {
  const HR_STAFF = DEMO.groups.hrStaff.groupId;
  const attacks: [string, string, Record<string, unknown>, string][] = [
    [
      'HR Staff in Administrators',
      'saveRule',
      { rule: demoRule({ groupIds: [HR_STAFF], roleName: 'Administrators' }) },
      'role-not-customer',
    ],
    [
      'agents of a desk',
      'saveRule',
      { rule: demoRule({ roleName: 'service desk team' }) },
      'role-not-customer',
    ],
    [
      'Jira admins as customers',
      'saveRule',
      { rule: demoRule({ groupIds: [DEMO.groups.jiraAdministrators.groupId] }) },
      'group-administration',
    ],
    [
      "the app's own group",
      'saveRule',
      { rule: demoRule({ groupIds: [DEMO.groups.addonsAdmin.groupId] }) },
      'group-app-access',
    ],
    [
      'every licensed user',
      'saveRule',
      { rule: demoRule({ groupIds: [DEMO.groups.softwareUsers.groupId] }) },
      'group-product-access',
    ],
    [
      'an import with lower-case administrators',
      'importRules',
      { rules: [demoRule({ groupIds: [HR_STAFF], roleName: 'administrators' })] },
      'role-not-customer',
    ],
  ];
  it.each(attacks)(
    'the site admin: %s is refused (%s) and changes nothing',
    async (_, fn, payload, code) => {
      const before = withoutAudit(kvsDump(stack));
      await stack.control('DELETE', 'requests');
      const r = await call(ADMIN_MODULE, fn, payload, 'admin');
      expect(r).toMatchObject({ ok: true });
      const refused = (r as { result: { refused: { refusals: { code: string }[] }[] } }).result
        .refused;
      expect(refused.flatMap((x) => x.refusals.map((y) => y.code))).toEqual([code]);
      expect(withoutAudit(kvsDump(stack))).toEqual(before);
      expect(await roleWrites(stack)).toEqual([]);
    },
  );
});

describe('what a project admin cannot do to the site', () => {
  it('pa: a second run of ITHELP within the interval is refused, saying when', async () => {
    newInterval();
    const rule = await stack.admin('saveRule', { rule: demoRule({ name: 'Limits' }) });
    const first = await call(PROJECT_MODULE, 'startProjectRun', {}, 'pa', 'ITHELP');
    expect(answeredError(first)).toBeUndefined();
    const again = await call(PROJECT_MODULE, 'startProjectRun', {}, 'pa', 'ITHELP');
    const refused = answeredError(again);
    expect(refused).toEqual({
      code: 'too-soon',
      message: expect.stringMatching(/^ITHELP was run less than 5 minutes ago/),
      retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      words: expect.objectContaining({ id: 'project-run-too-soon' }),
    });
    // When it can run again is the message's time, about the interval from now.
    const wait = new Date(refused!.retryAt!).getTime() - Date.now();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(5 * 60_000);
    expect(refused!.message).toContain(`at ${refused!.retryAt!.slice(11, 16)} UTC`);
    const asked = await call(
      PROJECT_MODULE,
      'requestExclusion',
      { ruleId: rule.id },
      'pa',
      'ITHELP',
    );
    expect(answeredError(asked)).toBeUndefined();
    const askedAgain = await call(
      PROJECT_MODULE,
      'requestExclusion',
      { ruleId: rule.id },
      'pa',
      'ITHELP',
    );
    expect(answeredError(askedAgain)).toMatchObject({
      code: 'too-soon',
      message: expect.stringMatching(/^An exclusion was asked for ITHELP less than/),
    });
  });

  it('even the site admin cannot run a software project from its page', async () => {
    const before = withoutAudit(kvsDump(stack));
    const r = await call(PROJECT_MODULE, 'startProjectRun', {}, 'admin', 'PLAT');
    expect(answeredError(r)).toEqual({
      code: 'invalid-input',
      message: expect.stringMatching(/^PLAT is not a service project/),
      words: expect.objectContaining({ id: 'not-service-project' }),
    });
    expect(withoutAudit(kvsDump(stack))).toEqual(before);
  });
});
