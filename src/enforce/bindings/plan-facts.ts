// What every plan of a run needs from Jira besides the project's roles: the site's roles, which
// of the rules' groups exist, and which of them grant a product. Read once per run (and once per
// re-check of a preview), never per project.
import { productsGrantedBy } from '../../domain/guard-rails';
import type { Rule } from '../../domain/schemas';
import { listApplicationRoles } from '../../jira/application-roles';
import type { JiraClient } from '../../jira/client';
import { getGroupsByIds } from '../../jira/groups';
import { listGlobalRoles } from '../../jira/roles';
import type { RunContext } from '../../store/runs';

export type PlanFacts = Pick<RunContext, 'roles' | 'groups' | 'productAccess'>;

export async function readPlanFacts(jira: JiraClient, rules: Rule[]): Promise<PlanFacts> {
  const groupIds = [...new Set(rules.filter((r) => r.enabled).flatMap((r) => r.groupIds))];
  // Product access is read once per run, so the plan refuses a group that came to grant a
  // product after its rule was saved (defence in depth: the save and the hourly check it too).
  const [roles, groups, appRoles] = await Promise.all([
    listGlobalRoles(jira),
    getGroupsByIds(jira, groupIds),
    listApplicationRoles(jira),
  ]);
  const productAccess = [...groups.keys()].flatMap((id) => {
    const products = productsGrantedBy(id, appRoles);
    return products.length ? [[id, products] as const] : [];
  });
  return {
    roles,
    groups: Object.fromEntries(groups),
    productAccess: Object.fromEntries(productAccess),
  };
}
