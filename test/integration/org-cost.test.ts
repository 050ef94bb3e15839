// An organization sync costs what changed: the hourly run counts each group's members and the
// organization's (one call each) and leaves an unchanged organization alone; a change it can see
// (a count, an audit-log hint, a rule edit) or the age of its last full read (four periods of the
// routine check) makes it sync in full. Host and emulator, with people provisioned over SCIM.
import { kvsDump, kvsSet } from '../reliability/helpers';
import { patchGroupMembers, provisionUser, scimRequest } from './site-changes';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const SD = '/rest/servicedeskapi';
const MEMBERS = '/rest/api/3/group/member';
const ORG_USERS = /^\/rest\/servicedeskapi\/organization\/\d+\/user$/;
const isCount = (r: any) => new URLSearchParams(r.query).get('limit') === '1';

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
    orgReads: requests.filter(
      (r: any) => r.method === 'GET' && ORG_USERS.test(r.path) && !isCount(r),
    ),
    /** The organization's one-call counts: one member read from the count's last. */
    orgCounts: requests.filter(
      (r: any) => r.method === 'GET' && ORG_USERS.test(r.path) && isCount(r),
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
  it('leaves a converged organization alone: one count per group and one of the organization, no member page', async () => {
    await patchGroupMembers(stack, CONTOSO, 'add', await provision(3, 'c'));
    const org = await synced();
    const before = await orgMembers(org.id);

    const { run, plan, pageReads, counts, orgReads, orgCounts } = await hourly();
    expect(run).toMatchObject({ status: 'succeeded', counts: { orgAdds: 0, orgRemovals: 0 } });
    expect(pageReads).toEqual([]);
    expect(orgReads).toEqual([]);
    expect(counts.map((r: any) => new URLSearchParams(r.query).get('groupId'))).toEqual([CONTOSO]);
    // The organization's count: its stamped last member (the sync left every member it read).
    const stamp = JSON.parse(kvsDump(stack)[`orgsynced:${org.id}`]);
    expect(stamp.members).toBe(before.length);
    expect(orgCounts.map((r: any) => new URLSearchParams(r.query).get('start'))).toEqual([
      String(before.length - 1),
    ]);
    expect(plan).toMatchObject({
      organizationId: org.id,
      organizationName: 'Acme Partners',
      fullReadHours: 4 * 24,
      adds: 0,
    });
    expect(plan.unchangedSince).toBe(stamp.at);
    expect(plan.syncedBecause).toBeUndefined();
    expect(run.counts.memberReads).toBe(2); // each count returns one member
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

    // The stamp counts the app's own adds: the organization's count finds it as the sync left it.
    const quiet = await hourly();
    expect(quiet.plan.unchangedSince).toBeDefined();
    expect(quiet.pageReads).toEqual([]);
    expect(quiet.orgReads).toEqual([]);
    expect(quiet.orgCounts).toHaveLength(1);
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
    // The stamp counts the app's own add and removal: the next hour's count agrees.
    const quiet = await hourly();
    expect(quiet.plan.unchangedSince).toBeDefined();
    expect(quiet.orgReads).toEqual([]);
    expect(quiet.orgCounts).toHaveLength(1);
  });

  it('without the audit log, a swap waits for the full re-read, four periods of the routine check after the last sync', async () => {
    const [leaver, joiner] = await provision(2, 'w');
    await patchGroupMembers(stack, CONTOSO, 'add', [leaver]);
    const org = await synced();
    await auditUnreadable();

    await patchGroupMembers(stack, CONTOSO, 'remove', [leaver]);
    await patchGroupMembers(stack, CONTOSO, 'add', [joiner]);
    const missed = await hourly();
    expect(missed.plan.unchangedSince).toBeDefined(); // same counts, no hint: not seen yet
    expect(await orgMembers(org.id)).toContain(leaver);
    const { fullReadHours } = missed.plan;
    const key = `orgsynced:${org.id}`;
    const stamp = JSON.parse(kvsDump(stack)[key]);
    const syncedHoursAgo = (h: number) =>
      kvsSet(stack, key, { ...stamp, at: new Date(Date.now() - h * 3_600_000).toISOString() });

    // One period of the routine check since the last full sync: still only counted.
    syncedHoursAgo(fullReadHours / 4);
    const period = await hourly();
    expect(period.plan.unchangedSince).toBeDefined();
    expect(period.pageReads).toEqual([]);
    expect(await orgMembers(org.id)).toContain(leaver);

    // Four: the routine check re-reads the group and the organization.
    syncedHoursAgo(fullReadHours);
    const swept = await hourly();
    expect(swept.plan).toMatchObject({ syncedBecause: 'sweep', adds: 1, removals: 1 });
    const members = await orgMembers(org.id);
    expect(members).toContain(joiner);
    expect(members).not.toContain(leaver);
    // The sweep's sync is the new reference: the next hour is quiet again.
    expect((await hourly()).plan.unchangedSince).toBeDefined();
  });

  it('a person removes from the organization a member a rule keeps there: the next hourly run puts them back', async () => {
    const wanted = await provision(3, 'r');
    await patchGroupMembers(stack, CONTOSO, 'add', wanted);
    const org = await synced();
    expect(await orgMembers(org.id)).toEqual(expect.arrayContaining(wanted));
    expect((await hourly()).plan.unchangedSince).toBeDefined();

    // Someone removes one of them by hand: no group changed, no audit record names a group.
    const [gone] = wanted;
    const removed = await stack.jira('DELETE', `${SD}/organization/${org.id}/user`, {
      accountIds: [gone],
    });
    expect(removed.status).toBe(204);
    const { run, plan, orgCounts } = await hourly();
    expect(orgCounts).toHaveLength(1);
    expect(plan).toMatchObject({ syncedBecause: 'org-members-removed', adds: 1, drift: 1 });
    expect(run.counts.orgAdds).toBe(1);
    expect(await orgMembers(org.id)).toContain(gone);

    // The sync is the new reference: the hour after is quiet.
    const after = await hourly();
    expect(after.plan.unchangedSince).toBeDefined();
    expect(after.orgReads).toEqual([]);
  });

  it("a person adds people: the next hours read no member page, the stamp's count follows, and a later removal is still found", async () => {
    const wanted = await provision(2, 'k');
    await patchGroupMembers(stack, CONTOSO, 'add', wanted);
    const org = await synced();
    const key = `orgsynced:${org.id}`;
    const stamped = () => JSON.parse(kvsDump(stack)[key]).members;
    const synced0 = (await orgMembers(org.id)).length;
    expect(stamped()).toBe(synced0);

    // Someone adds five people no rule names.
    const theirs = await provision(5, 'p');
    const added = await stack.jira('POST', `${SD}/organization/${org.id}/user`, {
      accountIds: theirs,
    });
    expect(added.status).toBe(204);
    const grown = await hourly();
    expect(grown.plan.unchangedSince).toBeDefined();
    expect(grown.pageReads).toEqual([]);
    expect(grown.orgReads).toEqual([]);
    // The count (more than n), then the search: n + 1, n + 3 (more), n + 7 (fewer), n + 5.
    const n = synced0;
    expect(
      grown.orgCounts.map((r: any) => Number(new URLSearchParams(r.query).get('start'))),
    ).toEqual([n - 1, n, n + 2, n + 6, n + 4]);
    expect(stamped()).toBe(synced0 + 5);

    // The next hour compares with the new count: one call.
    const quiet = await hourly();
    expect(quiet.plan.unchangedSince).toBeDefined();
    expect(quiet.orgCounts).toHaveLength(1);
    expect(quiet.orgReads).toEqual([]);

    // Someone removes a member a rule keeps: found the next hour and put back; theirs stay.
    const removed = await stack.jira('DELETE', `${SD}/organization/${org.id}/user`, {
      accountIds: [wanted[0]],
    });
    expect(removed.status).toBe(204);
    const repaired = await hourly();
    expect(repaired.plan).toMatchObject({
      syncedBecause: 'org-members-removed',
      adds: 1,
      removals: 0,
      manualMembers: 5,
    });
    expect(await orgMembers(org.id)).toEqual(expect.arrayContaining([...wanted, ...theirs]));
    expect(stamped()).toBe(synced0 + 5);
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
