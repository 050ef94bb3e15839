// Checks of the rules themselves against the site: at least one is enabled (check 7), their role
// exists (check 8), their groups still exist or were re-created by the identity provider
// (check 9), and the hourly run can read Jira's audit log for change signals and finds the app's
// own changes there (check 12). Pure.
import type { CheckHead, NamedReads } from './health-common';
import { costOf, couldNotCheck, SCREENS } from './health-common';
import { utc } from './health-licences';
import type { RoleRef } from './health-permissions';
import type { HealthCheck, Read } from './health-schemas';
import { say } from './health-sentences';
import type { Group, Rule } from './schemas';
import { count } from './text';

const RULES: CheckHead = { id: 'rules', number: 7, title: 'At least one rule is enabled' };

export function rulesCheck(rules: Rule[]): HealthCheck {
  const enabled = rules.filter((r) => r.enabled);
  return enabled.length === 0
    ? {
        ...RULES,
        status: 'warn',
        detail: 'No enabled rule: the app changes nothing.',
        action: 'Create a rule on the Rules tab.',
        words: { detail: [say('noEnabledRule')], action: say('createRule') },
      }
    : {
        ...RULES,
        status: 'pass',
        detail: `${count(enabled.length, 'enabled rule')}.`,
        words: { detail: [say('enabledRules', { count: enabled.length })] },
      };
}

const ROLE: CheckHead = {
  id: 'role-exists',
  number: 8,
  title: "The rules' project role exists",
  link: SCREENS.projectRoles,
};

export function roleExistsCheck(input: {
  rules: Rule[];
  roles: Read<RoleRef[]>;
  /** Projects the last finished run found without the rule's role. */
  projectsMissingRole: string[];
}): HealthCheck {
  const reads: NamedReads = [['project roles', input.roles]];
  if (!input.roles.ok) return couldNotCheck(ROLE, input.roles.why, reads);
  const names = new Set(input.roles.value.map((r) => r.name.toLowerCase()));
  const enabled = input.rules.filter((r) => r.enabled);
  const missing = [...new Set(enabled.map((r) => r.roleName))].filter(
    (n) => !names.has(n.toLowerCase()),
  );
  const cost = costOf(reads);
  if (missing.length)
    return {
      ...ROLE,
      status: 'fail',
      detail: `No project role named ${missing.map((n) => `"${n}"`).join(', ')} exists in Jira.`,
      action:
        'Create the role in Jira settings > System > Project roles, or change the role name in ' +
        'the rule.',
      words: {
        detail: [say('noRoleNamed', { names: missing.map((n) => `"${n}"`).join(', ') })],
        action: say('createRole'),
      },
      cost,
    };
  const keys = input.projectsMissingRole;
  if (keys.length)
    return {
      ...ROLE,
      status: 'warn',
      detail:
        `The last run found ${count(keys.length, 'project')} without the role: ` +
        `${keys.slice(0, 10).join(', ')}${keys.length > 10 ? '…' : ''}.`,
      action:
        "Add the role to those projects' permission scheme, or exclude them from the rule. A " +
        "team-managed one has a customer role of its own: the run's skip says what to check.",
      words: {
        detail: [
          say('projectsWithoutRole', {
            count: keys.length,
            keys: `${keys.slice(0, 10).join(', ')}${keys.length > 10 ? '…' : ''}`,
          }),
        ],
        action: say('addRoleToProjects'),
      },
      cost,
    };
  return {
    ...ROLE,
    status: 'pass',
    detail: 'Every role that rules name exists.',
    words: { detail: [say('everyRoleExists')] },
    cost,
  };
}

const GROUPS: CheckHead = {
  id: 'groups-exist',
  number: 9,
  title: 'Groups that rules name still exist',
};

export function groupChecks(input: {
  rules: Rule[];
  groups: Read<{ existing: Map<string, Group>; synced: Group[] }>;
  /** groupId -> the name it had when a rule last saw it */
  knownGroupNames: Record<string, string>;
}): HealthCheck[] {
  const reads: NamedReads = [['groups', input.groups]];
  if (!input.groups.ok) return [couldNotCheck(GROUPS, input.groups.why, reads)];
  const { existing, synced } = input.groups.value;
  const enabled = input.rules.filter((r) => r.enabled);
  const ids = [...new Set(enabled.flatMap((r) => r.groupIds))];
  const deleted = ids.filter((id) => !existing.has(id));
  const cost = costOf(reads);
  if (!deleted.length)
    return [
      {
        ...GROUPS,
        status: 'pass',
        detail: 'Every group is still on the site.',
        words: { detail: [say('everyGroupExists')] },
        cost,
      },
    ];
  return deleted.map((id) => {
    const named = enabled.filter((r) => r.groupIds.includes(id)).map((r) => `"${r.name}"`);
    const rules = `${named.length === 1 ? 'rule' : 'rules'} ${named.join(', ')}`;
    const oldName = input.knownGroupNames[id];
    const successor = oldName
      ? synced.find((g) => g.name.toLowerCase() === oldName.toLowerCase() && g.groupId !== id)
      : undefined;
    return successor
      ? {
          ...GROUPS,
          id: `group-renamed-${id}`,
          title: `Group "${oldName}" was re-created by the identity provider`,
          status: 'fail',
          detail:
            `Group ${id} is gone and a synced group with the same name now has id ` +
            `${successor.groupId}. The identity provider's provisioning re-created it; ${rules} ` +
            'still name the old id, so nothing is applied for it.',
          action:
            `Edit ${rules} and pick "${successor.name}" again, after checking it is the same ` +
            'group in your identity provider.',
          words: {
            title: say('groupRecreatedTitle', { name: oldName }),
            detail: [
              say('groupRecreated', {
                id,
                newId: successor.groupId,
                count: named.length,
                rules: named.join(', '),
              }),
            ],
            action: say('groupRecreatedAction', {
              count: named.length,
              rules: named.join(', '),
              name: successor.name,
            }),
          },
          cost,
        }
      : {
          ...GROUPS,
          id: `group-deleted-${id}`,
          title: `Group ${oldName ? `"${oldName}"` : id} no longer exists`,
          status: 'fail',
          detail:
            `${rules[0].toUpperCase() + rules.slice(1)} name group ${id}, which no longer exists ` +
            'in Jira. Nothing is applied for it.',
          action: `Edit ${rules}: pick the group that replaced it, or remove it from the rule.`,
          words: {
            title: oldName
              ? say('groupDeletedTitle', { name: oldName })
              : say('groupDeletedTitleById', { id }),
            detail: [say('groupDeleted', { id, count: named.length, rules: named.join(', ') })],
            action: say('groupDeletedAction', { count: named.length, rules: named.join(', ') }),
          },
          cost,
        };
  });
}

const SIGNALS: CheckHead = {
  id: 'change-signals',
  number: 12,
  title: "The hourly run can read Jira's audit log and finds the app's changes in it",
};

/** From what the last hourly run found (no call of its own). */
export function changeSignalsCheck(input: {
  auditLog?: {
    readable: boolean;
    checkedAt: string;
    message?: string;
    ownChangesMissing?: { writtenAt: string };
  };
  /** The sweep's period now (its shortest while the log cannot be read or trusted). */
  sweepHours: number;
}): HealthCheck {
  const a = input.auditLog;
  if (!a)
    return {
      ...SIGNALS,
      status: 'unknown',
      detail: 'No hourly run has read the audit log yet (the first hourly run is a full run).',
      words: { detail: [say('signalsNotReadYet')] },
    };
  const missing = a.readable ? a.ownChangesMissing : undefined;
  if (missing)
    return {
      ...SIGNALS,
      status: 'warn',
      detail:
        `Jira's audit log did not show the app's own changes of ${utc(missing.writtenAt)} (a ` +
        'format or language the app does not recognise, or a scope refused): changes people ' +
        `make are found by the sweep only, every ${count(input.sweepHours, 'hour')}, until ` +
        'the log shows them again.',
      action:
        "Look for the app's role changes of that time in Jira settings > System > Audit log. " +
        "Shown there: report the time to the app's support (their form is new to the app). " +
        "Missing: accept the app's latest scopes (forge install --upgrade). The warning clears " +
        "at the first hourly run that finds the app's changes; until then, Run now repairs the " +
        'whole site at once.',
      words: {
        detail: [
          say('signalsOwnChangesMissing', { at: missing.writtenAt, count: input.sweepHours }),
        ],
        action: say('signalsOwnChangesMissingAction'),
      },
    };
  if (a.readable)
    return {
      ...SIGNALS,
      status: 'pass',
      detail:
        'Role changes people make are read from the audit log and repaired by the next hourly run.',
      words: { detail: [say('signalsReadable')] },
    };
  return {
    ...SIGNALS,
    status: 'warn',
    detail:
      `The hourly run could not read Jira's audit log (${a.message ?? 'refused'}), so it ` +
      'verifies projects through the rolling sweep alone: a group someone removes from a ' +
      `customer role may stay missing for up to ${count(input.sweepHours, 'hour')}.`,
    action:
      "Jira's audit log needs a paid plan (Free has none) and the app's " +
      'manage:jira-configuration scope: upgrade the plan, or accept the new scopes ' +
      '(forge install --upgrade). Until then, Run now repairs the whole site at once.',
    words: {
      detail: [say('signalsUnreadable', { why: a.message ?? 'refused', count: input.sweepHours })],
      action: say('signalsUnreadableAction'),
    },
  };
}
