// Jira's audit log: GET /rest/api/3/auditing/record (offset, limit, filter, from, to),
// Administer Jira only. Free plans have no audit log: emulate that with a fault (403) on the path.
import { findAuditRecords } from '../audit-log';
import { badRequest, forbidden } from '../errors';
import type { AuditRecord } from '../model';
import { intParam } from '../paging';
import type { Ctx, Router } from '../router';
import type { Services } from '../services';

function timeParam(ctx: Ctx, name: string): number | undefined {
  const raw = ctx.query.get(name);
  if (!raw) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw badRequest(`The value '${raw}' of '${name}' is not a date and time.`);
  return t;
}

function recordJson(r: AuditRecord) {
  return {
    id: r.id,
    summary: r.summary,
    remoteAddress: '127.0.0.1',
    ...(r.authorAccountId
      ? { authorKey: r.authorAccountId, authorAccountId: r.authorAccountId }
      : {}),
    created: r.created,
    category: r.category,
    eventSource: r.eventSource,
    description: '',
    ...(r.objectItem ? { objectItem: r.objectItem } : {}),
    changedValues: r.changedValues ?? [],
    associatedItems: r.associatedItems ?? [],
  };
}

export function registerAuditRoutes(r: Router, svc: Services): void {
  r.add('GET', '/rest/api/3/auditing/record', (ctx) => {
    if (!svc.perms.isJiraAdmin(ctx.caller))
      throw forbidden('Administer Jira is needed to read the audit log.');
    const offset = intParam(ctx, 'offset', 0, { min: 0 });
    const limit = intParam(ctx, 'limit', 1000, { min: 0, max: 1000 });
    const all = findAuditRecords(svc.state, {
      filter: ctx.query.get('filter') ?? undefined,
      from: timeParam(ctx, 'from'),
      to: timeParam(ctx, 'to'),
    });
    return {
      status: 200,
      body: {
        offset,
        limit,
        total: all.length,
        records: all.slice(offset, offset + limit).map(recordJson),
      },
    };
  });
}
