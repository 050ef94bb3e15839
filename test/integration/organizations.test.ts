// Group -> JSM organization sync, end to end: the app's real code in the local
// Forge host, against the Jira emulator, with people provisioned over SCIM.
import { kvsDump } from '../reliability/helpers';
import { patchGroupMembers, provisionUser, scimRequest } from './site-changes';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const SD = '/rest/servicedeskapi';
const DESKS = ['ITHELP', 'HR', 'FAC'] as const;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

const scim = (method: string, path: string, body?: unknown) =>
  scimRequest(stack, method, path, body);
const patchMembers = (groupId: string, op: 'add' | 'remove', ids: string[]) =>
  patchGroupMembers(stack, groupId, op, ids);

/** Every page of a JSM list, as the site admin reads it. */
async function jsmAll(path: string): Promise<any[]> {
  const out: any[] = [];
  for (let start = 0; ;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await stack.jira('GET', `${path}${sep}start=${start}&limit=50`);
    expect(res.status).toBe(200);
    out.push(...res.body.values);
    if (res.body.isLastPage) return out;
    start += res.body.values.length;
  }
}

const orgNamed = async (name: string) =>
  (await jsmAll(`${SD}/organization`)).find((o) => o.name === name);
const orgMembers = async (id: string) =>
  (await jsmAll(`${SD}/organization/${id}/user`)).map((u) => u.accountId).sort();
const deskOrgs = async (key: (typeof DESKS)[number]) =>
  (await jsmAll(`${SD}/servicedesk/${DEMO.projects[key].serviceDeskId}/organization`)).map(
    (o) => o.name,
  );

async function activeGroupMembers(groupId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let startAt = 0; ;) {
    const res = await stack.jira(
      'GET',
      `/rest/api/3/group/member?groupId=${groupId}&startAt=${startAt}&maxResults=50`,
    );
    ids.push(...res.body.values.map((u: any) => u.accountId));
    if (res.body.isLast) return ids.sort();
    startAt += res.body.values.length;
  }
}

/** Provisions `n` people over SCIM into a synced group; answers their accountIds. */
async function provisionInto(groupId: string, n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(await provisionUser(stack, `${tag}${i}@contoso.example`, `${tag} ${i}`));
  await patchMembers(groupId, 'add', ids);
  return ids;
}

const orgRule = (overrides: Record<string, unknown> = {}) =>
  demoRule({
    name: 'Contoso into Acme Partners',
    groupIds: [CONTOSO],
    scope: { type: 'keys', keys: [...DESKS] },
    target: 'organization',
    organization: { name: 'Acme Partners' },
    ...overrides,
  });

describe('group -> organization sync', () => {
  it('creates the organization, fills it from a 120-member group read in three pages, links it to the covered desks, and a second run changes nothing', async () => {
    const added = await provisionInto(CONTOSO, 120, 'member');
    await stack.admin('saveRule', { rule: orgRule() });
    expect(await orgNamed('Acme Partners')).toBeUndefined();

    // Health first (it reads group members too), so the run's own reads are counted alone.
    await stack.admin('checkHealth', {});
    await stack.host.waitForIdle();
    await stack.control('DELETE', 'requests');
    const run = await stack.scheduledRun();
    // The group is read once, in three pages of 50, however many desks the rule covers.
    const firstLog = (await stack.control('GET', 'requests')).requests;
    const memberReads = firstLog.filter((r: any) => r.path === '/rest/api/3/group/member');
    expect(memberReads.map((r: any) => new URLSearchParams(r.query).get('startAt'))).toEqual([
      '0',
      '50',
      '100',
    ]);
    expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 0, errors: 0 } });
    const org = await orgNamed('Acme Partners');
    expect(org).toBeDefined();
    const wanted = await activeGroupMembers(CONTOSO);
    expect(wanted.length).toBeGreaterThan(100); // three pages of 50
    expect(wanted).toEqual(expect.arrayContaining(added));
    expect(await orgMembers(org.id)).toEqual(wanted);
    expect(run.counts.orgAdds).toBe(wanted.length);
    expect(run.counts.memberReads).toBeGreaterThanOrEqual(wanted.length);
    expect(run.message).toMatch(/organization members? added/);
    expect(run.message).toContain(
      `${run.counts.memberReads} members read (${2 * run.counts.memberReads} points)`,
    );
    for (const key of DESKS) expect(await deskOrgs(key)).toContain('Acme Partners');
    const page = await stack.project('getProjectStatus', {}, DEMO.users.pa.accountId, 'ITHELP');
    expect(page.organizations).toEqual([
      expect.objectContaining({ name: 'Acme Partners', linked: true }),
    ]);
    expect(page.groups.map((g: any) => g.groupId)).not.toContain(CONTOSO);
    // Only the organization: the customer role gets no group from this rule.
    expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO);

    const audit = await stack.admin('getAudit', { kind: 'org-member-added' });
    expect(audit.items.length).toBeGreaterThan(0);
    expect(audit.items[0]).toMatchObject({ organizationId: org.id, runId: run.id });
    expect(wanted).toContain(audit.items[0].accountId);
    expect(audit.items[0].message).toMatch(/Acme Partners/);

    await stack.control('DELETE', 'requests');
    const second = await stack.scheduledRun();
    expect(second).toMatchObject({ status: 'succeeded', counts: { orgAdds: 0, orgRemovals: 0 } });
    const { requests } = await stack.control('GET', 'requests');
    const writes = requests.filter(
      (r: any) => r.method !== 'GET' && r.path.startsWith(SD) && !r.path.includes('/customer'),
    );
    expect(writes).toEqual([]);
  });

  it("keeps a person's manual member, and removes a member the group lost over SCIM on the next run", async () => {
    const [leaver, stayer] = await provisionInto(CONTOSO, 2, 'p');
    await stack.admin('saveRule', { rule: orgRule() });
    await stack.scheduledRun();
    const org = await orgNamed('Acme Partners');
    expect(await orgMembers(org.id)).toEqual(expect.arrayContaining([leaver, stayer]));

    // A service desk admin adds someone by hand; the identity provider drops the leaver.
    const manual = DEMO.users.agent.accountId;
    const res = await stack.jira('POST', `${SD}/organization/${org.id}/user`, {
      accountIds: [manual],
    });
    expect(res.status).toBe(204);
    await patchMembers(CONTOSO, 'remove', [leaver]);

    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { orgAdds: 0, orgRemovals: 1 } });
    const members = await orgMembers(org.id);
    expect(members).not.toContain(leaver);
    expect(members).toEqual(expect.arrayContaining([stayer, manual]));
    const removed = await stack.admin('getAudit', { kind: 'org-member-removed' });
    expect(removed.items).toHaveLength(1);
    expect(removed.items[0]).toMatchObject({ accountId: leaver, organizationId: org.id });
  });

  it('removes nobody while a rule names a group that is gone (deleted, or re-created under a new id)', async () => {
    const [member] = await provisionInto(FABRIKAM, 1, 'f');
    await stack.admin('saveRule', { rule: orgRule({ groupIds: [CONTOSO, FABRIKAM] }) });
    await stack.scheduledRun();
    const org = await orgNamed('Acme Partners');
    expect(await orgMembers(org.id)).toContain(member);

    await scim('DELETE', `/Groups/${FABRIKAM}`); // the identity provider deletes the group
    const run = await stack.scheduledRun();
    expect(run.counts.orgRemovals).toBe(0);
    expect(await orgMembers(org.id)).toContain(member);
  });

  it('never adds a deactivated account, and previews the organization it would create', async () => {
    await stack.admin('saveRule', {
      rule: orgRule({ groupIds: [FABRIKAM], target: 'both' }),
    });
    const preview = await stack.admin('startRun', { dryRun: true });
    const dry = await stack.waitForRun(preview.runId);
    expect(await orgNamed('Acme Partners')).toBeUndefined();
    const orgs = await stack.admin('getRunOrganizations', { runId: preview.runId });
    expect(orgs.plans).toEqual([
      expect.objectContaining({ organizationName: 'Acme Partners', create: true }),
    ]);
    expect(dry.counts.orgAdds).toBe(orgs.plans[0].adds);

    const run = await stack.scheduledRun();
    expect(run.status).toBe('succeeded');
    const members = await orgMembers((await orgNamed('Acme Partners')).id);
    expect(members).toEqual(await activeGroupMembers(FABRIKAM));
    expect(members).not.toContain(DEMO.users.former.accountId);
    // Target both: the role binding is made too.
    expect(await stack.roleGroups('ITHELP')).toContain(FABRIKAM);
  });

  it('names the organization whose members could not be read, in words and without ids', async () => {
    await provisionInto(CONTOSO, 3, 'y');
    // An organization that exists already: the run reads its members first.
    const org = (await stack.jira('POST', `${SD}/organization`, { name: 'Acme Partners' })).body;
    await stack.admin('saveRule', { rule: orgRule() });
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'GET', pathRegex: `^${SD}/organization/\\d+/user`, status: 403 }],
    });
    const run = await stack.scheduledRun();
    expect(run.status).toBe('partly-failed');
    const failed = await stack.admin('getAudit', { kind: 'org-failed' });
    expect(failed.items[0].message).toMatch(
      /^Organization "Acme Partners" could not be kept in step: Could not list the organization's members \(/,
    );
    expect(failed.items[0].message).not.toMatch(
      new RegExp(`organization ${org.id}\\b|\\(from \\d`),
    );
  });

  it('says what to change when Jira refuses the app organization management (403)', async () => {
    await provisionInto(CONTOSO, 3, 'x');
    await stack.admin('saveRule', { rule: orgRule() });
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'POST', pathRegex: `^${SD}/organization/\\d+/user$`, status: 403 }],
    });
    const run = await stack.scheduledRun();
    expect(run.status).toBe('partly-failed');
    expect(run.counts.errors).toBeGreaterThan(0);
    const failed = await stack.admin('getAudit', { kind: 'org-failed' });
    expect(failed.items[0].message).toMatch(/Acme Partners/);
    expect(failed.items[0].message).toMatch(/organization management/i);
    // In words: the organization by name, never its id.
    const org = await orgNamed('Acme Partners');
    expect(failed.items[0].message).toMatch(
      /^Could not add \d+ members? to organization "Acme Partners": Could not add \d+ members? to the organization \(/,
    );
    expect(failed.items[0].message).not.toContain(`organization ${org.id}`);
    const orgs = await stack.admin('getRunOrganizations', { runId: run.id });
    expect(orgs.plans[0].organizationName).toBe('Acme Partners');

    // Health says so too, from the run's results.
    await stack.admin('checkHealth', {});
    await stack.host.waitForIdle();
    const health = await stack.admin('getHealth', {});
    const check = health.checks.find((c: any) => c.id === 'organizations');
    expect(check).toMatchObject({ status: 'fail' });
    expect(check.detail).toMatch(/Acme Partners/);
    expect(check.action).toMatch(/manage organizations/);
  });
});

describe('the deadline of an invocation', () => {
  it('continues a large group read in further parts, reading each page once', async () => {
    await stack.close();
    // Consumers get 900 s x 0.008 = 7.2 s (a 1.8 s reserve, room for a loaded CI machine);
    // 6 pages of members at 1 s each do not fit.
    stack = await startStack({
      host: { queueTimeScale: 0.05, limits: { timeoutScale: 0.008 } },
    });
    await provisionInto(CONTOSO, 280, 'big');
    await stack.admin('saveRule', { rule: orgRule({ scope: { type: 'keys', keys: ['ITHELP'] } }) });
    await stack.control('PUT', 'faults', { latencyMs: 1000 });
    await stack.control('DELETE', 'requests');
    const { runId } = await stack.admin('startRun', {});
    const run = await stack.waitForRun(runId);
    await stack.control('DELETE', 'faults');

    expect(run).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
    const parts = Object.keys(kvsDump(stack)).filter((k) => k.startsWith(`runev:${runId}:org:`));
    expect(parts.length).toBeGreaterThan(1);
    const { requests } = await stack.control('GET', 'requests');
    const starts = requests
      .filter((r: any) => r.path === '/rest/api/3/group/member')
      .map((r: any) => Number(new URLSearchParams(r.query).get('startAt')));
    expect(new Set(starts).size).toBe(starts.length); // no page read twice
    const org = await orgNamed('Acme Partners');
    expect(await orgMembers(org.id)).toEqual(await activeGroupMembers(CONTOSO));
  });
});
