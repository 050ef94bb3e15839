// One batch of projects: enforce each, then leave a checkpoint. A retried batch (the consumer
// was cut off) finds its checkpoint and stops, or redoes the batch from what Jira has now,
// which is safe because planning reads the current actors.
import { ruleCoversProject } from '../domain/scope';
import { JiraClient } from '../jira/client';
import { appendAudit } from '../store/audit';
import { refreshLock } from '../store/lock';
import { holdsSiteLease } from '../domain/run-scope';
import {
  getBatchCheckpoint,
  getRunContext,
  getRunRecord,
  putBatchActions,
  putBatchCheckpoint,
  putBatchPlans,
} from '../store/runs';
import { enforceProject, ProjectOutcome } from './enforce-project';
import { finalizeIfDone, releaseIfFinished } from './finalize-run';
import { mapLimit } from './map-limit';
import { BatchEvent } from './queue';
import { errorMessage } from '../domain/errors';

/** Projects of a batch worked on at once; the Jira client's limiter bounds the calls. */
const PROJECT_CONCURRENCY = 8;

export async function processBatch(ev: BatchEvent, jira = new JiraClient()): Promise<void> {
  const run = await getRunRecord(ev.runId);
  if (!run) return;
  if (run.status !== 'running') return releaseIfFinished(run);
  if (await getBatchCheckpoint(run.id, ev.index)) return finalizeIfDone(run.id);
  const ctx = await getRunContext(run.id);
  if (!ctx) throw new Error(`Run ${run.id} lost its context; start a new run.`);
  if (holdsSiteLease(run) && !(await refreshLock(run.id))) {
    await putBatchCheckpoint(run.id, {
      index: ev.index,
      projects: ev.projects.length,
      counts: zero(),
      finishedAt: new Date().toISOString(),
      error:
        'The run lost the site lock (it expired); this batch changed nothing. The next run will cover these projects.',
    });
    return finalizeIfDone(run.id);
  }

  const focus = ctx.focusRuleId ? ctx.rules.find((r) => r.id === ctx.focusRuleId) : undefined;
  const projects = focus
    ? ev.projects.filter((p) => ruleCoversProject(focus, p).covered)
    : ev.projects;
  const outcomes = await mapLimit(
    projects,
    PROJECT_CONCURRENCY,
    async (project): Promise<ProjectOutcome> => {
      try {
        return await enforceProject(project, ctx, run, jira);
      } catch (err) {
        const message = `Project ${project.key} could not be enforced: ${errorMessage(err)}`;
        return {
          plans: [],
          actions: [
            {
              projectKey: project.key,
              kind: 'project',
              ok: false,
              error: message,
              at: new Date().toISOString(),
            },
          ],
          audit: [
            {
              kind: 'binding-failed',
              actor: run.startedBy,
              runId: run.id,
              projectKey: project.key,
              message,
            },
          ],
          counts: { ...zero(), errors: 1 },
        };
      }
    },
  );

  const counts = zero();
  for (const o of outcomes)
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += o.counts[k];
  const plans = outcomes
    .flatMap((o) => o.plans)
    .filter((p) => p.actions.length > 0 || p.skips.length > 0 || p.unmanagedGroupIds.length > 0);
  await putBatchPlans(run.id, ev.index, plans);
  await putBatchActions(
    run.id,
    ev.index,
    outcomes.flatMap((o) => o.actions),
  );
  await appendAudit(outcomes.flatMap((o) => o.audit));
  await putBatchCheckpoint(run.id, {
    index: ev.index,
    projects: ev.projects.length,
    counts,
    finishedAt: new Date().toISOString(),
  });
  await finalizeIfDone(run.id);
}

function zero() {
  return { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
}
