// `npm run bench -- --org-sync N`: the calls and points of a first organization sync of an
// N-member synced group, and of a converged one. The demo site in-process; N people
// provisioned over SCIM into Contoso Customers; one rule keeps them in a new organization
// linked to ITHELP. Points are the emulator's (Jira's 2026 model: 2 per user read). The last
// line printed is one JSON object.
import { APP_ACCOUNT_ID, DEMO } from './jira-emulator';
import { type LoggedRequest, loggedRequests, startLocalStack } from './start-stack';

export async function benchOrganizations(members: number): Promise<void> {
  const stack = await startLocalStack();
  const { emulator, host, control } = stack;
  const scim = async (method: string, p: string, body: unknown) => {
    const res = await fetch(`${emulator.url}/scim/directory/${DEMO.directoryId}${p}`, {
      method,
      headers: { authorization: 'Bearer key', 'content-type': 'application/scim+json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`SCIM ${method} ${p}: ${res.status}`);
    return (await res.json()) as { id: string };
  };
  const appRequests = () => loggedRequests(control, (r) => r.caller === APP_ACCOUNT_ID);
  const measure = async () => {
    await control('DELETE', 'requests');
    const t0 = Date.now();
    const fired = await host.runTrigger('enforce-hourly');
    await host.waitForIdle();
    const wallMs = Date.now() - t0;
    const log = await appRequests();
    const runs = await host.invoke({
      moduleKey: 'customer-role-sync-admin',
      functionKey: 'listRuns',
      payload: {},
    });
    const run = runs.ok
      ? (runs.result as { items: { status: string; counts: object }[] }).items[0]
      : undefined;
    const org = (r: LoggedRequest) => r.path.startsWith('/rest/servicedeskapi/organization');
    return {
      ok: fired.ok,
      status: run?.status,
      counts: run?.counts,
      calls: log.length,
      points: log.reduce((n, r) => n + r.points, 0),
      groupMemberCalls: log.filter((r) => r.path === '/rest/api/3/group/member').length,
      organizationCalls: log.filter(org).length,
      organizationWrites: log.filter((r) => org(r) && r.method !== 'GET').length,
      byPath: byPath(log),
      wallMs,
    };
  };

  try {
    console.error(`Provisioning ${members} people into Contoso Customers over SCIM...`);
    const ids: string[] = [];
    for (let i = 0; i < members; i++)
      ids.push(
        (
          await scim('POST', '/Users', {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `bench${i}@contoso.example`,
            displayName: `Bench ${i}`,
            emails: [{ value: `bench${i}@contoso.example`, primary: true }],
          })
        ).id,
      );
    for (let i = 0; i < ids.length; i += 500)
      await scim('PATCH', `/Groups/${DEMO.groups.contosoCustomers.groupId}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [
          { op: 'add', path: 'members', value: ids.slice(i, i + 500).map((value) => ({ value })) },
        ],
      });
    const saved = await host.invoke({
      moduleKey: 'customer-role-sync-admin',
      functionKey: 'saveRule',
      payload: {
        rule: {
          name: 'Bench: Contoso Customers are the Bench Partners organization',
          groupIds: [DEMO.groups.contosoCustomers.groupId],
          scope: { type: 'keys', keys: ['ITHELP'] },
          target: 'organization',
          organization: { name: 'Bench Partners' },
        },
      },
    });
    if (!saved.ok) throw new Error(`saveRule: ${saved.error.message}`);
    // Health first, on its own (it reads group members too): the trigger then finds a fresh
    // report and asks for none, so the runs below are measured alone.
    const health = await host.invoke({
      moduleKey: 'customer-role-sync-admin',
      functionKey: 'checkHealth',
      payload: {},
    });
    if (!health.ok) throw new Error(`checkHealth: ${health.error.message}`);
    await host.waitForIdle();
    console.error('First organization sync...');
    const first = await measure();
    console.error('Converged sync...');
    const converged = await measure();
    // The hour after: the audit log's checkpoint has moved past the bench's own provisioning.
    const quiet = await measure();
    // One more person provisioned into the group: the next hourly run syncs the group in full.
    console.error('Hourly sync after one SCIM add...');
    const joiner = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `bench-joiner@contoso.example`,
      displayName: 'Bench joiner',
      emails: [{ value: `bench-joiner@contoso.example`, primary: true }],
    });
    await scim('PATCH', `/Groups/${DEMO.groups.contosoCustomers.groupId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: joiner.id }] }],
    });
    const afterAdd = await measure();
    const line = (name: string, m: typeof first) =>
      `  ${name} ${m.calls} calls, ${m.points} points, ${m.organizationWrites} organization ` +
      `writes, ${(m.wallMs / 1000).toFixed(1)} s`;
    console.log(
      [
        `Organization sync of a ${members}-member group:`,
        line('first:    ', first),
        line('converged:', converged),
        line('quiet:    ', quiet),
        line('one added:', afterAdd),
      ].join('\n'),
    );
    console.log(JSON.stringify({ orgMembers: members, first, converged, quiet, afterAdd }));
  } finally {
    await stack.close();
  }
}

/** Calls and points per path (organization and role ids left out): where a run's cost goes. */
function byPath(log: LoggedRequest[]): Record<string, { calls: number; points: number }> {
  const out: Record<string, { calls: number; points: number }> = {};
  for (const r of log) {
    const key = `${r.method} ${r.path.replace(/(organization|role)\/\d+/g, '$1/{id}')}`;
    const e = (out[key] ??= { calls: 0, points: 0 });
    e.calls++;
    e.points += r.points;
  }
  return out;
}
