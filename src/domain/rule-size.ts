// Measures how much storage rules take and holds the limits a save or an import is checked
// against. Pure: the rule editor runs the per-rule check too (through RuleInputSchema).
//
// - One rule is one KVS value, and Forge refuses a value over 240 KiB: RULE_MAX_BYTES keeps a
//   rule below that with room for what saving adds (id, version, dates, who saved it).
// - Every batch event of a run reads all rules again (the run's context is split into 180 KiB
//   parts, so any size fits). RULES_MAX_BYTES bounds that read to a few parts while leaving
//   room for far more keys than a site has projects: four rules of 5,000 ten-character keys
//   (262 KB) run, as do two rules of 5,000 forty-character exclusions (431 KB); a set whose
//   every event must read over half a megabyte is refused.
/** Forge's largest KVS value: 240 KiB. */
export const KVS_VALUE_MAX_BYTES = 240 * 1024;

/** One rule, as stored (see above). */
export const RULE_MAX_BYTES = 232 * 1024;

/** All rules together, as stored (see above). */
export const RULES_MAX_BYTES = 512 * 1024;

/** A ten-character key as stored in a list: its quotes and the comma. */
const TYPICAL_KEY_BYTES = 13;

const ADVICE = 'Use a project category or a key pattern instead of listing keys.';

// The parts of a rule that grow with it, described here rather than imported: the rule schema
// checks sizes with this module, so this module does not depend on the schema.
type Sized = { scope: { type: 'keys'; keys: string[] } | { type: string }; exclude: string[] };

const isKeys = (scope: Sized['scope']): scope is { type: 'keys'; keys: string[] } =>
  scope.type === 'keys' && 'keys' in scope;

/** Bytes of `text` in UTF-8, as KVS counts a stored value. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes a value takes stored (its JSON). */
export const storedBytes = (value: unknown): number => utf8Length(JSON.stringify(value));

/** Project keys and exclusions the rule lists. */
export const listedKeys = (rule: Sized): number =>
  (isKeys(rule.scope) ? rule.scope.keys.length : 0) + rule.exclude.length;

const kb = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;
const n = (v: number) => v.toLocaleString('en-US');
/** "about 40,000": how many ten-character keys fit in `bytes`, rounded down to a thousand. */
const roundedKeys = (bytes: number) => Math.floor(bytes / TYPICAL_KEY_BYTES / 1000) * 1000;
const typicalKeys = (bytes: number) => `about ${n(roundedKeys(bytes))}`;

/**
 * The numbers of a rule too large to store (undefined when it fits), for a page to word the
 * refusal in its language: the keys it lists and the kilobytes they take, against the limits.
 */
export function ruleOverSize(
  rule: Sized,
):
  | { reason: 'rule-too-large'; keys: number; kb: number; maxKeys: number; maxKb: number }
  | undefined {
  const bytes = storedBytes(rule);
  if (bytes <= RULE_MAX_BYTES) return undefined;
  return {
    reason: 'rule-too-large',
    keys: listedKeys(rule),
    kb: Math.ceil(bytes / 1024),
    maxKeys: roundedKeys(RULE_MAX_BYTES),
    maxKb: Math.ceil(RULE_MAX_BYTES / 1024),
  };
}

/**
 * Why one rule is too large to store (undefined when it fits). A schema issue: without the
 * final full stop, which the words around an issue add.
 */
export function ruleSizeRefusal(rule: Sized): string | undefined {
  const bytes = storedBytes(rule);
  if (bytes <= RULE_MAX_BYTES) return undefined;
  return (
    `A rule may hold at most ${typicalKeys(RULE_MAX_BYTES)} project keys and exclusions ` +
    `(${kb(RULE_MAX_BYTES)}; fewer when keys are long); this one would hold ` +
    `${n(listedKeys(rule))} (${kb(bytes)}). ${ADVICE.slice(0, -1)}`
  );
}

/** The numbers of a set of rules too large to store together (undefined when it fits). */
export function ruleSetOverSize(
  rules: (Sized & object)[],
): { keys: number; kb: number; maxKeys: number; maxKb: number } | undefined {
  const bytes = rules.reduce((sum, r) => sum + storedBytes(r), 0);
  if (bytes <= RULES_MAX_BYTES) return undefined;
  return {
    keys: rules.reduce((sum, r) => sum + listedKeys(r), 0),
    kb: Math.ceil(bytes / 1024),
    maxKeys: roundedKeys(RULES_MAX_BYTES),
    maxKb: Math.ceil(RULES_MAX_BYTES / 1024),
  };
}

/**
 * Why a set of rules is too large to store together (undefined when it fits). `rules` is the
 * set as it would be after the change; `change` words what would make it so.
 */
export function ruleSetRefusal(
  rules: (Sized & object)[],
  change: 'this rule' | 'the rules in this file',
): string | undefined {
  const bytes = rules.reduce((sum, r) => sum + storedBytes(r), 0);
  if (bytes <= RULES_MAX_BYTES) return undefined;
  const keys = rules.reduce((sum, r) => sum + listedKeys(r), 0);
  return (
    `All rules together may hold at most ${typicalKeys(RULES_MAX_BYTES)} project keys and ` +
    `exclusions (${kb(RULES_MAX_BYTES)}; fewer when keys are long); ${change} would make it ` +
    `${n(keys)} (${kb(bytes)}). ${ADVICE}`
  );
}

/** The form field a size refusal belongs to: the longer of the rule's two lists. */
export const sizeField = (rule: Sized): 'scope' | 'exclude' =>
  isKeys(rule.scope) && rule.scope.keys.length >= rule.exclude.length ? 'scope' : 'exclude';
