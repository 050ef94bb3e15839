// Every removal path's confirmation says what the next run removes: the impact the page asks for
// before a change equals, binding for binding and member for member, what the run after the
// change removed (the app's real code in the local host, against the Jira emulator).
import type { Stack } from './stack';
import { DEMO, demoRule, startStack } from './stack';

const CONTOSO = DEMO.groups.contosoCustomers.groupId;
const FABRIKAM = DEMO.groups.fabrikamCustomers.groupId;
const PA = DEMO.users.pa.accountId;

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack?.close();
});

async function settings(removeUnwanted: boolean) {
  const current = await stack.admin('getSettings', {});
  const saved = await stack.admin('saveSettings', { settings: { ...current, removeUnwanted } });
  expect(saved.removeUnwanted).toBe(removeUnwanted);
}

/** "PROJECT group-name" for each binding the run removed, from the audit trail. */
async function removedByRun(runId: string): Promise<string[]> {
  const audit = await stack.admin('getAudit', { kind: 'binding-removed' });
  const names: Record<string, string> = {
    [CONTOSO]: DEMO.groups.contosoCustomers.name,
    [FABRIKAM]: DEMO.groups.fabrikamCustomers.name,
  };
  return audit.items
    .filter((e: any) => e.runId === runId)
    .map((e: any) => `${e.projectKey} ${names[e.groupId] ?? e.groupId}`)
    .sort();
}

/** The same, as the confirmation answered it (by name: the dialog shows names). */
const impactBindings = (impact: any): string[] =>
  impact.bindings.map((b: any) => `${b.projectKey} ${b.groupName}`).sort();

/** A rule as the editor sends it back: its fields and the version it is based on. */
const edited = ({ createdAt: _c, updatedAt: _u, updatedBy: _b, ...rule }: any, over: object) => ({
  ...rule,
  ...over,
});

async function impactOf(change: unknown) {
  return stack.admin('getRemovalImpact', { change });
}

/** Two rules sharing Contoso: one everywhere, one on IT Help Desk only. */
async function twoRules() {
  const everywhere = await stack.admin('saveRule', { rule: demoRule({ name: 'Everywhere' }) });
  const itOnly = await stack.admin('saveRule', {
    rule: demoRule({
      name: 'IT only',
      groupIds: [CONTOSO],
      scope: { type: 'keys', keys: ['ITHELP'] },
    }),
  });
  const first = await stack.scheduledRun();
  expect(first.counts).toMatchObject({ adds: 8, errors: 0 });
  return { everywhere, itOnly };
}

describe('the removal impact equals what the next run removes', () => {
  it('deleting a rule: a group another rule names elsewhere is still counted where that rule does not reach', async () => {
    const { everywhere } = await twoRules();
    const impact = await impactOf({ kind: 'delete', ruleId: everywhere.id });
    // IT only keeps Contoso in ITHELP and nowhere else.
    expect(impactBindings(impact)).toEqual([
      'FAC Contoso Customers',
      'FAC Fabrikam Customers',
      'HR Contoso Customers',
      'HR Fabrikam Customers',
      'ITHELP Fabrikam Customers',
      'MKT Contoso Customers',
      'MKT Fabrikam Customers',
    ]);
    expect(impact).toMatchObject({
      removalEnabled: true,
      projects: ['FAC', 'HR', 'ITHELP', 'MKT'],
    });
    expect(impact.groups.map((g: any) => [g.groupName, g.projects.length])).toEqual([
      ['Contoso Customers', 3],
      ['Fabrikam Customers', 4],
    ]);

    await stack.admin('deleteRule', { id: everywhere.id });
    const run = await stack.scheduledRun();
    expect(run.counts.removals).toBe(impact.bindings.length);
    expect(await removedByRun(run.id)).toEqual(impactBindings(impact));
  });

  it('turning a rule off', async () => {
    const { everywhere, itOnly } = await twoRules();
    // Everywhere still wants Contoso in ITHELP: turning IT only off removes nothing.
    expect((await impactOf({ kind: 'disable', ruleId: itOnly.id })).bindings).toEqual([]);
    const impact = await impactOf({ kind: 'disable', ruleId: everywhere.id });
    expect(impact.bindings).toHaveLength(7);
    await stack.admin('saveRule', { rule: edited(everywhere, { enabled: false }) });
    const run = await stack.scheduledRun();
    expect(await removedByRun(run.id)).toEqual(impactBindings(impact));
  });

  it('narrowing a scope in the editor', async () => {
    const { everywhere } = await twoRules();
    const narrowed = edited(everywhere, { scope: { type: 'keys', keys: ['ITHELP', 'HR'] } });
    const impact = await impactOf({ kind: 'save', rule: narrowed });
    expect(impactBindings(impact)).toEqual([
      'FAC Contoso Customers',
      'FAC Fabrikam Customers',
      'MKT Contoso Customers',
      'MKT Fabrikam Customers',
    ]);
    await stack.admin('saveRule', { rule: narrowed });
    const run = await stack.scheduledRun();
    expect(await removedByRun(run.id)).toEqual(impactBindings(impact));
  });

  it("approving a project admin's request to leave a rule", async () => {
    const { everywhere } = await twoRules();
    await stack.project('requestExclusion', { ruleId: everywhere.id }, PA, 'ITHELP');
    const impact = await impactOf({ kind: 'exclude', ruleId: everywhere.id, projectKey: 'ITHELP' });
    // IT only still wants Contoso there.
    expect(impactBindings(impact)).toEqual(['ITHELP Fabrikam Customers']);
    await stack.admin('decideExclusionRequest', {
      ruleId: everywhere.id,
      projectKey: 'ITHELP',
      decision: 'approve',
    });
    const run = await stack.scheduledRun();
    expect(await removedByRun(run.id)).toEqual(impactBindings(impact));
  });

  it('turning removal on, after a rule was deleted while it was off', async () => {
    const { everywhere } = await twoRules();
    await settings(false);
    await stack.admin('deleteRule', { id: everywhere.id });
    const off = await impactOf({ kind: 'none' });
    // Removal off: what would go is listed, and the answer says nothing will.
    expect(off.removalEnabled).toBe(false);
    expect(off.bindings).toHaveLength(7);
    expect((await stack.scheduledRun()).counts.removals).toBe(0);

    const impact = await impactOf({ kind: 'removal-on' });
    expect(impact.removalEnabled).toBe(true);
    await settings(true);
    const run = await stack.scheduledRun();
    expect(await removedByRun(run.id)).toEqual(impactBindings(impact));
    expect(impact.bindings).toHaveLength(7);
  });

  it('an import that replaces every rule', async () => {
    await twoRules();
    const file = [
      demoRule({
        name: 'Fabrikam on HR',
        groupIds: [FABRIKAM],
        scope: { type: 'keys', keys: ['HR'] },
      }),
    ];
    const impact = await impactOf({ kind: 'import', rules: file, replace: true });
    expect(impact.bindings).toHaveLength(7);
    await stack.admin('importRules', { rules: file, replace: true });
    const run = await stack.scheduledRun();
    expect(await removedByRun(run.id)).toEqual(impactBindings(impact));
  });

  it("organization members: turning off one of two rules that keep an organization removes only the members no other rule's group holds", async () => {
    const org = (name: string, groupIds: string[]) =>
      demoRule({
        name,
        groupIds,
        scope: { type: 'keys', keys: ['ITHELP'] },
        target: 'organization',
        organization: { name: 'Acme Partners' },
      });
    const contoso = await stack.admin('saveRule', { rule: org('Contoso into Acme', [CONTOSO]) });
    await stack.admin('saveRule', { rule: org('Everyone into Acme', [CONTOSO, FABRIKAM]) });
    expect((await stack.scheduledRun()).counts.orgAdds).toBe(3); // Contoso's 2, Bob (Fabrikam)

    // The other rule still holds Contoso's members: nobody goes.
    expect((await impactOf({ kind: 'disable', ruleId: contoso.id })).orgMembers).toEqual([]);

    const both = (await stack.admin('listRules', {})).map((r: any) => r.id);
    const impact = await impactOf({ kind: 'import', rules: [], replace: true });
    expect(impact.organizations).toEqual([
      expect.objectContaining({ organizationName: 'Acme Partners', members: 3 }),
    ]);
    for (const id of both) await stack.admin('deleteRule', { id });
    const run = await stack.scheduledRun();
    expect(run.counts.orgRemovals).toBe(3);
  });

  it("a project admin's own exclusion: the project page names the groups the run then removes there, and only there", async () => {
    const { everywhere } = await twoRules();
    const current = await stack.admin('getSettings', {});
    await stack.admin('saveSettings', { settings: { ...current, allowProjectExclusions: true } });
    const impact = await stack.project(
      'getExclusionImpact',
      { ruleId: everywhere.id },
      PA,
      'ITHELP',
    );
    // IT only still wants Contoso in ITHELP; nothing of other projects is in the answer.
    expect(impact).toEqual({
      removalEnabled: true,
      groups: [{ groupId: FABRIKAM, groupName: 'Fabrikam Customers' }],
    });
    const done = await stack.project('requestExclusion', { ruleId: everywhere.id }, PA, 'ITHELP');
    expect(done.excluded).toBe(true);
    const run = await stack.scheduledRun();
    expect(await removedByRun(run.id)).toEqual(['ITHELP Fabrikam Customers']);
  });
});
