// Rules stored before the guard rails existed (or changed in storage) that the guard rails
// refuse: another role than the customer role, or a group that must never be customers. They are
// turned off, audited, and shown on Health until an admin edits them; the planner refuses them
// too, so nothing is added for them even before this runs.
import { GroupFacts, productsGrantedBy, ruleRefusals, RuleRefusal } from '../domain/guard-rails';
import { Rule } from '../domain/schemas';
import { JiraClient } from '../jira/client';
import { appendAudit } from '../store/audit';
import { listRuleRecords, updateRule } from '../store/rules';
import { log } from '../log';
import { readGroupFacts } from './group-facts';

export interface RefusedRuleState {
  rule: Rule;
  refusals: RuleRefusal[];
}

/** Every refused rule, enabled or not; the enabled ones are turned off first. */
export async function turnOffRefusedRules(jira = new JiraClient()): Promise<RefusedRuleState[]> {
  const records = await listRuleRecords();
  const groupIds = [...new Set(records.flatMap((r) => r.rule.groupIds))];
  // managedBy is not judged here: a synced group an admin picked stays judged at save time.
  const facts = await readGroupFacts(jira, groupIds, { withManagedBy: false });
  const refused = refusedAmong(
    records.map((r) => r.rule),
    facts,
    [],
  );
  await turnOffRules(refused);
  return refused;
}

/** The rules the guard rails refuse, from groups (by id) and product roles already read. */
export function refusedAmong(
  rules: Rule[],
  groups: ReadonlyMap<string, { groupId: string; name: string; products?: string[] }>,
  appRoles: { name: string; groupIds: string[]; defaultGroupIds: string[] }[],
): RefusedRuleState[] {
  const facts = new Map<string, GroupFacts>();
  for (const g of groups.values()) {
    const products = productsGrantedBy(g.groupId, appRoles);
    facts.set(g.groupId, {
      groupId: g.groupId,
      name: g.name,
      products: [...new Set([...(g.products ?? []), ...products])],
    });
  }
  return rules.flatMap((rule) => {
    const refusals = ruleRefusals(rule, facts);
    return refusals.length ? [{ rule, refusals }] : [];
  });
}

/** Turns off the enabled ones, each audited by the app. */
export async function turnOffRules(refused: RefusedRuleState[]): Promise<void> {
  const records = new Map((await listRuleRecords()).map((r) => [r.rule.id, r]));
  for (const { rule, refusals } of refused) {
    const record = records.get(rule.id);
    if (!record?.rule.enabled) continue;
    const off = {
      ...record.rule,
      enabled: false,
      updatedAt: new Date().toISOString(),
      updatedBy: 'app',
    };
    // Lost to a concurrent save: that save was checked by the guard rails, or the next pass
    // turns it off.
    if (!(await updateRule(record, off))) continue;
    log.warn('rule.turned-off', { ruleId: rule.id, refusals: refusals.length });
    await appendAudit([
      {
        kind: 'rule-saved',
        actor: 'app',
        ruleId: rule.id,
        message:
          `Turned off rule "${rule.name}": ${refusals.map((r) => r.message).join(' ')} ` +
          'Edit the rule to turn it on again.',
      },
    ]);
  }
}
