// What the next run removes once a change is made: app-made role bindings and organization
// members, planned as a run plans them (the planner and the organization planner, with every
// rule as the change leaves it), so a confirmation says exactly what the run will do. Pure: the
// caller reads the ledgers, the projects and the groups.
//
// The app's ledgers stand for what Jira holds: a binding the ledger says the app made is taken to
// be in its role still, a member the app added to be in the organization still. A run reads
// Jira first and forgets what someone removed meanwhile, so it may remove fewer, never more.
import { z } from 'zod';

import { type OrgLedgerEntry, planOrganization } from './org-plan';
import { planProject, type RoleState } from './planner';
import type { Group, LedgerEntry, Project, Rule } from './schemas';
import { ProjectKeySchema, RuleInputSchema } from './schemas';

const ruleId = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, 'not a rule id; open the rule from the list of rules');

/** A change whose removals a confirmation shows before it is made. */
export const ImpactChangeSchema = z.discriminatedUnion('kind', [
  /** Nothing changes: what the next run removes as things are (Run now). */
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('delete'), ruleId }).strict(),
  z.object({ kind: z.literal('disable'), ruleId }).strict(),
  /** The editor saves this rule (its scope narrowed, a group taken out, a project excluded). */
  z.object({ kind: z.literal('save'), rule: RuleInputSchema }).strict(),
  /** A project leaves a rule: a project admin's exclusion, or a request approved. */
  z.object({ kind: z.literal('exclude'), ruleId, projectKey: ProjectKeySchema }).strict(),
  z.object({ kind: z.literal('removal-on') }).strict(),
  /** Preparing to uninstall: no rule wants anything, and removal is on. */
  z.object({ kind: z.literal('uninstall') }).strict(),
  /** An import: the file's rules, and the others unless it replaces them. */
  z
    .object({
      kind: z.literal('import'),
      rules: z.array(RuleInputSchema).max(500, 'Import at most 500 rules at once'),
      replace: z.boolean(),
    })
    .strict(),
]);
export type ImpactChange = z.input<typeof ImpactChangeSchema>;

/** One role binding the next run removes. */
export interface BindingRemoval {
  projectKey: string;
  projectName: string;
  groupId: string;
  groupName?: string;
  roleName: string;
  /** The rules the app added it for, as its ledger says. */
  ruleIds: string[];
}

/** One organization member the next run removes. */
export interface OrgMemberRemoval {
  organizationId: string;
  organizationName: string;
  accountId: string;
  /** The rules the app added the member for, as its ledger says. */
  ruleIds: string[];
}

/** An organization the app keeps members in, as the change leaves it. */
export interface OrgImpactInput {
  organizationId: string;
  organizationName: string;
  ledger: readonly OrgLedgerEntry[];
  /** Active members of the groups of the rules that keep it after the change (empty: none do). */
  wanted: ReadonlySet<string>;
  /** False when one of those groups could not be read: a run then removes nobody from it. */
  complete: boolean;
}

export interface RemovalPlanInput {
  /** Every rule as the change leaves it, project admins' exclusions folded into `exclude`. */
  rules: readonly Rule[];
  /** The projects of the ledger, by id, as Jira answers them (absent: gone, never visited). */
  projects: ReadonlyMap<string, Project>;
  ledger: readonly LedgerEntry[];
  /** Jira's global roles by id (company-managed projects); any other role id is a team-managed customer role. */
  roleNames: ReadonlyMap<string, string>;
  /** The customer role's name, which every rule targets. */
  customerRoleName: string;
  groups: ReadonlyMap<string, Group>;
  productAccess?: ReadonlyMap<string, readonly string[]>;
  organizations: readonly OrgImpactInput[];
}

export interface PlannedRemovals {
  bindings: BindingRemoval[];
  orgMembers: OrgMemberRemoval[];
}

/** What a run with removal on removes, given the rules as a change leaves them. */
export function plannedRemovals(input: RemovalPlanInput): PlannedRemovals {
  const byProject = new Map<string, LedgerEntry[]>();
  for (const e of input.ledger)
    byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e]);
  const bindings: BindingRemoval[] = [];
  for (const [projectId, ledger] of byProject) {
    const project = input.projects.get(projectId);
    if (!project) continue;
    const plans = planProject({
      project,
      rules: input.rules,
      roles: rolesFromLedger(ledger, input),
      ledger,
      groups: input.groups,
      settings: { removeUnwanted: true },
      ...(input.productAccess ? { productAccess: input.productAccess } : {}),
    });
    for (const plan of plans)
      for (const a of plan.actions)
        if (a.kind === 'remove')
          bindings.push({
            projectKey: project.key,
            projectName: project.name,
            groupId: a.groupId,
            ...(a.groupName ? { groupName: a.groupName } : {}),
            roleName: plan.roleName,
            ruleIds: a.ruleIds,
          });
  }
  const orgMembers = input.organizations.flatMap((o) =>
    planOrganization({
      organizationId: o.organizationId,
      organizationName: o.organizationName,
      wanted: new Map([...o.wanted].map((id) => [id, []])),
      members: new Set(o.ledger.map((e) => e.accountId)),
      ledger: o.ledger,
      removeUnwanted: o.complete,
    })
      .actions.filter((a) => a.kind === 'remove')
      .map((a) => ({
        organizationId: o.organizationId,
        organizationName: o.organizationName,
        accountId: a.accountId,
        ruleIds: a.ruleIds,
      })),
  );
  const order = (a: BindingRemoval, b: BindingRemoval) =>
    cmp(a.projectKey, b.projectKey) || cmp(a.groupName ?? a.groupId, b.groupName ?? b.groupId);
  return { bindings: bindings.sort(order), orgMembers };
}

/**
 * The roles of one project as the ledger pictures them: each role the app added to holds the
 * groups the ledger names there. The customer role is found under its name, as rules name it.
 */
function rolesFromLedger(
  ledger: readonly LedgerEntry[],
  input: Pick<RemovalPlanInput, 'roleNames' | 'customerRoleName'>,
): Map<string, RoleState> {
  const roles = new Map<string, RoleState>();
  for (const e of ledger) {
    const name = input.roleNames.get(e.roleId) ?? input.customerRoleName;
    const state = roles.get(name);
    if (state?.role) {
      if (!state.actorGroupIds.includes(e.groupId)) state.actorGroupIds.push(e.groupId);
    } else roles.set(name, { role: { id: e.roleId, name }, actorGroupIds: [e.groupId] });
  }
  return roles;
}

/** A group and the projects the next run removes it from, for the sentence a dialog says. */
export interface GroupRemoval {
  groupId: string;
  groupName?: string;
  projects: { key: string; name: string }[];
}

/** An organization and how many members the next run removes from it. */
export interface OrgRemoval {
  organizationId: string;
  organizationName: string;
  members: number;
}

/** The answer every confirmation of a removal shows. */
export interface RemovalImpact {
  /** Whether runs remove anything (the setting, or the change turning it on). */
  removalEnabled: boolean;
  /** With removal on, the next run removes these; with it off, these stay. */
  bindings: BindingRemoval[];
  orgMembers: OrgMemberRemoval[];
  /** The same, by group (name order) and by organization. */
  groups: GroupRemoval[];
  organizations: OrgRemoval[];
  /** Distinct projects that lose a binding, by key. */
  projects: string[];
  /** Every binding the ledger holds (what the app added anywhere). */
  ledgerBindings: number;
  /** What reading Jira for this answer cost. */
  cost: { calls: number; points: number };
  /** Organizations whose groups were too large to read for a dialog: their removals are not counted. */
  orgsNotCounted: string[];
}

export function summariseRemovals(
  planned: PlannedRemovals,
  extra: Pick<RemovalImpact, 'removalEnabled' | 'ledgerBindings' | 'cost' | 'orgsNotCounted'>,
): RemovalImpact {
  const groups = new Map<string, GroupRemoval>();
  for (const b of planned.bindings) {
    const g = groups.get(b.groupId) ?? {
      groupId: b.groupId,
      ...(b.groupName ? { groupName: b.groupName } : {}),
      projects: [],
    };
    if (!g.projects.some((p) => p.key === b.projectKey))
      g.projects.push({ key: b.projectKey, name: b.projectName });
    groups.set(b.groupId, g);
  }
  const orgs = new Map<string, OrgRemoval>();
  for (const m of planned.orgMembers) {
    const o = orgs.get(m.organizationId) ?? {
      organizationId: m.organizationId,
      organizationName: m.organizationName,
      members: 0,
    };
    o.members++;
    orgs.set(m.organizationId, o);
  }
  return {
    ...extra,
    ...planned,
    groups: [...groups.values()].sort((a, b) =>
      cmp(a.groupName ?? a.groupId, b.groupName ?? b.groupId),
    ),
    organizations: [...orgs.values()].sort((a, b) => cmp(a.organizationName, b.organizationName)),
    projects: [...new Set(planned.bindings.map((b) => b.projectKey))].sort(),
  };
}

/** Code-unit order: the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
