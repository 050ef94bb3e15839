// A project admin asks to take their project out of a rule. Only where the Jira admin allowed
// it; either way the request is in the audit trail. A granted exclusion is stored under its own
// key, never by rewriting the rule, so it cannot undo an admin's rule edit nor be undone by one.
// Jira admins can include the project again from the rule editor.
import { UserFacingError } from '../domain/errors';
import { appendAudit } from '../store/audit';
import { markDirty } from '../store/dirty-projects';
import { listExclusions, putExclusion, removeExclusion } from '../store/exclusions';
import { getRule } from '../store/rules';
import { getSettings } from '../store/settings';
import { requireSlot } from './project-run';

export async function requestExclusion(
  projectKey: string,
  ruleId: string,
  reason: string | undefined,
  actor: string,
) {
  const [settings, rule] = await Promise.all([getSettings(), getRule(ruleId)]);
  if (!rule)
    throw new UserFacingError(`Rule ${ruleId} no longer exists. Reload the page.`, 'not-found');
  // Limited like project runs: a flood of requests would bury real entries in the audit trail.
  await requireSlot('exclusion', projectKey);
  const why = reason ? ` Reason given: "${reason}".` : '';
  if (!settings.allowProjectExclusions) {
    await appendAudit([
      {
        kind: 'exclusion-refused',
        actor,
        projectKey,
        ruleId,
        message:
          `A project admin of ${projectKey} asked to exclude it from rule "${rule.name}"; ` +
          `not granted, because project exclusions are turned off in Settings.${why}`,
      },
    ]);
    return {
      excluded: false,
      message:
        'Your Jira admins have not allowed project admins to exclude projects. Your request is recorded in the audit trail; ask a Jira admin to exclude the project.',
    };
  }
  await putExclusion({
    ruleId,
    projectKey,
    requestedBy: actor,
    requestedAt: new Date().toISOString(),
    ...(reason ? { reason } : {}),
  });
  // The rule no longer covers the project: the next hourly run visits it.
  await markDirty([{ projectKey }], 'rule-changed');
  await appendAudit([
    {
      kind: 'exclusion-requested',
      actor,
      projectKey,
      ruleId,
      message: `Project ${projectKey} was excluded from rule "${rule.name}" by its project admin.${why}`,
    },
  ]);
  return {
    excluded: true,
    message: `${projectKey} is excluded from "${rule.name}". The next run removes the groups the app added for this rule here; groups people added stay.`,
  };
}

/**
 * A Jira admin takes back a project admin's exclusion: the rule covers the project again. Asking
 * twice (or after another admin did) is not an error: the project is included either way.
 */
export async function includeProjectAgain(ruleId: string, projectKey: string, actor: string) {
  const rule = await getRule(ruleId);
  if (!rule)
    throw new UserFacingError(`Rule ${ruleId} no longer exists. Reload the page.`, 'not-found');
  const found = (await listExclusions(ruleId)).some((e) => e.projectKey === projectKey);
  if (!found) return { included: true as const };
  await removeExclusion(ruleId, projectKey);
  await markDirty([{ projectKey }], 'rule-changed');
  await appendAudit([
    {
      kind: 'rule-saved',
      actor,
      ruleId,
      projectKey,
      message:
        `Rule "${rule.name}" covers project ${projectKey} again: a Jira admin took back ` +
        "the exclusion the project's admin had asked for.",
    },
  ]);
  return { included: true as const };
}
