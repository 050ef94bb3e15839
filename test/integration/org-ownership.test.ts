// Who owns an organization member, end to end (the app's real code in the local Forge host,
// against the Jira emulator): the app claims a member only when Jira answered its own add for a
// member absent just before. A refused add (quota 429) is rolled back at once, and the run leaves
// the organization to the next hourly run rather than wait holding the site; an add that may
// or may not have happened (503) leaves the member a person's once a person added them. And two
// organization edge cases: one deleted in Jira after its rule went, one renamed in JSM while Jira
// fails to resolve it.
import { kvsDump, kvsValues } from '../reliability/helpers';
import { patchGroupMembers, provisionUser } from './site-changes';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const SD = '/rest/servicedeskapi';
const ADD_PATH = `^${SD}/organization/\\d+/user$`;

let stack: Stack;
afterEach(async () => {
  await stack?.close();
});

async function orgNamed(name: string): Promise<{ id: string; name: string } | undefined> {
  const res = await stack.jira('GET', `${SD}/organization?start=0&limit=50`);
  return res.body.values.find((o: any) => o.name === name);
}

async function orgMembers(id: string): Promise<string[]> {
  const res = await stack.jira('GET', `${SD}/organization/${id}/user?start=0&limit=50`);
  expect(res.status).toBe(200);
  return res.body.values.map((u: any) => u.accountId);
}

/** A person (the site admin) adds a member to the organization by hand. */
async function addByHand(orgId: string, accountId: string): Promise<void> {
  const res = await stack.jira('POST', `${SD}/organization/${orgId}/user`, {
    accountIds: [accountId],
  });
  expect(res.status).toBe(204);
}

/** The organization ledger as stored: accountId -> entry. */
function orgLedger(orgId: string): Record<string, any> {
  return Object.fromEntries(
    kvsValues(stack, `orgledger:${orgId}:`).map((e: any) => [e.accountId, e]),
  );
}

const orgIndex = (): { id: string; name: string }[] =>
  JSON.parse(kvsDump(stack)['orgledger-index'] ?? '{"organizations":[]}').organizations;

const orgRule = (overrides: Record<string, unknown> = {}) =>
  demoRule({
    name: 'Contoso into Acme Partners',
    groupIds: [CONTOSO],
    scope: { type: 'keys', keys: ['ITHELP'] },
    target: 'organization',
    organization: { name: 'Acme Partners' },
    ...overrides,
  });

describe('an add Jira refused or never confirmed', () => {
  it("a quota 429 rolls the add's entries back at once; the member a person added meanwhile is never removed by the app", async () => {
    stack = await startStack();
    const member = await provisionUser(stack, 'quota@contoso.example', 'Quota Person');
    await patchGroupMembers(stack, CONTOSO, 'add', [member]);
    await stack.admin('saveRule', { rule: orgRule() });
    await stack.control('PUT', 'faults', {
      retryAfterSeconds: 600,
      failPaths: [
        {
          method: 'POST',
          pathRegex: ADD_PATH,
          status: 429,
          times: 1,
          reason: 'jira-quota-global-based',
        },
      ],
    });
    const first = await stack.scheduledRun();

    const org = (await orgNamed('Acme Partners'))!;
    expect(org).toBeDefined();
    // Jira refused the add and nothing was added; the invocation that met the refusal rolled
    // its written-ahead entries back: the ledger claims nobody.
    expect(await orgMembers(org.id)).not.toContain(member);
    expect(orgLedger(org.id)).toEqual({});
    // The run did not wait for the reset holding the site: it ended, and said the organization
    // is left to the next hourly run, with the read it made.
    expect(first).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
    const carried = await stack.admin('getRunOrganizations', { runId: first.id });
    expect(carried.plans).toEqual([expect.objectContaining({ continuesNextHour: true })]);
    expect(JSON.parse(kvsDump(stack)[`orgread:${org.id}`])).toMatchObject({ readId: first.id });

    // Meanwhile a person adds the member by hand; the next hourly run goes on from that read.
    await addByHand(org.id, member);
    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
    const resumed = await stack.admin('getRunOrganizations', { runId: run.id });
    expect(resumed.plans).toEqual([expect.objectContaining({ syncedBecause: 'continued' })]);
    expect(await orgMembers(org.id)).toContain(member);
    // The read kept from the earlier run proves no absence: the member's page, read again before
    // the add, showed them there, so they are not the app's.
    expect(orgLedger(org.id)[member]).toBeUndefined();
    expect(Object.values(orgLedger(org.id)).every((e: any) => !e.pending)).toBe(true);
    expect(kvsDump(stack)[`orgread:${org.id}`]).toBeUndefined();

    // The member leaves the group at the identity provider: they stay in the organization.
    await patchGroupMembers(stack, CONTOSO, 'remove', [member]);
    const after = await stack.scheduledRun();
    expect(after).toMatchObject({ status: 'succeeded', counts: { orgRemovals: 0, errors: 0 } });
    expect(await orgMembers(org.id)).toContain(member);
    expect((await stack.admin('getAudit', { kind: 'org-member-removed' })).items).toEqual([]);
  });

  it('a 503 leaves the add pending; a member a person added before the next try is left as theirs and never removed', async () => {
    stack = await startStack();
    const member = await provisionUser(stack, 'flaky@contoso.example', 'Flaky Person');
    await patchGroupMembers(stack, CONTOSO, 'add', [member]);
    await stack.admin('saveRule', { rule: orgRule() });
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'POST', pathRegex: ADD_PATH, status: 503, times: 1 }],
    });
    const first = await stack.scheduledRun();
    expect(first).toMatchObject({ status: 'partly-failed' });
    const org = (await orgNamed('Acme Partners'))!;
    // Jira did not say whether it added them: the entries stay pending, and the admin reads so.
    expect(orgLedger(org.id)[member]).toMatchObject({ pending: true, runId: first.id });
    const failed = await stack.admin('getAudit', { kind: 'org-failed' });
    expect(failed.items[0].message).toMatch(/Jira may have added them or not/);

    // Between the app's tries a person adds the member by hand.
    await addByHand(org.id, member);
    const second = await stack.scheduledRun();
    expect(second).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
    // The others, still absent, were added by the app's own call now: the app's. The member a
    // person added is theirs: its pending entry dropped, said in words.
    const ledger = orgLedger(org.id);
    expect(ledger[member]).toBeUndefined();
    expect(Object.keys(ledger).length).toBe(second.counts.orgAdds);
    expect(Object.values(ledger).every((e: any) => !e.pending && e.runId === second.id)).toBe(true);
    const kept = await stack.admin('getAudit', { kind: 'org-member-kept' });
    expect(kept.items).toHaveLength(1);
    expect(kept.items[0]).toMatchObject({ accountId: member, organizationId: org.id });
    expect(kept.items[0].message).toMatch(
      /^1 member in organization "Acme Partners", not added by this app: .* left as someone else's; the app never removes them\.$/,
    );
    const plans = await stack.admin('getRunOrganizations', { runId: second.id });
    expect(plans.plans[0]).toMatchObject({ organizationName: 'Acme Partners', leftAsTheirs: 1 });

    await patchGroupMembers(stack, CONTOSO, 'remove', [member]);
    const after = await stack.scheduledRun();
    expect(after).toMatchObject({ status: 'succeeded', counts: { orgRemovals: 0, errors: 0 } });
    expect(await orgMembers(org.id)).toContain(member);
  });
});

describe('organization edge cases', () => {
  beforeEach(async () => {
    stack = await startStack();
  });

  it('forgets an organization no rule keeps once Jira answers 404 for it, instead of failing every hour', async () => {
    const rule = await stack.admin('saveRule', { rule: orgRule() });
    await stack.scheduledRun();
    const org = (await orgNamed('Acme Partners'))!;
    expect(Object.keys(orgLedger(org.id)).length).toBeGreaterThan(0);

    // A person deletes the organization in Jira, and the rule goes.
    expect((await stack.jira('DELETE', `${SD}/organization/${org.id}`)).status).toBe(204);
    await stack.admin('deleteRule', { id: rule.id });

    const run = await stack.scheduledRun();
    expect(run).toMatchObject({ status: 'succeeded', counts: { errors: 0 } });
    expect(orgLedger(org.id)).toEqual({});
    expect(orgIndex()).toEqual([]);
    const forgotten = await stack.admin('getAudit', { kind: 'org-forgotten' });
    expect(forgotten.items).toHaveLength(1);
    expect(forgotten.items[0].message).toMatch(
      /^Organization "Acme Partners" no longer exists in Jira and no rule keeps it/,
    );
    // And the hour after, nothing is left to fail on.
    expect(await stack.scheduledRun()).toMatchObject({
      status: 'succeeded',
      counts: { errors: 0 },
    });
  });

  it('leaves the members of a renamed organization alone while Jira cannot be asked about it', async () => {
    const created = await stack.jira('POST', `${SD}/organization`, { name: 'Acme Partners' });
    expect(created.status).toBe(201);
    const orgId = String(created.body.id);
    await stack.admin('saveRule', {
      rule: orgRule({ organization: { id: orgId, name: 'Acme Partners' } }),
    });
    await stack.scheduledRun();
    const members = await orgMembers(orgId);
    expect(members.length).toBeGreaterThan(0);

    // Renamed in JSM; the next sync (a new member joined the group) follows the new name.
    await stack.control('PUT', `organizations/${orgId}`, { name: 'Acme Partners EMEA' });
    const joiner = await provisionUser(stack, 'joiner@contoso.example', 'Joiner');
    await patchGroupMembers(stack, CONTOSO, 'add', [joiner]);
    expect(await stack.scheduledRun()).toMatchObject({ counts: { orgAdds: 1, errors: 0 } });
    expect(orgIndex()).toEqual([{ id: orgId, name: 'Acme Partners EMEA' }]);

    // Then Jira fails (503) whenever the run asks for the organization.
    await stack.control('PUT', 'faults', {
      failPaths: [{ method: 'GET', pathRegex: `^${SD}/organization/${orgId}$`, status: 503 }],
    });
    const run = await stack.scheduledRun();
    await stack.control('DELETE', 'faults');
    expect(run).toMatchObject({ status: 'partly-failed', counts: { orgRemovals: 0 } });
    expect((await orgMembers(orgId)).sort()).toEqual([...members, joiner].sort());
    const orgs = await stack.admin('getRunOrganizations', { runId: run.id });
    expect(orgs.plans).toHaveLength(1);
    expect(orgs.plans[0].error).toMatch(
      /^Organization "Acme Partners" could not be checked: .*503.* Its members were left as they are\.$/,
    );
    expect((await stack.admin('getAudit', { kind: 'org-member-removed' })).items).toEqual([]);
  });
});
