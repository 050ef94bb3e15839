// A project admin asks to take their project out of a rule. Only where the Jira admin allowed
// it; either way the request is in the audit trail. A granted exclusion is stored under its own
// key, never by rewriting the rule, so it cannot undo an admin's rule edit nor be undone by one.
// Jira admins can include the project again from the rule editor.
import { sentence } from '../../domain/audit-sentences';
import { UserFacingError } from '../../domain/errors';
import { excludedRules } from '../../domain/exclusions';
import type { ExclusionRequest } from '../../domain/schemas';
import { ruleCoversProject } from '../../domain/scope';
import { JiraClient } from '../../jira/client';
import { log } from '../../log';
import { appendAudit } from '../../store/audit';
import { markDirty } from '../../store/dirty-projects';
import {
  deleteExclusionRequest,
  getExclusionRequest,
  listExclusionRequests,
  putExclusionRequest,
} from '../../store/exclusion-requests';
import { listExclusions, putExclusion, removeExclusion } from '../../store/exclusions';
import { getRule, listSavedRules } from '../../store/rules';
import { getSettings } from '../../store/settings';
import { projectStartPoints, recordShareSpend, spendShare } from '../quota/people-budget';
import { requireSlot } from '../run/project-run';
import { displayName } from '../views/display-name';
import { knownProject } from '../views/project-status';
import { removalImpact } from './removal-impact';

const notCovering = (projectKey: string) =>
  new UserFacingError(
    `That rule does not cover ${projectKey} (it may have changed or been deleted), so there ` +
      'is nothing to leave. Reload the page to see the rules that cover it.',
    'not-found',
  ).says('rule-not-covering', { project: projectKey });

export async function requestExclusion(
  projectKey: string,
  ruleId: string,
  reason: string | undefined,
  actor: string,
) {
  // Limited like project runs: a flood of requests would bury real entries in the audit trail.
  // First, so that asking about any rule id costs the same, and answers the same.
  await requireSlot('exclusion', projectKey);
  const [settings, rule, project] = await Promise.all([
    getSettings(),
    getRule(ruleId),
    knownProject(projectKey, actor),
  ]);
  // Only a rule that covers the project can be left: an exclusion stored for another rule would
  // take the project out of it the day the rule grows to cover it, with no one having seen it.
  // An unknown rule is answered in the same words: they tell nothing of other projects' rules.
  if (!rule || !ruleCoversProject(rule, project).covered) throw notCovering(projectKey);
  const earlier = await getExclusionRequest(projectKey, ruleId);
  // Once project admins may exclude on their own, a request still waiting is simply granted.
  if (earlier?.status === 'pending' && !settings.allowProjectExclusions)
    throw new UserFacingError(
      `${projectKey} already asked to leave "${rule.name}" on ${earlier.requestedAt.slice(0, 10)}. ` +
        'A Jira admin has not answered yet; this page shows their answer when they do.',
      'conflict',
    ).says('exclusion-already-asked', {
      project: projectKey,
      rule: rule.name,
      on: earlier.requestedAt,
    });
  const now = new Date().toISOString();
  const why = reason ? ` Reason given: "${reason}".` : '';
  const request: ExclusionRequest = {
    ruleId,
    projectKey,
    status: settings.allowProjectExclusions ? 'approved' : 'pending',
    requestedBy: actor,
    requestedAt: now,
    ...(reason ? { reason } : {}),
    ...(settings.allowProjectExclusions ? { decidedAt: now, selfService: true } : {}),
  };
  if (!settings.allowProjectExclusions) return askJiraAdmins(request, rule.name, why);
  await putExclusion({
    ruleId,
    projectKey,
    requestedBy: actor,
    requestedAt: now,
    ...(reason ? { reason } : {}),
  });
  await putExclusionRequest(request);
  // The rule no longer covers the project: the next hourly run visits it.
  await markDirty([{ projectKey }], 'rule-changed');
  await appendAudit([
    {
      kind: 'exclusion-requested',
      actor,
      projectKey,
      ruleId,
      message: `Project ${projectKey} was excluded from rule "${rule.name}" by its project admin.${why}`,
      sentence: reason
        ? sentence('exclusionSelfWithReason', { project: projectKey, rule: rule.name, reason })
        : sentence('exclusionSelf', { project: projectKey, rule: rule.name }),
    },
  ]);
  return {
    excluded: true,
    status: 'approved' as const,
    message: `${projectKey} is excluded from "${rule.name}". The next run removes the groups the app added for this rule here; groups people added stay.`,
  };
}

/**
 * What leaving a rule removes from this project at the next run (the project page's dialog):
 * its bindings only, planned as a run plans, for a rule that covers the project.
 */
export async function exclusionImpact(
  projectKey: string,
  ruleId: string,
  actor: string,
  now = Date.now(),
) {
  const [rule, project] = await Promise.all([getRule(ruleId), knownProject(projectKey, actor)]);
  if (!rule || !ruleCoversProject(rule, project).covered) throw notCovering(projectKey);
  // A project admin's dialog reads Jira as a project run's start does, so it is paid from the
  // people's share like one, and gives up on a spent quota rather than waiting.
  const jira = new JiraClient({ waitOutQuota: false, maxTotalWaitMs: 5_000 });
  const item = `impact:${projectKey}:${now}`;
  const [settings, rules] = await Promise.all([getSettings(), listSavedRules()]);
  await spendShare(jira, actor, item, projectStartPoints(rules), settings, now);
  let impact;
  try {
    impact = await removalImpact({ kind: 'exclude', ruleId, projectKey }, jira, projectKey);
  } finally {
    await recordShareSpend(jira, actor, item, now);
  }
  return {
    removalEnabled: impact.removalEnabled,
    groups: impact.groups.map(({ groupId, groupName }) => ({
      groupId,
      ...(groupName ? { groupName } : {}),
    })),
  };
}

/**
 * The Jira admins' inbox: every request, pending first, newest first, with its rule's name and
 * who asked (by name, for the approval's confirmation).
 */
export async function listRequestsForInbox() {
  const [requests, rules] = await Promise.all([listExclusionRequests(), listSavedRules()]);
  const names = new Map(rules.map((r) => [r.id, r.name]));
  const people = new Map<string, string | undefined>();
  for (const id of new Set(requests.map((r) => r.requestedBy)))
    people.set(id, await displayName(id));
  const rank = (s: ExclusionRequest['status']) => (s === 'pending' ? 0 : 1);
  return requests
    .map((r) => {
      const requestedByName = people.get(r.requestedBy);
      return {
        ...r,
        ruleName: names.get(r.ruleId),
        ...(requestedByName ? { requestedByName } : {}),
      };
    })
    .sort((a, b) => rank(a.status) - rank(b.status) || b.requestedAt.localeCompare(a.requestedAt));
}

/**
 * A Jira admin answers a pending request. Approving stores the exclusion (as if the project's
 * admin had been allowed to exclude it); declining only records the answer.
 */
export async function decideExclusionRequest(
  input: { ruleId: string; projectKey: string; decision: 'approve' | 'decline' },
  actor: string,
) {
  const { ruleId, projectKey, decision } = input;
  const [request, rule] = await Promise.all([
    getExclusionRequest(projectKey, ruleId),
    getRule(ruleId),
  ]);
  if (!request)
    throw new UserFacingError(
      `There is no request from ${projectKey} about this rule any more. Reload Requests.`,
      'not-found',
    );
  if (request.status !== 'pending')
    throw new UserFacingError(
      `The request from ${projectKey} was already ${request.status}. Reload Requests.`,
      'conflict',
    );
  if (!rule)
    throw new UserFacingError(
      `Rule ${ruleId} was deleted since ${projectKey} asked, so there is nothing to exclude ` +
        'it from. Decline the request to close it.',
      decision === 'approve' ? 'not-found' : 'conflict',
    );
  const decided: ExclusionRequest = {
    ...request,
    status: decision === 'approve' ? 'approved' : 'declined',
    decidedBy: actor,
    decidedAt: new Date().toISOString(),
  };
  if (decision === 'approve') {
    await putExclusion({
      ruleId,
      projectKey,
      requestedBy: request.requestedBy,
      requestedAt: request.requestedAt,
      ...(request.reason ? { reason: request.reason } : {}),
      approvedBy: actor,
    });
    // The rule no longer covers the project: the next hourly run visits it.
    await markDirty([{ projectKey }], 'rule-changed');
  }
  await putExclusionRequest(decided);
  log.info('exclusion.decided', { ruleId, projectKey, decision });
  await appendAudit([
    {
      kind: decision === 'approve' ? 'exclusion-approved' : 'exclusion-declined',
      actor,
      projectKey,
      ruleId,
      message:
        decision === 'approve'
          ? `A Jira admin approved ${projectKey}'s request to leave rule "${rule.name}": the ` +
            'next run removes the groups the app added there for it.'
          : `A Jira admin declined ${projectKey}'s request to leave rule "${rule.name}"; ` +
            'the rule still covers it.',
      sentence: sentence(decision === 'approve' ? 'exclusionApproved' : 'exclusionDeclined', {
        project: projectKey,
        rule: rule.name,
      }),
    },
  ]);
  return decided;
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
  // The project may ask again: an answered request would otherwise still read "approved".
  await deleteExclusionRequest(projectKey, ruleId);
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
      sentence: sentence('exclusionTakenBack', { project: projectKey, rule: rule.name }),
    },
  ]);
  return { included: true as const };
}

/**
 * A project's admin takes back their own exclusion: the rule covers the project again. Only an
 * exclusion they made on their own, while the settings still let them exclude: what a Jira admin
 * excluded (in the rule, or by approving a request) only a Jira admin includes again. Undoing
 * twice is not an error: the project is included either way.
 */
export async function undoOwnExclusion(projectKey: string, ruleId: string, actor: string) {
  const [settings, rule, project, exclusions, request] = await Promise.all([
    getSettings(),
    getRule(ruleId),
    knownProject(projectKey, actor),
    listExclusions(ruleId),
    getExclusionRequest(projectKey, ruleId),
  ]);
  if (!rule)
    throw new UserFacingError(
      'That rule was deleted, so there is nothing to include the project in. Reload the page.',
      'not-found',
    ).says('rule-deleted-include');
  const [excluded] = excludedRules(
    project,
    [rule],
    exclusions,
    request ? [request] : [],
    settings.allowProjectExclusions,
  );
  if (!excluded) return { included: true as const };
  if (!excluded.canUndo)
    throw new UserFacingError(
      excluded.by === 'project-admin'
        ? `Your Jira admins no longer let project admins exclude projects, so only a Jira admin ` +
            `can include ${projectKey} in "${rule.name}" again.`
        : `A Jira admin excluded ${projectKey} from "${rule.name}", so only a Jira admin can ` +
            'include it again.',
      'forbidden',
    ).says(
      excluded.by === 'project-admin'
        ? 'include-needs-jira-admin'
        : 'include-excluded-by-jira-admin',
      { project: projectKey, rule: rule.name },
    );
  await removeExclusion(ruleId, projectKey);
  // The project may exclude itself again later: a stale "approved" would say it still is.
  await deleteExclusionRequest(projectKey, ruleId);
  await markDirty([{ projectKey }], 'rule-changed');
  log.info('exclusion.undone', { ruleId, projectKey });
  await appendAudit([
    {
      kind: 'exclusion-undone',
      actor,
      projectKey,
      ruleId,
      message:
        `Project ${projectKey}'s admin took back its exclusion from rule "${rule.name}": the ` +
        'rule covers the project again, and the next run adds its groups there.',
      sentence: sentence('exclusionUndone', { project: projectKey, rule: rule.name }),
    },
  ]);
  return { included: true as const };
}

/** Stores a request that waits for a Jira admin's answer (project admins may not exclude alone). */
async function askJiraAdmins(request: ExclusionRequest, ruleName: string, why: string) {
  const { ruleId, projectKey, requestedBy: actor } = request;
  await putExclusionRequest(request);
  log.info('exclusion.requested', { ruleId, projectKey });
  await appendAudit([
    {
      kind: 'exclusion-requested',
      actor,
      projectKey,
      ruleId,
      message:
        `Project ${projectKey}'s admin asked to leave rule "${ruleName}"; ` +
        `waiting for a Jira admin in Requests.${why}`,
      sentence: request.reason
        ? sentence('exclusionAskedWithReason', {
            project: projectKey,
            rule: ruleName,
            reason: request.reason,
          })
        : sentence('exclusionAsked', { project: projectKey, rule: ruleName }),
    },
  ]);
  return {
    excluded: false,
    status: 'pending' as const,
    message:
      `Your request to take ${projectKey} out of "${ruleName}" is waiting for your Jira ` +
      'admins. Nothing changes until one of them approves it; this page shows their answer.',
  };
}
