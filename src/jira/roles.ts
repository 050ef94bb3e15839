// Project roles and their actors. Company-managed projects share Jira's global roles (found by
// name once, then always used by id); team-managed projects have their own, found per project
// (roledetails) and then used by id like the global ones.
// Scopes: read:jira-work (read), manage:jira-configuration (add actors), manage:jira-project
// (remove actors).
import { route } from '@forge/api';
import { z } from 'zod';

import type { ProjectScopedRole } from '../domain/guard-rails';
import { log } from '../log';
import type { JiraClient } from './client';
import { JiraError } from './errors';
import { parseAs } from './parse';

export interface RoleRef {
  id: string;
  name: string;
}

const RoleIdSchema = z.union([z.number(), z.string()]).transform(String);

const GlobalRoleSchema = z.object({
  id: RoleIdSchema,
  name: z.string(),
  scope: z.object({ type: z.string().optional() }).optional(),
});

/** The site's roles, shared by company-managed projects (GET /rest/api/3/role). */
export async function listGlobalRoles(client: JiraClient): Promise<RoleRef[]> {
  const call = 'list project roles';
  const raw = await client.requestJira(route`/rest/api/3/role`, { call });
  const roles = parseAs(call, z.array(GlobalRoleSchema), raw);
  // A team-managed project's role has the same name as a global one ("Service Desk Customers")
  // but another id and only that project; matching on it would bind the wrong role.
  return roles.filter((r) => r.scope?.type !== 'PROJECT').map((r) => ({ id: r.id, name: r.name }));
}

const RoleDetailsSchema = z.object({
  id: RoleIdSchema,
  name: z.string(),
  scope: z
    .object({
      type: z.string().optional(),
      project: z.object({ id: z.string().optional() }).optional(),
    })
    .optional(),
});

/**
 * A project's roles without their actors (GET /rest/api/3/project/{k}/roledetails): one call
 * that also lists a team-managed service project's hidden customer role. Null when the project
 * is not found.
 */
export async function listProjectRoleDetails(
  client: JiraClient,
  projectKeyOrId: string,
): Promise<ProjectScopedRole[] | null> {
  const call = `list the roles of project ${projectKeyOrId}`;
  const query = new URLSearchParams({ excludeConnectAddons: 'true' });
  const raw = await client.requestJira(
    route`/rest/api/3/project/${projectKeyOrId}/roledetails?${query}`,
    { call, notFoundAsNull: true },
  );
  if (raw === null) return null;
  return parseAs(call, z.array(RoleDetailsSchema), raw).map((r) => ({
    id: r.id,
    name: r.name,
    scopeType: r.scope?.type,
    scopeProjectId: r.scope?.project?.id,
  }));
}

const RoleActorSchema = z.object({
  type: z.string().optional(),
  displayName: z.string().optional(),
  actorGroup: z
    .object({
      groupId: z.string().optional(),
      name: z.string().optional(),
      displayName: z.string().optional(),
    })
    .optional(),
  actorUser: z.object({ accountId: z.string().optional() }).optional(),
});
const ProjectRoleSchema = z.object({
  id: RoleIdSchema.optional(),
  name: z.string().optional(),
  scope: RoleDetailsSchema.shape.scope,
  actors: z.array(RoleActorSchema).default([]),
});

export interface RoleActors {
  groupIds: string[];
  /** groupId -> name, as Jira shows it now (names change in the identity provider). */
  groupNames: Map<string, string>;
  userAccountIds: string[];
  /** The role as Jira describes it in the same answer (a team-managed one has a scope). */
  role?: ProjectScopedRole;
}

/**
 * Who is in a role of a project (GET /rest/api/3/project/{k}/role/{id}). Null when the role is
 * not in this project (404: it is not in the project's scheme, or the project is gone).
 */
export async function getProjectRoleActors(
  client: JiraClient,
  projectKeyOrId: string,
  roleId: string,
): Promise<RoleActors | null> {
  const call = `read role ${roleId} of project ${projectKeyOrId}`;
  const raw = await client.requestJira(
    route`/rest/api/3/project/${projectKeyOrId}/role/${roleId}`,
    { call, notFoundAsNull: true },
  );
  if (raw === null) return null;
  const role = parseAs(call, ProjectRoleSchema, raw);
  const actors: RoleActors = { groupIds: [], groupNames: new Map(), userAccountIds: [] };
  if (role.name !== undefined)
    actors.role = {
      id: role.id ?? roleId,
      name: role.name,
      scopeType: role.scope?.type,
      scopeProjectId: role.scope?.project?.id,
    };
  for (const a of role.actors) {
    // Group actors are kept by id only: an actor without one cannot be matched safely.
    const gid = a.actorGroup?.groupId;
    if (gid) {
      if (!actors.groupNames.has(gid)) actors.groupIds.push(gid);
      actors.groupNames.set(
        gid,
        a.actorGroup?.name ?? a.actorGroup?.displayName ?? a.displayName ?? gid,
      );
    } else if (a.actorUser?.accountId) {
      actors.userAccountIds.push(a.actorUser.accountId);
    }
  }
  return actors;
}

/** Rounds of "re-read the role, send the rest" after Jira says some groups are there already. */
const MAX_ADD_ROUNDS = 3;

/**
 * What Jira's answers say about each group of an add, filled in as they come so that a caller
 * still knows what happened when the add ends in an error. Whose a binding is follows from it:
 * only `added` is proven the app's.
 */
export interface RoleAddOutcome {
  /** Jira answered the app's own request naming these with success: the app added them. */
  added: string[];
  /**
   * In the role when the first answer came, before any attempt of the app could have added
   * them ("already a member" on a first try): someone else added them.
   */
  foundPresent: string[];
  /**
   * In the role after an attempt that may have been applied (no answer, or a 5xx): the app or
   * someone else added them; only Jira's audit log can tell.
   */
  unsure: string[];
  /** An attempt got no answer or a 5xx: it may have added the groups not settled above. */
  maybeApplied: boolean;
}

export const newRoleAddOutcome = (): RoleAddOutcome => ({
  added: [],
  foundPresent: [],
  unsure: [],
  maybeApplied: false,
});

/**
 * Adds groups to a project's role in one call (POST .../role/{id} with {groupId: [...]}).
 * Nothing is sent for an empty list. Jira refuses the whole request (400, "... is already a
 * member of the project role.") when one group is in the role already: then the role is read
 * again, the groups in it are set apart (someone else's, or unsure after an attempt that may
 * have been applied) and the others are sent again. Throws what Jira answered otherwise;
 * `outcome` keeps what was learnt before the throw.
 */
export async function addGroupsToProjectRole(
  client: JiraClient,
  projectKey: string,
  roleId: string,
  groupIds: readonly string[],
  outcome: RoleAddOutcome = newRoleAddOutcome(),
): Promise<RoleAddOutcome> {
  let missing = [...new Set(groupIds)];
  const unsureAttempt = () => {
    outcome.maybeApplied = true;
  };
  for (let round = 1; missing.length > 0; round++) {
    try {
      await postGroups(client, projectKey, roleId, missing, unsureAttempt);
      outcome.added.push(...missing);
      return outcome;
    } catch (err) {
      if (!isAlreadyMember(err) || round >= MAX_ADD_ROUNDS) throw err;
      const actors = await getProjectRoleActors(client, projectKey, roleId);
      const present = missing.filter((id) => actors?.groupIds.includes(id));
      // Nothing the 400 could mean is in the role: it was about something else.
      if (!actors || present.length === 0) throw err;
      // Every attempt so far named every group still missing, so one that may have been
      // applied may have added any of them.
      (outcome.maybeApplied ? outcome.unsure : outcome.foundPresent).push(...present);
      log.info('role.add-found-present', {
        projectKey,
        roleId,
        present: present.length,
        rest: missing.length - present.length,
        unsure: outcome.maybeApplied,
      });
      missing = missing.filter((id) => !present.includes(id));
    }
  }
  return outcome;
}

async function postGroups(
  client: JiraClient,
  projectKey: string,
  roleId: string,
  ids: string[],
  onUnsureAttempt: () => void,
): Promise<void> {
  const call = `add group${ids.length > 1 ? 's' : ''} ${ids.join(', ')} to role ${roleId} of project ${projectKey}`;
  // Retried after a 5xx like a read: if the failed try had made the add, the retry meets
  // Jira's "already a member" 400, which addGroupsToProjectRole sets apart as unsure.
  await client.requestJira(route`/rest/api/3/project/${projectKey}/role/${roleId}`, {
    call,
    method: 'POST',
    body: JSON.stringify({ groupId: ids }),
    retryUnsafe: true,
    onUnsureAttempt,
    notFoundHint:
      'The project, the role or one of the groups no longer exists (a group renamed in the identity provider gets a new id); the next run re-reads them.',
  });
}

/** Jira's refusal of an add that names an actor the role already has. */
function isAlreadyMember(err: unknown): boolean {
  return (
    err instanceof JiraError &&
    err.status === 400 &&
    err.jiraMessages.some((m) => /is already a member of the project role/i.test(m))
  );
}

/**
 * Removes one group from a project's role (DELETE .../role/{id}?groupId=). True when removed;
 * false when Jira answers 404, i.e. it is already gone (or so is the project or role).
 */
export async function removeGroupFromProjectRole(
  client: JiraClient,
  projectKey: string,
  roleId: string,
  groupId: string,
): Promise<boolean> {
  const call = `remove group ${groupId} from role ${roleId} of project ${projectKey}`;
  const query = new URLSearchParams({ groupId });
  try {
    await client.requestJira(route`/rest/api/3/project/${projectKey}/role/${roleId}?${query}`, {
      call,
      method: 'DELETE',
    });
    return true;
  } catch (err) {
    // A 204 and a 404 both come without a body, so the 404 is told apart here, not by null.
    if (err instanceof JiraError && err.status === 404) return false;
    throw err;
  }
}
