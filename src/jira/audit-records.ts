// Jira's audit log, for what Jira alone can tell (accounts created lately; role actors, projects
// and groups changed since the last hourly run).
// GET /rest/api/3/auditing/record; Administer Jira; scope manage:jira-configuration. Free plans
// have no audit log: Jira answers 403.
import { route } from '@forge/api';
import { z } from 'zod';

import type { JiraClient } from './client';
import { parseAs } from './parse';

const ItemSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  typeName: z.string().optional(),
});

const RecordsSchema = z.object({
  total: z.number().int().optional(),
  records: z
    .array(
      z.object({
        id: z.number().optional(),
        created: z.string().optional(),
        summary: z.string().optional(),
        objectItem: ItemSchema.optional(),
        associatedItems: z.array(ItemSchema).optional(),
        authorAccountId: z.string().optional(),
        /** What changed: a role's Groups before -> after; a deleted project's Key (changedFrom). */
        changedValues: z
          .array(
            z.object({
              fieldName: z.string().optional(),
              changedFrom: z.string().optional(),
              changedTo: z.string().optional(),
            }),
          )
          .optional(),
      }),
    )
    .default([]),
});
export type AuditRecord = z.infer<typeof RecordsSchema>['records'][number];

/** One page of records matching `filter` (every word must match) created since `from`. */
export async function auditRecordsPage(
  client: JiraClient,
  opts: { filter?: string; from: string; to?: string; offset: number; limit: number },
): Promise<{ records: AuditRecord[]; total?: number }> {
  const params = new URLSearchParams({
    ...(opts.filter ? { filter: opts.filter } : {}),
    from: opts.from,
    ...(opts.to ? { to: opts.to } : {}),
    offset: String(opts.offset),
    limit: String(opts.limit),
  });
  const call = opts.filter
    ? `read Jira's audit log ("${opts.filter}")`
    : `read Jira's audit log since ${opts.from}`;
  const raw = await client.requestJira(route`/rest/api/3/auditing/record?${params}`, {
    call,
    notFoundHint: "Jira's audit log is not available on this site.",
  });
  const page = parseAs(call, RecordsSchema, raw);
  return { records: page.records, ...(page.total !== undefined ? { total: page.total } : {}) };
}
