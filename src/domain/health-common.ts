// What every health check shares: the Jira screens they link to, "could not check", the cost of
// the reads behind a check, and lists trimmed for reading. Pure.
import type { HealthAffected, HealthCheck, Read } from './health-schemas';
import { AFFECTED_SHOWN } from './health-schemas';
import { say } from './health-sentences';

/** Jira admin screens, relative to the site URL. */
export const SCREENS = {
  productAccess: { label: 'Product access', href: '/secure/admin/ApplicationAccess.jspa' },
  permissionSchemes: {
    label: 'Permission schemes',
    href: '/secure/admin/ViewPermissionSchemes.jspa',
  },
  projectRoles: { label: 'Project roles', href: '/secure/project/ViewProjectRoles.jspa' },
  scheme: (id: string) => ({
    label: 'Permission scheme',
    href: `/secure/admin/EditPermissions!default.jspa?schemeId=${encodeURIComponent(id)}`,
  }),
  projectPermissions: (key: string) =>
    `/plugins/servlet/project-config/${encodeURIComponent(key)}/permissions`,
  teamManagedAccess: (key: string) =>
    `/jira/servicedesk/projects/${encodeURIComponent(key)}/settings/access`,
};

export type CheckHead = Pick<HealthCheck, 'id' | 'number' | 'title' | 'link'>;

/** The reads behind a check, by name, for its cost. */
export type NamedReads = [string, Read<unknown> | undefined][];

export function costOf(reads: NamedReads): HealthCheck['cost'] {
  const used = reads.filter((r): r is [string, Read<unknown>] => r[1] !== undefined);
  return {
    calls: used.reduce((n, [, r]) => n + r.calls, 0),
    reads: used.map(([name]) => name),
  };
}

/** The first failed read's reason, if any. */
export function firstFailure(reads: NamedReads): string | undefined {
  for (const [, r] of reads) if (r && !r.ok) return r.why;
  return undefined;
}

/** The check when a read it cannot do without was refused. */
export function couldNotCheck(head: CheckHead, why: string, reads: NamedReads): HealthCheck {
  return {
    ...head,
    status: 'unknown',
    detail: `Could not check: ${why}`,
    action:
      "Check that the app is installed with its scopes and that the site's plan offers this; " +
      'then press Check now.',
    words: { detail: [say('couldNotCheck', { why })], action: say('couldNotCheckAction') },
    cost: costOf(reads),
  };
}

export function affected(noun: string, items: HealthAffected['items']): HealthAffected {
  return { noun, total: items.length, items: items.slice(0, AFFECTED_SHOWN) };
}

/** "A, B and C"; past `max` names, "A, B, C and 4 more". */
export function listed(names: readonly string[], max = 5): string {
  if (names.length <= 1) return names.join('');
  if (names.length > max) return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** 3400 -> "3,400" */
export function num(n: number): string {
  return n.toLocaleString('en-US');
}
