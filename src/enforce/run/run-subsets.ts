// Runs of some projects only, chosen from an earlier run: the apply of a preview (the projects
// it showed changes for, with those changes), the retry of a run's failed projects, and the
// removal before an uninstall (the projects of the app's ledger).
import { UserFacingError } from '../../domain/errors';
import { type ApprovedChange, approvedChanges } from '../../domain/preview-apply';
import type { Project, ProjectPlan } from '../../domain/schemas';
import type { JiraClient } from '../../jira/client';
import { searchProjectsByRefs } from '../../jira/projects';
import { allLedgerEntries } from '../../store/ledger';
import {
  getRunHead,
  getRunRecord,
  listRunProjects,
  runActionsPage,
  runPlansPage,
  type RunRecord,
} from '../../store/runs';

export interface RunSubset {
  projects: Project[];
  /** projectId -> the only changes the run may make there (the apply of a preview) */
  approved?: Record<string, ApprovedChange[]>;
  /** The apply of a preview: organization links it showed in those projects (re-checked then). */
  orgLinks?: number;
}

async function finishedRun(runId: string, what: string): Promise<RunRecord> {
  const run = await getRunRecord(runId);
  if (!run)
    throw new UserFacingError(
      `That ${what} was not found; it may be older than the history keeps. Start a new one.`,
      'not-found',
    );
  if (run.status === 'running' || run.status === 'queued')
    throw new UserFacingError(`The ${what} has not finished yet. Wait for it.`, 'conflict');
  return run;
}

/** Every project the run read, as it read them (its listing, or its one project). */
async function projectsOf(runId: string): Promise<Project[]> {
  const listed = await listRunProjects(runId);
  if (listed.length > 0) return listed;
  const ctx = await getRunHead(runId);
  return ctx?.project ? [ctx.project] : [];
}

export async function previewSubset(previewRunId: string): Promise<RunSubset> {
  const preview = await finishedRun(previewRunId, 'preview');
  if (!preview.dryRun)
    throw new UserFacingError('Only a preview can be applied; this run has run.', 'invalid-input');
  if (preview.status === 'failed')
    throw new UserFacingError(
      'This preview failed, so there is nothing to apply. Preview again.',
      'conflict',
    );
  const plans: ProjectPlan[] = [];
  let cursor: string | undefined;
  do {
    const page = await runPlansPage(previewRunId, cursor);
    plans.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const approved: Record<string, ApprovedChange[]> = {};
  for (const plan of plans) {
    const changes = approvedChanges([plan]);
    // A project whose only change is an organization link is applied too, with no role change.
    if (changes.length || plan.orgLinks?.length)
      approved[plan.projectId] = [...(approved[plan.projectId] ?? []), ...changes];
  }
  const projects = (await projectsOf(previewRunId)).filter((p) => approved[p.id]);
  const orgLinks = plans
    .filter((p) => approved[p.projectId])
    .reduce((n, p) => n + (p.orgLinks?.length ?? 0), 0);
  return { projects, approved, orgLinks };
}

/** The projects where a run's changes (or the whole project) failed. */
export async function failedSubset(runId: string): Promise<RunSubset> {
  const run = await finishedRun(runId, 'run');
  if (run.dryRun)
    throw new UserFacingError(
      'A preview changes nothing, so it has nothing to retry.',
      'invalid-input',
    );
  const failedKeys = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await runActionsPage(runId, cursor);
    for (const a of page.items) if (!a.ok) failedKeys.add(a.projectKey);
    cursor = page.nextCursor;
  } while (cursor);
  const projects = (await projectsOf(runId)).filter((p) => failedKeys.has(p.key));
  if (projects.length === 0)
    throw new UserFacingError(
      'Nothing failed in this run, so there is nothing to retry.',
      'conflict',
    );
  return { projects };
}

/** The projects where the app's ledger holds a binding, as Jira answers them (gone: left out). */
export async function uninstallSubset(jira: JiraClient): Promise<RunSubset> {
  const ids = new Set<string>();
  for await (const e of allLedgerEntries()) ids.add(e.projectId);
  return { projects: await searchProjectsByRefs(jira, { ids: [...ids], keys: [] }) };
}
