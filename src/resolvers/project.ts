// The project settings page's resolver. The project is the one the page was opened for
// (context.extension.project), never one named in a payload; the caller must administer it.
import { UserFacingError } from '../domain/errors';
import { requestExclusion } from '../enforce/exclusions';
import { getProjectStatus } from '../enforce/project-status';
import { startProjectRun } from '../enforce/project-run';
import { getRun } from '../store/runs';
import { callerAdministersProject } from './authorize';
import { projectPayloads } from './contract';
import { Caller, defineResolver, identifyCaller } from './guard';

function projectOf(caller: Caller): string {
  if (!caller.projectKey)
    throw new UserFacingError("Open this page from a project's settings.", 'forbidden');
  return caller.projectKey;
}

export const projectResolver = defineResolver({
  schemas: projectPayloads,
  identify: identifyCaller,
  authorize: async (caller) => {
    const key = projectOf(caller);
    if (!(await callerAdministersProject(caller.accountId, key))) {
      throw new UserFacingError(
        `Only admins of project ${key} (or Jira admins) can use this page.`,
        'forbidden',
        `is not an admin of project ${key}`,
      );
    }
  },
  handlers: {
    getProjectStatus: (_input, caller) => getProjectStatus(projectOf(caller)),
    startProjectRun: async (_input, caller) => ({
      runId: (await startProjectRun(projectOf(caller), caller.accountId)).id,
    }),
    getRun: async ({ runId }, caller) => {
      const run = await getRun(runId);
      // A project admin sees only runs of their own project.
      if (!run || run.projectKey !== projectOf(caller))
        throw new UserFacingError(
          `Run ${runId} is not a run of project ${projectOf(caller)}.`,
          'not-found',
        );
      return run;
    },
    requestExclusion: ({ ruleId, reason }, caller) =>
      requestExclusion(projectOf(caller), ruleId, reason, caller.accountId),
  },
});
