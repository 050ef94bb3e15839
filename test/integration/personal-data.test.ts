// Atlassian's user privacy rules, end to end on the local platform: the hourly trigger reports
// the accounts the app keeps to the personal data reporting API (the host answers as Forge
// does); when Atlassian answers that the project admin who asked to exclude a project was
// closed, nothing in the app's storage holds their id afterwards: the request and the audit
// entries stay, by "a closed account", the admin page reads them so, and the logs name no one.
import { ADMIN_ACCOUNT_ID } from '../../local/jira-emulator';
import { kvsDump } from '../reliability/helpers';
import { DEMO, type Stack, startStack } from './stack';

const PA = DEMO.users.pa.accountId; // administers ITHELP only

jest.setTimeout(120_000);

let stack: Stack;
let ruleId: string;

beforeAll(async () => {
  stack = await startStack();
  ruleId = (
    await stack.admin('saveRule', {
      rule: {
        name: 'Contoso everywhere',
        groupIds: [DEMO.groups.contosoCustomers.groupId],
        scope: { type: 'all' },
      },
    })
  ).id;
});
afterAll(() => stack?.close());

async function hostApi(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(stack.host.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** Every stored key and value that holds `id`. */
const holding = (id: string) =>
  Object.entries(kvsDump(stack)).filter(([k, v]) => k.includes(id) || v.includes(id));

it('erases an account Atlassian reports closed from everything the app stores', async () => {
  await stack.project(
    'requestExclusion',
    { ruleId, reason: 'Our customers sign up on the portal.' },
    PA,
    'ITHELP',
  );
  // The admin reads the inbox and the audit trail: the app caches the requester's name.
  expect((await stack.admin('listExclusionRequests'))[0]).toMatchObject({
    requestedBy: PA,
    status: 'pending',
  });
  expect((await stack.admin('getAudit', { kind: 'exclusion-requested' })).items[0].actor).toBe(PA);
  expect(holding(PA).map(([k]) => k.split(':')[0])).toEqual(
    expect.arrayContaining(['audit', 'auditkind', 'exclreq', 'displayname']),
  );

  await hostApi('POST', '/__host/accounts', { accountId: PA, status: 'closed' });
  const since = (await hostApi('GET', '/api/logs?limit=10000')).next;
  await stack.scheduledRun();

  const { reported, calls } = await hostApi('GET', '/__host/accounts/reports');
  expect(reported.map((a: any) => a.accountId)).toEqual(
    expect.arrayContaining([PA, ADMIN_ACCOUNT_ID]),
  );
  expect(calls.every((c: unknown[]) => c.length <= 90)).toBe(true);
  expect(holding(PA)).toEqual([]);

  // The request waits in the inbox still, from a closed account; the trail keeps the event.
  const [request] = await stack.admin('listExclusionRequests');
  expect(request).toMatchObject({ projectKey: 'ITHELP', ruleId, requestedBy: 'closed-account' });
  expect(request.requestedByName).toBeUndefined();
  const audit = await stack.admin('getAudit', {});
  expect(audit.items.find((e: any) => e.kind === 'exclusion-requested')).toMatchObject({
    actor: 'closed-account',
    projectKey: 'ITHELP',
  });
  expect(audit.items.find((e: any) => e.kind === 'personal-data-erased').message).toMatch(
    /1 account was closed/,
  );
  const { lines } = await hostApi('GET', `/api/logs?since=${since}&limit=1000`);
  expect(lines.some((l: any) => l.text.includes('privacy.pass-done'))).toBe(true);
  expect(lines.filter((l: any) => l.text.includes(PA))).toEqual([]);
});
