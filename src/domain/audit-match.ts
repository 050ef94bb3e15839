// What one of Jira's audit records says about project roles, read from its items' types and ids
// rather than its summary: Jira writes summaries in the site's language ("Project roles changed",
// "Projektrollen geändert"), while the object (typeName PROJECT_ROLE, the role's id) and the
// associated item (typeName PROJECT, the project's id) are the same on every site. Pure: shared
// by the hourly change signals and by the proof that an add was the app's. Names in
// changedValues are Jira's ("Groups": group names, comma-separated, before -> after).

export interface AuditItemLike {
  id?: string;
  typeName?: string;
}

export interface AuditRecordLike {
  summary?: string;
  created?: string;
  authorAccountId?: string;
  objectItem?: AuditItemLike;
  associatedItems?: AuditItemLike[];
  changedValues?: { fieldName?: string; changedFrom?: string; changedTo?: string }[];
}

export interface RoleChange {
  projectId: string;
  roleId: string;
  /** The role's groups before and after, by name, when the record says the groups changed. */
  groupsBefore?: string[];
  groupsAfter?: string[];
}

/** A change of one project's role actors: the role as object, the project associated. */
export function isRoleChangeRecord(r: AuditRecordLike): boolean {
  return roleChangeOf(r) !== undefined;
}

export function roleChangeOf(r: AuditRecordLike): RoleChange | undefined {
  const role = r.objectItem;
  if (role?.typeName !== 'PROJECT_ROLE' || !role.id) return undefined;
  const project = r.associatedItems?.find((a) => a.typeName === 'PROJECT' && a.id);
  if (!project?.id) return undefined;
  const groups = r.changedValues?.find((v) => v.fieldName === 'Groups');
  return {
    projectId: project.id,
    roleId: role.id,
    ...(groups
      ? { groupsBefore: namesOf(groups.changedFrom), groupsAfter: namesOf(groups.changedTo) }
      : {}),
  };
}

/**
 * The app's own change of `roleId` in `projectId` (its account the author), and, when
 * `groupName` is given, one that put that group into the role (absent before, present after).
 * Strict on purpose: this is proof of ownership, and in doubt a binding is a person's.
 */
export function isAppsRoleChange(
  r: AuditRecordLike,
  appAccountId: string,
  projectId: string,
  roleId: string,
  groupName?: string,
): boolean {
  if (!appAccountId || r.authorAccountId !== appAccountId) return false;
  const change = roleChangeOf(r);
  if (change?.projectId !== projectId || change.roleId !== roleId) return false;
  if (groupName === undefined) return true;
  return (
    !!change.groupsAfter?.includes(groupName) && !(change.groupsBefore ?? []).includes(groupName)
  );
}

/**
 * Jira lists names joined by ", " (empty or absent: none). A name that itself holds ", " cannot
 * be told apart from two names: it is then never found, which proves nothing (the safe side).
 */
function namesOf(list: string | undefined): string[] {
  return list ? list.split(', ').filter(Boolean) : [];
}

/**
 * Whether the record put a group with one of these names into the role (absent before, present
 * after), whoever made it: the newest such record says who made the binding that is there now.
 */
export function entersRole(
  r: AuditRecordLike,
  projectId: string,
  roleId: string,
  groupNames: readonly string[],
): boolean {
  const change = roleChangeOf(r);
  if (change?.projectId !== projectId || change.roleId !== roleId) return false;
  return groupNames.some(
    (n) => !!change.groupsAfter?.includes(n) && !(change.groupsBefore ?? []).includes(n),
  );
}
