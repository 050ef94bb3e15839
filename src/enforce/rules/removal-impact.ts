// What a site-wide switch or a replacing import would remove, counted from the ledger and the
// rules (KVS reads only), for the confirmation the admin page asks before saving.
import { type RemovalImpact, unwantedBindings } from '../../domain/removal-impact';
import { type RuleInput, RuleInputSchema } from '../../domain/schemas';
import { listExclusions } from '../../store/exclusions';
import { allLedgerEntries } from '../../store/ledger';
import { listRules } from '../../store/rules';

async function ledger() {
  const entries = [];
  for await (const e of allLedgerEntries()) entries.push(e);
  return entries;
}

/** With the rules as they are: what removal, once on, takes out at the next run. */
export async function currentRemovalImpact(): Promise<RemovalImpact> {
  const [rules, entries] = await Promise.all([listRules(), ledger()]);
  return unwantedBindings(rules, entries);
}

/** With the rules an import leaves (only the file's when it replaces): what would be removed. */
export async function importRemovalImpact(
  inputs: RuleInput[],
  replace: boolean,
): Promise<RemovalImpact> {
  const [current, exclusions, entries] = await Promise.all([
    listRules(),
    listExclusions(),
    ledger(),
  ]);
  const imported = inputs.map((r) => RuleInputSchema.parse(r));
  const ids = new Set(imported.map((r) => r.id).filter(Boolean));
  const kept = replace ? [] : current.filter((r) => !ids.has(r.id));
  const withProjectExclusions = imported.map((r) => {
    const extra = exclusions.filter((e) => e.ruleId === r.id).map((e) => e.projectKey);
    return { ...r, exclude: [...r.exclude, ...extra] };
  });
  return unwantedBindings([...kept, ...withProjectExclusions], entries);
}
