import type { RoleState } from '../../../src/domain/planner';
import { planProject } from '../../../src/domain/planner';
import { ProjectPlanSchema } from '../../../src/domain/schemas';
import {
  applyToActors,
  groupsOf,
  makeEntry,
  makeInput,
  makeProject,
  makeRule,
  ROLE,
  rolesWith,
} from './fixtures';

const project = makeProject();

/** The single plan for the default role. */
function planOne(over: Parameters<typeof makeInput>[0] = {}) {
  const plans = planProject(makeInput(over));
  expect(plans).toHaveLength(1);
  return plans[0];
}

describe('planProject: adds', () => {
  it('adds a wanted group missing from the role, saying which rule wants it', () => {
    const plan = planOne({ rules: [makeRule({ id: 'r1', name: 'Customers' })] });
    expect(plan).toMatchObject({
      projectKey: 'HELP',
      roleId: ROLE.id,
      roleName: ROLE.name,
      skips: [],
      unmanagedGroupIds: [],
    });
    expect(plan.actions).toEqual([
      {
        kind: 'add',
        groupId: 'g-1',
        groupName: 'name of g-1',
        ruleIds: ['r1'],
        reason: "Rule 'Customers' makes this group customers of HELP.",
        say: { code: 'add', values: { rules: ['Customers'], project: 'HELP' } },
      },
    ]);
    expect(() => ProjectPlanSchema.parse(plan)).not.toThrow();
  });

  it('adds nothing when the group is already in the role', () => {
    expect(planOne({ roles: rolesWith(['g-1']) }).actions).toEqual([]);
  });

  it('adds a group wanted by several rules once, naming every rule', () => {
    const plan = planOne({
      rules: [
        makeRule({ id: 'r2', name: 'B', groupIds: ['g-1', 'g-2'] }),
        makeRule({ id: 'r1', name: 'A', groupIds: ['g-1'] }),
      ],
    });
    expect(plan.actions.map((a) => [a.groupId, a.ruleIds])).toEqual([
      ['g-1', ['r1', 'r2']],
      ['g-2', ['r2']],
    ]);
    expect(plan.actions[0].reason).toBe("Rules 'A' and 'B' make this group customers of HELP.");
  });

  it('marks as drift an add of a binding the app had made and someone removed', () => {
    const plan = planOne({ ledger: [makeEntry(project, 'g-1')] });
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ kind: 'add', groupId: 'g-1', drift: true });
    expect(plan.actions[0].reason).toMatch(/someone removed it/);
  });

  it('does not call a pending ledger entry drift: Jira never confirmed that add', () => {
    const plan = planOne({ ledger: [makeEntry(project, 'g-1', { pending: true })] });
    expect(plan.actions[0].drift).toBeUndefined();
  });

  it('does not take ownership of a wanted group someone added by hand: no action, not unmanaged', () => {
    const plan = planOne({ roles: rolesWith(['g-1']) });
    expect(plan.actions).toEqual([]);
    expect(plan.unmanagedGroupIds).toEqual([]);
  });
});

describe('planProject: removals', () => {
  const noRules = { rules: [] };

  it('removes a binding the ledger owns once no enabled rule wants it, saying why', () => {
    const plan = planOne({
      ...noRules,
      roles: rolesWith(['g-1']),
      ledger: [makeEntry(project, 'g-1', { ruleIds: ['gone'] })],
    });
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'remove',
        groupId: 'g-1',
        ruleIds: ['gone'],
        reason: expect.stringContaining('rule gone was deleted'),
      }),
    ]);
  });

  it('never removes a group the ledger does not own, even one a deleted or disabled rule named', () => {
    const plan = planOne({
      rules: [makeRule({ id: 'r1', enabled: false, groupIds: ['g-1', 'g-9'] })],
      roles: rolesWith(['g-1', 'g-9', 'g-2']),
    });
    expect(plan.actions).toEqual([]);
    expect(plan.unmanagedGroupIds).toEqual(['g-1', 'g-2', 'g-9']);
  });

  it('removes when the rule that added it was turned off', () => {
    const plan = planOne({
      rules: [makeRule({ id: 'r1', name: 'Customers', enabled: false })],
      roles: rolesWith(['g-1']),
      ledger: [makeEntry(project, 'g-1')],
    });
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'remove',
        groupId: 'g-1',
        reason: expect.stringContaining("rule 'Customers' is turned off"),
      }),
    ]);
    expect(plan.skips.map((s) => s.code)).toEqual(['rule-disabled']);
  });

  it('removes when the project was excluded from the rule', () => {
    const plan = planOne({
      rules: [makeRule({ id: 'r1', exclude: ['HELP'] })],
      roles: rolesWith(['g-1']),
      ledger: [makeEntry(project, 'g-1')],
    });
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'remove',
        reason: expect.stringContaining('HELP is excluded'),
      }),
    ]);
  });

  it('removes when the rule no longer names the group', () => {
    const plan = planOne({
      rules: [makeRule({ id: 'r1', groupIds: ['g-2'] })],
      roles: rolesWith(['g-1', 'g-2']),
      ledger: [makeEntry(project, 'g-1')],
    });
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'remove',
        groupId: 'g-1',
        reason: expect.stringContaining('no longer names this group'),
      }),
    ]);
  });

  it('keeps an owned binding that another enabled rule still wants', () => {
    const plan = planOne({
      rules: [makeRule({ id: 'r1', enabled: false }), makeRule({ id: 'r2', groupIds: ['g-1'] })],
      roles: rolesWith(['g-1']),
      ledger: [makeEntry(project, 'g-1', { ruleIds: ['r1'] })],
    });
    expect(plan.actions).toEqual([]);
  });

  it('turns removals into removal-disabled skips when removing unwanted groups is off', () => {
    const plan = planOne({
      ...noRules,
      roles: rolesWith(['g-1']),
      ledger: [makeEntry(project, 'g-1')],
      settings: { removeUnwanted: false },
    });
    expect(plan.actions).toEqual([]);
    expect(plan.skips).toEqual([
      {
        code: 'removal-disabled',
        groupId: 'g-1',
        reason: expect.stringMatching(
          /turned off in the settings: remove it by hand, or turn the setting on\.$/,
        ),
        say: {
          code: 'removal-disabled',
          values: { rules: ['r1'], role: 'Service Desk Customers', project: 'HELP' },
          because: [{ code: 'rule-deleted', values: { ruleId: 'r1' } }],
        },
      },
    ]);
  });

  it('lists owned bindings gone from the role and no longer wanted as stale, so the ledger can forget them', () => {
    const plan = planOne({ ...noRules, roles: rolesWith([]), ledger: [makeEntry(project, 'g-1')] });
    expect(plan.actions).toEqual([]);
    expect(plan.staleLedgerGroupIds).toEqual(['g-1']);
  });

  it('plans a role no rule names any more when the ledger holds bindings of it', () => {
    const old = { id: '10003', name: 'Old customers' };
    const roles = new Map<string, RoleState>([
      [ROLE.name, { role: ROLE, actorGroupIds: ['g-1'] }],
      [old.name, { role: old, actorGroupIds: ['g-1'] }],
    ]);
    const plans = planProject(
      makeInput({ roles, ledger: [makeEntry(project, 'g-1', { roleId: old.id })] }),
    );
    expect(plans.map((p) => [p.roleName, p.actions.map((a) => `${a.kind} ${a.groupId}`)])).toEqual([
      ['Old customers', ['remove g-1']],
      [ROLE.name, []],
    ]);
    expect(plans[0].actions[0].reason).toContain(
      "now puts its groups in the role 'Service Desk Customers'",
    );
  });

  it('ignores ledger entries of other projects', () => {
    const plans = planProject(
      makeInput({
        ...noRules,
        roles: rolesWith(['g-1']),
        ledger: [makeEntry(makeProject({ id: '99', key: 'OTHER' }), 'g-1')],
      }),
    );
    expect(plans).toEqual([]);
  });
});

describe('planProject: skips', () => {
  it('plans a team-managed project in its own customer role, like a company-managed one', () => {
    const own = { id: '10204', name: 'Service Desk Customers' };
    const plan = planOne({
      project: makeProject({ style: 'next-gen' }),
      roles: new Map<string, RoleState>([[ROLE.name, { role: own, actorGroupIds: [] }]]),
    });
    expect(plan).toMatchObject({ roleId: '10204', roleName: own.name, skips: [] });
    expect(plan.actions.map((a) => `${a.kind} ${a.groupId}`)).toEqual(['add g-1']);
  });

  it('skips a team-managed project whose customer role Jira does not list, saying what to check', () => {
    const plan = planOne({ project: makeProject({ style: 'next-gen' }), roles: rolesWith(null) });
    expect(plan.roleId).toBeUndefined();
    expect(plan.actions).toEqual([]);
    expect(plan.skips).toEqual([
      {
        code: 'role-not-found',
        ruleId: 'r1',
        reason: expect.stringMatching(
          /^HELP is team-managed, and Jira lists no customer role of its own in it .*Check that HELP is a service project and that the app may administer it/,
        ),
        say: {
          code: 'role-not-found-team',
          values: { project: 'HELP', role: 'Service Desk Customers', rule: 'Rule r1' },
        },
      },
    ]);
  });

  it('skips a project without the role, telling the admin to create it or change the rule', () => {
    const plan = planOne({ roles: rolesWith(null) });
    expect(plan.roleId).toBeUndefined();
    expect(plan.skips).toEqual([
      {
        code: 'role-not-found',
        ruleId: 'r1',
        reason:
          "HELP has no role named 'Service Desk Customers': create it or change the role of rule 'Rule r1'.",
        say: {
          code: 'role-not-found',
          values: { project: 'HELP', role: 'Service Desk Customers', rule: 'Rule r1' },
        },
      },
    ]);
  });

  it('treats a role the caller did not read at all as not found', () => {
    expect(planOne({ roles: new Map() }).skips.map((s) => s.code)).toEqual(['role-not-found']);
  });

  it('adds the existing groups of a rule and skips its deleted one', () => {
    const plan = planOne({
      rules: [makeRule({ id: 'r1', name: 'Customers', groupIds: ['g-1', 'g-gone'] })],
    });
    expect(plan.actions.map((a) => a.groupId)).toEqual(['g-1']);
    expect(plan.skips).toEqual([
      {
        code: 'group-deleted',
        ruleId: 'r1',
        groupId: 'g-gone',
        reason:
          "Group g-gone no longer exists in Jira: if the identity provider renamed it, a new group was created; update rule 'Customers' to use the new group.",
        say: { code: 'group-deleted', values: { groupId: 'g-gone', rule: 'Customers' } },
      },
    ]);
  });

  it('adds a group wanted by one rule even when another rule names a deleted group', () => {
    const plan = planOne({
      rules: [
        makeRule({ id: 'r1', groupIds: ['g-1'] }),
        makeRule({ id: 'r2', groupIds: ['g-gone'] }),
      ],
    });
    expect(plan.actions.map((a) => a.groupId)).toEqual(['g-1']);
    expect(plan.skips.map((s) => [s.code, s.ruleId, s.groupId])).toEqual([
      ['group-deleted', 'r2', 'g-gone'],
    ]);
  });

  it('skips a rule that excludes the project, and adds nothing for it', () => {
    const plan = planOne({ rules: [makeRule({ id: 'r1', exclude: ['HELP'] })] });
    expect(plan.actions).toEqual([]);
    expect(plan.skips).toEqual([
      {
        code: 'project-excluded',
        ruleId: 'r1',
        reason: expect.stringContaining('HELP is excluded'),
        say: { code: 'project-excluded', values: { project: 'HELP', rule: 'Rule r1' } },
      },
    ]);
  });

  it('reports a disabled rule only where it would cover the project', () => {
    const plan = planOne({
      rules: [
        makeRule({ id: 'r1', name: 'Off', enabled: false }),
        makeRule({ id: 'r2', enabled: false, scope: { type: 'keys', keys: ['OTHER'] } }),
        makeRule({ id: 'r3', groupIds: ['g-2'] }),
      ],
    });
    expect(plan.actions.map((a) => a.groupId)).toEqual(['g-2']);
    expect(plan.skips).toEqual([
      {
        code: 'rule-disabled',
        ruleId: 'r1',
        reason:
          "Rule 'Off' covers HELP but is turned off, so it changes nothing here: turn it on to enforce it.",
        say: { code: 'rule-disabled', values: { rule: 'Off', project: 'HELP' } },
      },
    ]);
  });

  it('reports a software project named in a rule as not a service project', () => {
    const plans = planProject(
      makeInput({
        project: makeProject({ key: 'DEV', typeKey: 'software' }),
        rules: [makeRule({ id: 'r1', scope: { type: 'keys', keys: ['DEV'] } })],
      }),
    );
    expect(plans.flatMap((p) => p.actions)).toEqual([]);
    expect(plans.flatMap((p) => p.skips.map((s) => s.code))).toEqual(['not-service-desk']);
  });

  it('returns no plan for a project no rule concerns and the ledger does not mention', () => {
    expect(
      planProject(
        makeInput({ rules: [makeRule({ id: 'r1', scope: { type: 'keys', keys: ['OTHER'] } })] }),
      ),
    ).toEqual([]);
  });
});

describe('planProject: several roles', () => {
  it('returns one plan per role the covering rules name, matching role names case-insensitively', () => {
    const agents = { id: '10004', name: 'Agents' };
    const roles = new Map<string, RoleState>([
      [ROLE.name, { role: ROLE, actorGroupIds: [] }],
      ['Agents', { role: agents, actorGroupIds: ['g-3'] }],
    ]);
    const rules = [
      makeRule({ id: 'r1', groupIds: ['g-1'] }),
      makeRule({ id: 'r2', groupIds: ['g-2'], roleName: 'service desk customers' }),
      makeRule({ id: 'r3', groupIds: ['g-3'], roleName: 'Agents' }),
    ];
    const plans = planProject(makeInput({ rules, roles }));
    expect(plans.map((p) => [p.roleId, p.roleName, p.actions.map((a) => a.groupId)])).toEqual([
      ['10004', 'Agents', []],
      ['10002', ROLE.name, ['g-1', 'g-2']],
    ]);
  });
});

describe('planProject: unmanaged groups and determinism', () => {
  it('lists groups in the role that are neither wanted nor owned, sorted and once each', () => {
    const plan = planOne({
      roles: rolesWith(['z', 'g-1', 'a', 'z', 'g-2']),
      ledger: [makeEntry(project, 'g-2')],
      settings: { removeUnwanted: false },
    });
    expect(plan.unmanagedGroupIds).toEqual(['a', 'z']);
  });

  it('sorts actions by kind then group, and skips by code, rule and group', () => {
    const plan = planOne({
      rules: [
        makeRule({ id: 'r2', groupIds: ['g-3', 'x-gone', 'g-1'] }),
        makeRule({ id: 'r1', groupIds: ['b-gone', 'a-gone'] }),
        makeRule({ id: 'r0', enabled: false }),
      ],
      roles: rolesWith(['g-2', 'g-9']),
      ledger: [makeEntry(project, 'g-9'), makeEntry(project, 'g-2')],
    });
    expect(plan.actions.map((a) => `${a.kind} ${a.groupId}`)).toEqual([
      'add g-1',
      'add g-3',
      'remove g-2',
      'remove g-9',
    ]);
    expect(plan.skips.map((s) => `${s.code} ${s.ruleId} ${s.groupId}`)).toEqual([
      'group-deleted r1 a-gone',
      'group-deleted r1 b-gone',
      'group-deleted r2 x-gone',
      'rule-disabled r0 undefined',
    ]);
  });
});

describe('planProject: idempotent', () => {
  it('plans nothing more after its own adds and removals were applied', () => {
    const input = makeInput({
      rules: [makeRule({ id: 'r1', groupIds: ['g-1', 'g-2'] })],
      roles: rolesWith(['g-3', 'hand']),
      ledger: [makeEntry(project, 'g-3'), makeEntry(project, 'g-1')],
      groups: groupsOf('g-1', 'g-2', 'g-3'),
    });
    const [plan] = planProject(input);
    expect(plan.actions.map((a) => `${a.kind} ${a.groupId}`)).toEqual([
      'add g-1',
      'add g-2',
      'remove g-3',
    ]);
    const [again] = planProject({
      ...input,
      roles: rolesWith(applyToActors(['g-3', 'hand'], plan)),
    });
    expect(again.actions).toEqual([]);
    expect(again.unmanagedGroupIds).toEqual(['hand']);
  });
});
