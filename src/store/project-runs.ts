// The newest run started for one project (`project-last-run:<key>`: Enforce now, a new project),
// so the project settings page can show it before it has recorded the project
// (store/project-visits.ts holds what runs did there).
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
