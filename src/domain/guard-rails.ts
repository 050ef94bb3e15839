// What a rule may ask for: the app makes customers and nothing else. Pure: the facts about groups
// are read by src/enforce/group-facts.ts. The same checks run when a rule is saved or imported
// and again when a run plans (defence in depth), so a rule stored before these checks existed,
// or changed in storage, still cannot put a group in another role or give it more than portal
// access.
import { z } from 'zod';
import { DEFAULT_ROLE_NAME, Project, ProjectPlan } from './schemas';
import { UserFacingError } from './errors';

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
// own admin groups are "site-admins-<site>", "jira-admins-<site>" on older sites).
const ADMIN_GROUP =
  /^(site-admins|jira-administrators|jira-admins|administrators|org-admins|system-administrators|jira-system-administrators)(-.+)?$/i;
// The groups that give apps (this one among them) their access to every project.
const APP_ACCESS_GROUP = /^atlassian-addons(-.+)?$/i;

export const RuleRefusalCodeSchema = z.enum([
  'role-not-customer',
  'group-administration',
  'group-app-access',
  'group-product-access',
  'group-not-synced',
]);
export type RuleRefusalCode = z.infer<typeof RuleRefusalCodeSchema>;

/** One reason a rule cannot be saved (or applied), at the field of the editor that causes it. */
export const RuleRefusalSchema = z.object({
  code: RuleRefusalCodeSchema,
  field: z.enum(['roleName', 'groupIds']),
  groupId: z.string().optional(),
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
    message:
      `The app only makes customers: a rule always targets '${CUSTOMER_ROLE_NAME}', the role ` +
      `JSM uses for customers. '${roleName}' could give its groups more than portal access ` +
      '(administer or work on projects): add people to other roles in Jira, by hand.',
  };
}

/**
 * Why a group can never be made customers by a rule, or undefined. `allowUnsynced` is the
 * admin's explicit override for groups not from the identity provider; it never lifts the
 * other refusals.
 */
export function groupRefusal(group: GroupFacts, allowUnsynced: boolean): RuleRefusal | undefined {
  const refuse = (code: RuleRefusalCode, why: string): RuleRefusal => ({
    code,
    field: 'groupIds',
    groupId: group.groupId,
    message: `Group '${group.name}' cannot be made customers: ${why}`,
  });
  if (ADMIN_GROUP.test(group.name))
    return refuse(
      'group-administration',
      'it is a site or Jira administration group, so its members administer Jira. ' +
        'Pick the synced group of the people who should be customers.',
    );
  if (APP_ACCESS_GROUP.test(group.name))
    return refuse(
      'group-app-access',
      'it gives apps (this one among them) their access to Jira. ' +
        'Pick the synced group of the people who should be customers.',
    );
  if (group.products.length)
    return refuse(
      'group-product-access',
      `it grants access to ${group.products.join(', ')} (product access or default access), ` +
        'so its members are licensed users, not customers. Pick a group that grants no product.',
    );
  if (group.managedBy !== undefined && group.managedBy !== 'EXTERNAL' && !allowUnsynced)
    return refuse(
      'group-not-synced',
      'it is not synced from your identity provider, so anyone who can edit groups in Jira ' +
        'decides who is in it. Pick a synced group, or tick "Not from the identity provider" ' +
        'to make it customers anyway (the audit trail records it).',
    );
  return undefined;
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
