// When a run starts: the organizations enabled rules keep, found by id or by name among the
// site's organizations, and created (not in a preview) when none has the name. Rules naming
// the same organization share it. A refusal is kept with the target, so the run reports it and
// the role part of the run goes on.
import { errorMessage } from '../../domain/errors';
import type { Rule } from '../../domain/schemas';
import type { JiraClient } from '../../jira/client';
import {
  createOrganization,
  getOrganization,
  listOrganizations,
  type Organization,
} from '../../jira/organizations';
import { log } from '../../log';
import { getOrgIndex } from '../../store/org-ledger';
import { keepsOrganization, type OrgTarget } from './org-sync';

export interface OrgContext {
  organizations: OrgTarget[];
}

export async function resolveOrganizations(
  rules: Rule[],
  jira: JiraClient,
  dryRun: boolean,
): Promise<OrgContext | undefined> {
  const keeping = rules.filter((r) => keepsOrganization(r) && r.organization);
  const index = await getOrgIndex();
  if (keeping.length === 0 && index.length === 0) return undefined;
  const byName = new Map<string, OrgTarget>();
  let site: Organization[] | undefined;
  for (const rule of keeping) {
    const want = rule.organization!;
    const key = want.name.trim().toLowerCase();
    const known = byName.get(key);
    if (known) {
      known.ruleIds.push(rule.id);
      continue;
    }
    const target: OrgTarget = { name: want.name, ruleIds: [rule.id] };
    byName.set(key, target);
    try {
      const found =
        (want.id ? await getOrganization(jira, want.id) : null) ??
        (site ??= await listOrganizations(jira)).find((o) => o.name.trim().toLowerCase() === key);
      const org = found ?? (dryRun ? undefined : await createOrganization(jira, want.name));
      if (org) Object.assign(target, { organizationId: org.id, name: org.name });
      if (!found && org) log.info('org.created', { organizationId: org.id, ruleId: rule.id });
    } catch (err) {
      target.error = errorMessage(err);
      // Still the rule's organization (maybe renamed in JSM): never one to empty as unkept.
      if (want.id) target.knownId = want.id;
    }
  }
  return { organizations: [...byName.values()] };
}
