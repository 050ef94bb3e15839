// Exclusion requests, one key each: `exclreq:<projectKey>:<ruleId>`. Keyed by project first so
// the project page reads its own requests with one prefix query; the inbox reads them all.
// Requests no one acts on any more go after the audit retention (pruneExclusionRequests).
import type { ExclusionRequest } from '../domain/schemas';
import { ExclusionRequestSchema } from '../domain/schemas';
import { deleteValue, getValue, listAll, setValue } from './kv';
import { listSavedRules } from './rules';

const PREFIX = 'exclreq:';
const DAY_MS = 24 * 60 * 60 * 1000;
const key = (projectKey: string, ruleId: string) => `${PREFIX}${projectKey}:${ruleId}`;

export function getExclusionRequest(
  projectKey: string,
  ruleId: string,
): Promise<ExclusionRequest | undefined> {
  return getValue(key(projectKey, ruleId), ExclusionRequestSchema);
}

export async function listExclusionRequests(projectKey?: string): Promise<ExclusionRequest[]> {
  const out: ExclusionRequest[] = [];
  const prefix = projectKey ? `${PREFIX}${projectKey}:` : PREFIX;
  for await (const { value } of listAll(prefix, ExclusionRequestSchema)) out.push(value);
  return out;
}

export function putExclusionRequest(request: ExclusionRequest): Promise<void> {
  const parsed = ExclusionRequestSchema.parse(request);
  return setValue(key(parsed.projectKey, parsed.ruleId), parsed);
}

export function deleteExclusionRequest(projectKey: string, ruleId: string): Promise<void> {
  return deleteValue(key(projectKey, ruleId));
}

/**
 * Deletes the requests no one acts on any more once their last answer (or, unanswered, their
 * asking) is older than the audit retention: declined ones, and any of a rule that no longer
 * exists. Approved and pending requests of a rule that exists stay: they explain an exclusion in
 * force, or wait for an answer. Answers how many were deleted.
 */
export async function pruneExclusionRequests(
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).getTime();
  const rules = new Set((await listSavedRules()).map((r) => r.id));
  const stale: ExclusionRequest[] = [];
  for await (const { value } of listAll(PREFIX, ExclusionRequestSchema)) {
    const last = Date.parse(value.decidedAt ?? value.requestedAt);
    if (last < cutoff && (value.status === 'declined' || !rules.has(value.ruleId)))
      stale.push(value);
  }
  for (const r of stale) await deleteExclusionRequest(r.projectKey, r.ruleId);
  return stale.length;
}
