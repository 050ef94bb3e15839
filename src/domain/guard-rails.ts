// What a rule may ask for: the app makes customers and nothing else. Pure: the facts about groups
// are read by src/enforce/bindings/group-facts.ts. The same checks run when a rule is saved or imported
// and again when a run plans (defence in depth), so a rule stored before these checks existed,
// or changed in storage, still cannot put a group in another role or give it more than portal
// access.
import { z } from 'zod';

import { UserFacingError } from './errors';
import { readsAsPrefix } from './look-alike';
import type { Project, ProjectPlan } from './schemas';
import { DEFAULT_ROLE_NAME } from './schemas';

/** The one role a rule can target: the role JSM uses for customers (portal access only). */
export const CUSTOMER_ROLE_NAME = DEFAULT_ROLE_NAME;

/** Role names match case-insensitively, as in Jira. */
export function isCustomerRole(roleName: string): boolean {
  return roleName.trim().toLowerCase() === CUSTOMER_ROLE_NAME.toLowerCase();
}

/** A team-managed project's role as `roledetails` describes it. */
export interface ProjectScopedRole {
  id: string;
  name: string;
  /** PROJECT for a team-managed project's own roles; absent for the global ones. */
  scopeType?: string;
  scopeProjectId?: string;
}

// Jira names a team-managed service project's hidden customer role like the company-managed
// one; some sites show it in the singular. Viewer, Member, Administrator never match.
const TEAM_CUSTOMER_ROLE = /^service desk customers?$/i;

/** Whether a role name is the customer role of a project of this style. */
export function isCustomerRoleOf(roleName: string, style: Project['style']): boolean {
  return style === 'next-gen' ? TEAM_CUSTOMER_ROLE.test(roleName.trim()) : isCustomerRole(roleName);
}

/**
 * The hidden customer role of a team-managed project among its roles, or undefined: a role of
 * this project's own scope named as the customer role. Global roles (a company-managed
 * "Service Desk Customers" id is not valid there) and the project's other roles never qualify.
 */
export function teamCustomerRole(
  roles: readonly ProjectScopedRole[],
  projectId: string,
): ProjectScopedRole | undefined {
  const own = roles.filter(
    (r) =>
      r.scopeType === 'PROJECT' &&
      (r.scopeProjectId === undefined || r.scopeProjectId === projectId) &&
      isCustomerRoleOf(r.name, 'next-gen'),
  );
  // Two such roles would make the choice a guess: report it as not found instead.
  return own.length === 1 ? own[0] : undefined;
}

// Jira has no public API that lists who holds the Administer Jira global permission, so the
// groups Atlassian creates for site and product administration are known by name (a site's
// own admin groups are "site-admins-<site>", "jira-admins-<site>" on older sites). Names are
// compared as a person reads them (look-alike.ts): `jіra-administrators` with a Cyrillic і,
// `JIRA_Administrators` or `jira administrators` are the administration group too.
const ADMIN_GROUPS = [
  'site-admins',
  'jira-administrators',
  'jira-admins',
  'administrators',
  'org-admins',
  'system-administrators',
  'jira-system-administrators',
];
// The groups that give apps (this one among them) their access to every project.
const APP_ACCESS_GROUPS = ['atlassian-addons'];

export const RuleRefusalCodeSchema = z.enum([
  'role-not-customer',
  'group-administration',
  'group-app-access',
  'group-product-access',
  'group-not-synced',
]);
export type RuleRefusalCode = z.infer<typeof RuleRefusalCodeSchema>;

/**
 * What a refusal names, for a page to word it by its code in the viewer's language: the group,
 * the administration or app group its name reads as (only when it is not spelled so), the
 * products it grants, the role the rule asked for.
 */
export const RefusalValuesSchema = z.object({
  group: z.string().optional(),
  readsAs: z.string().optional(),
  products: z.array(z.string()).optional(),
  role: z.string().optional(),
});
export type RefusalValues = z.infer<typeof RefusalValuesSchema>;

/**
 * One reason a rule cannot be saved (or applied), at the field of the editor that causes it.
 * `message` is the English for logs and the audit; pages word it from `code` and `values`.
 */
export const RuleRefusalSchema = z.object({
  code: RuleRefusalCodeSchema,
  field: z.enum(['roleName', 'groupIds']),
  groupId: z.string().optional(),
  values: RefusalValuesSchema,
  message: z.string(),
});
export type RuleRefusal = z.infer<typeof RuleRefusalSchema>;

/** What the app knows about a group when it judges it. */
export interface GroupFacts {
  groupId: string;
  name: string;
  /** EXTERNAL: provisioned by the identity provider; undefined when not read (plan time). */
  managedBy?: string;
  /** Names of the products (application roles) whose access or default access it grants. */
  products: string[];
}

/** Names of the products whose access (or default access) `groupId` grants. */
export function productsGrantedBy(
  groupId: string,
  appRoles: readonly { name: string; groupIds: string[]; defaultGroupIds: string[] }[],
): string[] {
  return appRoles
    .filter((r) => r.groupIds.includes(groupId) || r.defaultGroupIds.includes(groupId))
    .map((r) => r.name);
}

export function roleRefusal(roleName: string): RuleRefusal | undefined {
  if (isCustomerRole(roleName)) return undefined;
  return {
    code: 'role-not-customer',
    field: 'roleName',
    values: { role: roleName },
    message:
      `The app only makes customers: a rule always targets '${CUSTOMER_ROLE_NAME}', the role ` +
      `JSM uses for customers. '${roleName}' could give its groups more than portal access ` +
      '(administer or work on projects): add people to other roles in Jira, by hand.',
  };
}

/** Why a group must not be customers: the code, why (a sentence), and what to do at a save. */
interface GroupJudgement {
  code: Exclude<RuleRefusalCode, 'role-not-customer'>;
  why: string;
  fix: string;
  /** What the words name besides the group's own name. */
  values: Pick<RefusalValues, 'readsAs' | 'products'>;
}

const PICK_CUSTOMERS = 'Pick the synced group of the people who should be customers.';

function judgeGroup(group: GroupFacts, allowUnsynced: boolean): GroupJudgement | undefined {
  const admin = ADMIN_GROUPS.find((p) => readsAsPrefix(group.name, p));
  if (admin)
    return {
      code: 'group-administration',
      why:
        `it is a site or Jira administration group${readsAs(group.name, admin)}, ` +
        'so its members administer Jira.',
      fix: PICK_CUSTOMERS,
      values: readsAsValue(group.name, admin),
    };
  const apps = APP_ACCESS_GROUPS.find((p) => readsAsPrefix(group.name, p));
  if (apps)
    return {
      code: 'group-app-access',
      why: `it gives apps (this one among them) their access to Jira${readsAs(group.name, apps)}.`,
      fix: PICK_CUSTOMERS,
      values: readsAsValue(group.name, apps),
    };
  if (group.products.length)
    return {
      code: 'group-product-access',
      why:
        `it grants access to ${group.products.join(', ')} (product access or default access), ` +
        'so its members are licensed users, not customers.',
      fix: 'Pick a group that grants no product.',
      values: { products: group.products },
    };
  if (group.managedBy !== undefined && group.managedBy !== 'EXTERNAL' && !allowUnsynced)
    return {
      code: 'group-not-synced',
      why:
        'it is not synced from your identity provider, so anyone who can edit groups in Jira ' +
        'decides who is in it.',
      fix:
        'Pick a synced group, or tick "Not from the identity provider" ' +
        'to make it customers anyway (the audit trail records it).',
      values: {},
    };
  return undefined;
}

const spelledAs = (name: string, prefix: string) => name.toLowerCase().startsWith(prefix);

/** " (its name reads as 'jira-administrators')" when it is not spelled so. */
function readsAs(name: string, prefix: string): string {
  return spelledAs(name, prefix) ? '' : ` (its name reads as '${prefix}')`;
}

const readsAsValue = (name: string, prefix: string) =>
  spelledAs(name, prefix) ? {} : { readsAs: prefix };

/**
 * Why a group can never be made customers by a rule, or undefined. `allowUnsynced` is the
 * admin's explicit override for groups not from the identity provider; it never lifts the
 * other refusals.
 */
export function groupRefusal(group: GroupFacts, allowUnsynced: boolean): RuleRefusal | undefined {
  const judged = judgeGroup(group, allowUnsynced);
  if (!judged) return undefined;
  return {
    code: judged.code,
    field: 'groupIds',
    groupId: group.groupId,
    values: { group: group.name, ...judged.values },
    message: `Group '${group.name}' cannot be made customers: ${judged.why} ${judged.fix}`,
  };
}

/** A group a run skips wherever a rule names it, and why. */
export interface RunRefusal {
  groupId: string;
  name: string;
  code: GroupJudgement['code'];
  why: string;
  readsAs?: string;
  products?: string[];
}

/**
 * Why a run skips a group, from what a run reads: its name and the products it grants. These
 * can change after the rule was saved (the identity provider renames the group, an admin gives
 * it product access), so they are judged at every run, group by group: the group is skipped
 * where it is named, its rules go on with their other groups, and it is enforced again once it
 * is fine. Whether the identity provider manages it is judged when the rule is saved only.
 */
export function runRefusal(
  group: { groupId: string; name: string },
  products: readonly string[] = [],
): RunRefusal | undefined {
  const judged = judgeGroup({ ...group, products: [...products] }, true);
  if (!judged) return undefined;
  const { code, why, values } = judged;
  const { readsAs, products: granted } = values;
  return {
    groupId: group.groupId,
    name: group.name,
    code,
    why,
    ...(readsAs ? { readsAs } : {}),
    ...(granted ? { products: granted } : {}),
  };
}

/** The skip a run shows where a rule names a refused group. */
export function refusedGroupReason(
  refusal: RunRefusal,
  ruleName: string,
  removeUnwanted: boolean,
): string {
  return (
    `Group '${refusal.name}' is skipped: ${refusal.why} The app makes it customers nowhere` +
    `${removeUnwanted ? ' and removes only the bindings of it that the app made' : ''}; ` +
    `rule '${ruleName}' goes on with its other groups. ${ONCE_FINE}`
  );
}

const ONCE_FINE =
  'Once the group is no longer one (renamed back in the identity provider, or out of every ' +
  "product's access), the next run makes it customers again: nobody needs to edit the rule.";

/** A refused group with the enabled rules that name it. */
export interface RefusedGroup extends RunRefusal {
  ruleIds: string[];
}

/**
 * The groups that enabled rules name and a run refuses, with those rules, from the groups that
 * exist (by id) and the products each grants.
 */
export function refusedGroupsOf(
  rules: readonly { id: string; enabled: boolean; groupIds: readonly string[] }[],
  groups: ReadonlyMap<string, { groupId: string; name: string }>,
  productAccess: ReadonlyMap<string, readonly string[]>,
): RefusedGroup[] {
  const out = new Map<string, RefusedGroup>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const groupId of rule.groupIds) {
      const seen = out.get(groupId);
      if (seen) {
        if (!seen.ruleIds.includes(rule.id)) seen.ruleIds.push(rule.id);
        continue;
      }
      const group = groups.get(groupId);
      const refused = group && runRefusal(group, productAccess.get(groupId));
      if (refused) out.set(groupId, { ...refused, ruleIds: [rule.id] });
    }
  }
  return [...out.values()]
    .map((g) => ({ ...g, ruleIds: g.ruleIds.sort() }))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}

/** What the audit trail and Health say of a refused group, naming the rules. */
export function refusedGroupSummary(
  refused: RefusedGroup,
  ruleNames: readonly string[],
  removeUnwanted: boolean,
): string {
  const one = ruleNames.length === 1;
  return (
    `Group '${refused.name}' (${refused.groupId}) is skipped where ${one ? 'rule' : 'rules'} ` +
    `${ruleNames.map((n) => `'${n}'`).join(', ')} ${one ? 'names' : 'name'} it: ${refused.why} ` +
    `The app makes it customers nowhere${removeUnwanted ? ' and removes only the bindings of it that the app made' : ''}; ` +
    `no rule is changed, and their other groups are enforced. ${ONCE_FINE}`
  );
}

export function ruleRefusals(
  rule: { roleName: string; groupIds: readonly string[]; allowUnsyncedGroups?: boolean },
  groups: ReadonlyMap<string, GroupFacts>,
): RuleRefusal[] {
  const role = roleRefusal(rule.roleName);
  return [
    ...(role ? [role] : []),
    ...rule.groupIds.flatMap((id) => {
      const g = groups.get(id);
      const refused = g && groupRefusal(g, rule.allowUnsyncedGroups ?? false);
      return refused ? [refused] : [];
    }),
  ];
}

/** A rule refused, with every reason (an import lists each bad rule). */
export interface RefusedRule {
  ruleName: string;
  /** 1-based position in an imported file. */
  position?: number;
  refusals: RuleRefusal[];
}

/** Thrown by the use cases; the admin resolver answers it as `{refused}` data the editor shows. */
export class RuleRefusedError extends UserFacingError {
  constructor(readonly refused: RefusedRule[]) {
    super(
      refused
        .map((r) => `Rule "${r.ruleName}": ${r.refusals.map((x) => x.message).join(' ')}`)
        .join(' ') + ' Nothing was saved.',
      'invalid-input',
    );
    this.name = 'RuleRefusedError';
  }
}

/**
 * The last check before a run writes: adds to any role other than the customer role are dropped
 * and shown as refused skips. The planner already makes none; this holds even if it did. On a
 * team-managed project only its hidden customer role passes, never Viewer, Member or
 * Administrator.
 */
export function onlyCustomerAdds(
  plans: ProjectPlan[],
  style: Project['style'] = 'classic',
): ProjectPlan[] {
  return plans.map((plan) => {
    if (isCustomerRoleOf(plan.roleName, style) || !plan.actions.some((a) => a.kind === 'add'))
      return plan;
    const refused = roleRefusal(plan.roleName)!;
    return {
      ...plan,
      actions: plan.actions.filter((a) => a.kind !== 'add'),
      skips: [
        ...plan.skips,
        ...plan.actions
          .filter((a) => a.kind === 'add')
          .map((a) => ({
            code: 'refused' as const,
            groupId: a.groupId,
            ruleId: a.ruleIds[0],
            reason: refused.message,
          })),
      ],
    };
  });
}
