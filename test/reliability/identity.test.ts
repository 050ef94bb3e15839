// Identity changes in the identity provider, as its SCIM provisioning makes them.
import type { Stack } from '../integration/stack';
import {
  auditEntries,
  CONTOSO,
  DEMO,
  demoRule,
  expectConverged,
  FABRIKAM,
  nextRun,
  roleWrites,
  startReliabilityStack,
} from './helpers';

jest.setTimeout(60_000);

const SCIM = `/scim/directory/${DEMO.directoryId}`;
let stack: Stack;
beforeEach(async () => {
  stack = await startReliabilityStack();
});
afterEach(async () => {
  await stack?.close();
});

async function scim(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(stack.emulator.url + SCIM + path, {
    method,
    headers: {
      authorization: 'Bearer directory-key',
      ...(body ? { 'content-type': 'application/scim+json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** "Check now", then the stored report's checks once the queue computed them. */
async function health(): Promise<any[]> {
  await stack.admin('checkHealth', {});
  await stack.host.waitForIdle();
  return (await stack.admin('getHealth', {})).checks;
}

it('a rename that keeps the group id changes nothing', async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  await nextRun(stack);
  const renamed = await scim('PATCH', `/Groups/${CONTOSO}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'displayName', value: 'Contoso Clients' }],
  });
  expect(renamed.status).toBe(200);
  await stack.control('DELETE', 'requests');
  const run = await nextRun(stack);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 0, removals: 0, errors: 0 } });
  expect(await roleWrites(stack)).toEqual([]);
  await expectConverged(stack);
  const checks = await health();
  expect(checks.find((c) => c.id === 'groups-exist')).toMatchObject({ status: 'pass' });
  expect(checks.filter((c) => /^group-(renamed|deleted)-/.test(c.id))).toEqual([]);
});

it('a group the identity provider re-creates under the same name is flagged on Health, and never applied to the new group', async () => {
  const rule = await stack.admin('saveRule', { rule: demoRule({ name: 'Contoso and Fabrikam' }) });
  await nextRun(stack);
  expect((await scim('DELETE', `/Groups/${CONTOSO}`)).status).toBe(204);
  const created = await scim('POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Contoso Customers',
  });
  expect(created.status).toBe(201);
  const newId = created.body.id;
  expect(newId).not.toBe(CONTOSO);

  const check = (await health()).find((c) => c.id === `group-renamed-${CONTOSO}`);
  expect(check).toMatchObject({ status: 'fail' });
  expect(check.detail).toContain(newId);
  expect(`${check.detail} ${check.action}`).toContain(`"${rule.name}"`);

  await stack.control('DELETE', 'requests');
  const run = await nextRun(stack);
  expect(run.status).toBe('succeeded');
  for (const key of ['ITHELP', 'HR', 'FAC'])
    expect(await stack.roleGroups(key)).not.toContain(newId);
  const { requests } = await stack.control('GET', 'requests');
  expect(
    requests.filter(
      (r: any) => r.method !== 'GET' && (r.query.includes(newId) || r.path.includes(newId)),
    ),
  ).toEqual([]);
  const skips = (await stack.allPages<any>('getRunPlan', run.id)).flatMap((p) => p.skips);
  expect(skips.some((s) => s.code === 'group-deleted' && s.groupId === CONTOSO)).toBe(true);
  await expectConverged(stack, { groups: [FABRIKAM] });
});

it("a deleted synced group's rule is not applied half way: its other groups apply, the deleted one is skipped with a reason", async () => {
  await stack.admin('saveRule', { rule: demoRule() });
  expect((await scim('DELETE', `/Groups/${CONTOSO}`)).status).toBe(204);
  const run = await nextRun(stack);
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 4, errors: 0 } });
  const plans = await stack.allPages<any>('getRunPlan', run.id);
  for (const key of ['ITHELP', 'HR', 'FAC', 'MKT']) {
    const plan = plans.find((p) => p.projectKey === key);
    expect(plan.actions.map((a: any) => a.groupId)).toEqual([FABRIKAM]);
    expect(plan.skips).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'group-deleted',
          groupId: CONTOSO,
          reason: expect.stringMatching(/no longer exists/),
        }),
      ]),
    );
  }
  await expectConverged(stack, { groups: [FABRIKAM] });
});

it('a deprovisioned user is never added anywhere: the app adds groups, never users', async () => {
  // Bob is deprovisioned now; former@ was before. Both stay members of Fabrikam Customers.
  const off = await scim('PATCH', `/Users/${DEMO.users.bob.accountId}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'active', value: false }],
  });
  expect(off.status).toBe(200);
  const usersInRoles = async () => {
    const state = await stack.control('GET', 'state');
    const projects: any[] = Array.isArray(state.projects)
      ? state.projects
      : Object.values(state.projects);
    return projects
      .flatMap((p) =>
        Object.entries(p.roles ?? {}).flatMap(([roleId, r]: [string, any]) =>
          (r.accountIds ?? []).map((a: string) => `${p.key}/${roleId}/${a}`),
        ),
      )
      .sort();
  };
  const before = await usersInRoles();
  await stack.admin('saveRule', { rule: demoRule() });
  await stack.control('DELETE', 'requests');
  await nextRun(stack);
  await stack
    .project('startProjectRun', {}, DEMO.users.pa.accountId, 'ITHELP')
    .then(({ runId }) => stack.waitForRun(runId));
  expect(await usersInRoles()).toEqual(before);
  for (const u of [DEMO.users.former.accountId, DEMO.users.bob.accountId])
    expect((await usersInRoles()).some((x) => x.endsWith(`/${u}`))).toBe(false);
  // Everything the app wrote: role actors by group only, nothing that adds a user anywhere.
  const { requests } = await stack.control('GET', 'requests');
  const writes = requests.filter(
    (r: any) => r.method !== 'GET' && r.caller === DEMO.users.app.accountId,
  );
  expect(writes.length).toBeGreaterThan(0);
  for (const w of writes)
    expect(`${w.method} ${w.path}`).toMatch(/^POST \/rest\/api\/3\/project\/[A-Z]+\/role\/\d+$/);
  expect(
    auditEntries(stack)
      .filter((a) => a.kind === 'binding-added')
      .every((a) => a.groupId),
  ).toBe(true);
});
