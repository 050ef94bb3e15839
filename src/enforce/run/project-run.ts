// What a project's admins may start from its settings page: a run of their service project, at
// most once per interval (a setting), holding no site lease, and paid from the starter's share
// of the hour's quota (people-budget.ts: refused, too-soon, once it is spent, however many
// projects they administer), so that no project admin can slow the site down, keep the
// scheduled run or an admin's run from starting, or spend the quota those runs need.
import { TooSoonError, UserFacingError } from '../../domain/errors';
import type { Project } from '../../domain/schemas';
import { count } from '../../domain/text';
import { JiraClient } from '../../jira/client';
import { claimProjectSlot } from '../../store/rate-limit';
import { getSettings } from '../../store/settings';
import { knownProject } from '../views/project-status';
import { startRun } from './start-run';

export async function startProjectRun(projectKey: string, actor: string, jira = new JiraClient()) {
  // The project as the page last read it (no call), else read from the starter's share.
  requireServiceProject(await knownProject(projectKey, actor));
  await requireSlot('project-run', projectKey);
  // The start holds what it may spend of the starter's share, or is refused (start-run.ts).
  return startRun({ trigger: 'project', dryRun: false, startedBy: actor, projectKey }, jira);
}

/** Customer Role Sync manages service projects only. */
export function requireServiceProject(project: Project): void {
  const projectKey = project.key;
  if (project.typeKey !== 'service_desk')
    throw new UserFacingError(
      `${projectKey} is not a service project: Customer Role Sync makes customers of ` +
        'Jira Service Management projects only, so there is nothing to run here.',
      'invalid-input',
    ).says('not-service-project', { project: projectKey });
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
  ).says(kind === 'project-run' ? 'project-run-too-soon' : 'exclusion-too-soon', {
    project: projectKey,
    interval: minutes,
    at: slot.nextAt.toISOString(),
    minutes: wait,
  });
}
