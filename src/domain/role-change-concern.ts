// Whether a person's change of a project's role actors, as Jira's audit log records it, cannot
// concern the app: then it asks for no visit. Half the drift on a site is people adding groups no
// rule names, or changing roles the app does not manage; a visit there reads the project and its
// roles to find nothing to do. The decision errs towards visiting: any doubt, and the project is
// visited as before. A record skipped that did concern the app is not lost: the sweep finds the
// drift, and drift the sweep found that no signal announced is a miss (sweep-period.ts), which
// returns the sweep to its shortest period. Pure: the names come from the run's own group read,
// the names kept from the last read, and the project's ledger.
import type { RoleChange } from './audit-match';

/** What the app knows of the group names that may concern it. */
export interface AppGroupNames {
  /**
   * Every name a rule's group (enabled or not) has now, and the one it had at the last read of
   * the log (a rename whose record Jira commits late). Undefined when some rule's group has no
   * known name: any record may then name it.
   */
  ruleGroups: readonly string[] | undefined;
  /** A rule's group was renamed in the records read: a record may hold a name neither has. */
  ruleGroupRenamed: boolean;
  /** The bindings the app holds in the record's project (pending ones too), by name. */
  ledger: readonly { groupName?: string }[];
}

/**
 * True only when the record says which groups changed, and no name added or removed is, or may
 * be part of, a name of a rule's group or of a group the app holds in the project. A record of
 * users only (or without changed values) is visited: its field may be one Jira named in the
 * site's language, which this cannot tell from a users-only change, and a role rarely changes
 * users alone on a site whose customers come from groups.
 */
export function cannotConcernApp(change: RoleChange, app: AppGroupNames): boolean {
  if (!change.groupsBefore || !change.groupsAfter) return false;
  if (!app.ruleGroups || app.ruleGroupRenamed) return false;
  // A binding the app holds without a name (an entry from before names were kept) may be any.
  if (app.ledger.some((e) => !e.groupName)) return false;
  const watched = new Set(
    [...app.ruleGroups, ...app.ledger.map((e) => e.groupName!)].flatMap(partsOf),
  );
  return changedParts(change.groupsBefore, change.groupsAfter).every((p) => !watched.has(p));
}

/**
 * Jira joins names with ", " and keeps no other mark: a name holding ", " reads as several. So
 * names are compared part by part, and a part that changed concerns the app when any name it
 * watches holds that part. Case is ignored (Jira's group names are).
 */
function partsOf(name: string): string[] {
  return name.split(', ').map((p) => p.toLowerCase());
}

/**
 * The parts whose count differs before and after: a group whose name holds a watched name as a
 * part ("Contoso Customers, EMEA") added beside that group changes its count. What stays
 * unknowable is a record that removed a watched group and, in the same change, added one whose
 * name holds it: a person replacing every actor at once. The sweep finds that one.
 */
function changedParts(before: readonly string[], after: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const p of before.flatMap(partsOf)) counts.set(p, (counts.get(p) ?? 0) + 1);
  for (const p of after.flatMap(partsOf)) counts.set(p, (counts.get(p) ?? 0) - 1);
  return [...counts].filter(([, n]) => n !== 0).map(([p]) => p);
}

/**
 * The names kept from one read to the next, by groupId: null for a group whose name is known to
 * have changed since it was read (no older name may stand in for it).
 */
export type KeptNames = Readonly<Record<string, string | null>>;

/**
 * Every name the rules' groups are known by: the one read now (`current`, enabled rules' groups
 * that exist) and the one kept from the last read. Undefined when a group has neither.
 */
export function knownRuleGroupNames(
  groupIds: Iterable<string>,
  current: Readonly<Record<string, { name: string }>>,
  kept: KeptNames,
): string[] | undefined {
  const names: string[] = [];
  for (const id of groupIds) {
    const known = [current[id]?.name, kept[id]].filter((n): n is string => typeof n === 'string');
    if (!known.length) return undefined;
    names.push(...known);
  }
  return names;
}

/**
 * The names to keep for the next read: the one read now, else the one kept, unless the group was
 * renamed since or the read stopped short (a rename may be among the records it left): then
 * null, until a run reads its name again.
 */
export function namesToKeep(
  groupIds: Iterable<string>,
  current: Readonly<Record<string, { name: string }>>,
  kept: KeptNames,
  read: { renamed: readonly string[]; complete: boolean },
  limit: number,
): Record<string, string | null> {
  const next: [string, string | null][] = [];
  for (const id of groupIds) {
    if (next.length === limit) break;
    const stale = !read.complete || read.renamed.includes(id);
    const name =
      current[id]?.name ?? (kept[id] === undefined ? undefined : stale ? null : kept[id]);
    if (name !== undefined) next.push([id, name]);
  }
  return Object.fromEntries(next);
}
