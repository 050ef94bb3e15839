// Projects: search, get, create (company- and team-managed), delete, categories.
import { ApiError, badRequest, forbidden, notFound } from '../errors';
import type { Project, ProjectStyle } from '../model';
import { boolParam, intParam, platformPage } from '../paging';
import { categoryJson, projectJson } from '../render';
import type { Ctx, Router } from '../router';
import { CreateProjectBody, parseBody, UpdateProjectBody } from '../schemas';
import type { Services } from '../services';

export const projectNotFound = (idOrKey: string) =>
  notFound(`No project could be found with key '${idOrKey}'.`);

/** The project named in the path, if the caller may see it (Jira answers 404 for both). */
export function visibleProject(svc: Services, ctx: Ctx, idOrKey: string): Project {
  const p = svc.state.projectByIdOrKey(idOrKey);
  if (!p || !svc.perms.canBrowse(ctx.caller, p)) throw projectNotFound(idOrKey);
  return p;
}

const expandOf = (ctx: Ctx) =>
  new Set(
    (ctx.query.get('expand') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const ORDER: Record<string, (p: Project) => string | number> = {
  key: (p) => p.key,
  name: (p) => p.name.toLowerCase(),
  id: (p) => Number(p.id),
  category: (p) => p.categoryId ?? '',
};

export function registerProjectRoutes(r: Router, svc: Services): void {
  const { state, perms } = svc;

  /** What is wrong with a new project key, if anything. */
  const keyProblem = (key: string): string | undefined => {
    if (!/^[A-Z][A-Z0-9_]{1,9}$/.test(key))
      return 'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters, and be 2 to 10 characters long.';
    const holder = state.projectByIdOrKey(key);
    return holder ? `Project '${holder.name}' uses this project key.` : undefined;
  };

  r.add('GET', '/rest/api/3/project/search', (ctx) => {
    const keys = new Set(
      ctx.query
        .getAll('keys')
        .flatMap((k) => k.split(','))
        .map((k) => k.trim().toUpperCase())
        .filter(Boolean),
    );
    const ids = new Set(
      ctx.query
        .getAll('id')
        .flatMap((k) => k.split(','))
        .map((k) => k.trim())
        .filter(Boolean),
    );
    const types = new Set(
      (ctx.query.get('typeKey') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    );
    const categoryId = ctx.query.has('categoryId')
      ? String(intParam(ctx, 'categoryId', 0))
      : undefined;
    const query = (ctx.query.get('query') ?? '').toLowerCase();
    const action = ctx.query.get('action') ?? 'view';
    if (!['view', 'browse', 'edit', 'create'].includes(action))
      throw badRequest(`The action '${action}' is not valid: use view, browse, edit or create.`);
    const status = (ctx.query.get('status') ?? 'live').split(',');
    const orderRaw = ctx.query.get('orderBy') ?? 'key';
    const desc = orderRaw.startsWith('-');
    const orderKey = orderRaw.replace(/^[-+]/, '');
    const order = ORDER[orderKey];
    if (!order)
      throw badRequest(
        `The orderBy value '${orderRaw}' is not supported: use key, name, id or category, optionally with - or +.`,
      );
    const admin = perms.isJiraAdmin(ctx.caller);
    const need = action === 'edit' ? 'ADMINISTER_PROJECTS' : 'BROWSE_PROJECTS';

    let list = state
      .projectsByKeyOrder()
      .filter(
        (p) =>
          (!keys.size || keys.has(p.key)) &&
          (!ids.size || ids.has(p.id)) &&
          (!types.size || types.has(p.projectTypeKey)) &&
          (categoryId === undefined || p.categoryId === categoryId) &&
          (!query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query)) &&
          (admin || perms.project(ctx.caller, p, need)),
      );
    if (!status.includes('live')) list = [];
    if (orderKey !== 'key' || desc) {
      list = [...list].sort((a, b) => {
        const x = order(a);
        const y = order(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
      if (desc) list.reverse();
    }
    const expand = expandOf(ctx);
    return {
      status: 200,
      body: platformPage(ctx, list, (p) => projectJson(ctx.base, state, p, expand), {
        defaultMax: 50,
        max: 100,
      }),
    };
  });

  r.add('GET', '/rest/api/3/project', (ctx) => {
    const expand = expandOf(ctx);
    return {
      status: 200,
      body: state
        .projectsByKeyOrder()
        .filter((p) => perms.canBrowse(ctx.caller, p))
        .map((p) => projectJson(ctx.base, state, p, expand)),
    };
  });

  r.add('GET', '/rest/api/3/project/{projectIdOrKey}', (ctx) => {
    const p = visibleProject(svc, ctx, ctx.params.projectIdOrKey);
    return { status: 200, body: projectJson(ctx.base, state, p, expandOf(ctx), true) };
  });

  r.add('POST', '/rest/api/3/project', (ctx) => {
    if (!perms.isJiraAdmin(ctx.caller))
      throw forbidden('You must have global administrator rights in order to create a project.');
    const b = parseBody(CreateProjectBody, ctx.json(), 'project');
    const errors: Record<string, string> = {};
    const badKey = keyProblem(b.key);
    if (badKey) errors.projectKey = badKey;
    if (!b.name.trim()) errors.projectName = 'You must specify a valid project name.';
    else if (state.projectByName(b.name))
      errors.projectName = 'A project with that name already exists.';
    const template = b.projectTemplateKey ?? '';
    const type =
      b.projectTypeKey ??
      (template.includes('servicedesk')
        ? 'service_desk'
        : template.includes('greenhopper')
          ? 'software'
          : template.includes('jira-core')
            ? 'business'
            : undefined);
    if (!type)
      errors.projectTypeKey =
        'You must specify a projectTypeKey (software, service_desk or business) or a projectTemplateKey.';
    const leadAccountId = b.leadAccountId ?? ctx.caller!.accountId;
    if (!state.users.get(leadAccountId)?.active)
      errors.projectLead = `The project lead '${leadAccountId}' does not exist or is not active.`;
    const categoryId = b.categoryId === undefined ? undefined : String(b.categoryId);
    if (categoryId && !state.categories.has(categoryId))
      errors.categoryId = `The project category ${categoryId} does not exist.`;
    if (Object.keys(errors).length) throw new ApiError(400, '', errors);
    // Team-managed ("next-gen") templates make simplified projects with their own roles.
    const style: ProjectStyle = template.includes('next-gen') ? 'next-gen' : 'classic';
    const p = state.createProject({
      key: b.key,
      name: b.name.trim(),
      projectTypeKey: type!,
      style,
      leadAccountId,
      description: b.description,
      categoryId,
    });
    svc.webhooks.projectEvent('project_created', p, state.users.get(leadAccountId), ctx.caller);
    return {
      status: 201,
      body: { self: `${ctx.base}/rest/api/3/project/${p.id}`, id: Number(p.id), key: p.key },
    };
  });

  r.add('PUT', '/rest/api/3/project/{projectIdOrKey}', (ctx) => {
    const p = visibleProject(svc, ctx, ctx.params.projectIdOrKey);
    const b = parseBody(UpdateProjectBody, ctx.json(), 'project');
    if (!perms.canAdminister(ctx.caller, p))
      throw forbidden(
        `You cannot edit project ${p.key}: Administer Projects on it, or Administer Jira, is needed.`,
      );
    const errors: Record<string, string> = {};
    const newKey = b.key !== undefined && b.key !== p.key ? b.key : undefined;
    if (newKey !== undefined) {
      if (!perms.isJiraAdmin(ctx.caller))
        throw forbidden(`Changing the key of ${p.key} needs Administer Jira.`);
      const badKey = keyProblem(newKey);
      if (badKey) errors.projectKey = badKey;
    }
    const name = b.name?.trim();
    const named = name ? state.projectByName(name) : undefined;
    if (name === '') errors.projectName = 'You must specify a valid project name.';
    else if (named && named.id !== p.id)
      errors.projectName = 'A project with that name already exists.';
    if (b.leadAccountId !== undefined && !state.users.get(b.leadAccountId)?.active)
      errors.projectLead = `The project lead '${b.leadAccountId}' does not exist or is not active.`;
    const categoryId = b.categoryId === undefined ? undefined : String(b.categoryId);
    if (categoryId && categoryId !== '-1' && !state.categories.has(categoryId))
      errors.categoryId = `The project category ${categoryId} does not exist.`;
    if (Object.keys(errors).length) throw new ApiError(400, '', errors);
    state.updateProject(p, {
      key: newKey,
      name,
      description: b.description,
      leadAccountId: b.leadAccountId,
      // -1 removes the category, as the spec says.
      categoryId: categoryId === '-1' ? null : categoryId,
    });
    svc.webhooks.projectEvent('project_updated', p, state.users.get(p.leadAccountId), ctx.caller);
    return { status: 200, body: projectJson(ctx.base, state, p, expandOf(ctx), true) };
  });

  r.add('DELETE', '/rest/api/3/project/{projectIdOrKey}', (ctx) => {
    boolParam(ctx, 'enableUndo', true);
    const p = state.projectByIdOrKey(ctx.params.projectIdOrKey);
    // The spec answers 404 both for a missing project and for a caller who may not delete it.
    if (!p || !perms.isJiraAdmin(ctx.caller))
      throw notFound(
        `No project could be found with key '${ctx.params.projectIdOrKey}', or you do not have permission to delete it (Administer Jira is needed).`,
      );
    state.deleteProject(p);
    svc.webhooks.projectEvent('project_deleted', p, state.users.get(p.leadAccountId), ctx.caller);
    return { status: 204 };
  });

  r.add('GET', '/rest/api/3/projectCategory', (ctx) => ({
    status: 200,
    body: [...state.categories.keys()].map((id) => categoryJson(ctx.base, state, id)),
  }));
}
