// Who owns a role binding, end to end (the app's real code in the local Forge host, against the
// Jira emulator and its audit log): a binding is the app's only when Jira's answers prove the app
// made it. A person who adds the same group while the app's add is refused or unanswered keeps
// the binding: deleting the rule with removal on never takes it away.
import { ADMIN_ACCOUNT_ID } from '../../local/jira-emulator';
import { hostFaults, ledgerEntries, releaseHeldEvents } from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const FAC = DEMO.projects.FAC;
const ROLE_PATH = '/rest/api/3/project/FAC/role/10101';

let stack: Stack;
afterEach(async () => {
  await stack?.close();
});

/** A person (the site admin) adds the group to FAC's customers role by hand. */
async function addByHand(groupId: string): Promise<void> {
  const res = await stack.jira('POST', ROLE_PATH, { groupId: [groupId] });
  expect(res.status).toBe(200);
}

const facRule = () =>
  demoRule({
    name: 'Fabrikam in FAC',
    groupIds: [FABRIKAM],
    scope: { type: 'keys', keys: ['FAC'] },
  });

/** Deletes the rule (removal is on by default) and runs: what the app takes away. */
async function deleteAndRun(ruleId: string): Promise<any> {
  await stack.admin('deleteRule', { id: ruleId });
  return stack.scheduledRun();
}

it("a quota 429 rolls the add's write-ahead back at once; the group a person added meanwhile stays when the rule is deleted", async () => {
  // Queue delays pass 1,000 times faster: the pause until Jira's reset takes a moment.
  stack = await startStack({ host: { queueTimeScale: 0.001 } });
  const rule = await stack.admin('saveRule', { rule: facRule() });
  await stack.control('PUT', 'faults', {
    retryAfterSeconds: 600,
    failPaths: [
      {
        method: 'POST',
        pathRegex: `^${ROLE_PATH}$`,
        status: 429,
        times: 1,
        reason: 'jira-quota-global-based',
      },
    ],
  });
  // The part that resumes after Jira's reset is held until released.
  await hostFaults(stack, { queue: { pause: { kind: 'batch', part: 1 } } });
  const first = await stack.scheduledRun();
  await stack.host.waitForIdle();

  // Jira refused the add, so nothing was added and the ledger claims nothing: the invocation
  // that met the refusal rolled its write-ahead back before it handed the project on.
  expect(await stack.roleGroups('FAC')).not.toContain(FABRIKAM);
  expect(ledgerEntries(stack).filter((e) => e.projectKey === 'FAC')).toEqual([]);
  expect(await stack.admin('getRun', { runId: first.id })).toMatchObject({ status: 'paused' });

  // While the app waits for the reset, a person adds the group by hand; then the run resumes.
  await addByHand(FABRIKAM);
  expect(await releaseHeldEvents(stack)).toBe(1);
  const run = await stack.waitForRun(first.id);
  expect(run).toMatchObject({ status: 'succeeded', counts: { errors: 0, adds: 0 } });
  expect(ledgerEntries(stack).filter((e) => e.projectKey === 'FAC')).toEqual([]);

  // Deleting the rule removes nothing: the binding is the person's.
  const impact = await stack.admin('getRemovalImpact', {
    change: { kind: 'delete', ruleId: rule.id },
  });
  expect(impact.bindings).toEqual([]);
  await stack.admin('deleteRule', { id: rule.id });
  const after = await stack.scheduledRun();
  expect(after).toMatchObject({ counts: { removals: 0, errors: 0 } });
  expect(await stack.roleGroups('FAC')).toContain(FABRIKAM);
});

it('an add Jira answered 503 on every try stays unproven; the person who adds the group meanwhile keeps it', async () => {
  stack = await startStack();
  const rule = await stack.admin('saveRule', { rule: facRule() });
  await stack.control('PUT', 'faults', {
    // Retry-After 0: the client's retries come at once, so the test waits for no backoff.
    failPaths: [
      {
        method: 'POST',
        pathRegex: `^${ROLE_PATH}$`,
        status: 503,
        times: 100,
        retryAfterSeconds: 0,
      },
    ],
  });
  const first = await stack.scheduledRun();
  expect(first.counts.errors).toBe(1);
  // Jira never said whether the add was made: the entry stays pending, owned by nobody yet.
  const pending = ledgerEntries(stack).filter((e) => e.projectKey === 'FAC');
  expect(pending).toEqual([expect.objectContaining({ groupId: FABRIKAM, pending: true })]);
  await stack.control('DELETE', 'faults');

  // A person adds the group; the next run finds it there, but Jira's audit log names the person.
  await addByHand(FABRIKAM);
  const second = await stack.scheduledRun();
  expect(second).toMatchObject({ counts: { adds: 0, errors: 0 } });
  expect(ledgerEntries(stack).filter((e) => e.projectKey === 'FAC')).toEqual([]);
  const plans = await stack.allPages<any>('getRunPlan', second.id);
  const fac = plans.find((p) => p.projectKey === 'FAC');
  expect(fac.skips).toEqual([
    expect.objectContaining({
      code: 'not-added-by-app',
      groupId: FABRIKAM,
      reason: expect.stringContaining('not added by this app'),
    }),
  ]);
  // The project's own page says whose it is.
  const status = await stack.project('getProjectStatus', {}, ADMIN_ACCOUNT_ID, 'FAC');
  expect(status.groups).toEqual([
    expect.objectContaining({ groupId: FABRIKAM, state: 'in-role', addedByApp: false }),
  ]);
  const kept = await stack.admin('getAudit', { kind: 'binding-kept' });
  expect(kept.items).toEqual([expect.objectContaining({ projectKey: 'FAC', groupId: FABRIKAM })]);

  const after = await deleteAndRun(rule.id);
  expect(after).toMatchObject({ counts: { removals: 0, errors: 0 } });
  expect(await stack.roleGroups('FAC')).toContain(FABRIKAM);
});

it("an add whose answer was lost (503 after Jira made it) is proven the app's by the audit log, and goes with the rule", async () => {
  stack = await startStack();
  const rule = await stack.admin('saveRule', { rule: facRule() });
  await stack.control('PUT', 'faults', {
    failPaths: [
      { method: 'POST', pathRegex: `^${ROLE_PATH}$`, status: 503, times: 100, afterApplying: true },
    ],
  });
  // Every try answers 503; the first made the add, the others met "already a member" or 503.
  const first = await stack.scheduledRun();
  await stack.control('DELETE', 'faults');
  expect(await stack.roleGroups('FAC')).toContain(FABRIKAM);
  const second = await stack.scheduledRun();
  expect(second.counts.errors).toBe(0);
  const owned = ledgerEntries(stack).filter((e) => e.projectKey === 'FAC');
  expect(owned).toEqual([expect.objectContaining({ groupId: FABRIKAM })]);
  expect(owned[0].pending).toBeUndefined();
  expect([first.id, second.id]).toContain(owned[0].runId);

  const after = await deleteAndRun(rule.id);
  expect(after).toMatchObject({ counts: { removals: 1, errors: 0 } });
  expect(await stack.roleGroups('FAC')).not.toContain(FABRIKAM);
});

it('a binding the app did not make can be adopted by a Jira admin, audited, and then goes with the rule', async () => {
  stack = await startStack();
  await addByHand(FABRIKAM);
  const rule = await stack.admin('saveRule', { rule: facRule() });
  await stack.scheduledRun();
  expect(ledgerEntries(stack).filter((e) => e.projectKey === 'FAC')).toEqual([]);

  const adopted = await stack.admin('adoptBinding', {
    projectKey: 'FAC',
    groupId: FABRIKAM,
  });
  expect(adopted).toMatchObject({ projectKey: 'FAC', groupId: FABRIKAM, adopted: true });
  expect(ledgerEntries(stack).filter((e) => e.projectKey === 'FAC')).toEqual([
    expect.objectContaining({ groupId: FABRIKAM, projectId: FAC.id }),
  ]);
  const audit = await stack.admin('getAudit', { kind: 'binding-adopted' });
  expect(audit.items).toEqual([expect.objectContaining({ projectKey: 'FAC', groupId: FABRIKAM })]);

  const after = await deleteAndRun(rule.id);
  expect(after).toMatchObject({ counts: { removals: 1 } });
  expect(await stack.roleGroups('FAC')).not.toContain(FABRIKAM);
});
