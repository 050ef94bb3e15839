// Permission schemes: the grants Jira keeps per scheme, and which scheme each project uses.
// Company-managed service projects get the default Jira Service Management scheme (JSM's
// grants: agents through Service Desk Team, customers through "Service Desk Customer - Portal
// Access", sd.customer.portal.only), software projects Jira's Default Permission Scheme (id 0).
// A team-managed project has a scheme of its own, made from its access level.
// The emulator's own access checks (permissions.ts) keep following the defaults by role
// purpose: grants here are data Jira answers with, as the REST API shows them.
import type {
  AccessLevel,
  PermissionGrant,
  PermissionHolder,
  PermissionScheme,
  Project,
} from './model';
import { ROLE } from './model';
import type { State } from './state';

export const DEFAULT_SCHEME_ID = 0;
export const JSM_SCHEME_ID = 10000;

/** Jira's built-in project permissions (the spec's "Built-in permissions"). */
export const GRANTABLE_PERMISSIONS = [
  'ADMINISTER_PROJECTS',
  'EDIT_WORKFLOW',
  'EDIT_ISSUE_LAYOUT',
  'BROWSE_PROJECTS',
  'MANAGE_SPRINTS_PERMISSION',
  'SERVICEDESK_AGENT',
  'VIEW_DEV_TOOLS',
  'VIEW_READONLY_WORKFLOW',
  'ASSIGNABLE_USER',
  'ASSIGN_ISSUES',
  'CLOSE_ISSUES',
  'CREATE_ISSUES',
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
  'VIEW_VOTERS_AND_WATCHERS',
  'ADD_COMMENTS',
  'DELETE_ALL_COMMENTS',
  'DELETE_OWN_COMMENTS',
  'EDIT_ALL_COMMENTS',
  'EDIT_OWN_COMMENTS',
  'CREATE_ATTACHMENTS',
  'DELETE_ALL_ATTACHMENTS',
  'DELETE_OWN_ATTACHMENTS',
  'DELETE_ALL_WORKLOGS',
  'DELETE_OWN_WORKLOGS',
  'EDIT_ALL_WORKLOGS',
  'EDIT_OWN_WORKLOGS',
  'WORK_ON_ISSUES',
] as const;

/** Holder types the spec lists. */
export const HOLDER_TYPES = [
  'anyone',
  'applicationRole',
  'assignee',
  'group',
  'groupCustomField',
  'projectLead',
  'projectRole',
  'reporter',
  'sd.customer.portal.only',
  'user',
  'userCustomField',
] as const;

/** What customers do on the portal, granted to "Service Desk Customer - Portal Access". */
const CUSTOMER_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'ADD_COMMENTS',
  'CREATE_ATTACHMENTS',
];
/** Working on requests: agents (and project admins). */
const AGENT_PERMISSIONS = [
  'SERVICEDESK_AGENT',
  'VIEW_READONLY_WORKFLOW',
  'ASSIGNABLE_USER',
  'ASSIGN_ISSUES',
  'CLOSE_ISSUES',
  'EDIT_ISSUES',
  'LINK_ISSUES',
  'RESOLVE_ISSUES',
  'TRANSITION_ISSUES',
  'MANAGE_WATCHERS',
  'VIEW_VOTERS_AND_WATCHERS',
  'EDIT_OWN_COMMENTS',
  'DELETE_OWN_COMMENTS',
  'DELETE_OWN_ATTACHMENTS',
  'WORK_ON_ISSUES',
];

const role = (id: number): PermissionHolder => ({ type: 'projectRole', value: String(id) });
const PORTAL: PermissionHolder = { type: 'sd.customer.portal.only' };
const ANY_LOGGED_IN: PermissionHolder = { type: 'applicationRole', value: '' };

function nextGrantId(s: State): number {
  s.counters.grant = (s.counters.grant ?? 10000) + 1;
  return s.counters.grant;
}

export function addGrant(
  s: State,
  scheme: PermissionScheme,
  permission: string,
  holder: PermissionHolder,
): PermissionGrant {
  const g = { id: nextGrantId(s), permission, holder: { ...holder } };
  scheme.grants.push(g);
  s.touch();
  return g;
}

function grantAll(
  s: State,
  scheme: PermissionScheme,
  permissions: string[],
  holders: PermissionHolder[],
) {
  for (const p of permissions) for (const h of holders) addGrant(s, scheme, p, h);
}

function jsmGrants(s: State, scheme: PermissionScheme): void {
  const admins = role(ROLE.ADMINISTRATORS);
  const team = role(ROLE.SERVICE_DESK_TEAM);
  grantAll(s, scheme, ['ADMINISTER_PROJECTS', 'DELETE_ISSUES', 'DELETE_ALL_COMMENTS'], [admins]);
  grantAll(s, scheme, CUSTOMER_PERMISSIONS, [admins, team, PORTAL]);
  grantAll(s, scheme, AGENT_PERMISSIONS, [admins, team]);
}

function softwareGrants(s: State, scheme: PermissionScheme): void {
  const admins = role(ROLE.ADMINISTRATORS);
  grantAll(s, scheme, ['ADMINISTER_PROJECTS'], [admins]);
  grantAll(
    s,
    scheme,
    ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'ADD_COMMENTS'],
    [ANY_LOGGED_IN],
  );
}

/** Jira's Default Permission Scheme (id 0) and the default JSM scheme; idempotent. */
export function ensureDefaultSchemes(s: State): void {
  if (!s.permissionSchemes.has(DEFAULT_SCHEME_ID)) {
    const d: PermissionScheme = {
      id: DEFAULT_SCHEME_ID,
      name: 'Default Permission Scheme',
      description: 'This is the default Permission Scheme. New projects use it.',
      grants: [],
    };
    s.permissionSchemes.set(d.id, d);
    softwareGrants(s, d);
  }
  if (!s.permissionSchemes.has(JSM_SCHEME_ID)) {
    const j: PermissionScheme = {
      id: JSM_SCHEME_ID,
      name: 'Default Jira Service Management Permission Scheme',
      description:
        'Agents work through Service Desk Team; customers through Service Desk Customer - Portal Access.',
      grants: [],
    };
    s.permissionSchemes.set(j.id, j);
    jsmGrants(s, j);
  }
}

/** A team-managed project's grants for its access level (its own roles by purpose). */
function teamManagedGrants(s: State, p: Project, scheme: PermissionScheme): void {
  const own = p.ownRoles ?? {};
  const admin = own.administrator !== undefined ? [role(own.administrator)] : [];
  const members = [...admin, ...(own.member !== undefined ? [role(own.member)] : [])];
  const viewers = [...members, ...(own.viewer !== undefined ? [role(own.viewer)] : [])];
  const desk = p.projectTypeKey === 'service_desk';
  const level = p.accessLevel ?? 'private';
  grantAll(s, scheme, ['ADMINISTER_PROJECTS'], admin);
  grantAll(s, scheme, desk ? AGENT_PERMISSIONS : ['EDIT_ISSUES', 'TRANSITION_ISSUES'], members);
  // Open and limited: every logged-in user with product access sees the project.
  const browse = level === 'private' ? viewers : [...viewers, ANY_LOGGED_IN];
  grantAll(s, scheme, ['BROWSE_PROJECTS'], desk ? [...browse, PORTAL] : browse);
  const create = level === 'open' ? [...members, ANY_LOGGED_IN] : members;
  grantAll(s, scheme, ['CREATE_ISSUES', 'ADD_COMMENTS'], desk ? [...create, PORTAL] : create);
}

/** Gives a new project its scheme: the default one of its kind, or its own (team-managed). */
export function assignDefaultScheme(s: State, p: Project): void {
  ensureDefaultSchemes(s);
  if (!p.ownRoles) {
    p.permissionSchemeId = p.projectTypeKey === 'service_desk' ? JSM_SCHEME_ID : DEFAULT_SCHEME_ID;
    return;
  }
  s.counters.permissionScheme = (s.counters.permissionScheme ?? JSM_SCHEME_ID) + 1;
  const own: PermissionScheme = {
    id: s.counters.permissionScheme,
    name: `Permissions of team-managed project ${p.key}`,
    description: `The access level of ${p.key} decides these grants.`,
    grants: [],
    projectId: p.id,
  };
  s.permissionSchemes.set(own.id, own);
  p.permissionSchemeId = own.id;
  teamManagedGrants(s, p, own);
}

/** A team-managed project's access level, and the grants that follow from it. */
export function setAccessLevel(s: State, p: Project, level: AccessLevel): void {
  p.accessLevel = level;
  const own =
    p.permissionSchemeId !== undefined ? s.permissionSchemes.get(p.permissionSchemeId) : undefined;
  if (!own || own.projectId !== p.id) return;
  own.grants = [];
  teamManagedGrants(s, p, own);
  s.touch();
}

export function schemeOf(s: State, p: Project): PermissionScheme | undefined {
  if (p.permissionSchemeId === undefined) assignDefaultScheme(s, p);
  return s.permissionSchemes.get(p.permissionSchemeId!);
}

/** Same permission and holder: Jira refuses a second such grant. */
export function sameGrant(a: Omit<PermissionGrant, 'id'>, b: Omit<PermissionGrant, 'id'>): boolean {
  return (
    a.permission === b.permission &&
    a.holder.type === b.holder.type &&
    (a.holder.value ?? '') === (b.holder.value ?? '')
  );
}
