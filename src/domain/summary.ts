// Counts over plans, for the run header and the dry-run preview. Pure.
import type { ProjectPlan } from './schemas';

export interface PlanSummary {
  adds: number;
  removals: number;
  skips: number;
  /** Adds that restore a binding the app had made and someone removed by hand. */
  drift: number;
  /** Distinct projects planned (a project has one plan per role). */
  projects: number;
  /** Distinct projects with at least one add or removal. */
  projectsWithChanges: number;
}

export function summarisePlans(plans: readonly ProjectPlan[]): PlanSummary {
  const projects = new Set<string>();
  const changed = new Set<string>();
  const summary = { adds: 0, removals: 0, skips: 0, drift: 0 };
  for (const plan of plans) {
    projects.add(plan.projectId);
    if (plan.actions.length > 0) changed.add(plan.projectId);
    summary.skips += plan.skips.length;
    for (const action of plan.actions) {
      if (action.kind === 'add') summary.adds++;
      else summary.removals++;
      if (action.drift) summary.drift++;
    }
  }
  return { ...summary, projects: projects.size, projectsWithChanges: changed.size };
}
