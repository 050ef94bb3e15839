// The seed recipe's preconditions, judged from what was read from the site: every check, in the
// order of its number. Pure: the reads happen in src/enforce/health/health.ts; a read Jira refused
// arrives as a failed Read and makes the checks that need it "could not check: <why>".
import { guardRailsCheck } from './health-guard-rails';
import { agentSeatsCheck, agentsGroupCheck, defaultAccessCheck } from './health-licences';
import { organizationsCheck } from './health-orgs';
import type { RoleRef } from './health-permissions';
import {
  browseGrantsCheck,
  customerPermissionsCheck,
  openDesksCheck,
  ruleRolesCheck,
} from './health-permissions';
import { schemeReadsText, schemeReadsWords } from './health-rotation';
import type {
  AgentOverlap,
  ApplicationRole,
  Coverage,
  HealthCheck,
  Read,
  RecentAccounts,
  SchemeFacts,
} from './health-schemas';
import { changeSignalsCheck, groupChecks, roleExistsCheck, rulesCheck } from './health-site';
import type { OrgPlanSummary } from './org-plan';
import type { Group, Rule } from './schemas';

export interface HealthInput {
  rules: Rule[];
  /** groupId -> name it had when a rule last saw it */
  knownGroupNames: Record<string, string>;
  /** projects the last finished run found without the rule's role */
  projectsMissingRole: string[];
  appRoles: Read<ApplicationRole[]>;
  /** Groups rules name that exist, by id; and the synced groups on the site now. */
  groups: Read<{ existing: Map<string, Group>; synced: Group[] }>;
  /** Jira's global project roles. */
  roles: Read<RoleRef[]>;
  coverage: Read<Coverage>;
  /** Absent when the coverage could not be read. */
  schemes?: Read<SchemeFacts>;
  groupSizes?: Read<Map<string, number>>;
  /** Absent when there is nothing to cross (no customer group, or no other agent group). */
  overlap?: Read<AgentOverlap>;
  recent: Read<RecentAccounts>;
  /** The removal setting: whether runs take out the bindings of a refused group the app made. */
  removeUnwanted?: boolean;
  /** The newest finished site run's organization results, if it had any. */
  organizations?: OrgPlanSummary[];
  /** What the last hourly run found of Jira's audit log; absent before the first. */
  changeSignals?: Parameters<typeof changeSignalsCheck>[0];
}

/** The groups enabled rules name that exist now (all of them when groups could not be read). */
export function customerGroupIds(rules: Rule[], existing?: Map<string, Group>): string[] {
  const ids = [...new Set(rules.filter((r) => r.enabled).flatMap((r) => r.groupIds))];
  return existing ? ids.filter((id) => existing.has(id)) : ids;
}

/** The checks judged from project permission schemes, which say when those were read. */
const SCHEME_CHECKS = new Set([
  'browse-grants',
  'customer-permissions',
  'rule-roles',
  'open-desks',
]);

function withSchemeAge(c: HealthCheck, schemes: HealthInput['schemes']): HealthCheck {
  if (!schemes?.ok || c.status === 'unknown' || !SCHEME_CHECKS.has(c.id)) return c;
  const detail = `${c.detail} ${schemeReadsText(schemes.value.reads)}`;
  if (!c.words) return { ...c, detail };
  const words = {
    ...c.words,
    detail: [...c.words.detail, ...schemeReadsWords(schemes.value.reads)],
  };
  return { ...c, detail, words };
}

export function evaluateHealth(input: HealthInput): HealthCheck[] {
  return judge(input).map((c) => withSchemeAge(c, input.schemes));
}

function judge(input: HealthInput): HealthCheck[] {
  const existing = input.groups.ok ? input.groups.value.existing : undefined;
  const productGroups: Record<string, string> = {};
  if (input.appRoles.ok)
    for (const r of input.appRoles.value) Object.assign(productGroups, r.groupNames);
  const name = (id: string): string =>
    existing?.get(id)?.name ?? input.knownGroupNames[id] ?? productGroups[id] ?? id;
  const licence = {
    customerGroupIds: customerGroupIds(input.rules, existing),
    name,
    appRoles: input.appRoles,
  };
  const permissions = {
    rules: input.rules,
    coverage: input.coverage,
    ...(input.schemes ? { schemes: input.schemes } : {}),
  };
  return [
    agentSeatsCheck({ ...licence, ...(input.overlap ? { overlap: input.overlap } : {}) }),
    browseGrantsCheck({
      ...permissions,
      appRoles: input.appRoles,
      ...(input.groupSizes ? { groupSizes: input.groupSizes } : {}),
    }),
    customerPermissionsCheck({ ...permissions, roles: input.roles }),
    ruleRolesCheck({ ...permissions, roles: input.roles }),
    defaultAccessCheck({ ...licence, recent: input.recent }),
    openDesksCheck(permissions),
    rulesCheck(input.rules),
    roleExistsCheck({
      rules: input.rules,
      roles: input.roles,
      projectsMissingRole: input.projectsMissingRole,
    }),
    ...groupChecks({
      rules: input.rules,
      groups: input.groups,
      knownGroupNames: input.knownGroupNames,
    }),
    agentsGroupCheck(licence),
    guardRailsCheck({
      rules: input.rules,
      groups: input.groups,
      appRoles: input.appRoles,
      removeUnwanted: input.removeUnwanted ?? true,
    }),
    ...[organizationsCheck(input.rules, input.organizations)].filter(
      (c): c is HealthCheck => c !== undefined,
    ),
    ...(input.changeSignals ? [changeSignalsCheck(input.changeSignals)] : []),
  ];
}
