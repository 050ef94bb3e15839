// The seed recipe's preconditions, judged from what was read from the site. Pure: the reads
// happen in src/enforce/health.ts.
import { Group, HealthCheck, Rule } from './schemas';
import { count } from './text';
import type { RuleRefusal } from './guard-rails';

export interface ApplicationRoleFacts {
  key: string;
  name: string;
  groupIds: string[];
  defaultGroupIds: string[];
  selectedByDefault: boolean;
}

export interface HealthInput {
  rules: Rule[];
  /** jira-servicedesk, or undefined when JSM is not on the site */
  serviceDeskRole?: ApplicationRoleFacts;
  /** groups that rules name and that exist, by id */
  existingGroups: Map<string, Group>;
  /** groupId -> name it had when a rule last saw it */
  knownGroupNames: Record<string, string>;
  /** synced groups on the site now (managedBy EXTERNAL) */
  syncedGroups: Group[];
  /** global role names (lower case) */
  roleNames: Set<string>;
  /** projects the last finished run found without the rule's role */
  projectsMissingRole: string[];
  /** rules the guard rails refuse (another role, a group that must never be customers) */
  refusedRules?: { rule: Rule; refusals: RuleRefusal[] }[];
}

export function evaluateHealth(input: HealthInput): HealthCheck[] {
  const enabled = input.rules.filter((r) => r.enabled);
  const customerGroupIds = [...new Set(enabled.flatMap((r) => r.groupIds))];
  const name = (id: string) =>
    input.existingGroups.get(id)?.name ?? input.knownGroupNames[id] ?? id;
  const checks: HealthCheck[] = [];

  checks.push(
    enabled.length === 0
      ? {
          id: 'rules',
          title: 'At least one rule is enabled',
          status: 'warn',
          detail: 'No enabled rule: the app changes nothing.',
          action: 'Create a rule on the Rules tab.',
        }
      : {
          id: 'rules',
          title: 'At least one rule is enabled',
          status: 'pass',
          detail: `${count(enabled.length, 'enabled rule')}.`,
        },
  );

  const refused = input.refusedRules ?? [];
  checks.push(
    refused.length
      ? {
          id: 'guard-rails',
          title: 'Rules make customers only',
          status: 'fail',
          detail: refused
            .map(
              ({ rule, refusals }) =>
                `Rule "${rule.name}" was turned off: ${refusals.map((r) => r.message).join(' ')}`,
            )
            .join(' '),
          action:
            'Edit these rules: they can target only the customer role and synced customer ' +
            'groups. Bindings the app made for them are removed by the next run if removal is on.',
        }
      : {
          id: 'guard-rails',
          title: 'Rules make customers only',
          status: 'pass',
          detail: 'Every rule targets the customer role with groups that grant no other access.',
        },
  );

  const sd = input.serviceDeskRole;
  if (!sd) {
    checks.push({
      id: 'jsm-installed',
      title: 'Jira Service Management is on the site',
      status: 'fail',
      detail: 'The jira-servicedesk product was not found.',
      action: 'Add Jira Service Management to the site in admin.atlassian.com.',
    });
  } else {
    const leaking = customerGroupIds.filter((id) => sd.groupIds.includes(id));
    checks.push(
      leaking.length
        ? {
            id: 'licence-leak',
            title: 'Customer groups are not in the Jira Service Management product role',
            status: 'fail',
            detail: `${leaking.map(name).join(', ')} ${leaking.length === 1 ? 'is' : 'are'} in the ${sd.name} product role: every member takes an agent licence.`,
            action:
              'In admin.atlassian.com > Products > Jira Service Management, remove these groups from the product role; customers need only the Service Desk Customers project role.',
          }
        : {
            id: 'licence-leak',
            title: 'Customer groups are not in the Jira Service Management product role',
            status: 'pass',
            detail: 'No group that a rule names grants agent access.',
          },
    );
    const defaultLeaks = customerGroupIds.filter((id) => sd.defaultGroupIds.includes(id));
    checks.push(
      sd.selectedByDefault || defaultLeaks.length
        ? {
            id: 'default-access',
            title: 'New users do not get Jira Service Management by default',
            status: 'fail',
            detail: sd.selectedByDefault
              ? 'New users are given access to Jira Service Management automatically, so every provisioned customer takes an agent licence.'
              : `${defaultLeaks.length === 1 ? 'Default group' : 'Default groups'} ${defaultLeaks.map(name).join(', ')} ${defaultLeaks.length === 1 ? 'is a customer group' : 'are customer groups'}.`,
            action:
              'In admin.atlassian.com > Products > Jira Service Management, turn off "New users have access to this product" and remove customer groups from the default groups.',
          }
        : {
            id: 'default-access',
            title: 'New users do not get Jira Service Management by default',
            status: 'pass',
            detail: 'New users are not given agent access automatically.',
          },
    );
    const agentGroups = sd.groupIds.filter((id) => !customerGroupIds.includes(id));
    checks.push(
      agentGroups.length
        ? {
            id: 'agents-group',
            title: 'An agents group has Jira Service Management access',
            status: 'pass',
            detail: `${count(agentGroups.length, 'group')} ${agentGroups.length === 1 ? 'grants' : 'grant'} agent access.`,
          }
        : {
            id: 'agents-group',
            title: 'An agents group has Jira Service Management access',
            status: 'warn',
            detail:
              'No group other than customer groups is in the Jira Service Management product role: agents may have no access.',
            action:
              'Add your agents group (for example jira-servicedesk-users) to the product role in admin.atlassian.com.',
          },
    );
  }

  const roleMissing = [...new Set(enabled.map((r) => r.roleName))].filter(
    (n) => !input.roleNames.has(n.toLowerCase()),
  );
  checks.push(
    roleMissing.length
      ? {
          id: 'role-exists',
          title: "The rules' project role exists",
          status: 'fail',
          detail: `No project role named ${roleMissing.map((n) => `"${n}"`).join(', ')} exists in Jira.`,
          action:
            'Create the role in Jira settings > System > Project roles, or change the role name in the rule.',
        }
      : input.projectsMissingRole.length
        ? {
            id: 'role-exists',
            title: "The rules' project role exists",
            status: 'warn',
            detail: `The last run found ${count(input.projectsMissingRole.length, 'project')} without the role: ${input.projectsMissingRole.slice(0, 10).join(', ')}${input.projectsMissingRole.length > 10 ? '…' : ''}.`,
            action:
              "Add the role to those projects' permission scheme, or exclude them from the rule.",
          }
        : {
            id: 'role-exists',
            title: "The rules' project role exists",
            status: 'pass',
            detail: 'Every role that rules name exists.',
          },
  );

  const deleted = customerGroupIds.filter((id) => !input.existingGroups.has(id));
  if (deleted.length === 0) {
    checks.push({
      id: 'groups-exist',
      title: 'Groups that rules name still exist',
      status: 'pass',
      detail: 'Every group is still on the site.',
    });
  } else {
    for (const id of deleted) {
      const named = enabled.filter((r) => r.groupIds.includes(id)).map((r) => `"${r.name}"`);
      const rules = `${named.length === 1 ? 'rule' : 'rules'} ${named.join(', ')}`;
      const oldName = input.knownGroupNames[id];
      const successor = oldName
        ? input.syncedGroups.find(
            (g) => g.name.toLowerCase() === oldName.toLowerCase() && g.groupId !== id,
          )
        : undefined;
      checks.push(
        successor
          ? {
              id: `group-renamed-${id}`,
              title: `Group "${oldName}" was re-created by the identity provider`,
              status: 'fail',
              detail: `Group ${id} is gone and a synced group with the same name now has id ${successor.groupId}. The identity provider's provisioning re-created it; ${rules} still name the old id, so nothing is applied for it.`,
              action: `Edit ${rules} and pick "${successor.name}" again, after checking it is the same group in your identity provider.`,
            }
          : {
              id: `group-deleted-${id}`,
              title: `Group ${oldName ? `"${oldName}"` : id} no longer exists`,
              status: 'fail',
              detail: `${rules[0].toUpperCase() + rules.slice(1)} name group ${id}, which no longer exists in Jira. Nothing is applied for it.`,
              action: `Edit ${rules}: pick the group that replaced it, or remove it from the rule.`,
            },
      );
    }
  }
  return checks;
}
