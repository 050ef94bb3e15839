// The audit trail as the admin page reads it: a page of entries with the display names of the
// people in it (display-name.ts), and refusals worded with the caller's name.
import { CLOSED_ACCOUNT, isPerson } from '../../domain/personal-data';
import type { AuditEntry } from '../../domain/schemas';
import { JiraClient } from '../../jira/client';
import { type AuditFilter, auditPage } from '../../store/audit';
import { mapLimit } from '../map-limit';
import { displayName } from './display-name';

export async function auditPageWithNames(
  filter: AuditFilter,
  cursor: string | undefined,
  jira = new JiraClient(),
): Promise<{ items: AuditEntry[]; nextCursor?: string; actorNames: Record<string, string> }> {
  const page = await auditPage(filter, { cursor });
  const ids = [...new Set(page.items.map((e) => e.actor))].filter(isPerson);
  const names = await mapLimit(ids, 4, (id) => displayName(id, jira));
  const actorNames: Record<string, string> = {};
  ids.forEach((id, i) => {
    if (names[i]) actorNames[id] = names[i]!;
  });
  const items = page.items.map((e) =>
    e.message.includes('{actor}')
      ? { ...e, message: e.message.replace('{actor}', actorWords(e.actor, actorNames)) }
      : e,
  );
  return { ...page, items, actorNames };
}

function actorWords(actor: string, names: Record<string, string>): string {
  if (actor === 'anonymous') return 'someone who was not signed in';
  if (actor === CLOSED_ACCOUNT) return 'a closed account';
  return names[actor] ?? `account ${actor}`;
}
