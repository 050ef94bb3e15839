// What "Prepare to uninstall" shows of what the app added: by project and rule (groups) and by
// organization and rule (members). Pure, so the grouping is tested without a browser.
import type { BindingRemoval, OrgMemberRemoval } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';

export interface AddedRow {
  /** Project or organization, as Jira names it. */
  where: string;
  /** Project key or organization id (shown on hover). */
  whereId: string;
  /** The group names (projects) or how many members (organizations). */
  what: string;
  /** The rules the app added them for, by name (saying so when one is deleted). */
  rules: string;
}

const ruleWords = (ids: string[], names: ReadonlyMap<string, string>) =>
  ids.length === 0
    ? t('uninstall.noRuleRecorded')
    : [...new Set(ids.map((id) => names.get(id) ?? t('uninstall.deletedRule')))].join(', ');

/** One row per project and set of rules, then per organization and set of rules. */
export function addedRows(
  bindings: readonly BindingRemoval[],
  orgMembers: readonly OrgMemberRemoval[],
  ruleNames: ReadonlyMap<string, string>,
): AddedRow[] {
  const rows = new Map<string, AddedRow & { names: string[]; members: number }>();
  for (const b of bindings) {
    const rules = ruleWords(b.ruleIds, ruleNames);
    const key = `p:${b.projectKey}:${rules}`;
    const row = rows.get(key) ?? {
      where: b.projectName,
      whereId: b.projectKey,
      what: '',
      rules,
      names: [],
      members: 0,
    };
    row.names.push(b.groupName ?? t('uninstall.deletedGroup'));
    rows.set(key, row);
  }
  for (const m of orgMembers) {
    const rules = ruleWords(m.ruleIds, ruleNames);
    const key = `o:${m.organizationId}:${rules}`;
    const row = rows.get(key) ?? {
      where: m.organizationName,
      whereId: m.organizationId,
      what: '',
      rules,
      names: [],
      members: 0,
    };
    row.members++;
    rows.set(key, row);
  }
  return [...rows.values()].map(({ names, members, ...row }) => ({
    ...row,
    what: names.length ? names.join(', ') : t('uninstall.members', { count: members }),
  }));
}
