// An organization sync costs what changed: the hourly run counts each group's
// members (one call) and leaves an unchanged organization alone; a change it can see (a count, an
// audit-log hint, a rule edit) or the sweep's age makes it sync in full. Host and emulator, with
// people provisioned over SCIM.
import { kvsDump, kvsSet } from '../reliability/helpers';
import { patchGroupMembers, provisionUser, scimRequest } from './site-changes';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const SD = '/rest/servicedeskapi';
const MEMBERS = '/rest/api/3/group/member';

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

async function provision(n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push(await provisionUser(stack, `${tag}${i}@contoso.example`, `${tag} ${i}`));
  return ids;
}

async function orgMembers(id: string): Promise<string[]> {
  const res = await stack.jira('GET', `${SD}/organization/${id}/user?start=0&limit=50`);
  expect(res.body.isLastPage).toBe(true);
  return res.body.values.map((u: any) => u.accountId).sort();
}

async function orgNamed(name: string): Promise<any> {
  const res = await stack.jira('GET', `${SD}/organization?start=0&limit=50`);
  return res.body.values.find((o: any) => o.name === name);
}

const orgRule = (overrides: Record<string, unknown> = {}) =>
  demoRule({
    name: 'Contoso into Acme Partners',
    groupIds: [CONTOSO],
    scope: { type: 'keys', keys: ['ITHELP', 'HR'] },
    target: 'organization',
    organization: { name: 'Acme Partners' },
    ...overrides,
  });

/** The hourly run, with the requests it made to Jira and what it says per organization. */
async function hourly() {
  await stack.control('DELETE', 'requests');
  const run = await stack.scheduledRun();
  const { requests } = await stack.control('GET', 'requests');
  const orgs = await stack.admin('getRunOrganizations', { runId: run.id });
  const memberReads = requests.filter((r: any) => r.path === MEMBERS);
  return {
    run,
    plan: orgs.plans[0],
    /** Reads of more than one member: a full read of a group, not a count. */
    pageReads: memberReads.filter(
      (r: any) => new URLSearchParams(r.query).get('maxResults') !== '1',
    ),
    counts: memberReads.filter((r: any) => new URLSearchParams(r.query).get('maxResults') === '1'),
    orgReads: requests.filter((r: any) =>
      /^\/rest\/servicedeskapi\/organization\/\d+\/user$/.test(r.path),
    ),
  };
}

/** A first (full) run and the organization it made. */
async function synced(overrides: Record<string, unknown> = {}) {
  await stack.admin('saveRule', { rule: orgRule(overrides) });
  const first = await stack.scheduledRun();
  expect(first).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
  return orgNamed('Acme Partners');
}

const auditUnreadable = () =>
  stack.control('PUT', 'faults', {
    failPaths: [{ method: 'GET', pathRegex: '^/rest/api/3/auditing/record$', status: 403 }],
  });

describe('the hourly organization sync', () => {
  it('leaves a converged organization alone: one count per group, no member page, no organization read', async () => {
    await patchGroupMembers(stack, CONTOSO, 'add', await provision(3, 'c'));
    const org = await synced();
    const before = await orgMembers(org.id);

    const { run, plan, pageReads, counts, orgReads } = await hourly();
    expect(run).toMatchObject({ status: 'succeeded', counts: { orgAdds: 0, orgRemovals: 0 } });
    expect(pageReads).toEqual([]);
    expect(orgReads).toEqual([]);
    expect(counts.map((r: any) => new URLSearchParams(r.query).get('groupId'))).toEqual([CONTOSO]);
    expect(plan).toMatchObject({
      organizationId: org.id,
      organizationName: 'Acme Partners',
      sweepHours: 24,
      adds: 0,
    });
    const stamp = JSON.parse(kvsDump(stack)[`orgsynced:${org.id}`]);
    expect(plan.unchangedSince).toBe(stamp.at);
    expect(plan.syncedBecause).toBeUndefined();
    expect(run.counts.memberReads).toBe(1); // the count returns one member
    expect(await orgMembers(org.id)).toEqual(before);
  });

  it('syncs after a SCIM add: the audit log names the group, or else the count moved', async () => {
    const org = await synced();
    const [first, second] = await provision(2, 'n');

    await patchGroupMembers(stack, CONTOSO, 'add', [first]);
    const hinted = await hourly();
    expect(hinted.plan).toMatchObject({ syncedBecause: 'group-changed', adds: 1 });
    expect(hinted.run.counts.orgAdds).toBe(1);
    expect(await orgMembers(org.id)).toContain(first);

    // Without the audit log (a free plan answers 403) the count alone tells.
    await auditUnreadable();
    await patchGroupMembers(stack, CONTOSO, 'add', [second]);
    const counted = await hourly();
    expect(counted.plan).toMatchObject({ syncedBecause: 'members-changed', adds: 1 });
    expect(counted.pageReads.length).toBeGreaterThan(0);
    expect(await orgMembers(org.id)).toContain(second);

    const quiet = await hourly();
    expect(quiet.plan.unchangedSince).toBeDefined();
    expect(quiet.pageReads).toEqual([]);
  });

  it('catches a swap (one in, one out) by the audit-log hint', async () => {
    const [leaver, joiner] = await provision(2, 's');
    await patchGroupMembers(stack, CONTOSO, 'add', [leaver]);
    const org = await synced();
    expect(await orgMembers(org.id)).toContain(leaver);

    await patchGroupMembers(stack, CONTOSO, 'remove', [leaver]);
    await patchGroupMembers(stack, CONTOSO, 'add', [joiner]);
    const { plan } = await hourly();
    expect(plan).toMatchObject({ syncedBecause: 'group-changed', adds: 1, removals: 1 });
    const members = await orgMembers(org.id);
    expect(members).toContain(joiner);
    expect(members).not.toContain(leaver);
  });

  it('without the audit log, a swap waits for the sweep, which syncs once the last sync is older than sweepHours', async () => {
    const [leaver, joiner] = await provision(2, 'w');
    await patchGroupMembers(stack, CONTOSO, 'add', [leaver]);
    const org = await synced();
    await auditUnreadable();

    await patchGroupMembers(stack, CONTOSO, 'remove', [leaver]);
    await patchGroupMembers(stack, CONTOSO, 'add', [joiner]);
    const missed = await hourly();
    expect(missed.plan.unchangedSince).toBeDefined(); // same count, no hint: not seen yet
    expect(await orgMembers(org.id)).toContain(leaver);

    // The last full sync is 24 hours old: the sweep re-reads the group.
    const key = `orgsynced:${org.id}`;
    const stamp = JSON.parse(kvsDump(stack)[key]);
    kvsSet(stack, key, { ...stamp, at: new Date(Date.now() - 24 * 3_600_000).toISOString() });
    const swept = await hourly();
    expect(swept.plan).toMatchObject({ syncedBecause: 'sweep', adds: 1, removals: 1 });
    const members = await orgMembers(org.id);
    expect(members).toContain(joiner);
    expect(members).not.toContain(leaver);
    // The sweep's sync is the new reference: the next hour is quiet again.
    expect((await hourly()).plan.unchangedSince).toBeDefined();
  });

  it('syncs in full after a rule edit', async () => {
    const org = await synced();
    await auditUnreadable();
    const [rule] = await stack.admin('listRules', {});
    const saved = await stack.admin('saveRule', {
      rule: { ...orgRule({ groupIds: [CONTOSO, FABRIKAM] }), id: rule.id, version: rule.version },
    });
    expect(saved.version).toBe(rule.version + 1);
    const { plan, pageReads } = await hourly();
    expect(plan).toMatchObject({ syncedBecause: 'rule-changed' });
    const read = new Set(pageReads.map((r: any) => new URLSearchParams(r.query).get('groupId')));
    expect(read).toEqual(new Set([CONTOSO, FABRIKAM]));
    const fabrikam = await stack.jira('GET', `${MEMBERS}?groupId=${FABRIKAM}&maxResults=50`);
    expect(await orgMembers(org.id)).toEqual(
      expect.arrayContaining(fabrikam.body.values.map((u: any) => u.accountId)),
    );
  });

  it('a deleted group: reads the others in full and removes nobody, every hour, as before', async () => {
    const [member] = await provision(1, 'f');
    await patchGroupMembers(stack, FABRIKAM, 'add', [member]);
    const org = await synced({ groupIds: [CONTOSO, FABRIKAM] });
    await auditUnreadable(); // else "Group deleted" makes the hour a full run anyway
    await scimRequest(stack, 'DELETE', `/Groups/${FABRIKAM}`);
    for (let hour = 0; hour < 2; hour++) {
      const { run, plan, pageReads } = await hourly();
      expect(plan).toMatchObject({ syncedBecause: 'group-changed', removals: 0 });
      expect(run.counts.orgRemovals).toBe(0);
      expect(pageReads.length).toBeGreaterThan(0);
      expect(await orgMembers(org.id)).toContain(member);
    }
  });

  it('a deleted organization: the next hourly run makes a new one and fills it', async () => {
    const org = await synced();
    const wanted = await orgMembers(org.id);
    expect((await stack.jira('DELETE', `${SD}/organization/${org.id}`)).status).toBe(204);
    const { plan } = await hourly();
    const made = await orgNamed('Acme Partners');
    expect(made.id).not.toBe(org.id);
    expect(plan).toMatchObject({ syncedBecause: 'not-synced-before', adds: wanted.length });
    expect(await orgMembers(made.id)).toEqual(wanted);
  });
});
