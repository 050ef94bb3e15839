// A rule's audit entry in the viewer's language, composed from the parts the engine stored: the
// rule (name, state, groups, projects, exclusions, role) and each change, before → after.
import type { AuditKeys, RuleChange, RuleParts, ScopeParts } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';

/** "Created rule "X" (enabled; group A; all service projects; role R)." and its kin. */
export function ruleSentence(
  code: 'ruleCreated' | 'ruleChanged' | 'ruleImported',
  rule: RuleParts,
  changes: RuleChange[] = [],
): string {
  return t(`audit.sentence.${code}`, { rule: ruleWords(rule), changes: changesWords(changes) });
}

function ruleWords(r: RuleParts): string {
  const except = r.exclude.keys.length > 0;
  const key = except
    ? r.unsyncedAllowed
      ? 'audit.rule.describedExceptOverride'
      : 'audit.rule.describedExcept'
    : r.unsyncedAllowed
      ? 'audit.rule.describedOverride'
      : 'audit.rule.described';
  return t(key, {
    name: r.name,
    state: stateWords(r.enabled),
    groups: t('audit.rule.groups', { count: r.groups.length, names: r.groups.join(', ') }),
    scope: scopeWords(r.scope),
    exclude: keysWords(r.exclude),
    role: r.role,
  });
}

const stateWords = (enabled: boolean) => t(enabled ? 'audit.rule.enabled' : 'audit.rule.disabled');

/** "HR, FAC", or the first keys "and 5 more". */
function keysWords(k: AuditKeys): string {
  const keys = k.keys.join(', ');
  return k.more > 0 ? t('audit.rule.keysMore', { keys, count: k.more }) : keys;
}

function scopeWords(s: ScopeParts): string {
  if (s.type === 'all') return t('audit.rule.scope.all');
  if (s.type === 'keys') return t('audit.rule.scope.keys', { keys: keysWords(s.keys) });
  if (s.type === 'pattern') return t('audit.rule.scope.pattern', { pattern: s.pattern });
  const names = s.categories
    .map((c) =>
      c.name !== undefined
        ? t('audit.rule.category', { name: c.name })
        : t('audit.rule.categoryId', { id: c.id }),
    )
    .join(', ');
  return t('audit.rule.scope.categories', { count: s.categories.length, names });
}

/** "What changed: groups A → A, B; state enabled → disabled." */
function changesWords(changes: RuleChange[]): string {
  if (changes.length === 0) return t('audit.rule.nothingChanged');
  return t('audit.rule.changes', { changes: changes.map(changeWords).join('; ') });
}

function changeWords(c: RuleChange): string {
  switch (c.field) {
    case 'name':
    case 'role':
      return t(`audit.rule.change.${c.field}`, { before: c.before, after: c.after });
    case 'groups':
      return t('audit.rule.change.groups', {
        before: c.before.join(', '),
        after: c.after.join(', '),
      });
    case 'scope':
      return t('audit.rule.change.scope', {
        before: scopeWords(c.before),
        after: scopeWords(c.after),
      });
    case 'exclusions':
      return t('audit.rule.change.exclusions', {
        before: exclusionWords(c.before),
        after: exclusionWords(c.after),
      });
    case 'scopeKeys':
    case 'exclusionKeys':
      return t(`audit.rule.change.${c.field}`, {
        before: t('audit.runStarted.projects', { count: c.before }),
        after: t('audit.runStarted.projects', { count: c.after }),
        added: exclusionWords(c.added),
        removed: exclusionWords(c.removed),
      });
    case 'state':
      return t('audit.rule.change.state', {
        before: stateWords(c.before),
        after: stateWords(c.after),
      });
    case 'unsynced':
      return t('audit.rule.change.unsynced', {
        before: allowedWords(c.before),
        after: allowedWords(c.after),
      });
  }
}

const exclusionWords = (k: AuditKeys) => (k.keys.length ? keysWords(k) : t('audit.rule.none'));
const allowedWords = (allowed: boolean) =>
  t(allowed ? 'audit.rule.allowed' : 'audit.rule.notAllowed');
