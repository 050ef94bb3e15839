// The project page's role read: the actors of the role its rules name, read live on every
// reading, but found by name in the site's role list as the app last kept it (store/site-roles.ts:
// the hourly run and Health keep it) instead of listing every global role each time (1 + 2 points
// a role). The kept list is used only when it is under SITE_ROLES_FOR_MS old, names every role the
// rules want and holds every role the project's ledger binds in; and it is proven right by the
// reads made anyway: each role read from it must be answered under the same name. Jira's global
// role names are unique, so a role still answering to the wanted name is the role a fresh list
// would give. Otherwise (a role renamed, created or deleted since) the roles are listed again and
// kept. What stays unproven, at most SITE_ROLES_FOR_MS: a role created since that no rule names
// and the ledger does not hold, which the page would not read anyway. A ledger still naming a
// role deleted since makes each of that project's readings list the roles: it costs, never
// misleads.
import type { RoleState } from '../../domain/planner';
import type { LedgerEntry, Project, Rule } from '../../domain/schemas';
import type { JiraClient } from '../../jira/client';
import { listGlobalRoles, type RoleRef } from '../../jira/roles';
import { log } from '../../log';
import { getSiteRoles, keepSiteRoles } from '../../store/site-roles';
import { readRoles, wantedRoleNames } from '../bindings/enforce-project';

/** A kept role list older than this is listed again (the hourly run keeps it younger). */
export const SITE_ROLES_FOR_MS = 6 * 3_600_000;

/** The project's role states as readRoles gives them, from the kept role list when it holds. */
export async function readPageRoles(
  project: Project,
  rules: Rule[],
  ledger: LedgerEntry[],
  jira: JiraClient,
  groupNames: Map<string, string>,
  now: number,
): Promise<Map<string, RoleState>> {
  // A team-managed project's roles are its own, found per project: no site list is read.
  if (project.style === 'next-gen')
    return readRoles(project, { rules, roles: [] }, ledger, jira, groupNames);
  const kept = await usableKept(project, rules, ledger, now);
  if (kept) {
    const names = new Map<string, string>();
    const answered = new Map<string, string | null>();
    const states = await readRoles(project, { rules, roles: kept }, ledger, jira, names, answered);
    const stale = kept.filter((r) => answered.has(r.id) && answered.get(r.id) !== r.name);
    if (stale.length === 0) {
      names.forEach((name, id) => groupNames.set(id, name));
      return states;
    }
    log.info('page.roles-changed', {
      projectKey: project.key,
      roleIds: stale.map((r) => r.id).join(','),
    });
  }
  const roles = await listGlobalRoles(jira);
  await keepSiteRoles(roles, now);
  return readRoles(project, { rules, roles }, ledger, jira, groupNames);
}

/** The kept roles when they are recent and name what this project's reading needs. */
async function usableKept(
  project: Project,
  rules: Rule[],
  ledger: LedgerEntry[],
  now: number,
): Promise<RoleRef[] | undefined> {
  const kept = await getSiteRoles();
  if (!kept || now - Date.parse(kept.readAt) >= SITE_ROLES_FOR_MS) return undefined;
  const names = new Set(kept.roles.map((r) => r.name.toLowerCase()));
  const ids = new Set(kept.roles.map((r) => r.id));
  for (const name of wantedRoleNames(project, rules)) if (!names.has(name)) return undefined;
  for (const e of ledger) if (!ids.has(e.roleId)) return undefined;
  return kept.roles;
}
