// Starting a run: take a lease (the site's for a real run; a preview takes its own), fix what
// every event must agree on (rules, settings, role ids, which groups exist, the lease's fence) in
// the run context, then hand the listing of projects to the queue. Answers at once; the queue
// does the rest.
import { sentence } from '../../domain/audit-sentences';
import { errorMessage, TooSoonError, UserFacingError } from '../../domain/errors';
import { couldNotStart, stoppedLeaseExpired } from '../../domain/run-failure-words';
import type { Project, RunTrigger, VisitReason } from '../../domain/schemas';
import { count } from '../../domain/text';
import { JiraClient } from '../../jira/client';
import { getProject } from '../../jira/projects';
import { errorFields, log, logError, withLogContext } from '../../log';
import { appendAudit, type AuditInput, auditWrites } from '../../store/audit';
import { newestFirstId } from '../../store/ids';
import { setValue } from '../../store/kv';
import {
  acquireSiteLease,
  endLease,
  type Fence,
  fencedWrite,
  type Lease,
  takePreviewLease,
} from '../../store/lease';
import { newOrgSync, orgSyncKey } from '../../store/org-runs';
import { pendingStartKey } from '../../store/pending-starts';
import { rememberProjectRun } from '../../store/project-runs';
import { listRules } from '../../store/rules';
import {
  approvedWrite,
  contextWrites,
  finalRecord,
  getRunRecord,
  listBatchCheckpoints,
  listedKey,
  putContextParts,
  type RunContext,
  runKey,
  type RunRecord,
  withBatchTotals,
} from '../../store/runs';
import { getSettings } from '../../store/settings';
import { keepSiteRoles } from '../../store/site-roles';
import { getUninstall } from '../../store/uninstall';
import { readPlanFacts } from '../bindings/plan-facts';
import { resolveOrganizations } from '../orgs/org-targets';
import { pushEvents } from '../queue/queue';
import { PROJECT_BATCH_POINTS, projectStartPoints, spendShare } from '../quota/people-budget';
import { applyBudget, payerOf, recordEventSpend } from '../quota/quota-budget';
import { noteRefusedGroups } from '../signals/refused-groups';
import { commitSelection, type Selection, selectVisits } from '../signals/select-visits';
import { countVisits, recordVisits, visitEvents } from '../signals/visit-pages';
import { displayName } from '../views/display-name';
import { finalizeIfDone } from './finalize-run';
import { pauseStart } from './pause-start';
import type { RunSubset } from './run-subsets';
import type { StartRunRequest } from './start-request';

/** Projects per batch of a run of chosen projects, as a listed page holds. */
const SUBSET_BATCH = 100;

export async function startRun(req: StartRunRequest, jira = new JiraClient()): Promise<RunRecord> {
  const now = new Date();
  const run: RunRecord = {
    id: newestFirstId(now),
    trigger: req.trigger,
    dryRun: req.dryRun,
    status: 'running',
    startedBy: req.startedBy,
    projectKey: req.projectKey,
    ruleId: req.ruleId,
    createdAt: now.toISOString(),
    startedAt: now.toISOString(),
    progress: { done: 0, total: req.projectKey ? 1 : (req.subset?.projects.length ?? 0) },
    counts: { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 },
  };
  return withLogContext({ runId: run.id }, async () => {
    await refuseWhileUninstalling(req);
    const fence = await takeLease(run, req, now, jira);
    try {
      await prepareRun(run, req, fence, jira, now);
      return run;
    } catch (err) {
      // The starter's share of the hour is spent (a project admin's run): refused before any
      // call or record; the lease it took goes back.
      if (err instanceof TooSoonError) {
        await endLease(fence, []);
        throw err;
      }
      // Jira's quota (or the runs' budget) is spent: the run waits for the reset, queued.
      if (jira.quotaTracker.stopped()) {
        await pauseStart(run, req, fence, jira, 1);
        return run;
      }
      const failed: RunRecord = {
        ...run,
        status: 'failed',
        finishedAt: new Date().toISOString(),
        message: errorMessage(err),
      };
      // Record the failure and give the lease up together. If storage refuses that too, the
      // run may stay "running" until the hourly watchdog ends it: say so in the log.
      const why = auditWrites([
        {
          kind: 'run-failed',
          actor: req.startedBy,
          runId: run.id,
          projectKey: req.projectKey,
          ...couldNotStart(req.dryRun, failed.message ?? ''),
        },
      ]);
      await endLease(fence, [finalRecord(failed), ...why]).catch((e: unknown) =>
        logError('run.start-failure-unrecorded', e),
      );
      log.warn('run.start-failed', errorFields(err));
      throw err;
    }
  });
}

/**
 * What starting a run does once it holds its lease: fix its context, choose what it visits,
 * record it and queue its work. Also what a run put off by Jira's quota does when it starts
 * after the reset (resume-start.ts), with the lease it kept: `attempt` counts those starts.
 */
export async function prepareRun(
  run: RunRecord,
  req: StartRunRequest,
  fence: Fence,
  jira: JiraClient,
  now: Date,
  attempt = 0,
): Promise<void> {
  // A run put off by the quota before the admin prepared to uninstall adds nothing either.
  if (attempt) await refuseWhileUninstalling(req);
  const context = await buildContext(req, jira, fence, {
    runId: run.id,
    eventKey: attempt ? `start:${attempt}` : 'start',
    first: attempt === 0,
  });
  // Groups refused now or no longer: their rules' projects are visited, before they are chosen.
  const refused = req.dryRun ? [] : await noteRefusedGroups(context, run.id, now);
  // Organization members are synced by site runs; a project run links only.
  // A run of chosen projects (a preview's apply, a retry) changes those projects only; the
  // removal before an uninstall also empties the organizations of the app's members.
  const orgSync =
    !req.projectKey &&
    (!req.subset || req.trigger === 'uninstall') &&
    context.organizations !== undefined;
  // The hourly run visits what changed and the sweep's slice, unless a full run is due.
  const selection =
    req.trigger === 'scheduled' && !req.dryRun ? await selectVisits(jira, context, now) : undefined;
  const visits = selection && !selection.full ? selection : undefined;
  if (visits) {
    context.selectedAt = visits.selectedAt;
    if (visits.scopeMarks.length) context.scopeMarks = visits.scopeMarks;
    run.progress.total = visits.projects.length;
    run.visits = countVisits(visits.projects);
  }
  if (req.projectKey && !context.project)
    throw new UserFacingError(
      `Project ${req.projectKey} was not found in Jira. It may have been deleted.`,
      'not-found',
    );
  const batches = req.subset ? subsetBatches(req.subset.projects) : [];
  await recordStart(run, req, fence, jira, context, { orgSync, batches, visits, refused, attempt });
  if (context.project && !req.dryRun) await rememberProjectRun(context.project.key, run.id);
  // The hour's spending, and the quota Jira announced, for the budget of the run's events.
  await recordEventSpend(
    jira,
    run.id,
    attempt ? `start:${attempt}` : 'start',
    Date.now(),
    payerOf(req),
  );
  await queueWork(run, req, fence, context, { orgSync, batches, visits, selection });
}

type StartShape = {
  orgSync: boolean;
  batches: Project[][];
  visits: Extract<Selection, { full: false }> | undefined;
};

/** Stores the run with its context, what it visits and its start's audit, in one transaction. */
async function recordStart(
  run: RunRecord,
  req: StartRunRequest,
  fence: Fence,
  jira: JiraClient,
  context: RunContext,
  {
    orgSync,
    batches,
    visits,
    refused,
    attempt,
  }: StartShape & {
    refused: AuditInput[];
    attempt: number;
  },
): Promise<void> {
  // What starting cost (roles and groups read); each event adds its own.
  const { calls, points, quota } = jira.cost();
  // A context too large for one value (rules listing thousands of keys) is stored in parts,
  // first: the start's own transaction then writes the head that names them.
  const stored = contextWrites(run.id, context);
  await putContextParts(fence, stored.parts);
  await fencedWrite(fence, [
    stored.head,
    { key: runKey(run.id), value: { ...run, calls, points, ...(quota ? { quota } : {}) } },
    ...(orgSync ? [{ key: orgSyncKey(run.id), value: newOrgSync() }] : []),
    // One project: no listing; the single batch is the whole run.
    ...(req.projectKey
      ? [{ key: listedKey(run.id), value: { batches: 1, total: 1, done: true } }]
      : []),
    // Chosen projects: no listing either; the batches are fixed now.
    ...(req.subset
      ? [
          {
            key: listedKey(run.id),
            value: { batches: batches.length, total: req.subset.projects.length, done: true },
          },
          ...batches.map((b, i) => approvedWrite(run.id, i, approvedOf(req.subset!, b))),
        ]
      : []),
    ...(visits ? await recordVisits(fence, run.id, visits.projects) : []),
    // A run put off by the quota starts now: what it asked for is done with.
    ...(attempt ? [{ key: pendingStartKey(run.id), delete: true as const }] : []),
    ...auditWrites([
      {
        kind: 'run-started',
        actor: req.startedBy,
        runId: run.id,
        projectKey: req.projectKey,
        ruleId: req.ruleId,
        message: run.visits ? describeVisits(run) : describeStart(req, context),
        sentence: run.visits ? visitsSentence(run) : startSentence(req, context),
      },
      ...refused,
    ]),
  ]);
}

/** Queues the run's work: its batches, its visits or its listing, and the organization sync. */
async function queueWork(
  run: RunRecord,
  req: StartRunRequest,
  fence: Fence,
  context: RunContext,
  { orgSync, batches, visits, selection }: StartShape & { selection: Selection | undefined },
): Promise<void> {
  // The work goes to the queue last: once it is pushed nothing here can fail, so a run that
  // startRun (or a resumed start) marks failed never has consumers working on it.
  if (req.subset) {
    await pushEvents([
      ...batches.map((projects, index) => ({
        kind: 'batch' as const,
        runId: run.id,
        index,
        part: 0,
        projects,
      })),
      ...(orgSync ? [{ kind: 'org' as const, runId: run.id, part: 0 }] : []),
    ]);
    // Nothing to do (a preview without changes): the run ends now, as done.
    if (batches.length === 0) await finalizeIfDone(run.id, fence);
  } else {
    const orgEvents = orgSync ? [{ kind: 'org' as const, runId: run.id, part: 0 }] : [];
    await pushEvents([
      ...(visits
        ? visitEvents(run.id, visits.projects)
        : [
            context.project && req.projectKey
              ? {
                  kind: 'batch' as const,
                  runId: run.id,
                  index: 0,
                  part: 0,
                  projects: [context.project],
                }
              : { kind: 'list' as const, runId: run.id, startAt: 0, index: 0 },
          ]),
      ...orgEvents,
    ]);
    if (visits) {
      await commitSelection(visits, run.id);
      // Nothing to visit (an empty site): no batch will end the run, so it ends here.
      if (visits.projects.length === 0) await finalizeIfDone(run.id, fence);
    }
    log.info('run.started', {
      trigger: req.trigger,
      dryRun: req.dryRun,
      token: fence.token,
      mode: visits ? 'changes' : 'full',
      ...(selection?.full ? { fullBecause: selection.reason } : {}),
    });
  }
}

/** The site's lease for a real run (refused, naming the holder, while another run has it). */
async function takeLease(
  run: RunRecord,
  req: StartRunRequest,
  now: Date,
  jira: JiraClient,
): Promise<Fence> {
  const holder = { runId: run.id, trigger: req.trigger, startedBy: req.startedBy };
  // A preview, or a run of one project from its settings page (so that no project admin can
  // keep the site's runs from starting), takes a lease of its own, not the site's; a project
  // run's writes to the project are kept apart from a site run's by the project lease.
  if (req.dryRun || req.trigger === 'project') return takePreviewLease(holder, now.getTime());
  const lease = await acquireSiteLease(holder, now.getTime());
  if (!lease.acquired) {
    log.info('lease.refused', { heldBy: lease.heldBy.holder, token: lease.heldBy.token });
    throw new UserFacingError(await describeHolder(lease.heldBy, now, jira), 'conflict');
  }
  if (lease.expired) {
    const dead = lease.expired;
    await appendAudit([
      {
        kind: 'lock-expired',
        actor: 'app',
        runId: dead.holder,
        message: `The lease of run ${dead.holder} expired at ${new Date(dead.expiresAt).toISOString()} without being released (the run stopped); run ${run.id} took over.`,
        sentence: sentence('lockExpired', {
          run: dead.holder,
          at: new Date(dead.expiresAt).toISOString(),
          next: run.id,
        }),
      },
    ]);
    await markStopped(dead.holder, run.id);
  }
  return lease.fence;
}

/**
 * The run whose lease expired died without finishing: end its record as failed, so the history
 * does not show it running forever. Its lease is ours now, so it can write nothing more.
 */
async function markStopped(deadRunId: string, takenOverBy: string): Promise<void> {
  const dead = await getRunRecord(deadRunId);
  if (!dead || dead.status !== 'running') return;
  const totals = withBatchTotals(dead, await listBatchCheckpoints(deadRunId));
  const said = stoppedLeaseExpired(totals.progress.done, totals.progress.total, takenOverBy);
  const { message } = said;
  await setValue(runKey(deadRunId), {
    ...totals,
    status: 'failed',
    finishedAt: new Date().toISOString(),
    message,
  });
  await appendAudit([{ kind: 'run-failed', actor: 'app', runId: deadRunId, ...said }]);
}

async function buildContext(
  req: StartRunRequest,
  jira: JiraClient,
  fence: Fence,
  start: { runId: string; eventKey: string; first: boolean },
): Promise<RunContext> {
  // A one-rule preview still plans with every rule, so that bindings other rules want are not
  // shown as removals; the batches then keep only the projects that rule covers.
  const [saved, stored] = await Promise.all([listRules(), getSettings()]);
  // Before an uninstall the run wants nothing and removes what the app added: the rules stay as
  // they are, for the admin who turns the hourly runs back on instead.
  const uninstall = req.trigger === 'uninstall';
  const rules = uninstall ? [] : saved;
  const settings = uninstall ? { ...stored, removeUnwanted: true } : stored;
  // Starting reads roles, groups and product access: within what is left of the hour's budget
  // (none left: the first call stops, and the run waits for the next hour).
  const payer = payerOf(req);
  if (payer.kind === 'person' && start.first)
    // Asked for on a project's page: refused at once (too-soon) when the starter's share cannot
    // pay for the run (its start, and its batch: held for it when the start is recorded).
    await spendShare(
      jira,
      payer.accountId,
      `${start.runId}:${start.eventKey}`,
      projectStartPoints(rules) + PROJECT_BATCH_POINTS,
      settings,
    );
  else
    await applyBudget(jira, settings, {
      consumers: 1,
      payer,
      ...(payer.kind === 'person' ? { hold: start, rules } : {}),
    });
  if (req.ruleId && !rules.some((r) => r.id === req.ruleId))
    throw new UserFacingError(`Rule ${req.ruleId} no longer exists. Reload the page.`, 'not-found');
  const [facts, project, orgs] = await Promise.all([
    readPlanFacts(jira, rules),
    req.projectKey ? getProject(jira, req.projectKey) : Promise.resolve(undefined),
    resolveOrganizations(rules, jira, req.dryRun),
  ]);
  // A run (not a preview, which changes nothing) keeps the site's roles for the project page.
  if (!req.dryRun) await keepSiteRoles(facts.roles, Date.now());
  return {
    // A one-rule preview shows the organizations that rule keeps, and no other rule's.
    ...(orgs
      ? {
          organizations: req.ruleId
            ? orgs.organizations.filter((o) => o.ruleIds.includes(req.ruleId!))
            : orgs.organizations,
        }
      : {}),
    fence,
    rules,
    settings,
    ...facts,
    project: project ?? undefined,
    focusRuleId: req.ruleId,
    appliesPreview: req.appliesPreview,
    ...(req.subset ? { chosenProjects: true } : {}),
  };
}

/**
 * Once a Jira admin prepared to uninstall, no run adds anything until the hourly runs are
 * turned back on; previews (which change nothing) and the removal itself still run.
 */
async function refuseWhileUninstalling(req: StartRunRequest): Promise<void> {
  if (req.dryRun || req.trigger === 'uninstall' || !(await getUninstall())) return;
  throw new UserFacingError(
    'Customer Role Sync is prepared for uninstalling, so runs add nothing. To use it again, turn “Run every hour” back on in Settings.',
    'conflict',
  );
}

function subsetBatches(projects: Project[]): Project[][] {
  const out: Project[][] = [];
  for (let i = 0; i < projects.length; i += SUBSET_BATCH)
    out.push(projects.slice(i, i + SUBSET_BATCH));
  return out;
}

function approvedOf(subset: RunSubset, batch: Project[]) {
  if (!subset.approved) return {};
  return Object.fromEntries(batch.map((p) => [p.id, subset.approved![p.id] ?? []]));
}

/** "Another run (started 2 minutes ago by Ada Admin from the admin page, run …) is changing the site…" */
async function describeHolder(held: Lease, now: Date, jira: JiraClient): Promise<string> {
  const who =
    held.startedBy === 'app'
      ? 'the app'
      : ((await displayName(held.startedBy, jira)) ?? `account ${held.startedBy}`);
  const minutes = Math.max(0, Math.round((now.getTime() - held.acquiredAt) / 60_000));
  const when = minutes === 0 ? 'less than a minute ago' : `${count(minutes, 'minute')} ago`;
  return `Another run (${TRIGGER_WORDS[held.trigger as RunTrigger] ?? held.trigger}, started ${when} by ${who}; run ${held.holder}) is changing the site. Wait for it to finish, then try again.`;
}

const TRIGGER_WORDS: Record<RunTrigger, string> = {
  scheduled: 'the hourly enforcement',
  manual: 'a run from the admin page',
  project: "a run from a project's settings page",
  'project-created': 'a run for a new project',
  uninstall: 'the removal of what the app added, before an uninstall',
};

function describeStart(req: StartRunRequest, ctx: RunContext): string {
  const what = req.dryRun ? 'Preview' : 'Enforcement';
  const rule = ctx.rules.find((r) => r.id === req.ruleId);
  const n = req.subset?.projects.length ?? 0;
  if (req.trigger === 'uninstall')
    return `Removal of every group and organization member the app added (${count(n, 'project')}) started by an admin preparing to uninstall.`;
  const where = req.projectKey
    ? `project ${ctx.project?.name ?? req.projectKey} (${req.projectKey})`
    : req.appliesPreview
      ? `the changes a preview showed (${count(n, 'project')})`
      : req.retryOf
        ? `the ${count(n, 'project')} that failed in an earlier run`
        : rule
          ? `rule '${rule.name}'`
          : 'every service project';
  const why = {
    scheduled: 'on schedule',
    manual: 'by an admin',
    project: 'from the project settings page',
    'project-created': 'because the project was created',
    uninstall: 'by an admin preparing to uninstall',
  }[req.trigger];
  return `${what} of ${where} started ${why}.`;
}

/** The start's sentence as a code and values, for the page to word it (describeStart's English). */
function startSentence(req: StartRunRequest, ctx: RunContext) {
  const rule = ctx.rules.find((r) => r.id === req.ruleId);
  const where =
    req.trigger === 'uninstall'
      ? 'uninstall'
      : req.projectKey
        ? 'project'
        : req.appliesPreview
          ? 'preview'
          : req.retryOf
            ? 'retry'
            : rule
              ? 'rule'
              : 'all';
  return sentence('runStarted', {
    dryRun: req.dryRun ? 1 : 0,
    where,
    trigger: req.trigger,
    count: req.subset?.projects.length ?? 0,
    ...(req.projectKey
      ? { project: ctx.project?.name ?? req.projectKey, key: req.projectKey }
      : {}),
    ...(rule ? { rule: rule.name } : {}),
  });
}

/** A change-driven run's start as a code and the number of projects of each reason. */
function visitsSentence(run: RunRecord) {
  return sentence('runStartedVisits', { count: run.progress.total, ...run.visits });
}

const VISIT_WORDS: Record<VisitReason, string> = {
  'changed-in-jira': 'changed in Jira',
  'new-project': 'new',
  'rule-changed': 'covered by a changed rule',
  sweep: 'due for verification (sweep)',
  'full-run': 'part of a full run',
};

/** "Enforcement of 212 projects started on schedule: 3 changed in Jira, 209 due for …" */
function describeVisits(run: RunRecord): string {
  const parts = Object.entries(run.visits ?? {}).map(
    ([r, n]) => `${n} ${VISIT_WORDS[r as VisitReason]}`,
  );
  return `Enforcement of ${count(run.progress.total, 'project')} started on schedule${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}
