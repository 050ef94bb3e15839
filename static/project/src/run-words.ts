// How the project page words a run's part in this project: who checked it, why, what happened.
// Pure, so the sentences are tested without a browser.
import type {
  ProjectStatus,
  ProjectVisit,
  Run,
  VisitAction,
  VisitReason,
} from '../../shared/contract';
import { formatRelative, listSentence, plural } from '../../shared/format';

const onlySweep = (part: ProjectVisit) => part.visit?.length === 1 && part.visit[0] === 'sweep';

/** "Enforce now on this page", "the verification sweep", "the hourly run"… */
export function checkedBy(part: Pick<ProjectVisit, 'trigger' | 'visit'>): string {
  switch (part.trigger) {
    case 'project':
      return 'Enforce now on this page';
    case 'project-created':
      return 'the check made when the project was created';
    case 'manual':
      return 'a run a Jira admin started';
    case 'uninstall':
      return 'the removal a Jira admin started before uninstalling the app';
    default:
      return onlySweep(part as ProjectVisit) ? 'the verification sweep' : 'the hourly run';
  }
}

const REASON: Record<Exclude<VisitReason, 'sweep' | 'full-run'>, string> = {
  'changed-in-jira': 'its roles or settings changed in Jira',
  'new-project': 'it is a new project',
  'rule-changed': 'a rule that covers it changed',
};

const every = (hours: number | undefined) =>
  hours === undefined ? '' : ` at least once every ${hours === 1 ? 'hour' : `${hours} hours`}`;

/** Why the run came to this project, in the words of its visit reasons. */
export function visitReasonSentence(part: ProjectVisit, sweepHours?: number): string {
  const reasons = (part.visit ?? []).filter(
    (r): r is keyof typeof REASON => r !== 'sweep' && r !== 'full-run',
  );
  const swept = part.visit?.includes('sweep');
  if (reasons.length > 0)
    return (
      `It came here because ${listSentence(reasons.map((r) => REASON[r]))}` +
      `${swept ? ' (it was also this project’s turn in the verification sweep)' : ''}.`
    );
  if (swept)
    return (
      `Nothing had changed here: the verification sweep re-checks every project${every(sweepHours)}, ` +
      'and it was this project’s turn.'
    );
  switch (part.trigger) {
    case 'project':
      return 'An admin of this project pressed Enforce now.';
    case 'project-created':
      return 'Customer Role Sync checks each new service project when Jira creates it.';
    case 'manual':
      return 'A Jira admin started a run that included this project.';
    case 'uninstall':
      return 'A Jira admin is preparing to uninstall Customer Role Sync: the run removed what the app had added here.';
    default:
      return 'The hourly run checked every service project (a full check).';
  }
}

/** How this project came out of the run: from what Jira answered here. */
export function partStatus(part: Pick<ProjectVisit, 'counts'>): Run['status'] {
  const { adds, removals, errors } = part.counts;
  if (errors === 0) return 'succeeded';
  return adds + removals > 0 ? 'partly-failed' : 'failed';
}

/** "1 group added, 0 removed, 1 change failed." */
export function partCountsSentence(part: Pick<ProjectVisit, 'counts'>): string {
  const { adds, removals, skips, errors, drift } = part.counts;
  if (adds + removals + errors === 0)
    return `nothing needed changing${skips ? ` (${skips} skipped)` : ''}.`;
  const parts = [`${plural(adds, 'group')} added`, `${removals} removed`];
  if (drift) parts.push(`${drift} put back after someone removed ${drift === 1 ? 'it' : 'them'}`);
  if (skips) parts.push(`${skips} skipped`);
  if (errors) parts.push(`${plural(errors, 'change')} failed`);
  return `${parts.join(', ')}.`;
}

const group = (a: VisitAction) => a.groupName ?? `the group with id ${a.groupId ?? '?'}`;
const org = (a: VisitAction) =>
  a.organizationName ? `the organization ${a.organizationName}` : 'an organization';

/** One failed change, naming group, role and project as the run knew them. */
export function failureSentence(a: VisitAction, projectLabel: string, roleName: string): string {
  const role = `“${a.roleName ?? roleName}”`;
  const why = a.error ?? 'Jira gave no reason.';
  switch (a.kind) {
    case 'add':
      return `Could not add ${group(a)} to ${role} in ${projectLabel}: ${why}`;
    case 'remove':
      return `Could not remove ${group(a)} from ${role} in ${projectLabel}: ${why}`;
    case 'org-link':
      return `Could not link ${org(a)} to ${projectLabel}’s service desk: ${why}`;
    default:
      return why;
  }
}

/** One change made, as above. */
export function changeSentence(a: VisitAction, roleName: string): string {
  const role = `“${a.roleName ?? roleName}”`;
  switch (a.kind) {
    case 'add':
      return `Added ${group(a)} to ${role}.`;
    case 'remove':
      return `Removed ${group(a)} from ${role}.`;
    case 'org-link':
      return `Linked ${org(a)} to the service desk.`;
    default:
      return 'Checked the project.';
  }
}

/** What to do after failures: fix the cause, then run again (or wait for the sweep). */
export function whatToDo(sweepHours?: number): string {
  return (
    'Ask a Jira admin to fix what Jira answered above, then press Enforce now to try again' +
    (sweepHours ? `; the verification sweep also re-checks this project${every(sweepHours)}.` : '.')
  );
}

/** The last site run passed this project by. */
export function siteRunMissed(
  site: NonNullable<ProjectStatus['lastSiteRun']>,
  now = Date.now(),
): string {
  const when = formatRelative(site.createdAt, now);
  if (site.changeDriven)
    return (
      `The last hourly run (${when}) did not need to check this project: nothing changed here, ` +
      'and it was not this project’s turn in the verification sweep.'
    );
  if (site.trigger === 'scheduled')
    return `The last hourly run (${when}) did not reach this project.`;
  return `The last run a Jira admin started (${when}) did not include this project.`;
}
