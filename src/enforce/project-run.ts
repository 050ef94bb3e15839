// What a project's admins may start from its settings page: a run of their service project, at
// most once per interval (a setting), holding no site lease, so that no project admin can slow
// the site down or keep the scheduled run or an admin's run from starting.
import { TooSoonError, UserFacingError } from '../domain/errors';
import { count } from '../domain/text';
import { JiraClient } from '../jira/client';
import { getProject } from '../jira/projects';
import { QuotaSpentError } from '../jira/quota-tracker';
import { claimProjectSlot } from '../store/rate-limit';
import { getSettings } from '../store/settings';
import { startRun } from './start-run';

export async function startProjectRun(projectKey: string, actor: string, jira = new JiraClient()) {
  // Jira's quota spent: the run is queued, paused until the reset (start-pause.ts); it reads the
  // project when it starts, and a project that is not a service project is skipped then.
  await requireServiceProject(projectKey, jira).catch((err: unknown) => {
    if (!(err instanceof QuotaSpentError)) throw err;
  });
  await requireSlot('project-run', projectKey);
  return startRun({ trigger: 'project', dryRun: false, startedBy: actor, projectKey }, jira);
}

/** Customer Role Sync manages service projects only. */
export async function requireServiceProject(projectKey: string, jira: JiraClient): Promise<void> {
  const project = await getProject(jira, projectKey);
  if (!project)
    throw new UserFacingError(`Project ${projectKey} was not found in Jira.`, 'not-found');
  if (project.typeKey !== 'service_desk')
    throw new UserFacingError(
      `${projectKey} is not a service project: Customer Role Sync makes customers of ` +
        'Jira Service Management projects only, so there is nothing to run here.',
      'invalid-input',
    );
}

/** Refuses politely, saying when the project's admins can ask again. */
export async function requireSlot(
  kind: 'project-run' | 'exclusion',
  projectKey: string,
  now = new Date(),
): Promise<void> {
  const { projectRunIntervalMinutes: minutes } = await getSettings();
  const slot = await claimProjectSlot(kind, projectKey, minutes, now);
  if (slot.granted) return;
  const wait = Math.max(1, Math.ceil((slot.nextAt.getTime() - now.getTime()) / 60_000));
  const what =
    kind === 'project-run' ? `${projectKey} was run` : `An exclusion was asked for ${projectKey}`;
  throw new TooSoonError(
    `${what} less than ${count(minutes, 'minute')} ago. You can ask again at ` +
      `${slot.nextAt.toISOString().slice(11, 16)} UTC (in ${count(wait, 'minute')}); ` +
      'the hourly enforcement covers the project meanwhile.',
    slot.nextAt.toISOString(),
  );
}
