// A 5xx that hid a successful add: Jira made the change, the app saw a failure and retried, and
// the retry met Jira's "already a member of the project role" 400. The run must end as if the add
// had simply worked: groups in the role, bindings in the ledger (so the app can later remove
// them), no error shown to the admin.
import { ledgerEntries } from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const ROLE_PATH = '/rest/api/3/project/ITHELP/role/10101';

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

it('ends with the bindings in the ledger and no error shown', async () => {
  const rule = await stack.admin('saveRule', {
    rule: demoRule({ scope: { type: 'keys', keys: ['ITHELP'] } }),
  });
  await stack.control('PUT', 'faults', {
    failPaths: [
      {
        method: 'POST',
        pathRegex: `^${ROLE_PATH}$`,
        status: 503,
        times: 1,
        afterApplying: true,
      },
    ],
  });
  await stack.control('DELETE', 'requests');

  const run = await stack.scheduledRun();
  expect(run).toMatchObject({ status: 'succeeded', counts: { adds: 2, errors: 0 } });

  // What Jira saw: the add carried out but answered 503, the retry refused as a duplicate, the
  // role read again.
  const { requests } = await stack.control('GET', 'requests');
  const onRole = requests
    .filter((r: any) => r.path === ROLE_PATH)
    .map((r: any) => `${r.method} ${r.status}`);
  expect(onRole).toEqual(['GET 200', 'POST 503', 'POST 400', 'GET 200']);
  expect(await stack.roleGroups('ITHELP')).toEqual(expect.arrayContaining([CONTOSO, FABRIKAM]));

  // The ledger owns both bindings, settled (not pending).
  const ledger = ledgerEntries(stack).filter((e) => e.projectKey === 'ITHELP');
  expect(ledger.map((e) => e.groupId).sort()).toEqual([CONTOSO, FABRIKAM].sort());
  expect(ledger.every((e) => !e.pending && e.runId === run.id)).toBe(true);

  // The admin sees two successful adds and nothing failed.
  const actions = await stack.allPages<any>('getRunActions', run.id);
  expect(actions.map((a) => [a.groupId, a.ok, a.error])).toEqual(
    expect.arrayContaining([
      [CONTOSO, true, undefined],
      [FABRIKAM, true, undefined],
    ]),
  );
  expect((await stack.admin('getAudit', { kind: 'binding-failed' })).items).toEqual([]);
  expect((await stack.admin('getAudit', { kind: 'binding-added' })).items).toHaveLength(2);

  // Owned means removable: once the rule is gone, the next run takes both out again.
  await stack.admin('deleteRule', { id: rule.id });
  const after = await stack.scheduledRun();
  expect(after).toMatchObject({ status: 'succeeded', counts: { removals: 2, errors: 0 } });
  expect(await stack.roleGroups('ITHELP')).not.toContain(CONTOSO);
  expect(await stack.roleGroups('ITHELP')).not.toContain(FABRIKAM);
});
