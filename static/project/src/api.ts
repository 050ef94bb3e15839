// The project page talks only to the project resolver. static/shared/api.ts already has a typed
// wrapper for it (callProject); this file adds what the page needs on top of it.
import { view } from '@forge/bridge';

import { callProject } from '../../shared/api';
import type { ProjectRun } from '../../shared/contract';

export type { ProjectResults } from '../../shared/api';
export { callProject } from '../../shared/api';

/** getRun of the project resolver (a project admin may read only runs of this project). */
export const fetchProjectRun = (runId: string): Promise<ProjectRun> =>
  callProject('getRun', { runId });

/** The project the page was opened for, from the Forge context: shown while the status loads. */
export async function contextProjectKey(): Promise<string | undefined> {
  try {
    const ctx = (await view.getContext()) as { extension?: { project?: { key?: string } } };
    return ctx?.extension?.project?.key;
  } catch {
    // Only a hint while the status loads; the status itself names the project.
    return undefined;
  }
}
