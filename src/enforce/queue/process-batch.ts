// One part of a batch of projects: enforce project after project until the invocation's time
// runs short, record a checkpoint for what was done (through the run's lease), and hand the rest
// to the next part. Exactly once: the delivery claims `batch:<index>:<part>` first, so a copy of
// the event does nothing; a retry after a crash redoes the part from what Jira has now (safe:
// planning reads the current actors, and pending ledger entries are confirmed), taking what it
// recorded of each project it had changed as that project's outcome, or, if the part was already
// recorded, pushes its rest again.
import type { OwnWrite } from '../../domain/audit-trust';
import { errorMessage } from '../../domain/errors';
import { projectVisit } from '../../domain/project-visit';
import type { Project, RunWaiting, VisitReason } from '../../domain/schemas';
import { ruleCoversProject } from '../../domain/scope';
import { JiraClient, type JiraRetry } from '../../jira/client';
import { QuotaSpentError } from '../../jira/quota-tracker';
import { errorFields, log } from '../../log';
import { appendAudit } from '../../store/audit';
import { expectOwnWrites } from '../../store/audit-expectations';
import { clearDirty, markDirty } from '../../store/dirty-projects';
import type { Delivery } from '../../store/event-claims';
import { LeaseLostError, ProjectLeaseLostError } from '../../store/lease';
import { putProjectVisit } from '../../store/project-visits';
import {
  getApprovedBatch,
  getBatchCheckpoint,
  getProjectOutcome,
  putBatchActions,
  putBatchCheckpoint,
  putBatchPlans,
  putPartProgress,
  type RunContext,
  type RunRecord,
} from '../../store/runs';
import { putSweepMiss } from '../../store/sweep';
import type { ProjectOutcome } from '../bindings/enforce-project';
import { enforceProject } from '../bindings/enforce-project';
import { mapLimit } from '../map-limit';
import { applyBudget, pauseIfSpent, payerOf, recordEventSpend } from '../quota/quota-budget';
import { finalizeIfDone } from '../run/finalize-run';
import { Deadline } from './deadline';
import { runEvent } from './event-gate';
import type { LeaseKeeper } from './lease-keeper';
import type { BatchEvent } from './queue';
import { eventKey, pushEvents } from './queue';

/** Projects of a batch worked on at once; the Jira client's limiter bounds the calls. */
const PROJECT_CONCURRENCY = 8;

export function processBatch(
  ev: BatchEvent,
  delivery: Delivery,
  jira = new JiraClient(),
  deadline = Deadline.fromRuntime(),
): Promise<void> {
  return runEvent(ev, delivery, async ({ run, ctx, lease }) => {
    const recorded = await getBatchCheckpoint(run.id, ev.index, ev.part);
    if (!recorded)
      await applyBudget(jira, ctx.settings, {
        hold: { runId: run.id, eventKey: eventKey(ev) },
        payer: payerOf(run),
      });
    const rest = recorded
      ? recorded.rest
      : await enforcePart(ev, run, ctx, lease, jira, deadline, delivery.attempt > 0);
    if (!recorded) await recordEventSpend(jira, run.id, eventKey(ev), Date.now(), payerOf(run));
    if (rest.length > 0) {
      // Jira may have asked for a longer wait than this invocation had, or its hourly quota
      // (or the run's budget) is spent until the reset: the rest waits it out.
      const pausedMs = await pauseIfSpent(jira, ctx.fence, run.id, Date.now(), payerOf(run));
      const delayMs = Math.max(deadline.handOnDelayMs(), pausedMs);
      await pushEvents([{ ...ev, part: ev.part + 1, projects: rest }], delayMs);
      log.info('deadline.continuation', {
        batch: ev.index,
        part: ev.part + 1,
        projects: rest.length,
        remainingMs: Math.round(deadline.remainingMs()),
        delayMs,
      });
    }
    await finalizeIfDone(run.id, ctx.fence);
  });
}

/** The plans a part shows: those with something in them, and every visit of a change-driven run. */
function partPlans(visited: Project[], done: ProjectOutcome[]) {
  // A change-driven run shows every project it visited, with why, even when nothing changed.
  const visit = new Map(visited.map((p) => [p.id, p.visit]));
  return done
    .flatMap((o) => o.plans)
    .map((p) => (visit.get(p.projectId) ? { ...p, visit: visit.get(p.projectId) } : p))
    .filter(
      (p) =>
        p.visit ||
        p.actions.length > 0 ||
        p.skips.length > 0 ||
        p.unmanagedGroupIds.length > 0 ||
        (p.orgLinks?.length ?? 0) > 0,
    );
}

/** Enforces the part's projects while time allows; records the part; answers the rest. */
async function enforcePart(
  ev: BatchEvent,
  run: RunRecord,
  ctx: RunContext,
  lease: LeaseKeeper,
  jira: JiraClient,
  deadline: Deadline,
  /** A retry of a part whose invocation died: projects it already changed were recorded. */
  redo: boolean,
): Promise<Project[]> {
  const focus = ctx.focusRuleId ? ctx.rules.find((r) => r.id === ctx.focusRuleId) : undefined;
  const projects = focus
    ? ev.projects.filter((p) => ruleCoversProject(focus, p).covered)
    : ev.projects;
  const approved = ctx.appliesPreview ? await getApprovedBatch(run.id, ev.index) : undefined;
  let started = 0;
  let lost: LeaseLostError | undefined;
  const progress = new PartProgress(
    run.id,
    ev.index,
    ev.part,
    ev.projects.length - projects.length,
  );
  const stopTelling = jira.onRetry((retry) => void progress.retrying(retry));
  const outcomes = await mapLimit(projects, PROJECT_CONCURRENCY, async (project) => {
    // At least one project per invocation, so a part always makes progress; none once the
    // hour's points are spent (its calls would fail at once).
    if (lost || jira.quotaTracker.stopped() || (started > 0 && deadline.expired()))
      return undefined;
    started++;
    try {
      await lease.renewIfDue();
      // What the died invocation did here is reported as it was, not redone from Jira's state
      // now (where it shows as nothing to do).
      const before = redo && !run.dryRun ? await getProjectOutcome(run.id, project.id) : undefined;
      const outcome = before
        ? { ...before, audit: [] }
        : await enforceProject(project, ctx, run, jira, approved && (approved[project.id] ?? []));
      await progress.oneDone();
      await recordVisit(run, ctx, project, outcome);
      return outcome;
    } catch (err) {
      if (err instanceof LeaseLostError) lost = err;
      // The hour's points are spent: the project is done again, from scratch, after the reset.
      else if (err instanceof QuotaSpentError) return undefined;
      // Another run took this project over (its lease lapsed): that run enforces it, so this
      // one records it as not done and goes on with the rest; the project's page keeps what
      // the other run did there.
      else if (err instanceof ProjectLeaseLostError) return failed(project, run, err, false);
      // Out of time in the middle of the project: the next part does it again, from scratch.
      else if (!deadline.expired()) {
        const outcome = failed(project, run, err);
        await progress.oneDone();
        await recordVisit(run, ctx, project, outcome);
        return outcome;
      }
      return undefined;
    }
  });
  stopTelling();
  if (lost) throw lost;
  return recordPart(ev, run, ctx, jira, projects, outcomes);
}

/** Records what a part did (plans, actions, audit, checkpoint, signals answered); the rest. */
async function recordPart(
  ev: BatchEvent,
  run: RunRecord,
  ctx: RunContext,
  jira: JiraClient,
  projects: Project[],
  outcomes: (ProjectOutcome | undefined)[],
): Promise<Project[]> {
  const done = outcomes.filter((o): o is ProjectOutcome => o !== undefined);
  const rest = projects.filter((_, i) => outcomes[i] === undefined);
  const sum = zero();
  for (const o of done)
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += o.counts[k];
  const failedReads = done.reduce((n, o) => n + (o.counts.failedReads ?? 0), 0);
  const leftOut = done.reduce((n, o) => n + (o.counts.leftOut ?? 0), 0);
  const counts = {
    ...sum,
    ...(failedReads ? { failedReads } : {}),
    ...(leftOut ? { leftOut } : {}),
  };
  const plans = partPlans(ev.projects, done);
  const at = { index: ev.index, part: ev.part };
  await putBatchPlans(run.id, at, plans);
  await putBatchActions(
    run.id,
    at,
    done.flatMap((o) => o.actions),
  );
  await appendAudit(done.flatMap((o) => o.audit));
  await putBatchCheckpoint(ctx.fence, run.id, {
    ...at,
    projects: ev.projects.length - rest.length,
    counts,
    finishedAt: new Date().toISOString(),
    rest,
    ...jira.cost(),
  });
  await expectInAuditLog(run, done);
  if (ctx.selectedAt) {
    await answerSignals(projects, outcomes, ctx.selectedAt);
    await noteSweepMiss(run, projects, outcomes);
  }
  return rest;
}

/**
 * The roles this part changed are expected in the next read of Jira's audit log, as the proof
 * that the log is understood (audit-trust.ts). Only what Jira answered with success in this
 * part: a pending add confirmed here may have been a person's. Bookkeeping: a failed write
 * must not fail the part (no expectation, no verdict).
 */
async function expectInAuditLog(run: RunRecord, done: ProjectOutcome[]): Promise<void> {
  const writes: OwnWrite[] = [];
  for (const o of done)
    for (const plan of o.plans)
      for (const a of plan.roleId ? plan.actions : [])
        if (
          a.outcome?.ok &&
          !writes.some((w) => w.projectId === plan.projectId && w.roleId === plan.roleId)
        ) {
          const answered = o.actions.find(
            (r) => r.kind === a.kind && r.groupId === a.groupId && r.roleId === plan.roleId,
          );
          writes.push({
            projectId: plan.projectId,
            roleId: plan.roleId!,
            at: answered?.at ?? new Date().toISOString(),
          });
        }
  try {
    await expectOwnWrites(run.id, writes);
  } catch (err) {
    log.warn('run.audit-expectation-unrecorded', errorFields(err));
  }
}

/**
 * The project's part of the run, for its settings page: one write per project, made as the
 * project is done (not after the deadline, with the part's records). Display only: a failed
 * write must not fail the project; a redone part writes it again.
 */
async function recordVisit(
  run: RunRecord,
  ctx: RunContext,
  project: Project,
  outcome: ProjectOutcome,
) {
  if (run.dryRun) return;
  // Every rule's plan, all of it: what the routine check would have done here.
  const complete = !ctx.focusRuleId && !ctx.appliesPreview && run.trigger !== 'uninstall';
  try {
    await putProjectVisit(
      project.key,
      projectVisit(run, project, outcome, new Date().toISOString(), complete),
    );
  } catch (err) {
    log.warn('run.visit-unrecorded', errorFields(err));
  }
}

/**
 * Counts the part's projects as they finish, for the progress bar, and says when a Jira call
 * waits to be tried again (so the page shows the run waiting for Jira, not stuck): writes are
 * chained, so a later one never lands before an earlier one, and spaced out (KVS writes cost),
 * except the first word of a wait, a further try, and the end of a wait.
 */
export class PartProgress {
  private done: number;
  private waiting: RunWaiting | undefined;
  private lastWrite = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly runId: string,
    private readonly index: number,
    private readonly part: number,
    /** projects of the part that need no work (another rule's, in a one-rule preview) */
    skipped: number,
    private readonly now: () => number = Date.now,
  ) {
    this.done = skipped;
  }

  oneDone(): Promise<void> {
    this.done++;
    // A project finished: whatever waited was answered (or given up on).
    const ended = this.waiting !== undefined;
    this.waiting = undefined;
    return this.write(ended);
  }

  retrying(retry: JiraRetry): Promise<void> {
    const further = !this.waiting || retry.attempt > this.waiting.attempt;
    this.waiting = { attempt: retry.attempt, of: retry.of, status: retry.status };
    return this.write(further);
  }

  private write(now: boolean): Promise<void> {
    const at = this.now();
    if (!now && at - this.lastWrite < PROGRESS_EVERY_MS) return this.chain;
    this.lastWrite = at;
    const { done, waiting } = this;
    this.chain = this.chain
      .then(() => putPartProgress(this.runId, this.index, this.part, done, waiting))
      // Progress is for display: a failed write must not fail the project.
      .catch((err: unknown) => log.warn('run.progress-unrecorded', errorFields(err)));
    return this.chain;
  }
}

/** At most one progress write per part this often. */
const PROGRESS_EVERY_MS = 500;

/**
 * The change signals a visit answered are forgotten (after the checkpoint: a crash before this
 * only visits again); a project that failed keeps them for the next run, and one a rule change
 * named gets a mark of its own (the run answers the rule change's mark for every project). A
 * sweep visit that failed is owed: marked, it is visited again, and the sweep claims no cycle
 * while it is owed (select-visits.ts).
 */
async function answerSignals(
  projects: Project[],
  outcomes: (ProjectOutcome | undefined)[],
  selectedAt: string,
): Promise<void> {
  const answered = projects.filter((p, i) => outcomes[i]?.counts.errors === 0 && p.visit?.length);
  const failed = (reason: VisitReason) =>
    projects.filter(
      (p, i) => outcomes[i] && outcomes[i].counts.errors > 0 && p.visit?.includes(reason),
    );
  for (const reason of ['rule-changed', 'sweep'] as const) {
    const unanswered = failed(reason);
    if (unanswered.length)
      await markDirty(
        unanswered.map((p) => ({ projectId: p.id })),
        reason,
        new Date(selectedAt),
      );
  }
  await mapLimit(answered, PROJECT_CONCURRENCY, (p) => clearDirty(p, selectedAt));
}

/**
 * A project the sweep alone visited where the run changed a role: something changed that no
 * signal announced, the evidence that shortens the sweep's period (domain/sweep-period.ts).
 * Evidence only: a failed write must not fail the part.
 */
async function noteSweepMiss(
  run: RunRecord,
  projects: Project[],
  outcomes: (ProjectOutcome | undefined)[],
): Promise<void> {
  const missed = projects.find(
    (p, i) =>
      p.visit?.length === 1 &&
      p.visit[0] === 'sweep' &&
      outcomes[i]?.plans.some((plan) => plan.actions.some((a) => a.outcome?.ok)),
  );
  if (!missed) return;
  log.info('sweep.missed-signal', { projectKey: missed.key });
  try {
    await putSweepMiss({ at: new Date().toISOString(), projectKey: missed.key, runId: run.id });
  } catch (err) {
    log.warn('sweep.miss-unrecorded', errorFields(err));
  }
}

/** A project the run could not enforce: nothing was tried there; `read` when a read failed. */
function failed(project: Project, run: RunRecord, err: unknown, read = true): ProjectOutcome {
  const message = `${project.name} (${project.key}) could not be enforced: ${errorMessage(err)}`;
  return {
    plans: [],
    actions: [
      {
        projectKey: project.key,
        projectName: project.name,
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
    counts: { ...zero(), errors: 1, ...(read ? { failedReads: 1 } : {}) },
  };
}

function zero() {
  return { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
}
