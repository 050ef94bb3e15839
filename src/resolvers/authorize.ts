// Who may call: asked of Jira as the caller (asUser), so Jira's own permission model decides.
import api from '@forge/api';
import { JiraClient } from '../jira/client';
import { canAdministerProject, isJiraAdmin } from '../jira/permissions';

function asCaller(accountId: string): JiraClient {
  return new JiraClient({ request: api.asUser(accountId).requestJira });
}

export function callerIsJiraAdmin(accountId: string): Promise<boolean> {
  return isJiraAdmin(asCaller(accountId));
}

export function callerAdministersProject(accountId: string, projectKey: string): Promise<boolean> {
  return canAdministerProject(asCaller(accountId), projectKey);
}
