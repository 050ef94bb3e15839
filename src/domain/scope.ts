// Which projects a rule covers: its scope, minus its exclusions, service projects only. Pure.
import type { SayValue } from './reasons';
import type { Project, Rule } from './schemas';

export const SERVICE_DESK_TYPE_KEY = 'service_desk';

/**
 * Glob match over a whole project key: `*` any run (also empty), `?` exactly one character, case-insensitive.
 * Iterative with backtracking to the last `*` (O(key x pattern)), not a RegExp: patterns such as `*A*A*A*B`
 * would make a backtracking regex explode on long keys.
 */
export function matchesKeyPattern(key: string, pattern: string): boolean {
  const k = key.toUpperCase();
  const p = pattern.toUpperCase();
  let ki = 0;
  let pi = 0;
  let starPi = -1;
  let starKi = 0;
  while (ki < k.length) {
    if (pi < p.length && p[pi] === '*') {
      starPi = pi++;
      starKi = ki;
    } else if (pi < p.length && (p[pi] === '?' || p[pi] === k[ki])) {
      pi++;
      ki++;
    } else if (starPi >= 0) {
      // Let the last `*` swallow one more character and retry from there.
      pi = starPi + 1;
      ki = ++starKi;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Why a rule does not cover a project. `not-in-scope` is the ordinary case and not worth showing in a plan. */
export type NotCoveredCode = 'not-in-scope' | 'project-excluded' | 'not-service-desk';

export type Coverage =
  | { covered: true }
  | {
      covered: false;
      code: NotCoveredCode;
      reason: string;
      /** The names the reason takes, for a page to word it (scopeValues for not-in-scope). */
      values: Record<string, SayValue>;
    };

export type ScopedRule = Pick<Rule, 'name' | 'scope' | 'exclude'>;

/** Whether the rule's scope names the project, before exclusions and the project type are considered. */
function scopeMatches(rule: ScopedRule, project: Project): boolean {
  const scope = rule.scope;
  switch (scope.type) {
    case 'all':
      // "All service projects": a project of another type is simply outside the scope, not an error to report.
      return project.typeKey === SERVICE_DESK_TYPE_KEY;
    case 'keys':
      return scope.keys.some((k) => k.toUpperCase() === project.key.toUpperCase());
    case 'categories':
      return project.categoryId !== undefined && scope.categoryIds.includes(project.categoryId);
    case 'pattern':
      return matchesKeyPattern(project.key, scope.pattern);
  }
}

export function describeScope(rule: ScopedRule): string {
  const scope = rule.scope;
  switch (scope.type) {
    case 'all':
      return 'all service projects';
    case 'keys':
      // A rule may list thousands of keys: a reason names the first few.
      return scope.keys.length <= 10
        ? `the projects ${scope.keys.join(', ')}`
        : `the projects ${scope.keys.slice(0, 10).join(', ')} and ${scope.keys.length - 10} more`;
    case 'categories':
      return `the project categories ${scope.categoryIds.join(', ')}`;
    case 'pattern':
      return `project keys matching ${scope.pattern}`;
  }
}

/**
 * A scope as data, for a page to word: its kind and what it names (category ids: the page names
 * them from the categories it lists).
 */
export function scopeValues(rule: ScopedRule): Record<string, SayValue> {
  const scope = rule.scope;
  switch (scope.type) {
    case 'all':
      return { scope: 'all' };
    case 'keys':
      return {
        scope: 'keys',
        keys: scope.keys.slice(0, 10),
        more: Math.max(0, scope.keys.length - 10),
      };
    case 'categories':
      return { scope: 'categories', categoryIds: scope.categoryIds };
    case 'pattern':
      return { scope: 'pattern', pattern: scope.pattern };
  }
}

export function ruleCoversProject(rule: ScopedRule, project: Project): Coverage {
  if (!scopeMatches(rule, project)) {
    return {
      covered: false,
      code: 'not-in-scope',
      reason: `Rule '${rule.name}' covers ${describeScope(rule)}, which does not include ${project.key}.`,
      values: { rule: rule.name, project: project.key, ...scopeValues(rule) },
    };
  }
  if (rule.exclude.some((k) => k.toUpperCase() === project.key.toUpperCase())) {
    return {
      covered: false,
      code: 'project-excluded',
      reason: `${project.key} is excluded from rule '${rule.name}', so its groups are not added here: remove ${project.key} from the rule's exclusions to include it.`,
      values: { project: project.key, rule: rule.name },
    };
  }
  if (project.typeKey !== SERVICE_DESK_TYPE_KEY) {
    return {
      covered: false,
      code: 'not-service-desk',
      reason: `${project.key} is not a service project (its type is '${project.typeKey}'), so it has no customers: take it out of rule '${rule.name}'.`,
      values: { project: project.key, type: project.typeKey, rule: rule.name },
    };
  }
  return { covered: true };
}
