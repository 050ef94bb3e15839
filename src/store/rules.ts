// Rules, one versioned record each under `rule:<id>` (see versioned.ts): a save based on an
// older version than the stored one is refused, so no edit silently undoes another. Exclusions
// that project admins asked for live apart (exclusions.ts); listRules adds them to `exclude`.
import type { ProjectExclusion, Rule } from '../domain/schemas';
import { RuleSchema } from '../domain/schemas';
import { listExclusions } from './exclusions';
import type { Latest } from './versioned';
import { listLatest, readLatest, writeDeletion, writeNext } from './versioned';

const PREFIX = 'rule:';
const base = (id: string) => PREFIX + id;

/** A rule as read, with what a save based on it needs. */
export interface StoredRule {
  rule: Rule;
  olderKeys: string[];
}

/** The rules as admins saved them (`exclude` holds only what admins typed), by name. */
export async function listSavedRules(): Promise<Rule[]> {
  return (await listRuleRecords()).map((r) => r.rule);
}

/** The same, each with what a save based on it needs (imports update many at once). */
export async function listRuleRecords(): Promise<StoredRule[]> {
  const records = await listLatest(PREFIX, RuleSchema);
  return records
    .map((r) => ({ rule: { ...r.value, version: r.version }, olderKeys: r.olderKeys }))
    .sort((a, b) => a.rule.name.localeCompare(b.rule.name) || a.rule.id.localeCompare(b.rule.id));
}

/**
 * The rules as enforcement, previews and the project page apply them: `exclude` also holds the
 * projects whose admins excluded them.
 */
export async function listRules(): Promise<Rule[]> {
  const [rules, exclusions] = await Promise.all([listSavedRules(), listExclusions()]);
  return withExclusions(rules, exclusions);
}

export function withExclusions(rules: Rule[], exclusions: ProjectExclusion[]): Rule[] {
  return rules.map((rule) => {
    const extra = exclusions.filter((e) => e.ruleId === rule.id).map((e) => e.projectKey);
    if (extra.length === 0) return rule;
    return { ...rule, exclude: [...new Set([...rule.exclude, ...extra])].sort() };
  });
}

export async function readRule(id: string): Promise<StoredRule | undefined> {
  const latest: Latest<Rule> | undefined = await readLatest(base(id), RuleSchema);
  if (!latest?.value) return undefined;
  return { rule: { ...latest.value, version: latest.version }, olderKeys: latest.olderKeys };
}

export async function getRule(id: string): Promise<Rule | undefined> {
  return (await readRule(id))?.rule;
}

/**
 * Stores a new rule (after its id's deletion, if an import brings a deleted id back); undefined
 * when a rule with its id exists, or someone created it first.
 */
export async function createRule(rule: Rule): Promise<Rule | undefined> {
  const latest = await readLatest(base(rule.id), RuleSchema);
  if (latest?.value) return undefined;
  return update(rule, latest?.version ?? 0, latest?.olderKeys ?? []);
}

/** Stores `next` as the version after `current`; undefined when someone saved first. */
export function updateRule(current: StoredRule, next: Rule): Promise<Rule | undefined> {
  return update(next, current.rule.version, current.olderKeys);
}

async function update(next: Rule, basedOn: number, olderKeys: string[]) {
  const rule = RuleSchema.parse({ ...next, version: basedOn + 1 });
  const result = await writeNext(base(rule.id), basedOn, rule, olderKeys);
  return result.ok ? rule : undefined;
}

/** Deletes the rule as it was read; false when someone saved it first. */
export async function removeRule(current: StoredRule): Promise<boolean> {
  const result = await writeDeletion(
    base(current.rule.id),
    current.rule.version,
    current.olderKeys,
  );
  return result.ok;
}
