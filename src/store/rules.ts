// Rules, one key each: `rule:<id>`.
import { Rule, RuleSchema } from '../domain/schemas';
import { deleteValue, getValue, listAll, setValue } from './kv';

const PREFIX = 'rule:';

export async function listRules(): Promise<Rule[]> {
  const rules: Rule[] = [];
  for await (const { value } of listAll(PREFIX, RuleSchema)) rules.push(value);
  return rules.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function getRule(id: string): Promise<Rule | undefined> {
  return getValue(PREFIX + id, RuleSchema);
}

export function putRule(rule: Rule): Promise<void> {
  return setValue(PREFIX + rule.id, RuleSchema.parse(rule));
}

export function removeRule(id: string): Promise<void> {
  return deleteValue(PREFIX + id);
}
