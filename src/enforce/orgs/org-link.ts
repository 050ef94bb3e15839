// Links each organization that a rule covering this project keeps to the project's service
// desk. Reads the desk's organizations first, so a link is made once; a preview only
// plans it. Links are never undone: a person may rely on an organization seeing a desk.
import { errorMessage } from '../../domain/errors';
import type { ActionResult, Project } from '../../domain/schemas';
import { ruleCoversProject, SERVICE_DESK_TYPE_KEY } from '../../domain/scope';
import type { JiraClient } from '../../jira/client';
import { deskOrganizationIds, linkOrganization } from '../../jira/organizations';
import type { AuditInput } from '../../store/audit';
import type { RunContext } from '../../store/runs';
import { keepsOrganization } from './org-sync';

export interface OrgLinks {
  /** organizations to link (preview) or linked (run) */
  links: { organizationId: string; name: string }[];
  actions: ActionResult[];
  audit: AuditInput[];
  errors: number;
}

export async function linkOrganizations(
  project: Project,
  ctx: RunContext,
  run: { id: string; dryRun: boolean; startedBy: string },
  jira: JiraClient,
): Promise<OrgLinks> {
  const out: OrgLinks = { links: [], actions: [], audit: [], errors: 0 };
  // JSM takes a project key where it asks for a service desk id (never ambiguous, unlike ids).
  const deskId = project.key;
  if (project.typeKey !== SERVICE_DESK_TYPE_KEY) return out;
  const wanted = (ctx.organizations ?? []).filter(
    (o) =>
      o.organizationId &&
      ctx.rules.some(
        (r) =>
          o.ruleIds.includes(r.id) && keepsOrganization(r) && ruleCoversProject(r, project).covered,
      ),
  );
  if (wanted.length === 0) return out;
  const linked = new Set(await deskOrganizationIds(jira, deskId));
  for (const o of wanted.filter((w) => !linked.has(w.organizationId!))) {
    const organizationId = o.organizationId!;
    out.links.push({ organizationId, name: o.name });
    if (run.dryRun) continue;
    let error: string | undefined;
    try {
      await linkOrganization(jira, deskId, organizationId);
    } catch (err) {
      error = errorMessage(err);
      out.errors++;
    }
    const at = new Date().toISOString();
    out.actions.push({
      projectKey: project.key,
      kind: 'org-link',
      organizationId,
      organizationName: o.name,
      ok: !error,
      ...(error ? { error } : {}),
      at,
    });
    out.audit.push({
      kind: error ? 'org-failed' : 'org-linked',
      actor: run.startedBy,
      runId: run.id,
      projectKey: project.key,
      organizationId,
      ruleId: o.ruleIds[0],
      message: error
        ? `Could not link organization "${o.name}" to ${project.key}: ${error}`
        : `Linked organization "${o.name}" to ${project.key}, so its members see each other's requests there.`,
    });
  }
  return out;
}
