// Small builders for domain tests: a site with one service project, one customer role and a few synced groups.
import type { PlanInput, RoleState } from '../../../src/domain/planner';
import type { Group, LedgerEntry, Project, ProjectPlan, Rule } from '../../../src/domain/schemas';
import { DEFAULT_ROLE_NAME, RuleSchema } from '../../../src/domain/schemas';

export const ROLE = { id: '10002', name: DEFAULT_ROLE_NAME };

export function makeRule(over: Partial<Rule> & { id: string }): Rule {
  return RuleSchema.parse({
    name: `Rule ${over.id}`,
    groupIds: ['g-1'],
    scope: { type: 'all' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });
}

export function makeProject(over: Partial<Project> = {}): Project {
  return {
    id: '10000',
    key: 'HELP',
    name: 'Help desk',
    typeKey: 'service_desk',
    style: 'classic',
    ...over,
  };
}

export function groupsOf(...ids: string[]): Map<string, Group> {
  return new Map(
    ids.map((groupId) => [groupId, { groupId, name: `name of ${groupId}`, managedBy: 'EXTERNAL' }]),
  );
}

export function makeEntry(
  project: Project,
  groupId: string,
  over: Partial<LedgerEntry> = {},
): LedgerEntry {
  return {
    projectId: project.id,
    projectKey: project.key,
    roleId: ROLE.id,
    groupId,
    ruleIds: ['r1'],
    addedAt: '2026-01-02T00:00:00.000Z',
    runId: 'run-1',
    ...over,
  };
}

export function rolesWith(actors: string[] | null, role = ROLE): Map<string, RoleState> {
  return new Map<string, RoleState>([
    [role.name, actors ? { role, actorGroupIds: actors } : { role: null, actorGroupIds: null }],
  ]);
}

export function makeInput(over: Partial<PlanInput> = {}): PlanInput {
  return {
    project: makeProject(),
    rules: [makeRule({ id: 'r1' })],
    roles: rolesWith([]),
    ledger: [],
    groups: groupsOf('g-1', 'g-2', 'g-3'),
    settings: { removeUnwanted: true },
    ...over,
  };
}

/** The role's actors after a plan's adds and removals all succeeded. */
export function applyToActors(actors: readonly string[], plan: ProjectPlan): string[] {
  const next = new Set(actors);
  for (const a of plan.actions) {
    if (a.kind === 'add') next.add(a.groupId);
    else next.delete(a.groupId);
  }
  return [...next];
}
