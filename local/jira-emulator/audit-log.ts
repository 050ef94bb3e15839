// Jira's audit log (GET /rest/api/3/auditing/record). What changes while the emulator answers a
// REST or SCIM request is recorded with that request's author (the caller; none for SCIM, whose
// eventSource says so) and address; seeding and control calls record nothing. A request's role
// actor changes are gathered into one "Project roles changed" record per role (before -> after),
// as Jira writes one per call. Summaries are in the site's language (items, ids and changed
// values are not translated). Records are kept oldest first, at most MAX_RECORDS.
import { AsyncLocalStorage } from 'node:async_hooks';

import type { AuditItem, AuditRecord, Project } from './model';
import type { State } from './state';

const MAX_RECORDS = 100_000;

export interface AuditAuthor {
  authorAccountId?: string;
  /** '' for REST calls, 'SCIM' for the identity provider's. */
  eventSource: string;
  remoteAddress?: string;
  /** A fault (auditOmitAuthors): what this request changes is not recorded. */
  unrecorded?: boolean;
}

interface Scope extends AuditAuthor {
  /** "projectId:roleId" -> the role's actors before this request first changed them. */
  roles: Map<string, { project: Project; roleId: number; before: ActorNames }>;
  /** Projects this request created: their first actors are part of "Project created". */
  created: Set<string>;
}

interface ActorNames {
  groups: string;
  users: string;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs a request's handler so that what it changes is audited as `author`'s. */
export async function withAuditScope<T>(
  s: State,
  author: AuditAuthor,
  fn: () => T | Promise<T>,
): Promise<T> {
  const scope: Scope = { ...author, roles: new Map(), created: new Set() };
  try {
    return await scopes.run(scope, fn);
  } finally {
    commitRoleChanges(s, scope);
  }
}

type NewRecord = Omit<AuditRecord, 'id' | 'created' | 'eventSource'> & { eventSource?: string };

/** Summaries as a German site's audit log shows them. */
const SUMMARIES_DE: Record<string, string> = {
  'Project roles changed': 'Projektrollen geändert',
  'Project created': 'Projekt erstellt',
  'Project updated': 'Projekt aktualisiert',
  'Project deleted': 'Projekt gelöscht',
  'Group created': 'Gruppe erstellt',
  'Group renamed': 'Gruppe umbenannt',
  'Group deleted': 'Gruppe gelöscht',
  'User created': 'Benutzer erstellt',
  'User added to group': 'Benutzer zur Gruppe hinzugefügt',
  'User removed from group': 'Benutzer aus der Gruppe entfernt',
};

/** Appends a record; author, source and address default to the current request's. */
export function recordAudit(s: State, r: NewRecord): AuditRecord {
  const scope = scopes.getStore();
  s.counters.audit += 1;
  const rec: AuditRecord = {
    id: s.counters.audit,
    created: s.clock.iso(),
    eventSource: scope?.eventSource ?? '',
    ...(scope?.authorAccountId ? { authorAccountId: scope.authorAccountId } : {}),
    ...(scope?.remoteAddress ? { remoteAddress: scope.remoteAddress } : {}),
    ...r,
    summary: (s.language === 'de' && SUMMARIES_DE[r.summary]) || r.summary,
  };
  s.auditRecords.push(rec);
  if (s.auditRecords.length > MAX_RECORDS)
    s.auditRecords.splice(0, s.auditRecords.length - MAX_RECORDS);
  s.touch();
  return rec;
}

/** Records a change the state made, if a request made it (seeds and control calls are not audited). */
export function auditChange(s: State, r: NewRecord): void {
  const scope = scopes.getStore();
  if (scope && !scope.unrecorded) recordAudit(s, r);
}

/** Called by the state as it creates a project, before it gives the project its first actors. */
export function auditProjectCreating(p: Project): void {
  scopes.getStore()?.created.add(p.id);
}

/** Called by the state before it changes a role's actors: remembers them as they were. */
export function auditRoleChanging(s: State, p: Project, roleId: number): void {
  const scope = scopes.getStore();
  const key = `${p.id}:${roleId}`;
  if (!scope || scope.created.has(p.id) || scope.roles.has(key)) return;
  scope.roles.set(key, { project: p, roleId, before: actorNames(s, p, roleId) });
}

function actorNames(s: State, p: Project, roleId: number): ActorNames {
  const a = p.actors.get(roleId);
  const groups = [...(a?.groups ?? [])].map((id) => s.groups.get(id)?.name ?? id).sort();
  return { groups: groups.join(', '), users: [...(a?.users ?? [])].sort().join(', ') };
}

function commitRoleChanges(s: State, scope: Scope): void {
  if (scope.unrecorded) return;
  for (const { project: p, roleId, before } of scope.roles.values()) {
    if (!s.projects.has(p.id)) continue;
    const after = actorNames(s, p, roleId);
    const changedValues = (['groups', 'users'] as const)
      .filter((k) => before[k] !== after[k])
      .map((k) => ({
        fieldName: k === 'groups' ? 'Groups' : 'Users',
        ...(before[k] ? { changedFrom: before[k] } : {}),
        ...(after[k] ? { changedTo: after[k] } : {}),
      }));
    if (!changedValues.length) continue;
    scopes.run(scope, () =>
      recordAudit(s, {
        summary: 'Project roles changed',
        category: 'projects',
        objectItem: {
          id: String(roleId),
          name: s.roles.get(roleId)?.name ?? String(roleId),
          typeName: 'PROJECT_ROLE',
        },
        associatedItems: [projectItem(p)],
        changedValues,
      }),
    );
  }
}

export function projectItem(p: Project): AuditItem {
  return { id: p.id, name: p.name, typeName: 'PROJECT' };
}

/** Which records a query selects, newest first (as Jira lists them). */
export function findAuditRecords(
  s: State,
  q: { filter?: string; from?: number; to?: number },
): AuditRecord[] {
  const words = (q.filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const out: AuditRecord[] = [];
  for (let i = s.auditRecords.length - 1; i >= 0; i--) {
    const r = s.auditRecords[i];
    const at = Date.parse(r.created);
    if (q.from !== undefined && at < q.from) continue;
    if (q.to !== undefined && at > q.to) continue;
    if (words.length) {
      const fields = searchable(r);
      if (!words.every((w) => fields.some((f) => f.includes(w)))) continue;
    }
    out.push(r);
  }
  return out;
}

/** The fields the spec says `filter` looks in (a user object's account ID too). */
function searchable(r: AuditRecord): string[] {
  return [
    r.summary,
    r.category,
    r.eventSource,
    r.objectItem?.name,
    r.objectItem?.parentName,
    r.objectItem?.typeName,
    r.objectItem?.typeName === 'USER' ? r.objectItem.id : undefined,
    r.remoteAddress,
    ...(r.changedValues ?? []).flatMap((c) => [c.changedFrom, c.changedTo]),
  ]
    .filter((f): f is string => !!f)
    .map((f) => f.toLowerCase());
}
