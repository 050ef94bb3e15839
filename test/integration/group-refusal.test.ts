// A hostile or mistaken identity provider can never turn rules off or make the app take access
// from other groups. Renaming Fabrikam Customers to an administration group's name, or giving it
// product access, for one hourly run skips that group where it is named (its app-made bindings
// go), leaves every rule as it was and Contoso's bindings in place; when the group is fine again
// the next hourly run makes it customers again, with nobody's action.
import {
  auditEntries,
  CONTOSO,
  customerRoleOf,
  FABRIKAM,
  HR_STAFF,
  roleWrites,
  SERVICE_PROJECTS,
} from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

jest.setTimeout(90_000);

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

const FABRIKAM_NAME = DEMO.groups.fabrikamCustomers.name;

async function renameFabrikam(displayName: string): Promise<void> {
  const res = await fetch(
    `${stack.emulator.url}/scim/directory/${DEMO.directoryId}/Groups/${FABRIKAM}`,
    {
      method: 'PATCH',
      headers: {
        authorization: 'Bearer directory-key',
        'content-type': 'application/scim+json',
      },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'displayName', value: displayName }],
      }),
    },
  );
  expect(res.status).toBe(200);
}

/** The hourly trigger, as Forge fires it, and its run once the queue is done. */
async function hourly(): Promise<any> {
  const run = await stack.scheduledRun();
  return stack.waitForRun(run.id);
}

/** Which of the two customer groups each service project has in its customer role. */
async function customerGroups(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const key of SERVICE_PROJECTS)
    out[key] = (await stack.roleGroups(key, customerRoleOf(key))).filter(
      (g) => g === CONTOSO || g === FABRIKAM,
    );
  return out;
}
const everywhere = (groups: string[]) =>
  Object.fromEntries(SERVICE_PROJECTS.map((k) => [k, [...groups].sort()]));

/** The rules as stored, minus nothing: a refusal must not change a single field. */
const rules = () => stack.admin<any[]>('listRules');

async function healthCheck(id: string): Promise<any> {
  await stack.admin('checkHealth', {});
  await stack.host.waitForIdle();
  return (await stack.admin('getHealth', {})).checks.find((c: any) => c.id === id);
}

async function refusedSkips(runId: string): Promise<any[]> {
  const plans = await stack.allPages<any>('getRunPlan', runId);
  return plans
    .flatMap((p) => p.skips.map((s: any) => ({ ...s, projectKey: p.projectKey })))
    .filter((s: any) => s.code === 'refused');
}

/** Every role-actor removal of a group the app made since the request log was cleared. */
async function removalsOf(groupId: string): Promise<string[]> {
  return (await roleWrites(stack))
    .filter((w) => w.method === 'DELETE' && w.query.includes(groupId))
    .map((w) => w.path);
}

async function setUp(): Promise<any[]> {
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.admin('saveRule', {
    rule: demoRule({
      name: 'Fabrikam in ITHELP',
      groupIds: [FABRIKAM],
      scope: { type: 'keys', keys: ['ITHELP'] },
    }),
  });
  // The first hourly run is a full one; the ones after it visit what changed (and the sweep).
  expect(await hourly()).toMatchObject({ status: 'succeeded' });
  expect(await customerGroups()).toEqual(everywhere([CONTOSO, FABRIKAM]));
  return rules();
}

describe.each([
  [
    'renamed over SCIM to an administration group name',
    () => renameFabrikam('jira-admins-x'),
    () => renameFabrikam(FABRIKAM_NAME),
    /^Group 'jira-admins-x' is skipped: it is a site or Jira administration group, so its members administer Jira\. .*rule '[^']+' goes on with its other groups\. .*nobody needs to edit the rule\.$/,
  ],
  [
    'given product access (jira-servicedesk)',
    () =>
      stack
        .control('POST', 'application-roles/jira-servicedesk/groups', { groupId: FABRIKAM })
        .then(() => undefined),
    () =>
      stack
        .control('DELETE', `application-roles/jira-servicedesk/groups/${FABRIKAM}`)
        .then(() => undefined),
    /^Group 'Fabrikam Customers' is skipped: it grants access to Jira Service Management .*not customers\. .*goes on with its other groups\./,
  ],
])('Fabrikam Customers %s for one hour', (_what, turn, turnBack, why) => {
  it('skips Fabrikam alone, changes no rule, keeps Contoso; then enforces Fabrikam again by itself', async () => {
    const before = await setUp();
    await turn();
    await stack.control('DELETE', 'requests');
    const auditBefore = auditEntries(stack).length;

    const refusedRun = await hourly();
    expect(refusedRun).toMatchObject({ status: 'succeeded', counts: { adds: 0, errors: 0 } });
    // Every rule exactly as the admin saved it: on, same version, nobody's edit.
    expect(await rules()).toEqual(before);
    const all = auditEntries(stack);
    const newAudit = all.slice(0, all.length - auditBefore);
    expect(newAudit.filter((a) => a.kind === 'rule-saved' || a.kind === 'rule-deleted')).toEqual(
      [],
    );
    // Fabrikam's app-made bindings are gone everywhere; Contoso's all stay, untouched.
    expect(await customerGroups()).toEqual(everywhere([CONTOSO]));
    expect(await removalsOf(CONTOSO)).toEqual([]);
    expect((await removalsOf(FABRIKAM)).length).toBe(SERVICE_PROJECTS.length);
    expect(await stack.roleGroups('HR')).toContain(HR_STAFF);
    // The run says why, group by group, where each rule names Fabrikam.
    const skips = await refusedSkips(refusedRun.id);
    expect(skips.map((s) => `${s.projectKey}:${s.groupId}`).sort()).toEqual(
      [...SERVICE_PROJECTS.map((k) => `${k}:${FABRIKAM}`), `ITHELP:${FABRIKAM}`].sort(),
    );
    for (const s of skips) expect(s.reason).toMatch(why);
    // One audit line for the group this run, by the app, not a rule change.
    const lines = newAudit.filter((a) => a.kind === 'group-refused');
    expect(lines).toEqual([
      expect.objectContaining({
        actor: 'app',
        runId: refusedRun.id,
        groupId: FABRIKAM,
        ruleIds: before.map((r) => r.id).sort(),
        message: expect.stringMatching(/no rule is changed/),
      }),
    ]);
    // Health and the project page say the same.
    const check = await healthCheck('guard-rails');
    expect(check).toMatchObject({ status: 'fail' });
    expect(check.detail).toContain(`(${FABRIKAM}) is skipped where rules`);
    const page = await stack.project<any>(
      'getProjectStatus',
      {},
      DEMO.users.pa.accountId,
      'ITHELP',
    );
    expect(page.rules.every((r: any) => r.enabled)).toBe(true);
    expect(page.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ groupId: CONTOSO, state: 'in-role' }),
        expect.objectContaining({
          groupId: FABRIKAM,
          state: 'skipped',
          reason: expect.stringMatching(why),
        }),
      ]),
    );

    // Fine again: the next hourly run makes Fabrikam customers again, nobody acting.
    await turnBack();
    await stack.control('DELETE', 'requests');
    const backRun = await hourly();
    expect(backRun).toMatchObject({ status: 'succeeded', counts: { adds: 4, errors: 0 } });
    expect(await customerGroups()).toEqual(everywhere([CONTOSO, FABRIKAM]));
    expect(await removalsOf(CONTOSO)).toEqual([]);
    expect(await refusedSkips(backRun.id)).toEqual([]);
    expect(await rules()).toEqual(before);
    expect(await healthCheck('guard-rails')).toMatchObject({ status: 'pass' });
  });
});

describe('an organization the rules keep', () => {
  const SD = '/rest/servicedeskapi';
  async function all(path: string, key: 'values'): Promise<any[]> {
    const out: any[] = [];
    for (let start = 0; ;) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await stack.jira('GET', `${path}${sep}start=${start}&limit=50`);
      out.push(...res.body[key]);
      if (res.body.isLastPage) return out;
      start += res.body[key].length;
    }
  }
  async function activeMembers(groupId: string): Promise<string[]> {
    const res = await stack.jira(
      'GET',
      `/rest/api/3/group/member?groupId=${groupId}&startAt=0&maxResults=50`,
    );
    expect(res.body.isLast).toBe(true);
    return res.body.values.map((u: any) => u.accountId);
  }
  async function orgMembers(): Promise<string[]> {
    const org = (await all(`${SD}/organization`, 'values')).find((o) => o.name === 'Partners');
    return (await all(`${SD}/organization/${org.id}/user`, 'values'))
      .map((u) => u.accountId)
      .sort();
  }
  const union = (...lists: string[][]) => [...new Set(lists.flat())].sort();

  it("a refused group's members are not kept for it; those of the other group stay; back again when it is fine", async () => {
    await stack.admin('saveRule', {
      rule: demoRule({
        name: 'Customers into Partners',
        scope: { type: 'keys', keys: ['ITHELP'] },
        target: 'organization',
        organization: { name: 'Partners' },
      }),
    });
    expect(await hourly()).toMatchObject({ status: 'succeeded' });
    const contoso = await activeMembers(CONTOSO);
    const fabrikam = await activeMembers(FABRIKAM);
    expect(fabrikam.some((id) => !contoso.includes(id))).toBe(true);
    expect(await orgMembers()).toEqual(union(contoso, fabrikam));

    await renameFabrikam('jіra-administrators'); // a Cyrillic і
    expect(await hourly()).toMatchObject({ status: 'succeeded' });
    expect(await orgMembers()).toEqual(union(contoso));
    expect((await rules()).every((r) => r.enabled)).toBe(true);

    await renameFabrikam(FABRIKAM_NAME);
    expect(await hourly()).toMatchObject({ status: 'succeeded' });
    expect(await orgMembers()).toEqual(union(contoso, fabrikam));
  });
});
