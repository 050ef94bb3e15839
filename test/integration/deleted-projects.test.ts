// A project deleted in Jira cannot be repaired: what the app kept for it (its ledger, its
// exclusions and exclusion requests, its change marks, its last run) is forgotten, from Forge's
// avi:jira:deleted:project or, when that event was missed, from the audit log's "Project
// deleted". Otherwise the admin page would count its bindings as removals and its requests as
// waiting for ever.
import { kvsDump, kvsSet } from '../reliability/helpers';
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const PA = DEMO.users.pa.accountId; // administers ITHELP only

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

const keys = () => Object.keys(kvsDump(stack));

/** Every key the app keeps for a project, by its id and its key. */
const keptFor = (id: string, key: string) =>
  keys().filter(
    (k) =>
      k === `ledger:${id}` ||
      k.startsWith(`dirty:i${id}:`) ||
      k.startsWith(`dirty:k${key}:`) ||
      k === `project-last-run:${key}` ||
      k === `project-visit:${key}` ||
      k.startsWith(`exclreq:${key}:`) ||
      (k.startsWith('exclusion:') && k.endsWith(`:${key}`)),
  );

async function projectId(key: string): Promise<string> {
  return (await stack.jira('GET', `/rest/api/3/project/${key}`)).body.id;
}

/** The rule enforced everywhere, and what the app keeps for ITHELP besides its ledger. */
async function enforcedWithRequests(): Promise<{ ruleId: string }> {
  const rule = await stack.admin('saveRule', { rule: demoRule() });
  expect(await stack.scheduledRun()).toMatchObject({ status: 'succeeded' });
  // A project admin's request, waiting in the Jira admins' inbox.
  const asked = await stack.project(
    'requestExclusion',
    { ruleId: rule.id, reason: 'Portal sign-up only.' },
    PA,
    'ITHELP',
  );
  expect(asked).toMatchObject({ status: 'pending' });
  // An exclusion, a project run and a change mark, as earlier actions and signals left them.
  const ithelp = await projectId('ITHELP');
  kvsSet(stack, `exclusion:${rule.id}:ITHELP`, {
    ruleId: rule.id,
    projectKey: 'ITHELP',
    requestedBy: PA,
    requestedAt: new Date().toISOString(),
  });
  // The run a project admin started from its page, for that page.
  kvsSet(stack, 'project-last-run:ITHELP', 'an-earlier-run');
  kvsSet(stack, `dirty:i${ithelp}:changed-in-jira`, {
    ref: `i${ithelp}`,
    reason: 'changed-in-jira',
    markedAt: new Date().toISOString(),
  });
  return { ruleId: rule.id };
}

it("Forge's deleted-project event forgets the project; counts on the admin page drop", async () => {
  await enforcedWithRequests();
  const ithelp = await projectId('ITHELP');
  const hr = await projectId('HR');
  expect(keptFor(ithelp, 'ITHELP')).toHaveLength(6);
  const impact = await stack.admin('getRemovalImpact', { change: { kind: 'none' } });
  expect((await stack.admin('getSummary', {})).pendingRequests).toBe(1);

  expect((await stack.jira('DELETE', '/rest/api/3/project/ITHELP')).status).toBe(204);
  await stack.host.core.onJiraWebhook({
    webhookEvent: 'project_deleted',
    project: { id: Number(ithelp), key: 'ITHELP' },
  });
  await stack.host.waitForIdle();

  expect(keptFor(ithelp, 'ITHELP')).toEqual([]);
  // Other projects keep theirs.
  expect(keys()).toContain(`ledger:${hr}`);
  const after = await stack.admin('getRemovalImpact', { change: { kind: 'none' } });
  expect(after.ledgerBindings).toBe(impact.ledgerBindings - 2);
  expect((await stack.admin('getSummary', {})).pendingRequests).toBe(0);
  expect(await stack.admin('listExclusionRequests', {})).toEqual([]);
});

it('when the event was missed, the hourly run forgets it from the audit log', async () => {
  await enforcedWithRequests();
  const ithelp = await projectId('ITHELP');
  const impact = await stack.admin('getRemovalImpact', { change: { kind: 'none' } });
  // No webhook is registered here: the app hears of the deletion from Jira's audit log only.
  expect((await stack.jira('DELETE', '/rest/api/3/project/ITHELP')).status).toBe(204);
  await stack.host.waitForIdle();
  expect(keptFor(ithelp, 'ITHELP')).toHaveLength(6);

  expect(await stack.scheduledRun()).toMatchObject({ status: 'succeeded' });
  expect(keptFor(ithelp, 'ITHELP')).toEqual([]);
  const after = await stack.admin('getRemovalImpact', { change: { kind: 'none' } });
  expect(after.ledgerBindings).toBe(impact.ledgerBindings - 2);
  expect((await stack.admin('getSummary', {})).pendingRequests).toBe(0);
});
