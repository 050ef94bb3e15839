// Exclusion requests, one key each: `exclreq:<projectKey>:<ruleId>`. Keyed by project first so
// the project page reads its own requests with one prefix query; the inbox reads them all.
import type { ExclusionRequest } from '../domain/schemas';
import { ExclusionRequestSchema } from '../domain/schemas';
import { deleteValue, getValue, listAll, setValue } from './kv';

const PREFIX = 'exclreq:';
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
