// Starting a run: take the site lock (real runs only), fix what every batch must agree on
// (rules, settings, role ids, which groups exist) in the run context, then hand the listing
// of projects to the queue. Answers at once; the queue does the rest.
import { RunTrigger } from '../domain/schemas';
import { JiraClient } from '../jira/client';
import { getProject } from '../jira/projects';
import { listGlobalRoles } from '../jira/roles';
import { getGroupsByIds } from '../jira/groups';
import { appendAudit } from '../store/audit';
import { newestFirstId } from '../store/ids';
import { acquireLock, Lock, releaseLock } from '../store/lock';
import { getUserDisplayName } from '../jira/users';
import { count } from '../domain/text';
import { listRules } from '../store/rules';
import {
  RunContext,
  RunRecord,
  getRunRecord,
  listBatchCheckpoints,
  putRunContext,
  putRunRecord,
  withBatchTotals,
} from '../store/runs';
import { getSettings } from '../store/settings';
import { rememberProjectRun } from '../store/project-runs';
import { pushEvents } from './queue';
import { errorMessage, UserFacingError } from '../domain/errors';

export interface StartRunRequest {
  trigger: RunTrigger;
  dryRun: boolean;
  /** accountId of the person, or "app" */
  startedBy: string;
  /** a run of one project */
  projectKey?: string;
  /** a preview of one rule */
  ruleId?: string;
}

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
    progress: { done: 0, total: 0 },
    counts: { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 },
    batches: 0,
    listingDone: false,
  };

  if (!req.dryRun) {
    const lock = await acquireLock(
      { runId: run.id, trigger: req.trigger, startedBy: req.startedBy },
      now,
    );
    if (!lock.acquired)
      throw new UserFacingError(await describeHolder(lock.heldBy, now, jira), 'conflict');
    if (lock.expired) {
      await appendAudit([
        {
          kind: 'lock-expired',
          actor: 'app',
          runId: lock.expired.runId,
          message: `The lock of run ${lock.expired.runId} expired at ${lock.expired.expiresAt} without being released (the run stopped); run ${run.id} took over.`,
        },
      ]);
      await markStopped(lock.expired.runId, run.id);
    }
  }

  try {
    const context = await buildContext(req, jira);
    await putRunContext(run.id, context);
    if (req.projectKey) {
      // One project: no listing; the single batch is the whole run.
      const project = context.project;
      if (!project)
        throw new UserFacingError(
          `Project ${req.projectKey} was not found in Jira. It may have been deleted.`,
          'not-found',
        );
      run.progress.total = 1;
      run.batches = 1;
      run.listingDone = true;
      await putRunRecord(run);
      if (!req.dryRun) await rememberProjectRun(project.key, run.id);
    } else {
      await putRunRecord(run);
    }
    await appendAudit([
      {
        kind: 'run-started',
        actor: req.startedBy,
        runId: run.id,
        projectKey: req.projectKey,
        ruleId: req.ruleId,
        message: describeStart(req),
      },
    ]);
    // The work goes to the queue last: once it is pushed nothing here can fail, so a run marked
    // failed below never has consumers working on it (they could overwrite the failed record).
    await pushEvents([
      context.project && req.projectKey
        ? { kind: 'batch', runId: run.id, index: 0, projects: [context.project] }
        : { kind: 'list', runId: run.id, startAt: 0, index: 0 },
    ]);
    return run;
  } catch (err) {
    if (!req.dryRun) await releaseLock(run.id);
    await putRunRecord({
      ...run,
      status: 'failed',
      finishedAt: new Date().toISOString(),
      message: errorMessage(err),
    }).catch(() => undefined);
    throw err;
  }
}

/**
 * The run whose lock expired died without finishing: end its record as failed, so the history
 * does not show it running forever. Its batches, if any are still retried, find it not running
 * and do nothing.
 */
async function markStopped(deadRunId: string, takenOverBy: string): Promise<void> {
  const dead = await getRunRecord(deadRunId);
  if (!dead || dead.status !== 'running') return;
  const totals = withBatchTotals(dead, await listBatchCheckpoints(deadRunId));
  await putRunRecord({
    ...totals,
    status: 'failed',
    finishedAt: new Date().toISOString(),
    message: `The run stopped before it finished (${totals.progress.done} of ${count(totals.progress.total, 'project')} done) and its lock expired; run ${takenOverBy} took over. What it did not reach, the next runs enforce.`,
  });
}

async function buildContext(req: StartRunRequest, jira: JiraClient): Promise<RunContext> {
  // A one-rule preview still plans with every rule, so that bindings other rules want are not
  // shown as removals; the batches then keep only the projects that rule covers.
  const [rules, settings] = await Promise.all([listRules(), getSettings()]);
  if (req.ruleId && !rules.some((r) => r.id === req.ruleId))
    throw new UserFacingError(`Rule ${req.ruleId} no longer exists. Reload the page.`, 'not-found');
  const groupIds = [...new Set(rules.filter((r) => r.enabled).flatMap((r) => r.groupIds))];
  const [roles, groups, project] = await Promise.all([
    listGlobalRoles(jira),
    getGroupsByIds(jira, groupIds),
    req.projectKey ? getProject(jira, req.projectKey) : Promise.resolve(undefined),
  ]);
  return {
    rules,
    settings,
    roles,
    groups: Object.fromEntries(groups),
    project: project ?? undefined,
    focusRuleId: req.ruleId,
  };
}

/** "Another run (started 2 minutes ago by Ada Admin from the admin page, run …) is changing the site…" */
async function describeHolder(held: Lock, now: Date, jira: JiraClient): Promise<string> {
  const who =
    held.startedBy === 'app'
      ? 'the app'
      : ((await getUserDisplayName(jira, held.startedBy).catch(() => undefined)) ??
        `account ${held.startedBy}`);
  const minutes = Math.max(
    0,
    Math.round((now.getTime() - new Date(held.acquiredAt).getTime()) / 60_000),
  );
  const when = minutes === 0 ? 'less than a minute ago' : `${count(minutes, 'minute')} ago`;
  return `Another run (${TRIGGER_WORDS[held.trigger as RunTrigger] ?? held.trigger}, started ${when} by ${who}; run ${held.runId}) is changing the site. Wait for it to finish, then try again.`;
}

const TRIGGER_WORDS: Record<RunTrigger, string> = {
  scheduled: 'the hourly enforcement',
  manual: 'a run from the admin page',
  project: "a run from a project's settings page",
  'project-created': 'a run for a new project',
};

function describeStart(req: StartRunRequest): string {
  const what = req.dryRun ? 'Preview' : 'Enforcement';
  const where = req.projectKey
    ? `project ${req.projectKey}`
    : req.ruleId
      ? `rule ${req.ruleId}`
      : 'every service project';
  const why = {
    scheduled: 'on schedule',
    manual: 'by an admin',
    project: 'from the project settings page',
    'project-created': 'because the project was created',
  }[req.trigger];
  return `${what} of ${where} started ${why}.`;
}
