// Properties of the planner over random sites: projects of both styles and types, groups that exist or not, rules
// with every scope type, ledgers and role actors. Each property states one rule of the planner independently of
// its code, so it fails when that rule is broken.
import fc from 'fast-check';

import { isCustomerRole } from '../../../src/domain/guard-rails';
import { applyResults } from '../../../src/domain/ledger';
import type { PlanInput, RoleState } from '../../../src/domain/planner';
import { planProject } from '../../../src/domain/planner';
import type {
  ActionResult,
  LedgerEntry,
  Project,
  ProjectPlan,
  Rule,
} from '../../../src/domain/schemas';
import { ProjectPlanSchema } from '../../../src/domain/schemas';
import { ruleCoversProject } from '../../../src/domain/scope';
import { groupsOf, makeRule } from './fixtures';

const GROUPS = ['g0', 'g1', 'g2', 'g3', 'g4'];
/** Groups only a person ever puts in a role. */
const HAND = ['h0', 'h1'];
const ROLES = [
  { id: '1', name: 'Service Desk Customers' },
  { id: '2', name: 'Agents' },
];
const KEYS = ['HELP', 'HR', 'HRIT', 'OPS', 'DEV'];
const RULE_IDS = ['r0', 'r1', 'r2', 'r3'];

const scopeArb = fc.oneof(
  fc.constant({ type: 'all' as const }),
  fc.record({
    type: fc.constant('keys' as const),
    keys: fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1 }),
  }),
  fc.record({
    type: fc.constant('categories' as const),
    categoryIds: fc.uniqueArray(fc.constantFrom('1', '2', '3'), { minLength: 1 }),
  }),
  fc.record({
    type: fc.constant('pattern' as const),
    pattern: fc.constantFrom('H*', 'HR?', '*P*', 'OPS', '?E*', '*'),
  }),
);

const rulesArb: fc.Arbitrary<Rule[]> = fc
  .uniqueArray(
    fc.record({
      id: fc.constantFrom(...RULE_IDS),
      enabled: fc.boolean(),
      groupIds: fc.uniqueArray(fc.constantFrom(...GROUPS), { minLength: 1, maxLength: 3 }),
      scope: scopeArb,
      exclude: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 2 }),
      // Rules may spell a role name in another case: Jira role names are case-insensitive.
      roleName: fc.constantFrom('Service Desk Customers', 'service desk customers', 'Agents'),
    }),
    { selector: (r) => r.id, maxLength: 4 },
  )
  .map((rs) => rs.map((r) => makeRule(r)));

const projectArb = (key: string, id: string): fc.Arbitrary<Project> =>
  fc.record(
    {
      id: fc.constant(id),
      key: fc.constant(key),
      name: fc.constant(`Project ${key}`),
      typeKey: fc.constantFrom('service_desk', 'service_desk', 'software'),
      style: fc.constantFrom('classic' as const, 'classic' as const, 'next-gen' as const),
      categoryId: fc.constantFrom('1', '2', '3'),
    },
    { requiredKeys: ['id', 'key', 'name', 'typeKey', 'style'] },
  );

const rolesArb: fc.Arbitrary<Map<string, RoleState>> = fc
  .tuple(
    ...ROLES.map((role) =>
      fc
        .option(fc.uniqueArray(fc.constantFrom(...GROUPS, ...HAND)), { freq: 5 })
        .map((actors): [string, RoleState] => [
          role.name,
          actors ? { role, actorGroupIds: actors } : { role: null, actorGroupIds: null },
        ]),
    ),
  )
  .map((entries) => new Map(entries));

const ledgerArb = (project: Project): fc.Arbitrary<LedgerEntry[]> =>
  fc.array(
    fc.record(
      {
        projectId: fc.constant(project.id),
        projectKey: fc.constant(project.key),
        // '9' is a role that no longer exists.
        roleId: fc.constantFrom('1', '2', '9'),
        groupId: fc.constantFrom(...GROUPS),
        ruleIds: fc.uniqueArray(fc.constantFrom(...RULE_IDS, 'deleted-rule'), { maxLength: 2 }),
        addedAt: fc.constant('2026-01-01T00:00:00.000Z'),
        runId: fc.constant('run-0'),
        pending: fc.boolean(),
      },
      {
        requiredKeys: [
          'projectId',
          'projectKey',
          'roleId',
          'groupId',
          'ruleIds',
          'addedAt',
          'runId',
        ],
      },
    ),
    { maxLength: 6 },
  );

/** One project's planner input. Rules, groups and settings are drawn once per site by `siteArb`. */
const projectInputArb = (key: string, id: string) =>
  projectArb(key, id).chain((project) =>
    fc.record({ project: fc.constant(project), roles: rolesArb, ledger: ledgerArb(project) }),
  );

const siteArb = fc
  .record({
    rules: rulesArb,
    existing: fc.subarray(GROUPS),
    removeUnwanted: fc.boolean(),
    projectKeys: fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }),
  })
  .chain(({ rules, existing, removeUnwanted, projectKeys }) =>
    fc
      .tuple(...projectKeys.map((key, i) => projectInputArb(key, String(100 + i))))
      .map((projects) =>
        projects.map((p): PlanInput => ({
          ...p,
          rules,
          groups: groupsOf(...existing),
          settings: { removeUnwanted },
        })),
      ),
  );

const oneProjectArb = siteArb.map((inputs) => inputs[0]);

// ---- independent oracles -----------------------------------------------------------------------------------------

/** Groups an enabled rule covering the project wants in the role named `roleName`, with the rules that want each. */
function wantedIn(input: PlanInput, roleName: string): Map<string, string[]> {
  const wanted = new Map<string, string[]>();
  for (const rule of input.rules) {
    if (
      !rule.enabled ||
      !isCustomerRole(rule.roleName) ||
      rule.roleName.toLowerCase() !== roleName.toLowerCase() ||
      !ruleCoversProject(rule, input.project).covered
    )
      continue;
    for (const g of rule.groupIds)
      if (input.groups.has(g)) wanted.set(g, [...(wanted.get(g) ?? []), rule.id].sort());
  }
  return wanted;
}

function actorsOf(input: PlanInput, roleId: string | undefined): string[] {
  const state = [...input.roles.values()].find((s) => s.role?.id === roleId);
  return state?.actorGroupIds ?? [];
}

/** The bindings the ledger proves the app's: a pending entry proves nothing. */
function ownedIn(input: PlanInput, roleId: string | undefined): LedgerEntry[] {
  return input.ledger.filter(
    (e) => e.projectId === input.project.id && e.roleId === roleId && !e.pending,
  );
}

/** The roles after every action of the plans succeeded. */
function applyToRoles(
  roles: ReadonlyMap<string, RoleState>,
  plans: ProjectPlan[],
): Map<string, RoleState> {
  const next = new Map<string, RoleState>();
  for (const [name, state] of roles) {
    if (!state.role) {
      next.set(name, state);
      continue;
    }
    const actors = new Set(state.actorGroupIds);
    for (const plan of plans.filter((p) => p.roleId === state.role.id)) {
      for (const a of plan.actions) {
        if (a.kind === 'add') actors.add(a.groupId);
        else actors.delete(a.groupId);
      }
    }
    next.set(name, { role: state.role, actorGroupIds: [...actors] });
  }
  return next;
}

function succeeded(plan: ProjectPlan): ActionResult[] {
  return plan.actions.map((a) => ({
    projectKey: plan.projectKey,
    kind: a.kind,
    groupId: a.groupId,
    ok: true,
    at: '2026-02-01T00:00:00.000Z',
  }));
}

const permutation = <T>(items: readonly T[]) =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

const RUNS = { numRuns: 500 };

describe('planner properties', () => {
  it('every plan is a valid ProjectPlan', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        for (const plan of planProject(input))
          expect(() => ProjectPlanSchema.parse(plan)).not.toThrow();
      }),
      RUNS,
    );
  });

  it('applying a plan, then planning again, gives no actions (with the old ledger or the updated one)', () => {
    fc.assert(
      fc.property(siteArb, (inputs) => {
        for (const input of inputs) {
          const plans = planProject(input);
          const roles = applyToRoles(input.roles, plans);
          const ledger = plans.reduce<LedgerEntry[]>(
            (l, plan) => applyResults(l, plan, succeeded(plan), 'run-1'),
            [...input.ledger],
          );
          expect(planProject({ ...input, roles }).flatMap((p) => p.actions)).toEqual([]);
          expect(planProject({ ...input, roles, ledger }).flatMap((p) => p.actions)).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('every removal is of a group in the role, owned by the ledger and wanted by no enabled rule, and only when removal is on', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        for (const plan of planProject(input)) {
          const wanted = wantedIn(input, plan.roleName);
          const owned = new Set(ownedIn(input, plan.roleId).map((e) => e.groupId));
          for (const a of plan.actions.filter((x) => x.kind === 'remove')) {
            expect(input.settings.removeUnwanted).toBe(true);
            expect(owned.has(a.groupId)).toBe(true);
            expect(wanted.has(a.groupId)).toBe(false);
            expect(actorsOf(input, plan.roleId)).toContain(a.groupId);
          }
        }
      }),
      RUNS,
    );
  });

  it('never touches a group the ledger does not own: no action names an unowned actor', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        for (const plan of planProject(input)) {
          const owned = new Set(ownedIn(input, plan.roleId).map((e) => e.groupId));
          const unowned = actorsOf(input, plan.roleId).filter((g) => !owned.has(g));
          for (const a of plan.actions) expect(unowned).not.toContain(a.groupId);
        }
      }),
      RUNS,
    );
  });

  it('removes every owned, unwanted group still in a role of a company-managed project when removal is on, and skips it when off', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        const plans = planProject(input);
        // Walk the roles read, not the plans: a role no rule names any more must still get its removals.
        for (const state of input.roles.values()) {
          if (!state.role || input.project.style !== 'classic') continue;
          const roleId = state.role.id;
          const plan = plans.find((p) => p.roleId === roleId);
          const wanted = wantedIn(input, state.role.name);
          const actors = new Set(state.actorGroupIds);
          const due = [...new Set(ownedIn(input, roleId).map((e) => e.groupId))]
            .filter((g) => actors.has(g) && !wanted.has(g))
            .sort();
          const removed =
            plan?.actions.filter((a) => a.kind === 'remove').map((a) => a.groupId) ?? [];
          const skipped =
            plan?.skips.filter((s) => s.code === 'removal-disabled').map((s) => s.groupId) ?? [];
          expect(input.settings.removeUnwanted ? removed : skipped).toEqual(due);
          expect(input.settings.removeUnwanted ? skipped : removed).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('adds exactly the wanted groups missing from a found role of any project, with the rules that want them', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        const plans = planProject(input);
        for (const plan of plans) {
          const adds = plan.actions.filter((a) => a.kind === 'add');
          if (!plan.roleId) {
            expect(adds).toEqual([]);
            continue;
          }
          const actors = new Set(actorsOf(input, plan.roleId));
          const expected = [...wantedIn(input, plan.roleName)]
            .filter(([g]) => !actors.has(g))
            .sort(([a], [b]) => (a < b ? -1 : 1));
          expect(adds.map((a) => [a.groupId, a.ruleIds])).toEqual(expected);
        }
        // Every role an enabled covering rule names has a plan, so no wanted group goes unreported.
        for (const rule of input.rules.filter(
          (r) => r.enabled && ruleCoversProject(r, input.project).covered,
        )) {
          expect(plans.some((p) => p.roleName.toLowerCase() === rule.roleName.toLowerCase())).toBe(
            true,
          );
        }
      }),
      RUNS,
    );
  });

  it('marks an add as drift exactly when the ledger holds a confirmed entry for it', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        for (const plan of planProject(input)) {
          const confirmed = new Set(ownedIn(input, plan.roleId).map((e) => e.groupId));
          for (const a of plan.actions)
            expect(a.drift === true).toBe(a.kind === 'add' && confirmed.has(a.groupId));
        }
      }),
      RUNS,
    );
  });

  it('splits the role into wanted, owned and unmanaged groups: unmanaged are exactly the rest', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        for (const plan of planProject(input)) {
          if (!plan.roleId || input.project.style !== 'classic') continue;
          const wanted = wantedIn(input, plan.roleName);
          const owned = new Set(ownedIn(input, plan.roleId).map((e) => e.groupId));
          const rest = [...new Set(actorsOf(input, plan.roleId))]
            .filter((g) => !wanted.has(g) && !owned.has(g))
            .sort();
          expect(plan.unmanagedGroupIds).toEqual(rest);
        }
      }),
      RUNS,
    );
  });

  it('does not depend on the order of rules, ledger entries, actors or roles', () => {
    const arb = oneProjectArb.chain((input) =>
      fc.record({
        input: fc.constant(input),
        rules: permutation(input.rules),
        ledger: permutation(input.ledger),
        roles: permutation([...input.roles]).chain((entries) =>
          fc.tuple(
            ...entries.map(([name, s]) =>
              s.role
                ? permutation(s.actorGroupIds).map((a): [string, RoleState] => [
                    name,
                    { role: s.role, actorGroupIds: a },
                  ])
                : fc.constant<[string, RoleState]>([name, s]),
            ),
          ),
        ),
      }),
    );
    fc.assert(
      fc.property(arb, ({ input, rules, ledger, roles }) => {
        expect(planProject({ ...input, rules, ledger, roles: new Map(roles) })).toEqual(
          planProject(input),
        );
      }),
      RUNS,
    );
  });

  it('does not depend on the order of duplicated ledger entries for one binding', () => {
    const arb = oneProjectArb.chain((input) =>
      fc
        .array(
          fc.record({
            pending: fc.boolean(),
            ruleIds: fc.uniqueArray(fc.constantFrom(...RULE_IDS), { maxLength: 2 }),
            groupName: fc.constantFrom('A', 'B'),
          }),
          { minLength: 2, maxLength: 3 },
        )
        .chain((dups) => {
          const ledger = dups.map((d): LedgerEntry => ({
            projectId: input.project.id,
            projectKey: input.project.key,
            roleId: '1',
            groupId: 'g0',
            addedAt: 'x',
            runId: 'run-0',
            ...d,
          }));
          return fc.record({
            input: fc.constant({ ...input, ledger }),
            shuffled: permutation(ledger),
          });
        }),
    );
    fc.assert(
      fc.property(arb, ({ input, shuffled }) => {
        expect(planProject({ ...input, ledger: shuffled })).toEqual(planProject(input));
      }),
      RUNS,
    );
  });

  it('planning a site gives the same plans in whatever order its projects come', () => {
    const arb = siteArb.chain((inputs) =>
      fc.record({ inputs: fc.constant(inputs), shuffled: permutation(inputs) }),
    );
    const planSite = (inputs: PlanInput[]) =>
      inputs
        .flatMap(planProject)
        .sort((a, b) => (a.projectId + a.roleName < b.projectId + b.roleName ? -1 : 1));
    fc.assert(
      fc.property(arb, ({ inputs, shuffled }) => {
        expect(planSite(shuffled)).toEqual(planSite(inputs));
      }),
      { numRuns: 200 },
    );
  });

  it('sorts actions by kind then group, and skips by code, rule and group', () => {
    const key = (...parts: (string | undefined)[]) => parts.map((p) => p ?? '').join('\u0000');
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        for (const plan of planProject(input)) {
          const actions = plan.actions.map((a) => key(a.kind, a.groupId));
          const skips = plan.skips.map((s) => key(s.code, s.ruleId, s.groupId));
          expect(actions).toEqual([...actions].sort());
          expect(skips).toEqual([...skips].sort());
        }
      }),
      RUNS,
    );
  });

  it('never adds a group to a role other than the customer role; says why per rule', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        const plans = planProject(input);
        for (const plan of plans.filter((p) => !isCustomerRole(p.roleName)))
          expect(plan.actions.filter((a) => a.kind === 'add')).toEqual([]);
        for (const rule of input.rules.filter(
          (r) =>
            r.enabled && !isCustomerRole(r.roleName) && ruleCoversProject(r, input.project).covered,
        ))
          expect(
            plans.flatMap((p) => p.skips).some((s) => s.code === 'refused' && s.ruleId === rule.id),
          ).toBe(true);
      }),
      RUNS,
    );
  });

  it('reports every deleted group an enabled covering rule names, and adds nothing for it', () => {
    fc.assert(
      fc.property(oneProjectArb, (input) => {
        const plans = planProject(input);
        // A rule refused for its role is reported once, as refused, not group by group.
        for (const rule of input.rules.filter(
          (r) =>
            r.enabled && isCustomerRole(r.roleName) && ruleCoversProject(r, input.project).covered,
        )) {
          for (const g of rule.groupIds.filter((id) => !input.groups.has(id))) {
            expect(
              plans
                .flatMap((p) => p.skips)
                .some((s) => s.code === 'group-deleted' && s.ruleId === rule.id && s.groupId === g),
            ).toBe(true);
            expect(
              plans.flatMap((p) => p.actions).some((a) => a.kind === 'add' && a.groupId === g),
            ).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('the site generator', () => {
  it('reaches every kind of action and skip, so the properties above are not vacuous', () => {
    const seen = new Set<string>();
    for (const inputs of fc.sample(siteArb, { numRuns: 500, seed: 42 })) {
      for (const plan of inputs.flatMap(planProject)) {
        for (const a of plan.actions) seen.add(a.drift ? 'drift' : a.kind);
        for (const s of plan.skips) seen.add(s.code);
        if (plan.unmanagedGroupIds.length > 0) seen.add('unmanaged');
        if ((plan.staleLedgerGroupIds ?? []).length > 0) seen.add('stale');
      }
    }
    expect([...seen].sort()).toEqual(
      [
        'add',
        'drift',
        'group-deleted',
        'not-service-desk',
        'project-excluded',
        'refused',
        'remove',
        'removal-disabled',
        'role-not-found',
        'rule-disabled',
        'stale',
        'unmanaged',
      ].sort(),
    );
  });
});
