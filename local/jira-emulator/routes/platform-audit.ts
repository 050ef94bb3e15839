// Jira's audit log: GET /rest/api/3/auditing/record (offset, limit, filter, from, to), newest
// first, Administer Jira only; a site on the Free plan has none (403), as the spec says. The spec
// documents no 400, so a value that is not a number or a date is ignored, never refused: a
// client that sends a bad `from` gets more records, not fewer.
import { findAuditRecords } from '../audit-log';
import { forbidden } from '../errors';
import type { AuditRecord } from '../model';
import type { Ctx, Router } from '../router';
import type { Services } from '../services';

const MAX_LIMIT = 1000;

function intOr(ctx: Ctx, name: string, def: number): number {
  const raw = ctx.query.get(name);
  return raw && /^\d+$/.test(raw) ? Number(raw) : def;
}

/** A date-time as ISO 8601 (Jira writes offsets as +0000, which is accepted too) or epoch ms. */
function timeParam(ctx: Ctx, name: string): number | undefined {
  const raw = ctx.query.get(name)?.trim();
  if (!raw) return undefined;
  if (/^\d{10,}$/.test(raw)) return Number(raw);
  const t = Date.parse(raw.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : t;
}

function recordJson(r: AuditRecord) {
  return {
    id: r.id,
    summary: r.summary,
    ...(r.remoteAddress ? { remoteAddress: r.remoteAddress } : {}),
    // authorKey is deprecated but still sent, holding the account ID.
    ...(r.authorAccountId
      ? { authorKey: r.authorAccountId, authorAccountId: r.authorAccountId }
      : {}),
    created: r.created,
    category: r.category,
    eventSource: r.eventSource,
    ...(r.objectItem ? { objectItem: r.objectItem } : {}),
    changedValues: r.changedValues ?? [],
    associatedItems: r.associatedItems ?? [],
  };
}

export function registerAuditRoutes(r: Router, svc: Services): void {
  r.add('GET', '/rest/api/3/auditing/record', (ctx) => {
    if (!svc.perms.isJiraAdmin(ctx.caller))
      throw forbidden('Administer Jira is needed to read the audit log.');
    if (svc.state.plan === 'free')
      throw forbidden(
        'The audit log is not available: every Jira product on this site is on the Free plan. ' +
          'Audit logs need at least one product on a paid plan.',
      );
    const offset = intOr(ctx, 'offset', 0);
    const limit = Math.min(intOr(ctx, 'limit', MAX_LIMIT), MAX_LIMIT);
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
