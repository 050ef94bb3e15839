// A plan's reasons as data: a code and the names the sentence takes, so that a page words them in
// its viewer's language. The English `reason` beside it stays for logs, the audit and older pages.
// Names (rules, groups, roles, projects) are data: never translated. Pure.
import { z } from 'zod';

/** A value a sentence names: a name or key, a count, or a list of names. */
const SayValueSchema = z.union([z.string(), z.number(), z.array(z.string())]);
export type SayValue = z.infer<typeof SayValueSchema>;

/** Why a group may never be customers (guard-rails.ts), as a run judges it. */
export const RefusalWhySchema = z.enum([
  'group-administration',
  'group-app-access',
  'group-product-access',
  'group-not-synced',
]);

/** Why one rule that once wanted a binding no longer does. */
export const UnwantedCodeSchema = z.enum([
  /** values: ruleId */
  'rule-deleted',
  /** values: rule */
  'rule-off',
  /** values: project, rule */
  'project-excluded',
  /** values: rule, project */
  'not-covered',
  /** values: rule */
  'group-dropped',
  /** values: rule, role */
  'role-not-customer',
  /** values: group, refusal, readsAs?, products? */
  'group-refused',
  /** values: rule, role */
  'role-moved',
  'group-gone',
  /** values: rule */
  'not-wanted',
]);
export type UnwantedCode = z.infer<typeof UnwantedCodeSchema>;

export const PlanReasonCodeSchema = z.enum([
  /** values: rules (names), project */
  'add',
  /** The same, and the app had added it before and someone removed it since. */
  'add-drift',
  /** values: rules (rule names, or ids of deleted rules), role, project; because */
  'remove',
  /** The same as remove, and removing is turned off in the settings. */
  'removal-disabled',
  /** values: rule, project */
  'rule-disabled',
  /** values: project, rule */
  'project-excluded',
  /** values: project, type, rule */
  'not-service-desk',
  /** values: project, role, rule */
  'role-not-found',
  /** A team-managed project with no customer role of its own. values: project, role, rule */
  'role-not-found-team',
  /** values: groupId, rule */
  'group-deleted',
  /** values: role */
  'role-not-customer',
  /** values: group, rule, refusal, readsAs?, products? */
  'group-refused',
  /** The same, when removing unwanted groups is on. */
  'group-refused-removes',
  /** An apply of a preview. values: group */
  'not-previewed-add',
  'not-previewed-remove',
  /** An apply of a preview: the binding changed since. values: group, role? */
  'already-added',
  'no-longer-needed',
  'kept-since-preview',
  'already-removed',
  /** values: group, role, project, projectName */
  'not-added-by-app',
]);
export type PlanReasonCode = z.infer<typeof PlanReasonCodeSchema>;

export const UnwantedSchema = z.object({
  code: UnwantedCodeSchema,
  values: z.record(z.string(), SayValueSchema).optional(),
});
export type Unwanted = z.infer<typeof UnwantedSchema>;

export const PlanReasonSchema = z.object({
  code: PlanReasonCodeSchema,
  values: z.record(z.string(), SayValueSchema).optional(),
  /** remove and removal-disabled: why each rule that wanted it no longer does. */
  because: z.array(UnwantedSchema).optional(),
});
export type PlanReason = z.infer<typeof PlanReasonSchema>;

/** The same `because` once, in order: two rules turned off say so twice, as one. */
export function uniqueBecause(items: Unwanted[]): Unwanted[] {
  const seen = new Set<string>();
  return items.filter((u) => {
    const key = JSON.stringify(u);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
