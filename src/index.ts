// Entry points only: the handlers that manifest.yml names.
import { z } from 'zod';

import { UserFacingError } from './domain/errors';
import { newProjectSkipped } from './domain/run-failure-words';
import { healthConsumer, refreshHealthIfDue } from './enforce/health/health';
import { processOrgSync } from './enforce/orgs/org-sync';
import { reportPersonalDataIfDue } from './enforce/privacy/personal-data';
import { Deadline } from './enforce/queue/deadline';
import { processBatch } from './enforce/queue/process-batch';
import { processList } from './enforce/queue/process-list';
import { EnforceEventSchema } from './enforce/queue/queue';
import { waitOn } from './enforce/quota/quota-wait';
import { preUninstall as beforeUninstall } from './enforce/run/pre-uninstall';
import { resumeStart } from './enforce/run/resume-start';
import { startScheduledRun } from './enforce/run/scheduled-run';
import { startRun } from './enforce/run/start-run';
import { runWatchdog } from './enforce/run/watchdog';
import { forgetProject } from './enforce/signals/forget-project';
import { entryPoint, resolverEntryPoint, stringAt } from './invocation';
import { JiraClient, triggerClient } from './jira/client';
import { getProject } from './jira/projects';
import { QuotaSpentError } from './jira/quota-tracker';
import { log, logError } from './log';
import { adminResolver as adminDefinitions } from './resolvers/admin';
import { projectResolver as projectDefinitions } from './resolvers/project';
import { appendAudit } from './store/audit';
import { pruneAudit } from './store/audit-retention';
import { markDirty } from './store/dirty-projects';
import { getSettings } from './store/settings';

export const adminResolver = resolverEntryPoint('admin-resolver', adminDefinitions);
export const projectResolver = resolverEntryPoint('project-resolver', projectDefinitions);

/**
 * Hourly: end stalled runs, then enforce the rules where something changed and on the sweep's
 * slice (start-run.ts decides; a full run when one is due), unless paused.
 */
async function enforceHourly(): Promise<void> {
  await runWatchdog();
  // One client: after a quota 429 no call of the trigger reaches Jira; the run waits queued.
  const jira = triggerClient();
  const settings = await getSettings();
  // Within a budget: what is left, the next hour prunes.
  const pruned = await pruneAudit(settings.auditRetentionDays, { maxDeletes: 500 });
  if (pruned.deleted || pruned.requests) log.info('audit.pruned', { ...pruned });
  if (!settings.scheduleEnabled) return log.info('run.skipped', { reason: 'schedule-off' });
  await startScheduledRun(undefined, new Date(), jira);
}

const ProjectEventSchema = z
  .object({
    eventType: z.string().optional(),
    project: z.object({ key: z.string(), id: z.string().optional() }),
  })
  .passthrough();

/**
 * Project events after which there is nothing to write. A deleted project is also forgotten
 * (forget-project.ts); one in the trash or archived keeps what the app knows: it can come back.
 */
const GONE = new Set([
  'avi:jira:deleted:project',
  'avi:jira:softdeleted:project',
  'avi:jira:archived:project',
]);

/**
 * Forge's project events. Each marks the project for the next hourly run (at least once:
 * marking twice is harmless); a new project is also enforced at once instead of waiting.
 */
async function onProjectEvent(event: unknown): Promise<void> {
  const parsed = ProjectEventSchema.safeParse(event);
  if (!parsed.success) return log.warn('event.ignored', { reason: 'no-project-key' });
  const { eventType = 'avi:jira:created:project', project: p } = parsed.data;
  if (eventType === 'avi:jira:deleted:project' && p.id)
    return forgetProject({ id: p.id, key: p.key });
  if (GONE.has(eventType)) return log.info('event.ignored', { reason: 'project-gone' });
  const created = eventType === 'avi:jira:created:project';
  await markDirty(
    [p.id ? { projectId: p.id } : { projectKey: p.key }],
    created ? 'new-project' : 'changed-in-jira',
  );
  if (!created) return log.info('project.marked', { reason: 'changed-in-jira' });
  const jira = triggerClient();
  // Jira's quota spent: the mark above brings the project into the next hourly run.
  const project = await getProject(jira, p.key).catch((err: unknown) => {
    if (err instanceof QuotaSpentError) return 'quota' as const;
    throw err;
  });
  if (project === 'quota') return log.info('run.skipped', { reason: 'quota' });
  if (!project || project.typeKey !== 'service_desk')
    return log.info('event.ignored', { reason: project ? 'not-a-service-project' : 'not-found' });
  try {
    await startRun(
      { trigger: 'project-created', dryRun: false, startedBy: 'app', projectKey: project.key },
      jira,
    );
  } catch (err) {
    // The run holding the site may have listed past this project already: the next hour covers it.
    if (err instanceof UserFacingError && err.code === 'conflict') {
      log.info('run.skipped', { reason: 'conflict' });
      await appendAudit([
        {
          kind: 'run-skipped',
          actor: 'app',
          projectKey: project.key,
          ...newProjectSkipped(project.key, err.message),
        },
      ]);
      return;
    }
    throw err;
  }
}

/**
 * The queue consumer: a page of projects to list, or a batch of projects to enforce. It has up
 * to 900 s, so its Jira calls wait out throttling longer than a resolver's would, but never
 * into the end of the invocation. The delivery (eventId, retry count) makes its work exactly-once.
 */
async function consumeEnforceEvent(event: {
  body?: unknown;
  eventId?: string;
  retryContext?: { retryCount?: number };
}): Promise<void> {
  const body = EnforceEventSchema.parse(event.body);
  // A retry of a refused hourly run belongs to no run yet: it never waits on one.
  if (body.kind === 'retry-scheduled') return startScheduledRun(body);
  // A run paused for Jira's quota: this delivery is one link of the wait, not the work.
  if (body.waitSeconds) return waitOn(body);
  const deadline = Deadline.fromRuntime();
  const jira = new JiraClient({
    maxTries: 10,
    maxTotalWaitMs: 120_000,
    maySleep: (ms) => deadline.maySleep(ms),
  });
  const delivery = { eventId: event.eventId ?? '', attempt: event.retryContext?.retryCount ?? 0 };
  if (body.kind === 'start') await resumeStart(body, delivery, jira);
  else if (body.kind === 'list') await processList(body, delivery, jira);
  else if (body.kind === 'org') await processOrgSync(body, delivery, jira, deadline);
  else await processBatch(body, delivery, jira, deadline);
}

// The handlers manifest.yml names, each in its log context.
// Health is refreshed after the enforcement has started (or was refused), never in its way;
// the weekly personal data report (enforce/privacy) goes last, with the time that is left, and
// its failure never hides the enforcement's: a pass cut short goes on the next hour.
export const scheduledEnforce = entryPoint('scheduled-enforce', async () => {
  try {
    await enforceHourly();
  } finally {
    await refreshHealthIfDue();
    await reportPersonalDataIfDue(Deadline.fromRuntime()).catch((err: unknown) =>
      logError('privacy.pass-failed', err),
    );
  }
});
export const projectCreated = entryPoint('project-created', onProjectEvent, (event) => ({
  projectKey: stringAt(event, 'project', 'key'),
}));
export const healthCheck = entryPoint('health-check', healthConsumer);
export const enforceBatch = entryPoint('enforce-batch', consumeEnforceEvent, (event) => ({
  runId: stringAt(event.body, 'runId'),
}));
export const preUninstall = entryPoint('pre-uninstall', beforeUninstall);
