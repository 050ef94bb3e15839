// Check 11: what the guard rails refuse, judged as a run judges it (guard-rails.ts). A group an
// enabled rule names that turned into an administration, app or product group is skipped where
// it is named until it is fine again; a stored rule of another role than the customer role
// (written before the guard rails, or changed in storage) adds nothing. The app changes no rule:
// this check says what runs skip and why. Pure.
import {
  productsGrantedBy,
  refusedGroupsOf,
  refusedGroupSummary,
  roleRefusal,
} from './guard-rails';
import type { NamedReads } from './health-common';
import { type CheckHead, costOf, couldNotCheck, listed, SCREENS } from './health-common';
import type { ApplicationRole, HealthCheck, Read } from './health-schemas';
import { say } from './health-sentences';
import type { Group, Rule } from './schemas';

const HEAD: CheckHead = { id: 'guard-rails', number: 11, title: 'Rules make customers only' };

export function guardRailsCheck(input: {
  rules: Rule[];
  groups: Read<{ existing: Map<string, Group> }>;
  appRoles: Read<ApplicationRole[]>;
  removeUnwanted: boolean;
}): HealthCheck {
  const reads: NamedReads = [
    ['groups', input.groups],
    ['application roles', input.appRoles],
  ];
  if (!input.groups.ok) return couldNotCheck(HEAD, input.groups.why, reads);
  if (!input.appRoles.ok) return couldNotCheck(HEAD, input.appRoles.why, reads);
  const { existing } = input.groups.value;
  const appRoles = input.appRoles.value;
  const productAccess = new Map(
    [...existing.keys()].map((id) => [id, productsGrantedBy(id, appRoles)] as const),
  );
  const enabled = input.rules.filter((r) => r.enabled);
  const groups = refusedGroupsOf(enabled, existing, productAccess);
  const roles = enabled.flatMap((rule) => {
    const refusal = roleRefusal(rule.roleName);
    return refusal ? [{ rule, refusal }] : [];
  });
  const cost = costOf(reads);
  if (!groups.length && !roles.length)
    return {
      ...HEAD,
      status: 'pass',
      detail: 'Every rule targets the customer role with groups that grant no other access.',
      words: { detail: [say('guardRailsPass')] },
      cost,
    };
  const name = (id: string) => enabled.find((r) => r.id === id)?.name ?? id;
  const detail = [
    ...groups.map((g) => refusedGroupSummary(g, g.ruleIds.map(name), input.removeUnwanted)),
    ...roles.map(
      ({ rule, refusal }) =>
        `Rule "${rule.name}" adds nothing, every run skips it: ${refusal.message}`,
    ),
  ].join(' ');
  const products = groups.some((g) => g.code === 'group-product-access');
  const actions = [
    ...(groups.length
      ? [
          `If the identity provider changed ${listed(groups.map((g) => `'${g.name}'`))} by ` +
            `mistake, change it back there${products ? ' (or take the group out of product access)' : ''}: ` +
            'the next run enforces it again. If it really is such a group now, take it out of ' +
            'the rules that name it.',
        ]
      : []),
    ...(roles.length
      ? [
          `Edit ${listed(roles.map(({ rule }) => `"${rule.name}"`))}: rules target the customer role only.`,
        ]
      : []),
  ];
  return {
    ...HEAD,
    status: 'fail',
    detail,
    action: actions.join(' '),
    ...(products ? { link: SCREENS.productAccess } : {}),
    cost,
  };
}
