// Project exclusions, one key each: `exclusion:<ruleId>:<projectKey>`. Apart from the rule, so a
// project admin's exclusion and an admin's rule edit never write the same key.
import type { ProjectExclusion } from '../domain/schemas';
import { ProjectExclusionSchema } from '../domain/schemas';
import { deleteValue, listAll, setValue } from './kv';

const PREFIX = 'exclusion:';
const rulePrefix = (ruleId: string) => `${PREFIX}${ruleId}:`;
const key = (ruleId: string, projectKey: string) => rulePrefix(ruleId) + projectKey;

export async function listExclusions(ruleId?: string): Promise<ProjectExclusion[]> {
  const out: ProjectExclusion[] = [];
  const prefix = ruleId ? rulePrefix(ruleId) : PREFIX;
  for await (const { value } of listAll(prefix, ProjectExclusionSchema)) out.push(value);
  return out;
}

export function putExclusion(exclusion: ProjectExclusion): Promise<void> {
  const parsed = ProjectExclusionSchema.parse(exclusion);
  return setValue(key(parsed.ruleId, parsed.projectKey), parsed);
}

export function removeExclusion(ruleId: string, projectKey: string): Promise<void> {
  return deleteValue(key(ruleId, projectKey));
}

/** Forgets a deleted rule's exclusions. */
export async function removeRuleExclusions(ruleId: string): Promise<void> {
  for (const e of await listExclusions(ruleId)) await removeExclusion(ruleId, e.projectKey);
}
