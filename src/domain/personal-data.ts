// Personal data the app keeps, record by record: which people a stored record names (to report
// them to Atlassian's personal data reporting API) and the record with closed accounts erased.
// What a record was about stays (an audit entry keeps its event and message, a request its
// project, rule and reason: the site's record of why); the person becomes CLOSED_ACCOUNT.
import type { OrgLedgerEntry } from './org-plan';
import type { AuditEntry, ExclusionRequest, ProjectExclusion, Rule, Run } from './schemas';

/** Written where a closed account's id was: the pages show "a closed account". */
export const CLOSED_ACCOUNT = 'closed-account';
/** Actors that are no person: the app itself, a caller who was not signed in, a closed account. */
const NOT_PEOPLE: ReadonlySet<string> = new Set(['app', 'anonymous', CLOSED_ACCOUNT, '']);
export const isPerson = (id: string | undefined): id is string => !!id && !NOT_PEOPLE.has(id);

/** Atlassian takes at most this many accounts a report (the LIMIT of @forge/api's privacy). */
export const REPORT_LIMIT = 90;

/** A person a record names, and when the record last took data about them (ISO). */
export interface Held {
  accountId: string;
  at: string;
}

/** A record with closed accounts erased, `delete` when nothing of it is worth keeping. */
export type Erased<T> = { changed: false } | { changed: true; value: T } | { delete: true };

const UNCHANGED = { changed: false } as const;

/** Before the app existed: the time of a record that has none readable. */
const EPOCH = '2026-01-01T00:00:00.000Z';

function held(...pairs: [string | undefined, string | undefined][]): Held[] {
  return pairs.flatMap(([accountId, at]) =>
    isPerson(accountId)
      ? [
          {
            accountId,
            at: at && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : EPOCH,
          },
        ]
      : [],
  );
}

const anon = (id: string | undefined, closed: ReadonlySet<string>) =>
  id !== undefined && closed.has(id) ? CLOSED_ACCOUNT : id;

function result<T>(before: T, after: T): Erased<T> {
  return JSON.stringify(before) === JSON.stringify(after)
    ? UNCHANGED
    : { changed: true, value: after };
}

export const auditHeld = (entries: AuditEntry[]): Held[] =>
  entries.flatMap((e) => held([e.actor, e.at], [e.accountId, e.at]));

export function eraseAudit(entries: AuditEntry[], closed: ReadonlySet<string>) {
  const after = entries.map((e) => {
    if (!closed.has(e.actor) && !(e.accountId && closed.has(e.accountId))) return e;
    const { accountId, ...rest } = e;
    return {
      ...rest,
      actor: anon(e.actor, closed)!,
      ...(accountId && !closed.has(accountId) ? { accountId } : {}),
    };
  });
  return result(entries, after);
}

export const requestHeld = (r: ExclusionRequest): Held[] =>
  held([r.requestedBy, r.requestedAt], [r.decidedBy, r.decidedAt ?? r.requestedAt]);

export function eraseRequest(r: ExclusionRequest, closed: ReadonlySet<string>) {
  return result(r, {
    ...r,
    requestedBy: anon(r.requestedBy, closed)!,
    ...(r.decidedBy ? { decidedBy: anon(r.decidedBy, closed) } : {}),
  });
}

export const exclusionHeld = (x: ProjectExclusion): Held[] =>
  held([x.requestedBy, x.requestedAt], [x.approvedBy, x.requestedAt]);

export function eraseExclusion(x: ProjectExclusion, closed: ReadonlySet<string>) {
  return result(x, {
    ...x,
    requestedBy: anon(x.requestedBy, closed)!,
    ...(x.approvedBy ? { approvedBy: anon(x.approvedBy, closed) } : {}),
  });
}

export const ruleHeld = (r: Rule): Held[] => held([r.updatedBy, r.updatedAt]);

export function eraseRule(r: Rule, closed: ReadonlySet<string>) {
  return result(r, r.updatedBy ? { ...r, updatedBy: anon(r.updatedBy, closed) } : r);
}

const LIVE: ReadonlySet<Run['status']> = new Set(['queued', 'running', 'paused']);

export const runHeld = (r: Run): Held[] => held([r.startedBy, r.createdAt]);

/**
 * A run that has not ended is left as it is: its own writes would race the erase, and it is
 * reported again (and erased) by the next pass once it ended.
 */
export function eraseRun(r: Run, closed: ReadonlySet<string>): Erased<Run> {
  if (LIVE.has(r.status)) return UNCHANGED;
  return result(r, { ...r, startedBy: anon(r.startedBy, closed)! });
}

export const orgEntryHeld = (e: OrgLedgerEntry): Held[] => held([e.accountId, e.addedAt]);

/**
 * The app's proof that it added a closed account to an organization goes: without it the member
 * is a person's, which the app never removes; Atlassian deals with the closed account itself.
 */
export function eraseOrgEntry(e: OrgLedgerEntry, closed: ReadonlySet<string>): Erased<never> {
  return closed.has(e.accountId) ? { delete: true } : UNCHANGED;
}

/**
 * The accounts to report next, each once with the newest time a record took data about it:
 * `pending` (carried from the pages before) plus `found`, less those already reported.
 */
export function mergeHeld(
  pending: Record<string, string>,
  found: Held[],
  reported: ReadonlySet<string>,
): Record<string, string> {
  const out = { ...pending };
  for (const { accountId, at } of found) {
    if (reported.has(accountId)) continue;
    if (!out[accountId] || out[accountId] < at) out[accountId] = at;
  }
  return out;
}
