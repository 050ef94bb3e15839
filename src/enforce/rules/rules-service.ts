// Creating, changing, deleting, exporting and importing rules. Each change is audited with who
// made it. Deleting a rule removes nothing by itself: the next run removes the bindings the app
// added for it (if removal is on) and keeps every binding a person made. A change based on an
// older version of a rule than the stored one is refused (VersionConflictError): it would undo
// what someone saved in between.
import type { ImportPreview, RuleView } from '../../domain/answers';
import type { RuleChange, RuleParts, ScopeParts } from '../../domain/audit-sentences';
import { LISTED_KEYS, listedKeys, sentence } from '../../domain/audit-sentences';
import { issueWords, UserFacingError } from '../../domain/errors';
import type { GroupFacts, RefusedRule } from '../../domain/guard-rails';
import {
  CUSTOMER_ROLE_NAME,
  isCustomerRole,
  ruleRefusals,
  RuleRefusedError,
} from '../../domain/guard-rails';
import { ruleSetOverSize, ruleSetRefusal, sizeField } from '../../domain/rule-size';
import type { Rule, RuleInput } from '../../domain/schemas';
import { RuleInputSchema, RuleSchema } from '../../domain/schemas';
import { count } from '../../domain/text';
import { ruleConflict } from '../../domain/version-conflict';
import { listProjectCategories } from '../../jira/categories';
import { JiraClient } from '../../jira/client';
import { appendAudit } from '../../store/audit';
import { markScopesDirty } from '../../store/dirty-projects';
import { listExclusions, removeRuleExclusions } from '../../store/exclusions';
import { newRuleId } from '../../store/ids';
import type { StoredRule } from '../../store/rules';
import {
  createRule,
  getRule,
  listRuleRecords,
  listRules,
  listSavedRules,
  readRule,
  removeRule,
  updateRule,
} from '../../store/rules';
import { getSettings, rememberGroupNames } from '../../store/settings';
import { readGroupFacts } from '../bindings/group-facts';
import { mapLimit } from '../map-limit';

export async function saveRule(
  input: RuleInput,
  actor: string,
  jira = new JiraClient(),
): Promise<Rule> {
  const { version: basedOn = 0, ...parsed } = RuleInputSchema.parse(input);
  const current = parsed.id ? await readRule(parsed.id) : undefined;
  if (parsed.id && !current) throw ruleGone(parsed.id);
  // Refused before the groups are looked up: the editor was opened on an older version.
  if (current && current.rule.version !== basedOn)
    throw ruleConflict(current.rule.id, basedOn, current.rule.version);
  const now = new Date().toISOString();
  const next = RuleSchema.parse({
    ...parsed,
    roleName: CUSTOMER_ROLE_NAME,
    id: current?.rule.id ?? newRuleId(),
    createdAt: current?.rule.createdAt ?? now,
    updatedAt: now,
    updatedBy: actor,
  });
  // Also before the groups are looked up: a set too large to store is refused whatever they are.
  const others = (await listSavedRules()).filter((r) => r.id !== next.id);
  const tooLarge = ruleSetRefusal([...others, next], 'this rule');
  if (tooLarge)
    throw new UserFacingError(tooLarge, 'invalid-input', undefined, sizeField(next)).says(
      'rules-too-large',
      ruleSetOverSize([...others, next]),
    );
  const groupNames = await checkGroups(parsed, jira);
  const saved = current ? await updateRule(current, next) : await createRule(next);
  if (!saved) {
    // Someone saved (or deleted) the rule while this save was checking its groups.
    const now = await getRule(next.id);
    if (!now) throw ruleGone(next.id);
    throw ruleConflict(next.id, basedOn, now.version);
  }
  // The next hourly run visits what the rule covered and what it covers now.
  await markScopesDirty([...(current ? [current.rule.scope] : []), saved.scope]);
  const categories = await categoryNames([...(current ? [current.rule] : []), saved], jira);
  await appendAudit([
    {
      kind: 'rule-saved',
      actor,
      ruleId: saved.id,
      message: current
        ? `Changed rule ${describeRule(saved, groupNames, categories)}. ${describeChanges(current.rule, saved, groupNames, categories)}`
        : `Created rule ${describeRule(saved, groupNames, categories)}.`,
      sentence: {
        ...sentence(current ? 'ruleChanged' : 'ruleCreated', {}),
        rule: ruleParts(saved, groupNames, categories),
        ...(current ? { changes: ruleChanges(current.rule, saved, groupNames, categories) } : {}),
      },
    },
  ]);
  return saved;
}

/** The rules as saved, each with the exclusions its projects' admins asked for. */
export async function listRuleViews(): Promise<RuleView[]> {
  const [rules, exclusions] = await Promise.all([listSavedRules(), listExclusions()]);
  return rules.map((rule) => ({
    ...rule,
    projectExclusions: exclusions.filter((e) => e.ruleId === rule.id),
  }));
}

function ruleGone(id: string) {
  return new UserFacingError(
    `Rule ${id} no longer exists (someone deleted it). Reload the page.`,
    'not-found',
  ).says('rule-gone', { id });
}

/**
 * Checks every group exists and may be made customers, and that the role is the customer role;
 * answers the groups' names by id (remembered for rename detection).
 */
async function checkGroups(
  rule: { name: string; groupIds: string[]; roleName: string; allowUnsyncedGroups: boolean },
  jira: JiraClient,
): Promise<Record<string, string>> {
  const facts = await readGroupFacts(jira, rule.groupIds, { withManagedBy: true });
  const missing = rule.groupIds.filter((id) => !facts.has(id));
  if (missing.length) {
    throw new UserFacingError(
      `Rule "${rule.name}": no group with id ${missing.join(', ')} exists in Jira. Pick the group again from the list of synced groups.`,
      'invalid-input',
      undefined,
      'groupIds',
    ).says('groups-missing', { rule: rule.name, ids: missing.join(', ') });
  }
  const refusals = ruleRefusals(rule, facts);
  if (refusals.length) throw new RuleRefusedError([{ ruleName: rule.name, refusals }]);
  const names = namesOf(facts);
  await rememberGroupNames(names);
  return names;
}

const namesOf = (facts: Map<string, GroupFacts>) =>
  Object.fromEntries([...facts.values()].map((g) => [g.groupId, g.name]));

// An audit entry names at most LISTED_KEYS keys of a list: a rule may list thousands, and an
// entry is stored with others in one value.
const keyList = (keys: string[]) =>
  keys.length <= LISTED_KEYS
    ? keys.join(', ')
    : `${keys.slice(0, LISTED_KEYS).join(', ')} and ${(keys.length - LISTED_KEYS).toLocaleString('en-US')} more`;

/** A long list of keys changed: "5,000 projects → 5,001 projects (added FAC; removed none)". */
function keysChanged(before: string[], after: string[]): string {
  const was = new Set(before);
  const now = new Set(after);
  const added = after.filter((k) => !was.has(k));
  const removed = before.filter((k) => !now.has(k));
  return (
    `${count(before.length, 'project')} → ${count(after.length, 'project')} ` +
    `(added ${added.length ? keyList(added) : 'none'}; removed ${removed.length ? keyList(removed) : 'none'})`
  );
}

/** The two lists of keys of a field, when either is too long to show whole. */
function longLists(label: string, before: Rule, after: Rule): [string[], string[]] | undefined {
  const lists = (r: Rule) =>
    label === 'exclusions' ? r.exclude : r.scope.type === 'keys' ? r.scope.keys : undefined;
  const [a, b] = [lists(before), lists(after)];
  if (label !== 'scope' && label !== 'exclusions') return undefined;
  if (!a || !b || (a.length <= LISTED_KEYS && b.length <= LISTED_KEYS)) return undefined;
  return [a, b];
}

/**
 * The names of the project categories the rules' scopes name, for the audit: one read, only when
 * a scope names categories. A read that fails leaves ids in the words, never the save undone.
 */
async function categoryNames(rules: Rule[], jira: JiraClient): Promise<Record<string, string>> {
  if (!rules.some((r) => r.scope.type === 'categories')) return {};
  try {
    const all = await listProjectCategories(jira);
    return Object.fromEntries(all.map((c) => [c.id, c.name]));
  } catch {
    return {};
  }
}

/** 'category "Customer desks"', 'categories "Customer desks", "Partners"'; a deleted one by id. */
function categoryWords(ids: string[], names: Record<string, string>): string {
  const each = ids.map((id) => (names[id] ? `"${names[id]}"` : `with id ${id}`));
  return `${ids.length === 1 ? 'category' : 'categories'} ${each.join(', ')}`;
}

/** What the audit says of a rule: name, state, groups, scope, role, and the override if ticked. */
const scopeWords = (scope: Rule['scope'], categories: Record<string, string>) =>
  scope.type === 'all'
    ? 'all service projects'
    : scope.type === 'keys'
      ? `projects ${keyList(scope.keys)}`
      : scope.type === 'categories'
        ? `projects in ${categoryWords(scope.categoryIds, categories)}`
        : `keys matching ${scope.pattern}`;

/** "What changed: groups A → A, B; exclusions none → FAC." (before → after, changed fields only) */
export function describeChanges(
  before: Rule,
  after: Rule,
  names: Record<string, string>,
  categories: Record<string, string> = {},
): string {
  const groups = (r: Rule) => r.groupIds.map((id) => names[id] ?? id).join(', ');
  // [label, words, and what is compared when the words shorten a list]
  const fields: [string, (r: Rule) => string, ((r: Rule) => string)?][] = [
    ['name', (r) => `"${r.name}"`],
    ['groups', groups],
    ['scope', (r) => scopeWords(r.scope, categories), (r) => JSON.stringify(r.scope)],
    ['exclusions', (r) => (r.exclude.length ? r.exclude.join(', ') : 'none')],
    ['state', (r) => (r.enabled ? 'enabled' : 'disabled')],
    ['role', (r) => r.roleName],
    ['unsynced groups', (r) => (r.allowUnsyncedGroups ? 'allowed' : 'not allowed')],
  ];
  const changed = fields
    .filter(([, show, same = show]) => same(before) !== same(after))
    .map(([label, show]) => {
      const long = longLists(label, before, after);
      return long
        ? `${label} ${keysChanged(...long)}`
        : `${label} ${show(before)} → ${show(after)}`;
    });
  return changed.length ? `What changed: ${changed.join('; ')}.` : 'Nothing changed.';
}

/** The parts of a rule the page words, as describeRule says them. */
function ruleParts(
  rule: Rule,
  names: Record<string, string>,
  categories: Record<string, string>,
): RuleParts {
  return {
    name: rule.name,
    enabled: rule.enabled,
    groups: rule.groupIds.map((id) => names[id] ?? id),
    scope: scopeParts(rule.scope, categories),
    exclude: listedKeys(rule.exclude),
    role: rule.roleName,
    unsyncedAllowed: !!rule.allowUnsyncedGroups,
  };
}

function scopeParts(scope: Rule['scope'], categories: Record<string, string>): ScopeParts {
  if (scope.type === 'keys') return { type: 'keys', keys: listedKeys(scope.keys) };
  if (scope.type === 'categories')
    return {
      type: 'categories',
      categories: scope.categoryIds.map((id) =>
        categories[id] ? { id, name: categories[id] } : { id },
      ),
    };
  return scope;
}

/** The changes describeChanges says, as parts the page words (the same fields, in its order). */
function ruleChanges(
  before: Rule,
  after: Rule,
  names: Record<string, string>,
  categories: Record<string, string>,
): RuleChange[] {
  const [a, b] = [ruleParts(before, names, categories), ruleParts(after, names, categories)];
  const changes: RuleChange[] = [];
  const differ = (x: unknown, y: unknown) => JSON.stringify(x) !== JSON.stringify(y);
  const long = (field: 'scopeKeys' | 'exclusionKeys', was: string[], now: string[]) => {
    const [had, has] = [new Set(was), new Set(now)];
    changes.push({
      field,
      before: was.length,
      after: now.length,
      added: listedKeys(now.filter((k) => !had.has(k))),
      removed: listedKeys(was.filter((k) => !has.has(k))),
    });
  };
  if (a.name !== b.name) changes.push({ field: 'name', before: a.name, after: b.name });
  if (differ(a.groups, b.groups))
    changes.push({ field: 'groups', before: a.groups, after: b.groups });
  if (differ(before.scope, after.scope)) {
    const keys = longLists('scope', before, after);
    if (keys) long('scopeKeys', ...keys);
    else changes.push({ field: 'scope', before: a.scope, after: b.scope });
  }
  if (before.exclude.join(', ') !== after.exclude.join(', ')) {
    const keys = longLists('exclusions', before, after);
    if (keys) long('exclusionKeys', ...keys);
    else changes.push({ field: 'exclusions', before: a.exclude, after: b.exclude });
  }
  if (a.enabled !== b.enabled)
    changes.push({ field: 'state', before: a.enabled, after: b.enabled });
  if (a.role !== b.role) changes.push({ field: 'role', before: a.role, after: b.role });
  if (a.unsyncedAllowed !== b.unsyncedAllowed)
    changes.push({ field: 'unsynced', before: a.unsyncedAllowed, after: b.unsyncedAllowed });
  return changes;
}

function describeRule(
  rule: Rule,
  names: Record<string, string>,
  categories: Record<string, string>,
): string {
  const groups = rule.groupIds.map((id) => names[id] ?? id).join(', ');
  const scope = scopeWords(rule.scope, categories);
  const exclude = rule.exclude.length ? ` except ${keyList(rule.exclude)}` : '';
  const override = rule.allowUnsyncedGroups
    ? '; groups not from the identity provider allowed'
    : '';
  return (
    `"${rule.name}" (${rule.enabled ? 'enabled' : 'disabled'}; ` +
    `${rule.groupIds.length === 1 ? 'group' : 'groups'} ${groups}; ${scope}${exclude}; ` +
    `role ${rule.roleName}${override})`
  );
}

export async function deleteRule(id: string, actor: string) {
  const [rule, settings] = await Promise.all([getRule(id), getSettings()]);
  if (!rule) throw ruleGone(id);
  // Deleting needs no version from the page: whatever the rule became, the admin wants it gone.
  // A save landing between the read and the deletion is retried over, never written through.
  for (let attempt = 1; ; attempt++) {
    const current = await readRule(id);
    if (!current) throw ruleGone(id);
    if (await removeRule(current)) break;
    if (attempt === 3)
      throw new UserFacingError(
        `Rule "${current.rule.name}" kept changing while it was being deleted. Try again.`,
        'conflict',
      ).says('rule-kept-changing', { rule: current.rule.name });
  }
  await removeRuleExclusions(id);
  await markScopesDirty([rule.scope]);
  await appendAudit([
    {
      kind: 'rule-deleted',
      actor,
      ruleId: id,
      message: `Deleted rule "${rule.name}". ${settings.removeUnwanted ? 'The next run removes the bindings the app added for it that no other rule wants' : 'Removal is off, so the bindings it added stay'}; bindings people made by hand are kept.`,
      sentence: sentence(settings.removeUnwanted ? 'ruleDeleted' : 'ruleDeletedKept', {
        rule: rule.name,
      }),
    },
  ]);
  return { deleted: true as const };
}

/** The rules as runs apply them: project admins' exclusions are in `exclude`, as they used to be. */
export async function exportRules() {
  return { version: 1 as const, exportedAt: new Date().toISOString(), rules: await listRules() };
}

/**
 * Imports rules (from another site's export): each is validated, its groups and role checked
 * as saveRule checks them, before anything is written, so a bad file changes nothing. Ids are
 * kept when they match, so importing the same file twice updates instead of duplicating;
 * `replace` deletes rules not in the file. `preview` answers what would change and writes
 * nothing. Audited rule by rule.
 */
export async function importRules(
  inputs: RuleInput[],
  opts: { replace: boolean; preview?: boolean },
  actor: string,
  jira = new JiraClient(),
): Promise<{ imported: number; rules: Rule[] } | { preview: ImportPreview }> {
  const { replace } = opts;
  const parsed = parseImport(inputs);
  const existing = new Map((await listRuleRecords()).map((r) => [r.rule.id, r]));
  const now = new Date().toISOString();
  // The rules as they would be stored (a new one gets its id now).
  const toStore = parsed.map(({ version: _ignored, ...r }) => {
    const prior = r.id ? existing.get(r.id) : undefined;
    const rule = RuleSchema.parse({
      ...r,
      roleName: CUSTOMER_ROLE_NAME,
      id: prior?.rule.id ?? r.id ?? newRuleId(),
      createdAt: prior?.rule.createdAt ?? now,
      updatedAt: now,
      updatedBy: actor,
    });
    return { prior, rule };
  });
  // The set as the import would leave it, checked before Jira is asked anything: the file's
  // rules, and the others unless the import replaces them.
  const inFile = new Set(toStore.map((t) => t.rule.id));
  const kept = replace ? [] : [...existing.values()].filter((e) => !inFile.has(e.rule.id));
  const tooLarge = ruleSetRefusal(
    [...kept.map((e) => e.rule), ...toStore.map((t) => t.rule)],
    'the rules in this file',
  );
  if (tooLarge) throw new UserFacingError(`${tooLarge} Nothing was imported.`, 'invalid-input');
  const facts = await checkImportGroups(jira, parsed);
  if (opts.preview) return { preview: previewImport(parsed, existing, replace) };
  const names = namesOf(facts);
  const written = await mapLimit(
    toStore,
    4,
    async ({ prior, rule }) =>
      // Based on the version read above: a rule someone saves meanwhile is not overwritten.
      (prior ? await updateRule(prior, rule) : await createRule(rule)) ?? { lost: rule },
  );
  const saved = written.filter((w): w is Rule => !('lost' in w));
  const lost = written.flatMap((w) => ('lost' in w ? [w.lost] : []));
  const removed: StoredRule[] = replace
    ? [...existing.values()].filter((e) => !inFile.has(e.rule.id))
    : [];
  const deleted: Rule[] = [];
  for (const e of removed) {
    if (await removeRule(e)) {
      await removeRuleExclusions(e.rule.id);
      deleted.push(e.rule);
    } else lost.push(e.rule);
  }
  await rememberGroupNames(names);
  await markScopesDirty([
    ...saved.flatMap((r) => [...scopeBefore(existing.get(r.id)), r.scope]),
    ...deleted.map((r) => r.scope),
  ]);
  await auditImport(actor, replace, saved, deleted, names, await categoryNames(saved, jira));
  if (lost.length)
    throw new UserFacingError(
      `${lost.map((r) => `Rule "${r.name}"`).join(', ')} changed while the file was being ` +
        `imported, so the import left ${lost.length === 1 ? 'it' : 'them'} as saved; ` +
        `${count(saved.length, 'rule')} imported. Import the file again to replace ` +
        `${lost.length === 1 ? 'it' : 'them'}.`,
      'conflict',
    );
  return { imported: saved.length, rules: saved };
}

/** Each rule of the file, validated: the first that is not valid refuses the whole file. */
function parseImport(inputs: RuleInput[]): ImportedRule[] {
  return inputs.map((r, i) => {
    const result = RuleInputSchema.safeParse(r);
    if (!result.success) {
      const name = (r as { name?: unknown }).name;
      const issue = result.error.issues[0];
      throw new UserFacingError(
        `Rule ${i + 1} ("${typeof name === 'string' ? name : ''}") is not valid: ` +
          `${issue ? issueWords(issue) : 'unreadable'}. Nothing was imported.`,
        'invalid-input',
      );
    }
    return result.data;
  });
}

/** Every group the file names exists here and passes the guard rails: answers their facts. */
async function checkImportGroups(jira: JiraClient, parsed: ImportedRule[]) {
  const allGroups = [...new Set(parsed.flatMap((r) => r.groupIds))];
  const facts = await readGroupFacts(jira, allGroups, { withManagedBy: true });
  const bad = parsed.find((r) => r.groupIds.some((g) => !facts.has(g)));
  if (bad) {
    const missing = bad.groupIds.filter((g) => !facts.has(g));
    throw new UserFacingError(
      `Rule "${bad.name}" names ${missing.length === 1 ? 'a group' : 'groups'} (${missing.join(', ')}) that ${missing.length === 1 ? 'does' : 'do'} not exist on this site. Group ids differ between sites: edit the file or create the rule here. Nothing was imported.`,
      'invalid-input',
    );
  }
  const refused: RefusedRule[] = parsed.flatMap((r, i) => {
    const refusals = ruleRefusals(r, facts);
    return refusals.length ? [{ ruleName: r.name, position: i + 1, refusals }] : [];
  });
  if (refused.length) throw new RuleRefusedError(refused);
  return facts;
}

/** The import's audit: one entry for the import, one per rule saved or deleted. */
async function auditImport(
  actor: string,
  replace: boolean,
  saved: Rule[],
  deleted: Rule[],
  names: ReturnType<typeof namesOf>,
  categories: Record<string, string>,
): Promise<void> {
  await appendAudit([
    {
      kind: 'rules-imported',
      actor,
      message: `Imported ${count(saved.length, 'rule')}${replace ? ', replacing the rules that were not in the file' : ''}.`,
      sentence: sentence(replace ? 'rulesImportedReplacing' : 'rulesImported', {
        count: saved.length,
      }),
    },
    ...saved.map((rule) => ({
      kind: 'rules-imported' as const,
      actor,
      ruleId: rule.id,
      message: `Imported rule ${describeRule(rule, names, categories)}.`,
      sentence: { ...sentence('ruleImported', {}), rule: ruleParts(rule, names, categories) },
    })),
    ...deleted.map((rule) => ({
      kind: 'rule-deleted' as const,
      actor,
      ruleId: rule.id,
      message: `Deleted rule "${rule.name}": the import replaced the rules and it was not in the file.`,
      sentence: sentence('ruleDeletedByImport', { rule: rule.name }),
    })),
  ]);
}

type ImportedRule = ReturnType<typeof RuleInputSchema.parse>;

function previewImport(
  parsed: ReturnType<typeof RuleInputSchema.parse>[],
  existing: Map<string, StoredRule>,
  replace: boolean,
): ImportPreview {
  const fields = (r: Omit<Rule, 'id' | 'version' | 'createdAt' | 'updatedAt'>) =>
    JSON.stringify([r.name, r.groupIds, r.scope, r.exclude, r.enabled, r.allowUnsyncedGroups]);
  const preview: ImportPreview = { created: [], changed: [], unchanged: [], removed: [] };
  for (const r of parsed) {
    const prior = r.id ? existing.get(r.id) : undefined;
    if (!prior) preview.created.push(r.name);
    else if (fields(prior.rule) !== fields(r) || !isCustomerRole(prior.rule.roleName))
      preview.changed.push(r.name);
    else preview.unchanged.push(r.name);
  }
  const inFile = new Set(parsed.flatMap((r) => (r.id ? [r.id] : [])));
  if (replace)
    for (const e of existing.values())
      if (!inFile.has(e.rule.id)) preview.removed.push(e.rule.name);
  return preview;
}

const scopeBefore = (prior: StoredRule | undefined) => (prior ? [prior.rule.scope] : []);
