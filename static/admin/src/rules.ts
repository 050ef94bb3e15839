// Rule helpers shared by the rules list and the editor.
import type {
  ConflictAnswer,
  ProjectScope,
  RefusedAnswer,
  Rule,
  RuleInput,
  RuleView,
} from '../../shared/contract';
import { listSentence, plural } from '../../shared/format';

/** What saveRule accepts: the stored rule without its bookkeeping fields, and its version. */
export function toInput(rule: Rule): RuleInput {
  return {
    id: rule.id,
    name: rule.name,
    groupIds: rule.groupIds,
    scope: rule.scope,
    exclude: rule.exclude,
    roleName: rule.roleName,
    enabled: rule.enabled,
    allowUnsyncedGroups: rule.allowUnsyncedGroups,
    version: rule.version,
  };
}

/** A save refused because someone saved first (saveRule, saveSettings). */
export function isConflict(answer: object): answer is ConflictAnswer {
  return 'conflict' in answer;
}

export function isRefused(answer: object): answer is RefusedAnswer {
  return 'refused' in answer;
}

/** The guard rails' refusals placed at the editor's fields (several groups: one sentence each). */
export function refusalsByField(
  answer: RefusedAnswer,
): Partial<Record<'groupIds' | 'roleName', string>> {
  const out: Partial<Record<'groupIds' | 'roleName', string>> = {};
  for (const r of answer.refused.flatMap((x) => x.refusals))
    out[r.field] = out[r.field] ? `${out[r.field]} ${r.message}` : r.message;
  return out;
}

/** Every project a rule leaves out: the ones admins typed and the ones project admins asked for. */
export function allExcluded(rule: RuleView): string[] {
  return [...new Set([...rule.exclude, ...rule.projectExclusions.map((e) => e.projectKey)])];
}

/**
 * The rules list's "Projects" cell. `categoryName` names a category id (rules keep ids; Jira
 * settings rename categories); without it, ids are shown.
 */
export function scopeSummary(
  scope: ProjectScope,
  exclude: string[] = [],
  categoryName: (id: string) => string = (id) => id,
): string {
  let text: string;
  switch (scope.type) {
    case 'all':
      text = 'All service projects';
      break;
    case 'categories':
      text = `${scope.categoryIds.length === 1 ? 'Category' : 'Categories'} ${listSentence(scope.categoryIds.map(categoryName), 4)}`;
      break;
    case 'keys':
      text = `${scope.keys.length === 1 ? 'Project' : 'Projects'} ${listSentence(scope.keys, 5)}`;
      break;
    case 'pattern':
      text = `Project keys matching ${scope.pattern}`;
      break;
  }
  if (exclude.length) text += `, except ${listSentence(exclude, 4)}`;
  return text;
}

/** "SUP, HR it_desk" -> ["SUP", "HR", "IT_DESK"] */
export function splitList(text: string, upper = true): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => (upper ? s.trim().toUpperCase() : s.trim()))
    .filter(Boolean);
}

export function groupCount(n: number) {
  return plural(n, 'group');
}
