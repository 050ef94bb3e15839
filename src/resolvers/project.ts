// The project settings page's resolver. The project is the one the page was opened for
// (context.extension.project), never one named in a payload; the caller must administer it.
// Answers hold only what the project's admins may read (domain/project-view.ts): what they do
// not see is logged under the reference they are shown.
import { UserFacingError } from '../domain/errors';
import {
  type Hidden,
  projectRunView,
  projectVisitView,
  runMessageView,
} from '../domain/project-view';
import { exclusionImpact, requestExclusion, undoOwnExclusion } from '../enforce/rules/exclusions';
import { startProjectRun } from '../enforce/run/project-run';
import { getProjectStatus } from '../enforce/views/project-status';
import { log } from '../log';
import { getRun } from '../store/runs';
import { callerAdministersProject } from './authorize';
import { projectPayloads } from './contract';
import type { Caller } from './guard';
import { defineResolver, identifyCaller } from './guard';

function projectOf(caller: Caller): string {
  if (!caller.projectKey)
    throw new UserFacingError("Open this page from a project's settings.", 'forbidden').says(
      'open-from-project',
    );
  return caller.projectKey;
}

/** What a project admin was not shown, for the operator who gets its reference. */
function logHidden(fn: string, projectKey: string, hidden: Hidden[]): void {
  for (const { reference, text } of hidden)
    log.warn('project.detail-hidden', { function: fn, projectKey, reference, detail: text });
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
      ).says('not-project-admin', { project: key });
    }
  },
  handlers: {
    getProjectStatus: async (_input, caller) => {
      const status = await getProjectStatus(projectOf(caller), caller.accountId);
      const hidden: Hidden[] = [];
      const ownMessage = status.ownRun && runMessageView(status.ownRun, hidden);
      const view = {
        ...status,
        ...(status.lastRun ? { lastRun: projectVisitView(status.lastRun, hidden) } : {}),
        ...(status.ownRun
          ? {
              ownRun: {
                id: status.ownRun.id,
                status: status.ownRun.status,
                createdAt: status.ownRun.createdAt,
                ...(ownMessage ? { message: ownMessage } : {}),
              },
            }
          : {}),
      };
      logHidden('getProjectStatus', projectOf(caller), hidden);
      return view;
    },
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
        ).says('run-not-in-project', { run: runId, project: projectOf(caller) });
      const hidden: Hidden[] = [];
      const view = projectRunView(run, caller.accountId, hidden);
      logHidden('getRun', projectOf(caller), hidden);
      return view;
    },
    requestExclusion: ({ ruleId, reason }, caller) =>
      requestExclusion(projectOf(caller), ruleId, reason, caller.accountId),
    getExclusionImpact: ({ ruleId }, caller) =>
      exclusionImpact(projectOf(caller), ruleId, caller.accountId),
    undoExclusion: ({ ruleId }, caller) =>
      undoOwnExclusion(projectOf(caller), ruleId, caller.accountId),
  },
});
