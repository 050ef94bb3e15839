// Plans what should change in one project's roles, as pure data (no I/O).
//
// One call plans one project, so the engine can stream the site page by page. A project can
// hold bindings in more than one role (rules may name different roles; the ledger may hold a
// role no rule names any more), so the caller hands in every role it read, keyed by role name,
// and `planProject` returns one ProjectPlan per role. A plan exists for a role when a rule
// relevant to the project names it, or when the ledger holds bindings of it. Role names match
// case-insensitively, as in Jira; a team-managed project's hidden customer role is resolved by
// the caller under the rule's role name, so the same ledger and removal policy apply.
//
// The safety rule: the app removes only what its ledger proves it added and no enabled rule
// wants; anything else in a role (a group a person added, even one a rule names) is never
// touched.
import { refusedGroupReason, roleRefusal, type RunRefusal, runRefusal } from './guard-rails';
import { type PlanReason, uniqueBecause, type Unwanted } from './reasons';
import type {
  Group,
  LedgerEntry,
  PlanAction,
  PlanSkip,
  Project,
  ProjectPlan,
  Rule,
  Settings,
} from './schemas';
import { ruleCoversProject } from './scope';

/** A role as read for one project: found with its group actors, or not found (both null). */
export type RoleState =
  | { role: { id: string; name: string }; actorGroupIds: string[] }
  | { role: null; actorGroupIds: null };

export interface PlanInput {
  project: Project;
  /** All rules, enabled or not, in any order. */
  rules: readonly Rule[];
  /** The roles read for this project by role name; a name a rule uses but absent here counts as not found. */
  roles: ReadonlyMap<string, RoleState>;
  /** The app's ledger entries for this project (entries of other projects are ignored). */
  ledger: readonly LedgerEntry[];
  /** Groups that exist, by groupId: a rule's group absent here has been deleted. */
  groups: ReadonlyMap<string, Group>;
  settings: Pick<Settings, 'removeUnwanted'>;
  /** groupId -> names of the products it grants access to; such groups are never added. */
  productAccess?: ReadonlyMap<string, readonly string[]>;
}

/** Everything the planner gathers for one role of the project before deciding. */
interface RoleSlot {
  roleName: string;
  state: RoleState | undefined;
  /** Enabled rules that cover the project and target this role. */
  covering: Rule[];
  skips: PlanSkip[];
}

export function planProject(input: PlanInput): ProjectPlan[] {
  const { project } = input;
  const rules = [...input.rules].sort((a, b) => cmp(a.id, b.id));
  const ledger = input.ledger.filter((e) => e.projectId === project.id);
  const slots = new Map<string, RoleSlot>();

  const slotFor = (roleName: string): RoleSlot => {
    const state = lookupRole(input.roles, roleName);
    const key = state?.role ? `id:${state.role.id}` : `name:${roleName.toLowerCase()}`;
    let slot = slots.get(key);
    if (!slot) {
      slot = { roleName: state?.role?.name ?? roleName, state, covering: [], skips: [] };
      slots.set(key, slot);
    }
    return slot;
  };

  for (const rule of rules) {
    const coverage = ruleCoversProject(rule, project);
    if (coverage.covered && !rule.enabled) {
      slotFor(rule.roleName).skips.push({
        code: 'rule-disabled',
        ruleId: rule.id,
        reason: `Rule '${rule.name}' covers ${project.key} but is turned off, so it changes nothing here: turn it on to enforce it.`,
        say: { code: 'rule-disabled', values: { rule: rule.name, project: project.key } },
      });
    } else if (!coverage.covered && rule.enabled && coverage.code !== 'not-in-scope') {
      slotFor(rule.roleName).skips.push({
        code: coverage.code,
        ruleId: rule.id,
        reason: coverage.reason,
        say: { code: coverage.code, values: coverage.values },
      });
    } else if (coverage.covered) {
      const slot = slotFor(rule.roleName);
      // Defence in depth: saving refuses these too, but a stored rule may predate the checks.
      const role = roleRefusal(rule.roleName);
      if (role) {
        slot.skips.push({
          code: 'refused',
          ruleId: rule.id,
          reason: role.message,
          say: { code: 'role-not-customer', values: { role: rule.roleName } },
        });
        continue;
      }
      slot.covering.push(rule);
      for (const groupId of [...rule.groupIds].sort(cmp)) {
        if (!input.groups.has(groupId)) slot.skips.push(groupDeletedSkip(rule, groupId));
        // Refused at run time group by group: the rule goes on with its other groups.
        const refused = refusedGroup(input, groupId);
        if (refused)
          slot.skips.push({
            code: 'refused',
            ruleId: rule.id,
            groupId,
            reason: refusedGroupReason(refused, rule.name, input.settings.removeUnwanted),
            say: {
              code: input.settings.removeUnwanted ? 'group-refused-removes' : 'group-refused',
              values: { rule: rule.name, ...refusalValues(refused) },
            },
          });
      }
    }
  }
  // Roles no rule names any more still get a plan when the ledger holds bindings of theirs: those may need removing.
  const ledgerRoleIds = new Set(ledger.map((e) => e.roleId));
  for (const [name, state] of [...input.roles].sort(([a], [b]) => cmp(a, b))) {
    if (state.role && ledgerRoleIds.has(state.role.id)) slotFor(name);
  }

  return [...slots.values()]
    .map((slot) => planRole(slot, input, ledger, rules))
    .sort(
      (a, b) =>
        cmp(a.roleName.toLowerCase(), b.roleName.toLowerCase()) ||
        cmp(a.roleId ?? '', b.roleId ?? ''),
    );
}

function planRole(
  slot: RoleSlot,
  input: PlanInput,
  ledger: LedgerEntry[],
  rules: Rule[],
): ProjectPlan {
  const { project } = input;
  const base = {
    projectId: project.id,
    projectKey: project.key,
    projectName: project.name,
    roleName: slot.roleName,
  };
  const skips = [...slot.skips];
  const finish = (plan: Omit<ProjectPlan, 'skips' | keyof typeof base>): ProjectPlan => ({
    ...base,
    ...plan,
    skips: sortSkips(skips),
  });

  const state = slot.state;
  if (!state?.role) {
    for (const rule of slot.covering) {
      skips.push({
        code: 'role-not-found',
        ruleId: rule.id,
        reason: roleNotFound(project, slot.roleName, rule),
        say: {
          code: project.style === 'next-gen' ? 'role-not-found-team' : 'role-not-found',
          values: { project: project.key, role: slot.roleName, rule: rule.name },
        },
      });
    }
    return finish({
      roleId: undefined,
      actions: [],
      unmanagedGroupIds: [],
      staleLedgerGroupIds: [],
    });
  }

  const roleId = state.role.id;
  const actors = new Set(state.actorGroupIds);
  const wanted = wantedGroups(slot, input);
  const owned = ownedBindings(ledger, roleId);
  const actions = [
    ...addActions(wanted, actors, owned, input),
    ...removeActions({ slot, input, rules, wanted, actors, owned, skips }),
  ];
  actions.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.groupId, b.groupId));
  const unmanagedGroupIds = [...actors].filter((g) => !wanted.has(g) && !owned.has(g)).sort(cmp);
  const staleLedgerGroupIds = [...owned.keys()]
    .filter((g) => !actors.has(g) && !wanted.has(g))
    .sort(cmp);
  return finish({ roleId, actions, unmanagedGroupIds, staleLedgerGroupIds });
}

/** The groups the covering rules want in the role, each with the rules that want it. */
function wantedGroups(slot: RoleSlot, input: PlanInput): Map<string, Rule[]> {
  const wanted = new Map<string, Rule[]>();
  for (const rule of slot.covering) {
    for (const groupId of rule.groupIds) {
      if (input.groups.has(groupId) && !refusedGroup(input, groupId))
        wanted.set(groupId, [...(wanted.get(groupId) ?? []), rule]);
    }
  }
  return wanted;
}

/** The app's proven bindings in the role, by group. */
function ownedBindings(ledger: LedgerEntry[], roleId: string): Map<string, LedgerEntry> {
  const owned = new Map<string, LedgerEntry>();
  for (const e of ledger) {
    // A pending entry proves nothing (the add's answer was lost): the binding is not the app's,
    // so it is never removed; a run settles the entry from Jira's answers before it plans.
    if (e.roleId !== roleId || e.pending) continue;
    const seen = owned.get(e.groupId);
    owned.set(e.groupId, seen ? mergeEntries(seen, e) : e);
  }
  return owned;
}

/** An add for every wanted group not in the role; a drift when the app had added it before. */
function addActions(
  wanted: Map<string, Rule[]>,
  actors: Set<string>,
  owned: Map<string, LedgerEntry>,
  input: PlanInput,
): PlanAction[] {
  const actions: PlanAction[] = [];
  for (const [groupId, wanting] of wanted) {
    if (actors.has(groupId)) continue;
    const drift = owned.has(groupId);
    actions.push({
      kind: 'add',
      groupId,
      groupName: input.groups.get(groupId)?.name,
      ruleIds: wanting.map((r) => r.id),
      reason: `${wantedBy(wanting)} ${input.project.key}${drift ? '; the app had added it before and someone removed it since' : ''}.`,
      say: {
        code: drift ? 'add-drift' : 'add',
        values: { rules: wanting.map((r) => r.name), project: input.project.key },
      },
      ...(drift ? { drift: true } : {}),
    });
  }
  return actions;
}

/**
 * A removal for every app-made binding no covering rule wants, or a skip saying why not when
 * removal is turned off. Bindings the app did not make are never planned for removal.
 */
function removeActions(at: {
  slot: RoleSlot;
  input: PlanInput;
  rules: Rule[];
  wanted: Map<string, Rule[]>;
  actors: Set<string>;
  owned: Map<string, LedgerEntry>;
  skips: ProjectPlan['skips'];
}): PlanAction[] {
  const { slot, input, rules } = at;
  const { project } = input;
  const actions: PlanAction[] = [];
  for (const groupId of at.actors) {
    const entry = at.owned.get(groupId);
    if (at.wanted.has(groupId) || !entry) continue;
    const because = whyUnwanted(entry, slot.roleName, input, rules);
    const why = `The app added this group for ${ruleList(entry.ruleIds, rules)}, and no enabled rule wants it in '${slot.roleName}' of ${project.key} any more: ${because.words}.`;
    const say = (code: 'remove' | 'removal-disabled'): PlanReason => ({
      code,
      values: { rules: ruleNames(entry.ruleIds, rules), role: slot.roleName, project: project.key },
      because: because.data,
    });
    if (input.settings.removeUnwanted) {
      actions.push({
        kind: 'remove',
        groupId,
        groupName: input.groups.get(groupId)?.name ?? entry.groupName,
        ruleIds: [...entry.ruleIds].sort(cmp),
        reason: why,
        say: say('remove'),
      });
    } else {
      at.skips.push({
        code: 'removal-disabled',
        groupId,
        reason: `${why.slice(0, -1)}. Removing unwanted groups is turned off in the settings: remove it by hand, or turn the setting on.`,
        say: say('removal-disabled'),
      });
    }
  }
  return actions;
}

/** Why a run skips a group (administration, app or product access), if so. */
function refusedGroup(input: PlanInput, groupId: string): RunRefusal | undefined {
  const group = input.groups.get(groupId);
  return group && runRefusal(group, input.productAccess?.get(groupId));
}

function lookupRole(
  roles: ReadonlyMap<string, RoleState>,
  roleName: string,
): RoleState | undefined {
  const exact = roles.get(roleName);
  if (exact) return exact;
  const lower = roleName.toLowerCase();
  // Prefer a resolved role when several keys differ only in case; then the first key, for determinism.
  const matches = [...roles]
    .filter(([name]) => name.toLowerCase() === lower)
    .sort(([a], [b]) => cmp(a, b));
  return (matches.find(([, s]) => s.role) ?? matches[0])?.[1];
}

/** The ledger should hold one entry per binding; if it holds two, merge them so the ledger's order cannot matter. */
function mergeEntries(a: LedgerEntry, b: LedgerEntry): LedgerEntry {
  return {
    ...a,
    ruleIds: [...new Set([...a.ruleIds, ...b.ruleIds])].sort(cmp),
    groupName:
      a.groupName !== undefined && b.groupName !== undefined
        ? cmp(a.groupName, b.groupName) <= 0
          ? a.groupName
          : b.groupName
        : (a.groupName ?? b.groupName),
    pending: a.pending && b.pending ? true : undefined,
  };
}

function roleNotFound(project: Project, roleName: string, rule: Rule): string {
  if (project.style !== 'next-gen')
    return `${project.key} has no role named '${roleName}': create it or change the role of rule '${rule.name}'.`;
  return (
    `${project.key} is team-managed, and Jira lists no customer role of its own in it ` +
    `(project settings hide it; the app looks for '${roleName}' in GET .../project/` +
    `${project.key}/roledetails). Check that ${project.key} is a service project and that the app ` +
    `may administer it, or take ${project.key} out of rule '${rule.name}'.`
  );
}

function groupDeletedSkip(rule: Rule, groupId: string): PlanSkip {
  return {
    code: 'group-deleted',
    ruleId: rule.id,
    groupId,
    reason: `Group ${groupId} no longer exists in Jira: if the identity provider renamed it, a new group was created; update rule '${rule.name}' to use the new group.`,
    say: { code: 'group-deleted', values: { groupId, rule: rule.name } },
  };
}

function wantedBy(wanting: Rule[]): string {
  const names = wanting.map((r) => `'${r.name}'`);
  return names.length === 1
    ? `Rule ${names[0]} makes this group customers of`
    : `Rules ${joinAnd(names)} make this group customers of`;
}

function ruleList(ruleIds: string[], rules: Rule[]): string {
  if (ruleIds.length === 0) return 'a rule';
  const names = [...ruleIds].sort(cmp).map((id) => {
    const rule = rules.find((r) => r.id === id);
    return rule ? `rule '${rule.name}'` : `rule ${id}`;
  });
  return joinAnd(names);
}

/** Why each rule that once wanted the binding no longer does, in words and as data. */
function whyUnwanted(
  entry: LedgerEntry,
  roleName: string,
  input: PlanInput,
  rules: Rule[],
): { words: string; data: Unwanted[] } {
  const project = input.project.key;
  const reasons = [...entry.ruleIds].sort(cmp).map((id): [string, Unwanted] => {
    const rule = rules.find((r) => r.id === id);
    if (!rule) return [`rule ${id} was deleted`, { code: 'rule-deleted', values: { ruleId: id } }];
    const named = { rule: rule.name };
    if (!rule.enabled)
      return [`rule '${rule.name}' is turned off`, { code: 'rule-off', values: named }];
    const coverage = ruleCoversProject(rule, input.project);
    if (!coverage.covered)
      return coverage.code === 'project-excluded'
        ? [
            `${project} is excluded from rule '${rule.name}'`,
            { code: 'project-excluded', values: { ...named, project } },
          ]
        : [
            `rule '${rule.name}' no longer covers ${project}`,
            { code: 'not-covered', values: { ...named, project } },
          ];
    if (!rule.groupIds.includes(entry.groupId))
      return [
        `rule '${rule.name}' no longer names this group`,
        { code: 'group-dropped', values: named },
      ];
    if (roleRefusal(rule.roleName))
      return [
        `rule '${rule.name}' targets '${rule.roleName}', and the app makes customers only`,
        { code: 'role-not-customer', values: { ...named, role: rule.roleName } },
      ];
    const refused = refusedGroup(input, entry.groupId);
    if (refused)
      return [
        `group '${refused.name}' is refused: ${refused.why.replace(/\.$/, '')}`,
        { code: 'group-refused', values: refusalValues(refused) },
      ];
    if (rule.roleName.toLowerCase() !== roleName.toLowerCase())
      return [
        `rule '${rule.name}' now puts its groups in the role '${rule.roleName}'`,
        { code: 'role-moved', values: { ...named, role: rule.roleName } },
      ];
    if (!input.groups.has(entry.groupId))
      return [`the group no longer exists in Jira`, { code: 'group-gone' }];
    return [`rule '${rule.name}' no longer wants it`, { code: 'not-wanted', values: named }];
  });
  return {
    words:
      reasons.length > 0
        ? [...new Set(reasons.map(([w]) => w))].join('; ')
        : 'no rule is recorded for it',
    data: uniqueBecause(reasons.map(([, d]) => d)),
  };
}

/** A refused group's name and why, as data. */
function refusalValues(refused: RunRefusal): Record<string, string | string[]> {
  return {
    group: refused.name,
    refusal: refused.code,
    ...(refused.readsAs ? { readsAs: refused.readsAs } : {}),
    ...(refused.products ? { products: refused.products } : {}),
  };
}

/** The names of the rules that wanted a binding: a deleted rule by its id. */
function ruleNames(ruleIds: string[], rules: Rule[]): string[] {
  return [...ruleIds].sort(cmp).map((id) => rules.find((r) => r.id === id)?.name ?? id);
}

function sortSkips(skips: PlanSkip[]): PlanSkip[] {
  return skips.sort(
    (a, b) =>
      cmp(a.code, b.code) ||
      cmp(a.ruleId ?? '', b.ruleId ?? '') ||
      cmp(a.groupId ?? '', b.groupId ?? ''),
  );
}

/** "A, B, and C": as English lists them (the pages list them in the viewer's language). */
function joinAnd(items: string[]): string {
  return LIST.format(items);
}

const LIST = new Intl.ListFormat('en', { type: 'conjunction' });

/** Code-unit order, not locale order: the same on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
