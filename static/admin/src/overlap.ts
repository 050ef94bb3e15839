// Which other rules cover the same projects as the rule being edited, in words for the editor.
// From the rules alone (no Jira read): keys and patterns are compared by key, "all service
// projects" overlaps everything, categories overlap when they share one.
import { matchesKeyPattern, type Rule } from '../../shared/contract';
import { t } from '../../shared/i18n';

type Other = Pick<Rule, 'name' | 'scope' | 'exclude' | 'enabled'>;

const MAX_NOTES = 8;

function coversKey(rule: Other, key: string): boolean {
  if (rule.exclude.some((k) => k.toUpperCase() === key)) return false;
  switch (rule.scope.type) {
    case 'all':
      return true;
    case 'keys':
      return rule.scope.keys.some((k) => k.toUpperCase() === key);
    case 'pattern':
      return matchesKeyPattern(key, rule.scope.pattern);
    case 'categories':
      return false;
  }
}

export function overlaps(
  editing: { scope: unknown; exclude: string[]; keys: string[] },
  others: Other[],
): string[] {
  const scope = editing.scope as Rule['scope'] | undefined;
  if (!scope) return [];
  const excluded = new Set(editing.exclude.map((k) => k.toUpperCase()));
  const notes: string[] = [];
  for (const other of others.filter((r) => r.enabled)) {
    const rule = other.name;
    if (scope.type === 'keys') {
      for (const key of editing.keys.map((k) => k.toUpperCase())) {
        if (!excluded.has(key) && coversKey(other, key))
          notes.push(t('rules.overlap.keyCovered', { key, rule }));
      }
    } else if (other.scope.type === 'all') {
      notes.push(t('rules.overlap.coversAll', { rule }));
    } else if (scope.type === 'all') {
      notes.push(t('rules.overlap.coversSome', { rule }));
    } else if (scope.type === 'pattern' && other.scope.type === 'keys') {
      const pattern = scope.pattern;
      const shared = other.scope.keys.filter(
        (k) => matchesKeyPattern(k, pattern) && !excluded.has(k.toUpperCase()),
      );
      if (shared.length)
        notes.push(
          t('rules.overlap.keysCovered', { keys: shared.join(t('rules.separator')), rule }),
        );
    } else if (scope.type === 'categories' && other.scope.type === 'categories') {
      const ids = other.scope.categoryIds;
      if (scope.categoryIds.some((id) => ids.includes(id)))
        notes.push(t('rules.overlap.category', { rule }));
    }
  }
  return notes.length > MAX_NOTES
    ? [...notes.slice(0, MAX_NOTES), t('rules.overlap.more', { count: notes.length - MAX_NOTES })]
    : notes;
}
