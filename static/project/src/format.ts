// Wording helpers the project page needs beyond static/shared/format.ts (which formats past times only).
import type { ProjectGroupState } from '../../shared/contract';
import { formatDateTime, plural } from '../../shared/format';

/** "in about 40 minutes", "in about 2 hours", "any minute now". */
export function formatIn(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const m = Math.round((t - now) / 60000);
  if (m <= 1) return 'any minute now';
  if (m < 60) return `in about ${plural(m, 'minute')}`;
  const h = Math.round(m / 60);
  return `in about ${plural(h, 'hour')}`;
}

export function groupLabel(g: { groupId: string; groupName?: string }): string {
  return g.groupName ?? `Group ${g.groupId}`;
}

/** What changed between two readings of the project's groups, in sentences (after "Enforce now"). */
export function describeChanges(before: ProjectGroupState[], after: ProjectGroupState[]): string[] {
  const was = new Map(before.map((g) => [g.groupId, g.state]));
  const out: string[] = [];
  for (const g of after) {
    const prev = was.get(g.groupId);
    if (prev === g.state) continue;
    if (g.state === 'in-role')
      out.push(`${groupLabel(g)} is now in the role: its members are customers of this project.`);
    else if (g.state === 'missing') out.push(`${groupLabel(g)} is still not in the role.`);
    else if (g.state === 'skipped')
      out.push(`${groupLabel(g)} was skipped: ${g.reason ?? 'no reason given'}`);
  }
  return out;
}

/** The backend's sentences may carry ISO timestamps ("started 2026-01-01T10:00:00.000Z"): show them as dates. */
export function readableMessage(message: string): string {
  return message.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g, (iso) =>
    formatDateTime(iso),
  );
}
