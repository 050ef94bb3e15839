// Which projects of a kept list a later listing contradicts. A list kept from a full listing and
// the audit log's named changes is renewed by a listing made since (the routine check's slices,
// which read every service project in id order over a cycle) without listing again: only where
// the two disagree is the project looked up. Pure.
import type { Project } from './schemas';

/** The fields a listing answers (a run's visit reasons are not the project's). */
const fieldsOf = (p: Project) =>
  JSON.stringify([p.id, p.key, p.name, p.typeKey, p.style, p.categoryId ?? null]);

/**
 * Ids to look up: in one list and not the other, or listed with other fields. A kept project
 * with an id above the listing's highest was created after the listing passed that place (ids
 * only grow): the listing says nothing of it. Which of two disagreeing answers is newer is not
 * known, so Jira is asked.
 */
export function listingDiff(kept: Project[], listed: Project[]): string[] {
  const highest = listed.reduce((n, p) => Math.max(n, Number(p.id)), -Infinity);
  const keptById = new Map(kept.map((p) => [p.id, p]));
  const out = new Set<string>();
  for (const p of listed) {
    const k = keptById.get(p.id);
    if (!k || fieldsOf(k) !== fieldsOf(p)) out.add(p.id);
  }
  const listedIds = new Set(listed.map((p) => p.id));
  for (const k of kept) if (!listedIds.has(k.id) && Number(k.id) <= highest) out.add(k.id);
  return [...out].sort((a, b) => Number(a) - Number(b));
}
