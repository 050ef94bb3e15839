// How many app-made bindings no enabled rule wants: what turning removal on (or replacing every
// rule) would take out. Pure, from the ledger alone (no Jira reads on a confirmation dialog), so
// a project's type and category are not known here: a rule scoped by category or to all service
// projects counts as wanting its groups everywhere, and the count is a lower bound of what the
// next run removes when such rules exist.
import type { LedgerEntry, Rule } from './schemas';
import { matchesKeyPattern } from './scope';

type ImpactRule = Pick<Rule, 'enabled' | 'groupIds' | 'scope' | 'exclude'>;

function mayWant(rule: ImpactRule, entry: LedgerEntry): boolean {
  if (!rule.enabled || !rule.groupIds.includes(entry.groupId)) return false;
  const key = entry.projectKey.toUpperCase();
  if (rule.exclude.some((k) => k.toUpperCase() === key)) return false;
  switch (rule.scope.type) {
    case 'keys':
      return rule.scope.keys.some((k) => k.toUpperCase() === key);
    case 'pattern':
      return matchesKeyPattern(key, rule.scope.pattern);
    default:
      return true;
  }
}

export interface RemovalImpact {
  /** App-made bindings no enabled rule wants any more. */
  bindings: number;
  /** Their projects, by key. */
  projects: string[];
  /** Every binding the ledger holds. */
  ledgerBindings: number;
}

export function unwantedBindings(
  rules: readonly ImpactRule[],
  ledger: Iterable<LedgerEntry>,
): RemovalImpact {
  const projects = new Set<string>();
  let bindings = 0;
  let ledgerBindings = 0;
  for (const entry of ledger) {
    ledgerBindings++;
    if (rules.some((r) => mayWant(r, entry))) continue;
    bindings++;
    projects.add(entry.projectKey);
  }
  return { bindings, projects: [...projects].sort(), ledgerBindings };
}
