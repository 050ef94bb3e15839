// How the project page words a run's part in this project: who checked it, why, what happened.
// Pure, so the sentences are tested without a browser.
import type {
  ProjectStatus,
  ProjectVisit,
  Run,
  VisitAction,
  VisitReason,
} from '../../shared/contract';
import { formatRelative, listSentence } from '../../shared/format';
import { type MessageKey, t } from '../../shared/i18n';
import { countsSentence } from '../../shared/run-counts';

const onlySweep = (part: ProjectVisit) => part.visit?.length === 1 && part.visit[0] === 'sweep';

/** "Enforce now on this page", "the verification sweep", "the hourly run"… */
export function checkedBy(part: Pick<ProjectVisit, 'trigger' | 'visit'>): string {
  switch (part.trigger) {
    case 'project':
      return t('project.runWords.checkedBy.project');
    case 'project-created':
      return t('project.runWords.checkedBy.projectCreated');
    case 'manual':
      return t('project.runWords.checkedBy.manual');
    case 'uninstall':
      return t('project.runWords.checkedBy.uninstall');
    default:
      return onlySweep(part as ProjectVisit)
        ? t('project.runWords.checkedBy.sweep')
        : t('project.runWords.checkedBy.hourly');
  }
}

const REASON: Record<Exclude<VisitReason, 'sweep' | 'full-run'>, MessageKey> = {
  'changed-in-jira': 'project.runWords.reason.changedInJira',
  'new-project': 'project.runWords.reason.newProject',
  'rule-changed': 'project.runWords.reason.ruleChanged',
};

/** Why the run came to this project, in the words of its visit reasons. */
export function visitReasonSentence(part: ProjectVisit, sweepHours?: number): string {
  const reasons = (part.visit ?? []).filter(
    (r): r is keyof typeof REASON => r !== 'sweep' && r !== 'full-run',
  );
  const swept = part.visit?.includes('sweep');
  if (reasons.length > 0) {
    const values = { reasons: listSentence(reasons.map((r) => t(REASON[r]))) };
    return swept
      ? t('project.runWords.cameBecauseSwept', values)
      : t('project.runWords.cameBecause', values);
  }
  if (swept)
    return sweepHours === undefined
      ? t('project.runWords.swept')
      : t('project.runWords.sweptEvery', { count: sweepHours });
  switch (part.trigger) {
    case 'project':
      return t('project.runWords.why.project');
    case 'project-created':
      return t('project.runWords.why.projectCreated');
    case 'manual':
      return t('project.runWords.why.manual');
    case 'uninstall':
      return t('project.runWords.why.uninstall');
    default:
      return t('project.runWords.why.full');
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
    return skips
      ? t('project.runWords.counts.nothingSkipped', { count: skips })
      : t('project.runWords.counts.nothing');
  const parts = [
    t('project.runWords.counts.added', { count: adds }),
    t('project.runWords.counts.removed', { count: removals }),
  ];
  if (drift) parts.push(t('project.runWords.counts.drift', { count: drift }));
  if (skips) parts.push(t('project.runWords.counts.skipped', { count: skips }));
  if (errors) parts.push(t('project.runWords.counts.failed', { count: errors }));
  return countsSentence(parts);
}

const group = (a: VisitAction) =>
  a.groupName ?? t('project.runWords.groupWithId', { id: a.groupId ?? '?' });
const org = (a: VisitAction) =>
  a.organizationName
    ? t('project.runWords.organizationNamed', { name: a.organizationName })
    : t('project.runWords.anOrganization');

/** One failed change, naming group, role and project as the run knew them. */
export function failureSentence(a: VisitAction, projectLabel: string, roleName: string): string {
  const role = a.roleName ?? roleName;
  const why = a.error ?? t('project.runWords.noReason');
  switch (a.kind) {
    case 'add':
      return t('project.runWords.failure.add', {
        group: group(a),
        role,
        project: projectLabel,
        why,
      });
    case 'remove':
      return t('project.runWords.failure.remove', {
        group: group(a),
        role,
        project: projectLabel,
        why,
      });
    case 'org-link':
      return t('project.runWords.failure.orgLink', { org: org(a), project: projectLabel, why });
    default:
      return why;
  }
}

/** One change made, as above. */
export function changeSentence(a: VisitAction, roleName: string): string {
  const role = a.roleName ?? roleName;
  switch (a.kind) {
    case 'add':
      return t('project.runWords.change.add', { group: group(a), role });
    case 'remove':
      return t('project.runWords.change.remove', { group: group(a), role });
    case 'org-link':
      return t('project.runWords.change.orgLink', { org: org(a) });
    default:
      return t('project.runWords.change.project');
  }
}

/** What to do after failures: fix the cause, then run again (or wait for the sweep). */
export function whatToDo(sweepHours?: number): string {
  return sweepHours
    ? t('project.runWords.whatToDoSweep', { count: sweepHours })
    : t('project.runWords.whatToDo');
}

/** The last site run passed this project by. */
export function siteRunMissed(
  site: NonNullable<ProjectStatus['lastSiteRun']>,
  now = Date.now(),
): string {
  const when = formatRelative(site.createdAt, now);
  if (site.changeDriven) return t('project.runWords.siteMissed.changeDriven', { when });
  if (site.trigger === 'scheduled') return t('project.runWords.siteMissed.scheduled', { when });
  return t('project.runWords.siteMissed.manual', { when });
}
