// The newest run that changed, failed on, or was started for each project
// (`project-last-run:<key>`), for the project settings page.
import { z } from 'zod';
import { deleteValue, getValue, setValue } from './kv';

const key = (projectKey: string) => `project-last-run:${projectKey}`;

export function rememberProjectRun(projectKey: string, runId: string): Promise<void> {
  return setValue(key(projectKey), runId);
}

export function getProjectLastRunId(projectKey: string): Promise<string | undefined> {
  return getValue(key(projectKey), z.string());
}

export function forgetProjectRun(projectKey: string): Promise<void> {
  return deleteValue(key(projectKey));
}
