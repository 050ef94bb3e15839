// Creating, changing, deleting, exporting and importing rules. Each change is audited with who
// made it. Deleting a rule removes nothing by itself: the next run removes the bindings the app
// added for it (if removal is on) and keeps every binding a person made.
import { UserFacingError } from '../domain/errors';
import { count } from '../domain/text';
import { Rule, RuleInput, RuleInputSchema, RuleSchema } from '../domain/schemas';
import { JiraClient } from '../jira/client';
import { getGroupsByIds } from '../jira/groups';
import { appendAudit } from '../store/audit';
import { newRuleId } from '../store/ids';
import { allLedgerEntries } from '../store/ledger';
import { getRule, listRules, putRule, removeRule } from '../store/rules';
import { getSettings, rememberGroupNames } from '../store/settings';

export async function saveRule(
  input: RuleInput,
  actor: string,
  jira = new JiraClient(),
): Promise<Rule> {
  const parsed = RuleInputSchema.parse(input);
  const existing = parsed.id ? await getRule(parsed.id) : undefined;
  if (parsed.id && !existing)
    throw new UserFacingError(
      `Rule ${parsed.id} no longer exists (someone deleted it). Reload the page.`,
      'not-found',
    );
  const groupNames = await checkGroupsExist(parsed.groupIds, parsed.name, jira);
  const now = new Date().toISOString();
  const rule = RuleSchema.parse({
    ...parsed,
    id: existing?.id ?? newRuleId(),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    updatedBy: actor,
  });
  await putRule(rule);
  await appendAudit([
    {
      kind: 'rule-saved',
      actor,
      ruleId: rule.id,
      message: `${existing ? 'Changed' : 'Created'} rule "${rule.name}" (${rule.enabled ? 'enabled' : 'disabled'}; ${rule.groupIds.length === 1 ? 'group' : 'groups'} ${rule.groupIds.map((id) => groupNames[id] ?? id).join(', ')}; role ${rule.roleName}).`,
    },
  ]);
  return rule;
}

/** Checks every group exists and answers their names by id (remembered for rename detection). */
async function checkGroupsExist(
  groupIds: string[],
  ruleName: string,
  jira: JiraClient,
): Promise<Record<string, string>> {
  const found = await getGroupsByIds(jira, groupIds);
  const missing = groupIds.filter((id) => !found.has(id));
  if (missing.length) {
    throw new UserFacingError(
      `Rule "${ruleName}": no group with id ${missing.join(', ')} exists in Jira. Pick the group again from the list of synced groups.`,
      'invalid-input',
    );
  }
  const names = Object.fromEntries([...found.values()].map((g) => [g.groupId, g.name]));
  await rememberGroupNames(names);
  return names;
}

/** What deleting a rule would do: bindings the next run removes, and what it keeps. */
export async function ruleImpact(
  id: string,
): Promise<{ rule: Rule; bindingsToRemove: number; projects: string[]; removalEnabled: boolean }> {
  const rule = await getRule(id);
  if (!rule)
    throw new UserFacingError(`Rule ${id} no longer exists. Reload the page.`, 'not-found');
  const others = (await listRules()).filter((r) => r.id !== id && r.enabled);
  const settings = await getSettings();
  const projects = new Set<string>();
  let bindingsToRemove = 0;
  for await (const e of allLedgerEntries()) {
    if (!e.ruleIds.includes(id)) continue;
    // Another enabled rule naming the group may still want it; the run decides per project, this
    // count is an upper bound when it does.
    if (others.some((r) => r.groupIds.includes(e.groupId) && r.roleName === rule.roleName))
      continue;
    bindingsToRemove++;
    projects.add(e.projectKey);
  }
  return {
    rule,
    bindingsToRemove: settings.removeUnwanted ? bindingsToRemove : 0,
    projects: [...projects].sort(),
    removalEnabled: settings.removeUnwanted,
  };
}

export async function deleteRule(id: string, actor: string) {
  const impact = await ruleImpact(id);
  await removeRule(id);
  await appendAudit([
    {
      kind: 'rule-deleted',
      actor,
      ruleId: id,
      message: `Deleted rule "${impact.rule.name}". ${impact.removalEnabled ? `The next run removes up to ${count(impact.bindingsToRemove, 'binding')} the app added for it` : 'Removal is off, so the bindings it added stay'}; bindings people made by hand are kept.`,
    },
  ]);
  return {
    deleted: true as const,
    bindingsToRemove: impact.bindingsToRemove,
    projects: impact.projects,
  };
}

export async function exportRules() {
  return { version: 1 as const, exportedAt: new Date().toISOString(), rules: await listRules() };
}

/**
 * Imports rules (from another site's export): each is validated and its groups checked before
 * anything is written, so a bad file changes nothing. Ids are kept when they match, so importing
 * the same file twice updates instead of duplicating; `replace` deletes rules not in the file.
 */
export async function importRules(
  inputs: RuleInput[],
  replace: boolean,
  actor: string,
  jira = new JiraClient(),
) {
  const parsed = inputs.map((r, i) => {
    const result = RuleInputSchema.safeParse(r);
    if (!result.success) {
      const name = (r as { name?: unknown }).name;
      const issue = result.error.issues[0];
      throw new UserFacingError(
        `Rule ${i + 1} ("${typeof name === 'string' ? name : ''}") is not valid: ` +
          `${issue?.path.join('.')}: ${issue?.message}. Nothing was imported.`,
        'invalid-input',
      );
    }
    return result.data;
  });
  const allGroups = [...new Set(parsed.flatMap((r) => r.groupIds))];
  const found = await getGroupsByIds(jira, allGroups);
  const bad = parsed.find((r) => r.groupIds.some((g) => !found.has(g)));
  if (bad) {
    const missing = bad.groupIds.filter((g) => !found.has(g));
    throw new UserFacingError(
      `Rule "${bad.name}" names ${missing.length === 1 ? 'a group' : 'groups'} (${missing.join(', ')}) that ${missing.length === 1 ? 'does' : 'do'} not exist on this site. Group ids differ between sites: edit the file or create the rule here. Nothing was imported.`,
      'invalid-input',
    );
  }
  const existing = await listRules();
  const now = new Date().toISOString();
  const saved: Rule[] = [];
  for (const r of parsed) {
    const prior = r.id ? existing.find((e) => e.id === r.id) : undefined;
    const rule = RuleSchema.parse({
      ...r,
      id: prior?.id ?? r.id ?? newRuleId(),
      createdAt: prior?.createdAt ?? now,
      updatedAt: now,
      updatedBy: actor,
    });
    await putRule(rule);
    saved.push(rule);
  }
  if (replace)
    for (const e of existing) if (!saved.some((s) => s.id === e.id)) await removeRule(e.id);
  await rememberGroupNames(Object.fromEntries([...found.values()].map((g) => [g.groupId, g.name])));
  await appendAudit([
    {
      kind: 'rules-imported',
      actor,
      message: `Imported ${count(saved.length, 'rule')}${replace ? ', replacing the rules that were not in the file' : ''}.`,
    },
  ]);
  return { imported: saved.length, rules: saved };
}
