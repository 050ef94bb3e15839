// Jira's audit log (GET /rest/api/3/auditing/record): records appended as the site changes, and
// the spec's filtering: every word of `filter` must match one of the record's fields; `from` /
// `to` bound `created`. Seeds write no records: the log starts with the site's life here.
import type { AuditRecord } from './model';
import type { State } from './state';

export function recordAudit(
  s: State,
  r: Omit<AuditRecord, 'id' | 'created' | 'eventSource'> & { eventSource?: string },
): AuditRecord {
  s.counters.audit = (s.counters.audit ?? 0) + 1;
  const rec: AuditRecord = {
    id: s.counters.audit,
    created: new Date().toISOString(),
    eventSource: r.eventSource ?? '',
    ...r,
  };
  s.auditRecords.push(rec);
  s.touch();
  return rec;
}

function fields(r: AuditRecord): string[] {
  return [
    r.summary,
    r.category,
    r.eventSource,
    r.objectItem?.name,
    r.objectItem?.id,
    r.objectItem?.typeName,
    ...(r.changedValues ?? []).flatMap((c) => [c.changedFrom, c.changedTo]),
  ]
    .filter((f): f is string => !!f)
    .map((f) => f.toLowerCase());
}

/** Records matching the query, newest first (as Jira lists them). */
export function findAuditRecords(
  s: State,
  q: { filter?: string; from?: number; to?: number },
): AuditRecord[] {
  const words = (q.filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return s.auditRecords
    .filter((r) => {
      const at = Date.parse(r.created);
      if (q.from !== undefined && at < q.from) return false;
      if (q.to !== undefined && at > q.to) return false;
      const f = fields(r);
      return words.every((w) => f.some((v) => v.includes(w)));
    })
    .reverse();
}
