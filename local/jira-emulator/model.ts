// The emulated site's data, in one place. Sets and maps keep every lookup O(1); the JSON shapes
// Jira answers with are made from these in render.ts.

export type AccountType = 'atlassian' | 'app' | 'customer';
export type ManagedBy = 'ADMINS' | 'EXTERNAL';
export type ProjectTypeKey = 'service_desk' | 'software' | 'business';
export type ProjectStyle = 'classic' | 'next-gen';

export interface User {
  accountId: string;
  emailAddress: string;
  displayName: string;
  accountType: AccountType;
  active: boolean;
  /** groupIds; mirrored by Group.members. */
  groups: Set<string>;
  /** Set when an identity provider provisioned this account (SCIM). */
  scim?: ScimUserRecord;
}

export interface ScimUserRecord {
  directoryId: string;
  userName: string;
  externalId?: string;
  givenName?: string;
  familyName?: string;
  created: string;
  lastModified: string;
}

export interface Group {
  groupId: string;
  name: string;
  managedBy: ManagedBy;
  /** The SCIM directory that owns this group (managedBy EXTERNAL). */
  directoryId?: string;
  externalId?: string;
  members: Set<string>;
  created: string;
  lastModified: string;
}

export interface Role {
  id: number;
  name: string;
  description: string;
  /** Team-managed projects have their own roles: the project's id. Absent for global roles. */
  projectId?: string;
}

export interface Actors {
  groups: Set<string>;
  users: Set<string>;
}

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string;
  projectTypeKey: ProjectTypeKey;
  style: ProjectStyle;
  leadAccountId: string;
  categoryId?: string;
  uuid: string;
  /** Team-managed only: the project's own roles by purpose (see TEAM_MANAGED_ROLES). */
  ownRoles?: Partial<Record<keyof typeof TEAM_MANAGED_ROLES, number>>;
  actors: Map<number, Actors>;
  serviceDeskId?: string;
  /** Customers added through JSM (POST servicedesk/{id}/customer), by accountId. */
  customers: Set<string>;
  organizationIds: Set<string>;
  /** The permission scheme assigned to the project (team-managed: its own). */
  permissionSchemeId?: number;
  /** Team-managed only. */
  accessLevel?: AccessLevel;
}

export interface Category {
  id: string;
  name: string;
  description: string;
}

export interface ApplicationRole {
  key: string;
  name: string;
  groups: Set<string>;
  defaultGroups: Set<string>;
  selectedByDefault: boolean;
  numberOfSeats: number;
}

export interface Organization {
  id: string;
  name: string;
  members: Set<string>;
  created: string;
}

export interface Directory {
  id: string;
  name: string;
}

/** Well-known global role ids. Company-managed projects share these; names can change. */
export const ROLE = {
  DEVELOPERS: 10001,
  ADMINISTRATORS: 10002,
  ADDONS_PROJECT_ACCESS: 10003,
  SERVICE_DESK_TEAM: 10100,
  SERVICE_DESK_CUSTOMERS: 10101,
} as const;

/** Role names of a team-managed project, by purpose (ids differ per project). */
export const TEAM_MANAGED_ROLES = {
  administrator: 'Administrator',
  member: 'Member',
  viewer: 'Viewer',
  customer: 'Service Desk Customers',
} as const;

/** A permission scheme grant's holder, as Jira's PermissionHolder: `type`, and for some types a parameter. */
export interface PermissionHolder {
  /** anyone, applicationRole, group, projectRole, sd.customer.portal.only, user, projectLead... */
  type: string;
  /** group: groupId; projectRole: role id; applicationRole: product key ('' = any product); user: accountId. */
  value?: string;
}

export interface PermissionGrant {
  id: number;
  permission: string;
  holder: PermissionHolder;
}

export interface PermissionScheme {
  id: number;
  name: string;
  description: string;
  grants: PermissionGrant[];
  /** Team-managed projects have a scheme of their own, made from their access level. */
  projectId?: string;
}

/** A team-managed project's access: who may see it (and so be its customer). */
export type AccessLevel = 'open' | 'limited' | 'private';

/** The site's Jira plan: Free has no audit log; Tier 2 quotas follow the plan. */
export type Plan = 'free' | 'standard' | 'premium' | 'enterprise';
export const PLANS = ['free', 'standard', 'premium', 'enterprise'] as const;

/** The site's language: Jira writes audit record summaries in it (see audit-log.ts). */
export type Language = 'en' | 'de';
export const LANGUAGES = ['en', 'de'] as const;

/** One item an audit record names (AssociatedItemBean). */
export interface AuditItem {
  id: string;
  name: string;
  typeName: string;
  parentId?: string;
  parentName?: string;
}

/** One entry of Jira's audit log (AuditRecordBean). */
export interface AuditRecord {
  id: number;
  summary: string;
  category: string;
  eventSource: string;
  created: string;
  authorAccountId?: string;
  remoteAddress?: string;
  objectItem?: AuditItem;
  associatedItems?: AuditItem[];
  changedValues?: { fieldName: string; changedFrom?: string; changedTo?: string }[];
}
