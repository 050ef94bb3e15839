// What one record of Jira's audit log says about a project role, read by its object and
// associated item types and ids, never by its summary: Jira writes summaries in the site's
// language. Pure: no I/O.
import type { AuditRecord } from '../jira/audit-records';

export interface RoleChange {
  projectId: string;
  roleId: string;
  /** Group names in the role before and after (Jira's `Groups` changed value), when it says. */
  groupsBefore?: string[];
  groupsAfter?: string[];
}

/** The role change a record describes: a project role as object, its project associated. */
export function roleChangeOf(r: AuditRecord): RoleChange | undefined {
  if (r.objectItem?.typeName !== 'PROJECT_ROLE' || !r.objectItem.id) return undefined;
  const project = r.associatedItems?.find((a) => a.typeName === 'PROJECT' && a.id);
  if (!project?.id) return undefined;
  // The field is named in the site's language too; the group names are what it carries.
  const groups = r.changedValues?.find((v) => /^groups?$/i.test(v.fieldName ?? ''));
  return {
    projectId: project.id,
    roleId: r.objectItem.id,
    ...(groups
      ? { groupsBefore: names(groups.changedFrom), groupsAfter: names(groups.changedTo) }
      : {}),
  };
}

export const isRoleChangeRecord = (r: AuditRecord): boolean => roleChangeOf(r) !== undefined;

/**
 * Whether the record is the app's own change of this role in this project that put a group
 * with one of `groupNames` into it (absent before, present after). Without a group name, any
 * change of that role by the app counts.
 */
export function isAppsRoleChange(
  r: AuditRecord,
  appAccountId: string,
  projectId: string,
  roleId: string,
  groupNames?: readonly string[],
): boolean {
  if (r.authorAccountId !== appAccountId) return false;
  const change = roleChangeOf(r);
  if (!change || change.projectId !== projectId || change.roleId !== roleId) return false;
  if (!groupNames) return true;
  const wanted = new Set(groupNames.map(fold));
  const before = new Set((change.groupsBefore ?? []).map(fold));
  return (change.groupsAfter ?? []).some((n) => wanted.has(fold(n)) && !before.has(fold(n)));
}

const fold = (name: string) => name.trim().toLowerCase();

function names(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
}
