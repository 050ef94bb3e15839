// Who may call: asked of Jira as the caller (asUser), so Jira's own permission model decides.
// Answers are remembered per caller for up to a minute (permission-cache.ts).
import api from '@forge/api';

import { JiraClient } from '../jira/client';
import { canAdministerProject, isJiraAdmin } from '../jira/permissions';
import { PermissionCache } from './permission-cache';

export interface Authorizer {
  callerIsJiraAdmin(accountId: string): Promise<boolean>;
  callerAdministersProject(accountId: string, projectKey: string): Promise<boolean>;
}

function asCaller(accountId: string): JiraClient {
  return new JiraClient({ request: api.asUser(accountId).requestJira });
}

/** Checks made with `clientFor(accountId)`, remembered in `cache`; tests pass stand-ins. */
export function makeAuthorizer(
  clientFor: (accountId: string) => JiraClient = asCaller,
  cache = new PermissionCache(),
): Authorizer {
  return {
    callerIsJiraAdmin: (accountId) =>
      cache.get(`admin:${accountId}`, () => isJiraAdmin(clientFor(accountId))),
    callerAdministersProject: (accountId, projectKey) =>
      cache.get(`project:${accountId}:${projectKey}`, () =>
        canAdministerProject(clientFor(accountId), projectKey),
      ),
  };
}

const shared = makeAuthorizer();

export function callerIsJiraAdmin(accountId: string): Promise<boolean> {
  return shared.callerIsJiraAdmin(accountId);
}

export function callerAdministersProject(accountId: string, projectKey: string): Promise<boolean> {
  return shared.callerAdministersProject(accountId, projectKey);
}
