// Which rules a project is excluded from, by whom, and whether its own admins may take the
// exclusion back. Pure: the project page shows these rules as "Excluded" instead of dropping them.
import type { ExclusionRequest, Project, ProjectExclusion, Rule } from './schemas';
import { isSelfService } from './schemas';
import { ruleCoversProject } from './scope';

/**
 * Who took the project out: `jira-admin` in the rule itself (the rule editor), `approved` a
 * Jira admin granting the project's request, `project-admin` the project's admin on their own.
 */
export type ExcludedBy = 'jira-admin' | 'approved' | 'project-admin';

export interface ExcludedRule {
  ruleId: string;
  ruleName: string;
  enabled: boolean;
  by: ExcludedBy;
  /** When it was excluded (ISO), where the app recorded it. */
  excludedAt?: string;
  /** The project's admins may include the project again themselves. */
  canUndo: boolean;
}

const sameKey = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/**
 * The saved rules (without the project admins' exclusions merged in) that would cover the
 * project but for an exclusion. A Jira admin's exclusion wins over any other: only the project
 * admin's own exclusion, while the settings still allow them to exclude, can be undone here.
 */
export function excludedRules(
  project: Project,
  savedRules: Rule[],
  exclusions: ProjectExclusion[],
  requests: ExclusionRequest[],
  projectAdminsMayExclude: boolean,
): ExcludedRule[] {
  const out: ExcludedRule[] = [];
  for (const rule of savedRules) {
    const inRule = rule.exclude.some((k) => sameKey(k, project.key));
    const stored = exclusions.find(
      (e) => e.ruleId === rule.id && sameKey(e.projectKey, project.key),
    );
    if (!inRule && !stored) continue;
    const without = { ...rule, exclude: rule.exclude.filter((k) => !sameKey(k, project.key)) };
    if (!ruleCoversProject(without, project).covered) continue;
    const request = requests.find((r) => r.ruleId === rule.id);
    const approved =
      Boolean(stored?.approvedBy) || (request?.status === 'approved' && !isSelfService(request));
    const by: ExcludedBy = inRule ? 'jira-admin' : approved ? 'approved' : 'project-admin';
    const excludedAt = stored ? (request?.decidedAt ?? stored.requestedAt) : undefined;
    out.push({
      ruleId: rule.id,
      ruleName: rule.name,
      enabled: rule.enabled,
      by,
      ...(excludedAt ? { excludedAt } : {}),
      canUndo: by === 'project-admin' && projectAdminsMayExclude,
    });
  }
  return out;
}
