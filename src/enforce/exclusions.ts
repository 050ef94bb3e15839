// A project admin asks to take their project out of a rule. Only where the Jira admin allowed
// it; either way the request is in the audit trail.
import { UserFacingError } from '../domain/errors';
import { appendAudit } from '../store/audit';
import { getRule, putRule } from '../store/rules';
import { getSettings } from '../store/settings';

export async function requestExclusion(
  projectKey: string,
  ruleId: string,
  reason: string | undefined,
  actor: string,
) {
  const [settings, rule] = await Promise.all([getSettings(), getRule(ruleId)]);
  if (!rule)
    throw new UserFacingError(`Rule ${ruleId} no longer exists. Reload the page.`, 'not-found');
  const why = reason ? ` Reason given: "${reason}".` : '';
  if (!settings.allowProjectExclusions) {
    await appendAudit([
      {
        kind: 'exclusion-refused',
        actor,
        projectKey,
        ruleId,
        message: `Project ${projectKey} asked to be excluded from rule "${rule.name}"; project exclusions are turned off.${why}`,
      },
    ]);
    return {
      excluded: false,
      message:
        'Your Jira admins have not allowed project admins to exclude projects. Your request is recorded in the audit trail; ask a Jira admin to exclude the project.',
    };
  }
  if (!rule.exclude.includes(projectKey)) {
    await putRule({
      ...rule,
      exclude: [...rule.exclude, projectKey].sort(),
      updatedAt: new Date().toISOString(),
      updatedBy: actor,
    });
  }
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
