// What the next run removes if a change is made, for the confirmation every removal path shows:
// deleting, turning off or editing a rule, excluding a project, approving a request, turning
// removal on, an import that replaces, preparing to uninstall, or a run as things are. One function for all of them, so
// the dialogs cannot disagree with each other nor with the run.
//
// It plans from the ledgers (KVS) as a run would, with the rules as the change leaves them. Jira
// is read only for what a run would judge by: the ledger's projects (type and category, 1 call
// per 50 projects, 1 point each), the global roles, the rules' groups and the product roles (a
// call each), and, for an organization some rule still keeps, its groups' members (2 points
// each, at most MAX_MEMBER_READS in all). The answer says what it cost.
import { CUSTOMER_ROLE_NAME } from '../../domain/guard-rails';
import { runRefusal } from '../../domain/guard-rails';
import type { OrgLedgerEntry } from '../../domain/org-plan';
import {
  type ImpactChange,
  type OrgImpactInput,
  plannedRemovals,
  type RemovalImpact,
  summariseRemovals,
} from '../../domain/removal-impact';
import {
  type LedgerEntry,
  type Rule,
  type RuleInput,
  RuleInputSchema,
  RuleSchema,
} from '../../domain/schemas';
import { JiraClient } from '../../jira/client';
import { groupMembersPage } from '../../jira/group-members';
import { searchProjectsByRefs } from '../../jira/projects';
import { listExclusions } from '../../store/exclusions';
import { allLedgerEntries } from '../../store/ledger';
import { getOrgIndex, getOrgLedger } from '../../store/org-ledger';
import { listSavedRules, withExclusions } from '../../store/rules';
import { getSettings } from '../../store/settings';
import { readPlanFacts } from '../bindings/plan-facts';
import { keepsOrganization } from '../orgs/org-sync';

/**
 * Group members read for organizations at most (10,000 points): past it an organization is not
 * counted (`orgsNotCounted`) rather than the dialog spending the hour's quota.
 */
export const MAX_MEMBER_READS = 5_000;

export async function removalImpact(
  change: ImpactChange,
  jira = new JiraClient({ maxTotalWaitMs: 5_000 }),
  /** One project only (its page): its bindings, no organization, one project read. */
  projectKey?: string,
): Promise<RemovalImpact> {
  const [saved, exclusions, settings, everywhere, orgIndex] = await Promise.all([
    listSavedRules(),
    listExclusions(),
    getSettings(),
    readLedger(),
    projectKey ? Promise.resolve([]) : getOrgIndex(),
  ]);
  const ledger = projectKey
    ? everywhere.filter((e) => e.projectKey.toUpperCase() === projectKey.toUpperCase())
    : everywhere;
  const rules = withExclusions(rulesAfter(saved, change), exclusions).map((r) =>
    change.kind === 'exclude' && r.id === change.ruleId
      ? { ...r, exclude: [...r.exclude, change.projectKey.toUpperCase()] }
      : r,
  );
  const [facts, projects] = await Promise.all([
    readPlanFacts(jira, rules),
    searchProjectsByRefs(jira, { ids: [...new Set(ledger.map((e) => e.projectId))], keys: [] }),
  ]);
  const groups = new Map(Object.entries(facts.groups));
  const productAccess = new Map(Object.entries(facts.productAccess ?? {}));
  const orgs = await organizationsAfter(rules, orgIndex, groups, productAccess, jira);
  const planned = plannedRemovals({
    rules,
    projects: new Map(projects.map((p) => [p.id, p])),
    ledger,
    roleNames: new Map(facts.roles.map((r) => [r.id, r.name])),
    customerRoleName: CUSTOMER_ROLE_NAME,
    groups,
    productAccess,
    organizations: orgs.counted,
  });
  const { calls, points } = jira.cost();
  return summariseRemovals(planned, {
    removalEnabled:
      change.kind === 'removal-on' || change.kind === 'uninstall' || settings.removeUnwanted,
    ledgerBindings: ledger.length,
    cost: { calls, points },
    orgsNotCounted: orgs.notCounted,
  });
}

async function readLedger(): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for await (const e of allLedgerEntries()) entries.push(e);
  return entries;
}

/** The saved rules as the change leaves them (exclusions of project admins apart). */
function rulesAfter(saved: Rule[], change: ImpactChange): Rule[] {
  switch (change.kind) {
    case 'delete':
      return saved.filter((r) => r.id !== change.ruleId);
    // Preparing to uninstall: the run wants nothing, whatever the rules say.
    case 'uninstall':
      return [];
    case 'disable':
      return saved.map((r) => (r.id === change.ruleId ? { ...r, enabled: false } : r));
    case 'save': {
      const rule = asRule(change.rule, 'editing');
      return [...saved.filter((r) => r.id !== rule.id), rule];
    }
    case 'import': {
      const imported = change.rules.map((r, i) => asRule(r, `imported-${i}`));
      const ids = new Set(imported.map((r) => r.id));
      return [...(change.replace ? [] : saved.filter((r) => !ids.has(r.id))), ...imported];
    }
    default:
      return saved;
  }
}

/** A rule as it would be stored (a new one under a stand-in id). */
function asRule(input: RuleInput, standIn: string): Rule {
  const { version: _ignored, ...parsed } = RuleInputSchema.parse(input);
  return RuleSchema.parse({
    ...parsed,
    id: parsed.id ?? standIn,
    roleName: CUSTOMER_ROLE_NAME,
    createdAt: '',
    updatedAt: '',
  });
}

/**
 * The organizations the app keeps members in, each with who the rules keeping it after the
 * change still want there. An organization no rule keeps wants nobody (a run empties it of the
 * app's members); one some rule keeps has its groups read.
 */
async function organizationsAfter(
  rules: Rule[],
  index: { id: string; name: string }[],
  groups: Map<string, { groupId: string; name: string }>,
  productAccess: Map<string, string[]>,
  jira: JiraClient,
): Promise<{ counted: OrgImpactInput[]; notCounted: string[] }> {
  const counted: OrgImpactInput[] = [];
  const notCounted: string[] = [];
  const members = new Map<string, string[]>();
  let reads = 0;
  for (const org of index) {
    const ledger: OrgLedgerEntry[] = await getOrgLedger(org.id);
    if (!ledger.some((e) => !e.pending)) continue;
    const keepers = rules.filter((r) => keepsOrganization(r) && keeps(r, org));
    const wanted = new Set<string>();
    let complete = true;
    let overBudget = false;
    for (const groupId of new Set(keepers.flatMap((r) => r.groupIds))) {
      const group = groups.get(groupId);
      // Deleted: a run removes nobody from the organization until the rule is fixed.
      if (!group) complete = false;
      if (!group || runRefusal(group, productAccess.get(groupId))) continue;
      let ids = members.get(groupId);
      if (!ids) {
        const read = await activeMembers(jira, groupId, MAX_MEMBER_READS - reads);
        overBudget = !read;
        if (!read) break;
        reads += read.read;
        ids = read.ids;
        members.set(groupId, ids);
      }
      for (const id of ids) wanted.add(id);
    }
    if (overBudget) notCounted.push(org.name);
    else
      counted.push({
        organizationId: org.id,
        organizationName: org.name,
        ledger,
        wanted,
        complete,
      });
  }
  return { counted, notCounted };
}

/** Whether a rule keeps this organization: by its id, or by name as a run finds it. */
const keeps = (rule: Rule, org: { id: string; name: string }) =>
  rule.organization?.id === org.id ||
  rule.organization?.name.trim().toLowerCase() === org.name.trim().toLowerCase();

/** A group's active members, reading at most `budget` (undefined: more than that). */
async function activeMembers(
  jira: JiraClient,
  groupId: string,
  budget: number,
): Promise<{ ids: string[]; read: number } | undefined> {
  const ids: string[] = [];
  let read = 0;
  for (;;) {
    if (read >= budget) return undefined;
    const page = await groupMembersPage(jira, groupId, { startAt: read });
    read += page.members.length;
    ids.push(...page.members.filter((m) => m.active).map((m) => m.accountId));
    if (page.isLast || page.members.length === 0) return { ids, read };
  }
}
