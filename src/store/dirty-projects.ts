// The per-site "dirty projects": change signals waiting for the next hourly run. One key per
// project and reason (`dirty:<ref>:<reason>`), so concurrent writers (a Forge event, a rule
// save, the hourly audit read) never overwrite each other; marking twice is harmless. A project
// is known by id (audit log, Forge events) or by key (a rule's key scope): `i<id>` or `k<KEY>`.
// A rule change whose scope is not a list of keys is kept as the scopes themselves
// (`dirty-scope:<id>`), resolved to projects by the run; a change that concerns every project
// asks for a full run (`dirty-all`).
import { z } from 'zod';

import { ProjectScopeSchema, type VisitReason, VisitReasonSchema } from '../domain/schemas';
import { chunkBySize } from './chunks';
import { newestFirstId } from './ids';
import { deleteValue, getValue, listAll, setValue } from './kv';

const DirtyMarkSchema = z.object({
  ref: z.string(),
  reason: VisitReasonSchema,
  markedAt: z.string(),
});
export type DirtyMark = z.infer<typeof DirtyMarkSchema>;

const ScopeMarkSchema = z.object({
  /** Scopes as matched, exclusions ignored: an exclusion added or taken back is a change too. */
  scopes: z.array(ProjectScopeSchema),
  markedAt: z.string(),
});
export type ScopeMark = z.infer<typeof ScopeMarkSchema>;

const FullRunMarkSchema = z.object({ reason: z.string(), markedAt: z.string() });

const PREFIX = 'dirty:';
const SCOPE_PREFIX = 'dirty-scope:';
const FULL_KEY = 'dirty-all';

/** A project as a signal names it: by id, or by key when that is all there is. */
export type ProjectRef = { projectId: string } | { projectKey: string };

export const refOf = (p: ProjectRef) =>
  'projectId' in p ? `i${p.projectId}` : `k${p.projectKey.toUpperCase()}`;

const markKey = (ref: string, reason: VisitReason) => `${PREFIX}${ref}:${reason}`;

export async function markDirty(
  refs: ProjectRef[],
  reason: VisitReason,
  at = new Date(),
): Promise<void> {
  const markedAt = at.toISOString();
  const unique = [...new Set(refs.map(refOf))];
  await Promise.all(unique.map((ref) => setValue(markKey(ref, reason), { ref, reason, markedAt })));
}

export async function listDirty(): Promise<DirtyMark[]> {
  const out: DirtyMark[] = [];
  for await (const { value } of listAll(PREFIX, DirtyMarkSchema)) out.push(value);
  return out;
}

/** Forgets every mark of a project that no longer exists (by its id and by its key). */
export async function forgetMarks(project: { id: string; key?: string }): Promise<void> {
  const refs = [refOf({ projectId: project.id })];
  if (project.key) refs.push(refOf({ projectKey: project.key }));
  for (const ref of refs) {
    const keys: string[] = [];
    for await (const { key } of listAll(`${PREFIX}${ref}:`, DirtyMarkSchema)) keys.push(key);
    await Promise.all(keys.map(deleteValue));
  }
}

/**
 * Forgets a project's marks made before `before` (the run that visited it started then); a
 * mark made since stays for the next run.
 */
export async function clearDirty(
  project: { id: string; key: string },
  before: string,
): Promise<void> {
  for (const ref of [refOf({ projectId: project.id }), refOf({ projectKey: project.key })]) {
    for await (const { key, value } of listAll(`${PREFIX}${ref}:`, DirtyMarkSchema))
      if (value.markedAt <= before) await deleteValue(key);
  }
}

/**
 * A rule's old and new scopes (an import's: every rule's): the run visits every project either
 * covers. A scope may list thousands of keys, so the scopes are split across marks that each
 * fit one stored value (a rule, and so its scope, fits one: domain/rule-size.ts).
 */
export async function markScopesDirty(scopes: ScopeMark['scopes'], at = new Date()): Promise<void> {
  if (scopes.length === 0) return;
  const id = newestFirstId(at);
  const markedAt = at.toISOString();
  await Promise.all(
    chunkBySize(scopes).map((part, i) =>
      setValue(`${SCOPE_PREFIX}${id}:${String(i).padStart(4, '0')}`, { scopes: part, markedAt }),
    ),
  );
}

export async function listScopeMarks(): Promise<{ key: string; value: ScopeMark }[]> {
  const out: { key: string; value: ScopeMark }[] = [];
  for await (const item of listAll(SCOPE_PREFIX, ScopeMarkSchema)) out.push(item);
  return out;
}

export const deleteScopeMark = (key: string) => deleteValue(key);

/** Something that concerns every project (removal turned on): the next hourly run is full. */
export async function markFullRun(reason: string, at = new Date()): Promise<void> {
  await setValue(FULL_KEY, { reason, markedAt: at.toISOString() });
}

export function getFullRunMark() {
  return getValue(FULL_KEY, FullRunMarkSchema);
}

/** A full run that started at `startedAt` answers marks made before it. */
export async function clearFullRunMark(startedAt: string): Promise<void> {
  const mark = await getFullRunMark();
  if (mark && mark.markedAt <= startedAt) await deleteValue(FULL_KEY);
}

/** A full run that started at `startedAt` visited every project: it answers earlier marks. */
export async function clearMarksBefore(startedAt: string): Promise<void> {
  for await (const { key, value } of listAll(PREFIX, DirtyMarkSchema))
    if (value.markedAt <= startedAt) await deleteValue(key);
  for await (const { key, value } of listAll(SCOPE_PREFIX, ScopeMarkSchema))
    if (value.markedAt <= startedAt) await deleteValue(key);
  await clearFullRunMark(startedAt);
}
