// Checks that guard exposure, judged from the permission schemes of the service projects the
// rules cover: who else becomes a customer through Browse Projects (check 2), customer
// permissions given to the customer role instead of portal access (check 3), rules aimed at a
// role that carries agent or admin permissions (check 4), team-managed desks open to every
// logged-in user (check 6). Pure; role-based, so they hold whichever role a rule may name.
import type { CheckHead, NamedReads } from './health-common';
import { costOf, couldNotCheck, firstFailure, listed, num, SCREENS } from './health-common';
import type {
  ApplicationRole,
  Coverage,
  CoveredProject,
  HealthAffected,
  HealthCheck,
  PermissionGrant,
  PermissionScheme,
  Read,
  SchemeFacts,
} from './health-schemas';
import { AFFECTED_SHOWN } from './health-schemas';
import {
  type HealthPhrase,
  type HealthSentence,
  list,
  say,
  sayList,
  sayPhrases,
} from './health-sentences';
import type { Project, Rule } from './schemas';
import { ruleCoversProject } from './scope';
import { count } from './text';

/** A group granted Browse Projects with more members than this, named by no rule, is flagged. */
export const LARGE_GROUP_MEMBERS = 100;

/** What customers do on the portal: JSM grants these to "Service Desk Customer - Portal Access". */
export const CUSTOMER_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'ADD_COMMENTS',
  'CREATE_ATTACHMENTS',
];

/** Permissions that make an agent (a licence) or an administrator of whoever holds them. */
export const AGENT_OR_ADMIN_PERMISSIONS = [
  'ADMINISTER_PROJECTS',
  'EDIT_WORKFLOW',
  'EDIT_ISSUE_LAYOUT',
  'SERVICEDESK_AGENT',
  'ASSIGNABLE_USER',
  'ASSIGN_ISSUES',
  'CLOSE_ISSUES',
  'DELETE_ISSUES',
  'EDIT_ISSUES',
  'LINK_ISSUES',
  'MODIFY_REPORTER',
  'MOVE_ISSUES',
  'RESOLVE_ISSUES',
  'SCHEDULE_ISSUES',
  'SET_ISSUE_SECURITY',
  'TRANSITION_ISSUES',
  'MANAGE_WATCHERS',
  'DELETE_ALL_COMMENTS',
  'EDIT_ALL_COMMENTS',
  'DELETE_ALL_ATTACHMENTS',
  'DELETE_ALL_WORKLOGS',
  'EDIT_ALL_WORKLOGS',
  'WORK_ON_ISSUES',
];

const PERMISSION_NAMES: Record<string, string> = {
  ADMINISTER_PROJECTS: 'Administer Projects',
  EDIT_WORKFLOW: 'Edit Workflows',
  EDIT_ISSUE_LAYOUT: 'Edit Issue Layouts',
  SERVICEDESK_AGENT: 'Service Desk Agent',
  BROWSE_PROJECTS: 'Browse Projects',
  CREATE_ISSUES: 'Create Issues',
  ADD_COMMENTS: 'Add Comments',
  CREATE_ATTACHMENTS: 'Create Attachments',
  ASSIGNABLE_USER: 'Assignable User',
  ASSIGN_ISSUES: 'Assign Issues',
  CLOSE_ISSUES: 'Close Issues',
  DELETE_ISSUES: 'Delete Issues',
  EDIT_ISSUES: 'Edit Issues',
  LINK_ISSUES: 'Link Issues',
  MODIFY_REPORTER: 'Modify Reporter',
  MOVE_ISSUES: 'Move Issues',
  RESOLVE_ISSUES: 'Resolve Issues',
  SCHEDULE_ISSUES: 'Schedule Issues',
  SET_ISSUE_SECURITY: 'Set Issue Security',
  TRANSITION_ISSUES: 'Transition Issues',
  MANAGE_WATCHERS: 'Manage Watchers',
  DELETE_ALL_COMMENTS: 'Delete All Comments',
  EDIT_ALL_COMMENTS: 'Edit All Comments',
  DELETE_ALL_ATTACHMENTS: 'Delete All Attachments',
  DELETE_ALL_WORKLOGS: 'Delete All Worklogs',
  EDIT_ALL_WORKLOGS: 'Edit All Worklogs',
  WORK_ON_ISSUES: 'Work On Issues',
};
const permissionName = (key: string) => PERMISSION_NAMES[key] ?? key;

/** The service projects enabled rules cover, each with the rules that cover it. */
export function coveredProjects(rules: Rule[], projects: Project[]): CoveredProject[] {
  const enabled = rules.filter((r) => r.enabled);
  return projects.flatMap((p) => {
    const ruleIds = enabled.filter((r) => ruleCoversProject(r, p).covered).map((r) => r.id);
    return ruleIds.length ? [{ id: p.id, key: p.key, name: p.name, style: p.style, ruleIds }] : [];
  });
}

/** Each scheme used by these projects, with the projects using it. */
export function schemesInUse(
  projects: CoveredProject[],
  facts: SchemeFacts,
): { scheme: PermissionScheme; projects: CoveredProject[] }[] {
  const out = new Map<string, { scheme: PermissionScheme; projects: CoveredProject[] }>();
  for (const p of projects) {
    const id = facts.schemeOf.get(p.key);
    const scheme = id === undefined ? undefined : facts.schemes.get(id);
    if (!scheme) continue;
    const entry = out.get(scheme.id) ?? { scheme, projects: [] };
    entry.projects.push(p);
    out.set(scheme.id, entry);
  }
  return [...out.values()];
}

const isRoleGrant = (g: PermissionGrant, roleId: string) =>
  g.holder.type === 'projectRole' && g.holder.value === roleId;

/** Role ids that hold agent or admin permissions in a scheme. */
function agentRoles(scheme: PermissionScheme): Set<string> {
  return new Set(
    scheme.grants
      .filter(
        (g) =>
          g.holder.type === 'projectRole' &&
          g.holder.value &&
          AGENT_OR_ADMIN_PERMISSIONS.includes(g.permission),
      )
      .map((g) => g.holder.value!),
  );
}

/** Browse Projects grants that make people customers whom no rule names. */
export interface Exposure {
  what: string;
  /** `what` as a code, worded on the page. */
  phrase: HealthPhrase;
  /** How many people it reaches, when Jira tells. */
  people?: number;
}

export interface ExposureContext {
  ruleGroupIds: Set<string>;
  /** groupId -> members, for groups granted Browse Projects that no rule names. */
  groupSizes?: Map<string, number>;
  appRoles?: ApplicationRole[];
}

/** Groups granted Browse Projects in these schemes that no rule names: their size is needed. */
export function browseGroupsToSize(schemes: PermissionScheme[], ruleGroupIds: Set<string>) {
  const ids = new Set<string>();
  for (const s of schemes)
    for (const g of s.grants)
      if (
        g.permission === 'BROWSE_PROJECTS' &&
        g.holder.type === 'group' &&
        g.holder.value &&
        !ruleGroupIds.has(g.holder.value)
      )
        ids.add(g.holder.value);
  return [...ids];
}

export function browseExposures(scheme: PermissionScheme, ctx: ExposureContext): Exposure[] {
  const out: Exposure[] = [];
  for (const g of scheme.grants) {
    if (g.permission !== 'BROWSE_PROJECTS') continue;
    const h = g.holder;
    if (h.type === 'anyone')
      out.push({ what: 'anyone, even people without an account', phrase: say('exposureAnyone') });
    else if (h.type === 'applicationRole' && !h.value) {
      const users = ctx.appRoles?.reduce((n, r) => n + (r.userCount ?? 0), 0);
      out.push({
        what: 'every logged-in user',
        phrase: say('exposureLoggedIn'),
        ...(users ? { people: users } : {}),
      });
    } else if (h.type === 'applicationRole') {
      const role = ctx.appRoles?.find((r) => r.key === h.value);
      out.push({
        what: `every user of ${role?.name ?? h.value}`,
        phrase: say('exposureProduct', { product: role?.name ?? String(h.value) }),
        ...(role?.userCount !== undefined ? { people: role.userCount } : {}),
      });
    } else if (h.type === 'group' && h.value && !ctx.ruleGroupIds.has(h.value)) {
      const size = ctx.groupSizes?.get(h.value);
      if (size !== undefined && size > LARGE_GROUP_MEMBERS)
        out.push({
          what: `group ${h.name ?? h.value} (${num(size)} members)`,
          phrase: say('exposureGroup', { group: h.name ?? h.value, count: size }),
          people: size,
        });
    }
  }
  return out;
}

function describeExposures(list: Exposure[]): string {
  return list.map((e) => e.what).join('; ');
}

/** How many people exposures reach, where Jira told. */
function reach(list: Exposure[]): string {
  if (list.some((e) => e.people === undefined)) return 'everyone';
  return `${num(Math.max(...list.map((e) => e.people ?? 0)))} people`;
}

export interface PermissionInput {
  rules: Rule[];
  coverage: Read<Coverage>;
  schemes?: Read<SchemeFacts>;
}

/** Not every covered project could be judged: why, in English and as a code. */
function partialOf(
  coverage: Coverage,
  facts: SchemeFacts,
  projects: CoveredProject[],
): { text: string; words: HealthSentence } | undefined {
  const keys = new Set(projects.map((p) => p.key));
  const unread = facts.unread.filter((u) => keys.has(u.key));
  const text = partialText(coverage, unread);
  if (!text) return undefined;
  const code = unread.length
    ? coverage.complete
      ? 'partialUnread'
      : 'partialUnreadAndList'
    : 'partialList';
  return {
    text,
    words: unread.length
      ? sayList(code, { keys: list(unread.map((u) => u.key)) }, { why: unread[0].why })
      : say(code),
  };
}

function partialText(coverage: Coverage, unread: SchemeFacts['unread']): string | undefined {
  const parts: string[] = [];
  if (unread.length)
    parts.push(
      `Jira would not tell the permission scheme of ${listed(unread.map((u) => u.key))} ` +
        `(${unread[0].why})`,
    );
  if (!coverage.complete) parts.push('the project list was read only in part');
  return parts.length ? `Not every project was checked: ${parts.join('; ')}.` : undefined;
}

/** A check that found nothing, as codes: its sentence, then what kept the answer partial. */
function clearWords(
  sentence: HealthSentence,
  part: { words: HealthSentence } | undefined,
  sizes?: Read<unknown>,
): HealthCheck['words'] {
  const notes = [...(part ? [part.words] : [])];
  if (sizes && !sizes.ok) notes.push(say('sizesUnread', { why: sizes.why }));
  return { detail: [sentence, ...notes], ...(notes.length ? { action: say('fixReads') } : {}) };
}

/** Guard shared by the scheme-based checks: the reads, and the projects of one style. */
function schemeReads(
  head: CheckHead,
  input: PermissionInput,
  reads: NamedReads,
  style: 'classic' | 'next-gen',
): { done: HealthCheck } | { coverage: Coverage; facts: SchemeFacts; projects: CoveredProject[] } {
  const why = firstFailure([
    ['service projects', input.coverage],
    ['permission schemes', input.schemes],
  ]);
  if (why || !input.coverage.ok || !input.schemes?.ok)
    return { done: couldNotCheck(head, why ?? 'the permission schemes were not read.', reads) };
  return {
    coverage: input.coverage.value,
    facts: input.schemes.value,
    projects: input.coverage.value.projects.filter((p) => p.style === style),
  };
}

const BROWSE: CheckHead = {
  id: 'browse-grants',
  number: 2,
  title: 'Only customers browse service projects',
  link: SCREENS.permissionSchemes,
};

/** Check 2: Browse Projects grants to anyone, a product, or a large group no rule names. */
export function browseGrantsCheck(
  input: PermissionInput & {
    appRoles: Read<ApplicationRole[]>;
    groupSizes?: Read<Map<string, number>>;
  },
): HealthCheck {
  const reads: NamedReads = [
    ['service projects', input.coverage],
    ['permission schemes', input.schemes],
    ['sizes of groups granted Browse Projects', input.groupSizes],
  ];
  const r = schemeReads(BROWSE, input, reads, 'classic');
  if ('done' in r) return r.done;
  if (!r.projects.length)
    return {
      ...BROWSE,
      status: 'pass',
      detail: 'No rule covers a company-managed service project yet.',
      words: { detail: [say('browseNone')] },
      cost: costOf(reads),
    };
  const ctx: ExposureContext = {
    ruleGroupIds: new Set(input.rules.filter((x) => x.enabled).flatMap((x) => x.groupIds)),
    ...(input.groupSizes?.ok ? { groupSizes: input.groupSizes.value } : {}),
    ...(input.appRoles.ok ? { appRoles: input.appRoles.value } : {}),
  };
  const flagged: { project: CoveredProject; scheme: PermissionScheme; list: Exposure[] }[] = [];
  for (const { scheme, projects } of schemesInUse(r.projects, r.facts)) {
    const list = browseExposures(scheme, ctx);
    if (list.length) for (const project of projects) flagged.push({ project, scheme, list });
  }
  const part = partialOf(r.coverage, r.facts, r.projects);
  const partial = part?.text;
  const sizesNote =
    input.groupSizes && !input.groupSizes.ok
      ? ` Group sizes could not be read (${input.groupSizes.why}).`
      : '';
  const clear = say('browseClear', { count: r.projects.length, members: LARGE_GROUP_MEMBERS });
  if (!flagged.length)
    return {
      ...BROWSE,
      status: partial || sizesNote ? 'warn' : 'pass',
      detail:
        `Browse Projects in the schemes of ${count(r.projects.length, 'covered service project')} ` +
        `reaches no one beyond its roles, portal access and the rules' groups ` +
        `(groups over ${LARGE_GROUP_MEMBERS} members are flagged).${partial ? ` ${partial}` : ''}` +
        sizesNote,
      ...(partial || sizesNote ? { action: 'Fix what stopped the reads, then Check now.' } : {}),
      words: clearWords(clear, part, input.groupSizes),
      cost: costOf(reads),
    };
  flagged.sort((a, b) => a.project.key.localeCompare(b.project.key));
  const first = flagged[0];
  const items = browseItems(flagged);
  const schemes = [...new Set(flagged.map((f) => f.scheme.id))];
  return {
    ...BROWSE,
    link: schemes.length === 1 ? SCREENS.scheme(schemes[0]) : SCREENS.permissionSchemes,
    status: 'fail',
    detail:
      `Anyone with Browse Projects shows on a service project's Customers page. ` +
      `${reach(first.list)} appear as customers of ${first.project.key} ` +
      `(${describeExposures(first.list)})` +
      `${flagged.length > 1 ? `, and ${count(flagged.length - 1, 'other covered project')} too` : ''}.` +
      (partial ? ` ${partial}` : '') +
      sizesNote,
    action:
      'In the permission scheme, remove these Browse Projects grants: customers get Browse ' +
      'Projects through "Service Desk Customer - Portal Access", agents through their role.',
    words: browseWords(first, flagged.length - 1, part, input.groupSizes),
    affected: { noun: 'projects', total: items.length, items: items.slice(0, AFFECTED_SHOWN) },
    cost: costOf(reads),
  };
}

/** Check 2's projects, each with the grants that reach beyond its customers. */
function browseItems(
  flagged: { project: CoveredProject; scheme: PermissionScheme; list: Exposure[] }[],
): HealthAffected['items'] {
  return flagged.map((f) => ({
    id: f.project.key,
    label: `${f.project.key} (${f.project.name})`,
    note: `scheme "${f.scheme.name}" grants Browse Projects to ${describeExposures(f.list)}`,
    sentence: sayPhrases(say('browseItemNote', { scheme: f.scheme.name }), {
      exposures: f.list.map((e) => e.phrase),
    }),
    href: SCREENS.projectPermissions(f.project.key),
  }));
}

/** Check 2's finding as codes: who appears as customers of the first project, and where else. */
function browseWords(
  first: { project: CoveredProject; list: Exposure[] },
  others: number,
  part: { words: HealthSentence } | undefined,
  sizes?: Read<unknown>,
): HealthCheck['words'] {
  const everyone = first.list.some((e) => e.people === undefined);
  const values = {
    key: first.project.key,
    ...(everyone ? {} : { count: Math.max(...first.list.map((e) => e.people ?? 0)) }),
    ...(others ? { others } : {}),
  };
  const code = everyone
    ? others
      ? 'browseExposedEveryoneAndOthers'
      : 'browseExposedEveryone'
    : others
      ? 'browseExposedAndOthers'
      : 'browseExposed';
  const detail = [
    say('browseShowsAsCustomers'),
    sayPhrases(say(code, values), { exposures: first.list.map((e) => e.phrase) }),
    ...(part ? [part.words] : []),
    ...(sizes && !sizes.ok ? [say('sizesUnread', { why: sizes.why })] : []),
  ];
  return { detail, action: say('browseRemoveGrants') };
}

export interface RoleRef {
  id: string;
  name: string;
}

function roleIdOf(roles: RoleRef[], name: string): string | undefined {
  return roles.find((r) => r.name.toLowerCase() === name.toLowerCase())?.id;
}

/** Customer permissions a scheme grants to each of these roles: in English and as phrases. */
function customerGrants(
  scheme: PermissionScheme,
  roleIds: string[],
  roleName: (id: string) => string,
): { text: string; phrase: HealthPhrase }[] {
  return roleIds.flatMap((id) => {
    const perms = scheme.grants
      .filter((g) => isRoleGrant(g, id) && CUSTOMER_PERMISSIONS.includes(g.permission))
      .map((g) => permissionName(g.permission));
    return perms.length
      ? [
          {
            text: `${listed(perms)} to role ${roleName(id)}`,
            phrase: sayList('permsToRole', { perms: list(perms) }, { role: roleName(id) }),
          },
        ]
      : [];
  });
}

const PORTAL: CheckHead = {
  id: 'customer-permissions',
  number: 3,
  title: 'Customer permissions go to portal access, not to the customer role',
  link: SCREENS.permissionSchemes,
};

/** Check 3: grants of customer permissions to the rules' customer role (Atlassian KB 838416400). */
export function customerPermissionsCheck(
  input: PermissionInput & { roles: Read<RoleRef[]> },
): HealthCheck {
  const reads: NamedReads = [
    ['service projects', input.coverage],
    ['permission schemes', input.schemes],
    ['project roles', input.roles],
  ];
  const r = schemeReads(PORTAL, input, reads, 'classic');
  if ('done' in r) return r.done;
  if (!input.roles.ok) return couldNotCheck(PORTAL, input.roles.why, reads);
  const roles = input.roles.value;
  const roleIds = new Set(
    input.rules
      .filter((x) => x.enabled)
      .map((x) => roleIdOf(roles, x.roleName))
      .filter((id): id is string => id !== undefined),
  );
  const roleName = (id: string) => roles.find((x) => x.id === id)?.name ?? id;
  const flagged: {
    scheme: PermissionScheme;
    projects: CoveredProject[];
    text: string;
    phrases: HealthPhrase[];
  }[] = [];
  for (const { scheme, projects } of schemesInUse(r.projects, r.facts)) {
    // A role with agent or admin permissions is check 4's finding, not a customer role here.
    const agents = agentRoles(scheme);
    const grants = customerGrants(
      scheme,
      [...roleIds].filter((id) => !agents.has(id)),
      roleName,
    );
    if (grants.length)
      flagged.push({
        scheme,
        projects,
        text: grants.map((g) => g.text).join('; '),
        phrases: grants.map((g) => g.phrase),
      });
  }
  const part = partialOf(r.coverage, r.facts, r.projects);
  const partial = part?.text;
  if (!flagged.length)
    return {
      ...PORTAL,
      status: partial ? 'warn' : 'pass',
      detail:
        `No scheme of a covered service project grants customer permissions to the customer ` +
        `role.${partial ? ` ${partial}` : ''}`,
      ...(partial ? { action: 'Fix what stopped the reads, then Check now.' } : {}),
      words: clearWords(say('portalClear'), part),
      cost: costOf(reads),
    };
  const items = portalItems(flagged);
  return {
    ...PORTAL,
    link: flagged.length === 1 ? SCREENS.scheme(flagged[0].scheme.id) : SCREENS.permissionSchemes,
    status: 'fail',
    detail:
      `Scheme "${flagged[0].scheme.name}" grants ${flagged[0].text}. In Jira Service Management ` +
      'customer permissions belong to "Service Desk Customer - Portal Access": granted to the ' +
      'customer role, adding customers fails and open service projects become restricted ' +
      `(Atlassian KB 838416400).${flagged.length > 1 ? ` ${count(flagged.length - 1, 'other scheme')} too.` : ''}` +
      (partial ? ` ${partial}` : ''),
    action:
      'In the scheme, remove these grants from the role and grant the permissions to ' +
      '"Service Desk Customer - Portal Access" instead.',
    words: portalWords(flagged, part),
    affected: {
      noun: 'permission schemes',
      total: items.length,
      items: items.slice(0, AFFECTED_SHOWN),
    },
    cost: costOf(reads),
  };
}

/** Check 3's schemes, each with its grants to the customer role and the projects using it. */
function portalItems(
  flagged: {
    scheme: PermissionScheme;
    projects: CoveredProject[];
    text: string;
    phrases: HealthPhrase[];
  }[],
): HealthAffected['items'] {
  return flagged.map((f) => ({
    id: f.scheme.id,
    label: f.scheme.name,
    note: `${f.text}; used by ${listed(f.projects.map((p) => p.key))}`,
    sentence: sayPhrases(sayList('portalItemNote', { keys: list(f.projects.map((p) => p.key)) }), {
      grants: f.phrases,
    }),
    href: SCREENS.scheme(f.scheme.id).href,
  }));
}

/** Check 3's finding as codes: the first scheme's grants, how many more, what was not read. */
function portalWords(
  flagged: { scheme: PermissionScheme; phrases: HealthPhrase[] }[],
  part: { words: HealthSentence } | undefined,
): HealthCheck['words'] {
  return {
    detail: [
      sayPhrases(say('portalGrants', { scheme: flagged[0].scheme.name }), {
        grants: flagged[0].phrases,
      }),
      ...(flagged.length > 1 ? [say('otherSchemesToo', { count: flagged.length - 1 })] : []),
      ...(part ? [part.words] : []),
    ],
    action: say('portalMoveGrants'),
  };
}

const RULE_ROLES: CheckHead = {
  id: 'rule-roles',
  number: 4,
  title: 'Rules add groups only to a role without agent or admin permissions',
  link: SCREENS.permissionSchemes,
};

/** Check 4: a rule whose role holds agent or admin permissions in a covered project's scheme. */
export function ruleRolesCheck(input: PermissionInput & { roles: Read<RoleRef[]> }): HealthCheck {
  const reads: NamedReads = [
    ['service projects', input.coverage],
    ['permission schemes', input.schemes],
    ['project roles', input.roles],
  ];
  const r = schemeReads(RULE_ROLES, input, reads, 'classic');
  if ('done' in r) return r.done;
  if (!input.roles.ok) return couldNotCheck(RULE_ROLES, input.roles.why, reads);
  const roles = input.roles.value;
  const flagged: { rule: Rule; perms: string[]; schemes: string[] }[] = [];
  for (const rule of input.rules.filter((x) => x.enabled)) {
    const roleId = roleIdOf(roles, rule.roleName);
    if (roleId === undefined) continue; // check 8 reports a role that does not exist
    const mine = r.projects.filter((p) => p.ruleIds.includes(rule.id));
    const perms = new Set<string>();
    const schemes: string[] = [];
    for (const { scheme } of schemesInUse(mine, r.facts)) {
      const held = scheme.grants.filter(
        (g) => isRoleGrant(g, roleId) && AGENT_OR_ADMIN_PERMISSIONS.includes(g.permission),
      );
      if (!held.length) continue;
      for (const g of held) perms.add(permissionName(g.permission));
      schemes.push(`"${scheme.name}"`);
    }
    if (perms.size) flagged.push({ rule, perms: [...perms], schemes });
  }
  const part = partialOf(r.coverage, r.facts, r.projects);
  const partial = part?.text;
  if (!flagged.length)
    return {
      ...RULE_ROLES,
      status: partial ? 'warn' : 'pass',
      detail:
        "No rule's role carries agent or admin permissions in the schemes of the projects it " +
        `covers.${partial ? ` ${partial}` : ''}`,
      ...(partial ? { action: 'Fix what stopped the reads, then Check now.' } : {}),
      words: clearWords(say('ruleRolesClear'), part),
      cost: costOf(reads),
    };
  const f = flagged[0];
  const items = flagged.map((x) => ({
    id: x.rule.id,
    label: x.rule.name,
    note: `role ${x.rule.roleName} holds ${listed(x.perms, 3)} in ${listed(x.schemes, 2)}`,
    sentence: sayList(
      'ruleRoleItemNote',
      { perms: list(x.perms, 3), schemes: list(x.schemes, 2) },
      { role: x.rule.roleName },
    ),
  }));
  return {
    ...RULE_ROLES,
    status: 'fail',
    detail:
      `Rule "${f.rule.name}" adds groups to role ${f.rule.roleName}, which holds ` +
      `${listed(f.perms, 3)} in scheme ${listed(f.schemes, 2)}: every member would become an ` +
      `agent (taking a licence) or an administrator, not a customer.` +
      `${flagged.length > 1 ? ` ${count(flagged.length - 1, 'other rule')} too.` : ''}`,
    action:
      'Edit the rule on the Rules tab so that it adds groups to the customer role ' +
      '(Service Desk Customers), or take those permissions away from the role in the scheme.',
    words: {
      detail: [
        sayList(
          'ruleRoleAgent',
          { perms: list(f.perms, 3), schemes: list(f.schemes, 2) },
          { rule: f.rule.name, role: f.rule.roleName },
        ),
        ...(flagged.length > 1 ? [say('otherRulesToo', { count: flagged.length - 1 })] : []),
      ],
      action: say('ruleRoleFix'),
    },
    affected: { noun: 'rules', total: items.length, items: items.slice(0, AFFECTED_SHOWN) },
    cost: costOf(reads),
  };
}

/** Check 6's finding as codes. */
function openWords(
  anyone: boolean,
  keys: string[],
  part: { words: HealthSentence } | undefined,
): HealthCheck['words'] {
  const code = anyone ? 'openDesksAnyone' : 'openDesksLoggedIn';
  return {
    detail: [
      sayList(code, { keys: list(keys) }, { count: keys.length }),
      ...(part ? [part.words] : []),
    ],
    action: say('openDesksPrivate'),
  };
}

const OPEN: CheckHead = {
  id: 'open-desks',
  number: 6,
  title: 'Team-managed service projects are not open to everyone',
  link: SCREENS.permissionSchemes,
};

/** Check 6: a covered team-managed desk whose access lets every logged-in user in. */
export function openDesksCheck(input: PermissionInput): HealthCheck {
  const reads: NamedReads = [
    ['service projects', input.coverage],
    ['permission schemes', input.schemes],
  ];
  const r = schemeReads(OPEN, input, reads, 'next-gen');
  if ('done' in r) return r.done;
  if (!r.projects.length)
    return {
      ...OPEN,
      status: 'pass',
      detail: 'No rule covers a team-managed service project.',
      words: { detail: [say('openDesksNone')] },
      cost: costOf(reads),
    };
  const open: { project: CoveredProject; who: string; anyone: boolean }[] = [];
  for (const { scheme, projects } of schemesInUse(r.projects, r.facts)) {
    const grants = scheme.grants.filter((g) => g.permission === 'BROWSE_PROJECTS');
    const who = grants.some((g) => g.holder.type === 'anyone')
      ? 'anyone on the web'
      : grants.some((g) => g.holder.type === 'applicationRole')
        ? 'every logged-in user'
        : undefined;
    const anyone = who === 'anyone on the web';
    if (who) for (const project of projects) open.push({ project, who, anyone });
  }
  const part = partialOf(r.coverage, r.facts, r.projects);
  const partial = part?.text;
  const unread = r.facts.unread.filter((u) => r.projects.some((p) => p.key === u.key));
  if (!open.length) {
    if (unread.length === r.projects.length)
      return couldNotCheck(
        OPEN,
        `Jira does not tell the access of ${listed(unread.map((u) => u.key))} (${unread[0].why})`,
        reads,
      );
    return {
      ...OPEN,
      status: partial ? 'warn' : 'pass',
      detail:
        `${count(r.projects.length, 'covered team-managed service project')}: none lets every ` +
        `logged-in user in.${partial ? ` ${partial}` : ''}`,
      ...(partial ? { action: 'Fix what stopped the reads, then Check now.' } : {}),
      words: clearWords(say('openDesksClear', { count: r.projects.length }), part),
      cost: costOf(reads),
    };
  }
  open.sort((a, b) => a.project.key.localeCompare(b.project.key));
  const keys = open.map((o) => o.project.key);
  return {
    ...OPEN,
    link: { label: `${keys[0]} access`, href: SCREENS.teamManagedAccess(keys[0]) },
    status: 'fail',
    detail:
      `${open[0].who[0].toUpperCase()}${open[0].who.slice(1)} is already a customer of ` +
      `${listed(keys)}: ${keys.length === 1 ? 'its' : 'their'} access is open, so the rules add ` +
      `nothing there and people no rule names see ${keys.length === 1 ? 'its' : 'their'} portal.` +
      (partial ? ` ${partial}` : ''),
    action:
      "If only the rules' groups should be customers there, set the project's access to " +
      'Private in Project settings > Access.',
    words: openWords(open[0].anyone, keys, part),
    affected: {
      noun: 'projects',
      total: open.length,
      items: open.slice(0, AFFECTED_SHOWN).map((o) => ({
        id: o.project.key,
        label: `${o.project.key} (${o.project.name})`,
        note: `open to ${o.who}`,
        sentence: say(o.anyone ? 'openToAnyone' : 'openToLoggedIn'),
        href: SCREENS.teamManagedAccess(o.project.key),
      })),
    },
    cost: costOf(reads),
  };
}
