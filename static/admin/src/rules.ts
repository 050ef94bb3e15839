// Rule helpers shared by the rules list and the editor.
import {
  type ConflictAnswer,
  DEFAULT_ROLE_NAME,
  type ProjectScope,
  type RefusedAnswer,
  type Rule,
  type RuleInput,
  type RuleView,
} from '../../shared/contract';
import { listSentence } from '../../shared/format';
import { t } from '../../shared/i18n';

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

export type RuleRefusal = RefusedAnswer['refused'][number]['refusals'][number];

/** A guard rail's refusal (or a group's warning) in the viewer's language, from its code. */
export function refusalText(r: RuleRefusal): string {
  const v = r.values ?? {};
  const group = v.group ?? r.groupId ?? '';
  switch (r.code) {
    case 'role-not-customer':
      return t('rules.refusal.roleNotCustomer', {
        customerRole: DEFAULT_ROLE_NAME,
        role: v.role ?? '',
      });
    case 'group-administration':
      return v.readsAs
        ? t('rules.refusal.administrationReadsAs', { group, readsAs: v.readsAs })
        : t('rules.refusal.administration', { group });
    case 'group-app-access':
      return v.readsAs
        ? t('rules.refusal.appAccessReadsAs', { group, readsAs: v.readsAs })
        : t('rules.refusal.appAccess', { group });
    case 'group-product-access':
      return t('rules.refusal.productAccess', {
        group,
        products: (v.products ?? []).join(t('rules.separator')),
      });
    case 'group-not-synced':
      return t('rules.refusal.notSynced', {
        group,
        option: t('rules.editor.allowUnsynced.option'),
      });
  }
}

/** The guard rails' refusals placed at the editor's fields (several groups: one sentence each). */
export function refusalsByField(
  answer: RefusedAnswer,
): Partial<Record<'groupIds' | 'roleName', string>> {
  const out: Partial<Record<'groupIds' | 'roleName', string>> = {};
  for (const r of answer.refused.flatMap((x) => x.refusals)) {
    const text = refusalText(r);
    out[r.field] = out[r.field] ? `${out[r.field]} ${text}` : text;
  }
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
      text = t('rules.scope.all');
      break;
    case 'categories':
      text = t('rules.scope.categories', {
        count: scope.categoryIds.length,
        list: listSentence(scope.categoryIds.map(categoryName), 4),
      });
      break;
    case 'keys':
      text = t('rules.scope.keys', { count: scope.keys.length, list: listSentence(scope.keys, 5) });
      break;
    case 'pattern':
      text = t('rules.scope.pattern', { pattern: scope.pattern });
      break;
  }
  return exclude.length
    ? t('rules.scope.except', { scope: text, list: listSentence(exclude, 4) })
    : text;
}

/** "SUP, HR it_desk" -> ["SUP", "HR", "IT_DESK"] */
export function splitList(text: string, upper = true): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => (upper ? s.trim().toUpperCase() : s.trim()))
    .filter(Boolean);
}
