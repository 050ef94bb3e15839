// Before a preview is applied: read again, as the engine does, the roles of the projects where
// the preview showed changes, and say what differs now (changes Jira no longer needs, changes
// now needed that the preview did not show, projects gone). Costs Jira calls in proportion to
// the preview's changed projects, not the site. Stops starting projects at a deadline well
// inside the resolver's 25 s; the rest are re-checked anyway as they are applied.
import type { PreviewRecheck } from '../../domain/answers';
import { compareWithPreview, type PreviewDifference } from '../../domain/preview-recheck';
import type { Project } from '../../domain/schemas';
import { JiraClient } from '../../jira/client';
import { getProject } from '../../jira/projects';
import { log } from '../../log';
import { getProjectLedger } from '../../store/ledger';
import { getOrgSync } from '../../store/org-runs';
import { listRules } from '../../store/rules';
import { getRunRecord } from '../../store/runs';
import { getSettings } from '../../store/settings';
import { failureWords, inRoleOf, planRoles, readRoles } from '../bindings/enforce-project';
import { readPlanFacts } from '../bindings/plan-facts';
import { mapLimit } from '../map-limit';
import { previewSubset } from '../run/run-subsets';

/** No project is started after this long, so the answer leaves well before the 25 s limit. */
export const RECHECK_DEADLINE_MS = 12_000;
/** Projects read at once (the client's limiter paces their calls). */
const PROJECT_CONCURRENCY = 4;

type Checked =
  | { state: 'checked'; stillNeeded: number; differences: PreviewDifference[] }
  | { state: 'gone' | 'unreadable'; message?: string }
  | undefined;

export async function recheckPreview(
  runId: string,
  // A throttled call waits at most 5 s in all: past the deadline its answer is not used anyway.
  jira = new JiraClient({ maxTotalWaitMs: 5_000 }),
  now: () => number = Date.now,
): Promise<PreviewRecheck> {
  const deadline = now() + RECHECK_DEADLINE_MS;
  // Refuses what is not a finished preview, in the words applyPreview uses.
  const subset = await previewSubset(runId);
  const [preview, rules, settings, orgSync] = await Promise.all([
    getRunRecord(runId),
    listRules(),
    getSettings(),
    getOrgSync(runId),
  ]);
  const approved = subset.approved ?? {};
  const changesOf = (p: Project) => approved[p.id] ?? [];
  // Planned as the apply will plan: with the rules as they are now.
  const ctx = { rules, settings, ...(await readPlanFacts(jira, rules)) };

  const checked = await mapLimit(subset.projects, PROJECT_CONCURRENCY, async (project) => {
    if (now() >= deadline) return undefined;
    try {
      const ledger = await getProjectLedger(project.id);
      const roles = await readRoles(project, ctx, ledger, jira);
      // A role that cannot be read may mean the project was deleted (as the engine checks).
      if (
        [...roles.values()].some((r) => r.role === null) &&
        !(await getProject(jira, project.key))
      )
        return { state: 'gone' } as const;
      const plans = planRoles(project, ctx, roles, ledger);
      const focus = preview?.ruleId;
      const diff = compareWithPreview(project, changesOf(project), plans, inRoleOf(roles), focus);
      return { state: 'checked', ...diff } as const;
    } catch (err) {
      // What Jira said, without the call's ids: the page names the project.
      return { state: 'unreadable', message: failureWords(err) } as const;
    }
  });

  const answer = summarise(subset.projects, checked, changesOf);
  const { calls, points } = jira.cost();
  log.info('preview.rechecked', {
    runId,
    projects: answer.projects.total,
    checked: answer.projects.checked,
    differences: answer.differences.length,
    calls,
  });
  return {
    runId,
    previewedAt: preview?.finishedAt ?? preview?.startedAt ?? preview?.createdAt ?? '',
    checkedAt: new Date(now()).toISOString(),
    ...(preview?.ruleId ? { ruleId: preview.ruleId } : {}),
    previewed: subset.projects.reduce((n, p) => n + changesOf(p).length, 0),
    ...answer,
    orgLinks: subset.orgLinks ?? 0,
    orgMembers: {
      adds: (orgSync?.plans ?? []).reduce((n, o) => n + o.adds, 0),
      removals: (orgSync?.plans ?? []).reduce((n, o) => n + o.removals, 0),
    },
    calls,
    points,
  };
}

function summarise(
  projects: Project[],
  checked: Checked[],
  changesOf: (p: Project) => unknown[],
): Pick<PreviewRecheck, 'willApply' | 'projects' | 'differences' | 'goneProjects' | 'unreadable'> {
  const out: ReturnType<typeof summarise> = {
    willApply: 0,
    projects: { checked: 0, total: projects.length },
    differences: [],
    goneProjects: [],
    unreadable: [],
  };
  projects.forEach((project, i) => {
    const c = checked[i];
    const named = { key: project.key, name: project.name };
    if (c?.state === 'checked') {
      out.projects.checked++;
      out.willApply += c.stillNeeded;
      out.differences.push(...c.differences);
    } else if (c?.state === 'gone') {
      out.projects.checked++;
      out.goneProjects.push(named);
    } else {
      // Not reached by the deadline, or not readable now: the apply re-checks it.
      out.willApply += changesOf(project).length;
      if (c?.state === 'unreadable') out.unreadable.push({ ...named, message: c.message ?? '' });
    }
  });
  return out;
}
