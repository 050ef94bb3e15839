// Atlassian's personal data reporting API, as `privacy.reportPersonalData` of @forge/api reaches
// it: POST /app/report-accounts through the product proxy (`{type:'fpp', provider:'app',
// remote:'stargate'}`), a body `{accounts:[{accountId, updatedAt}]}` of at most 90 accounts.
// Forge answers 200 `{accounts:[{accountId, status}]}` for the accounts the app must act on
// ("closed": erase what it holds; "updated": the profile changed after `updatedAt`, refresh it)
// and 204 when there is nothing to do. Tests mark accounts closed or updated and read what the
// app reported; `failNext` answers the next calls with an error (429 with Retry-After, 5xx).
import type { FetchResponse } from './worker-pool';

export const REPORT_PATH = '/app/report-accounts';
/** The most accounts one call may carry (@forge/api's LIMIT). */
export const REPORT_LIMIT = 90;

export type AccountStatus = 'closed' | 'updated';

export interface ReportedAccount {
  accountId: string;
  updatedAt: string;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export class PersonalDataReports {
  /** Each call's accounts, in the order the calls arrived. */
  readonly calls: ReportedAccount[][] = [];
  private readonly marks = new Map<string, { status: AccountStatus; at: number }>();
  private failures: { status: number; retryAfterSeconds?: number; times: number }[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** From now on Atlassian says this account was closed, or its profile changed (at `at`). */
  mark(accountId: string, status: AccountStatus, at = this.now()): void {
    if (!accountId) throw new Error('accountId is required.');
    if (status !== 'closed' && status !== 'updated')
      throw new Error(`status must be "closed" or "updated", not ${JSON.stringify(status)}.`);
    this.marks.set(accountId, { status, at });
  }

  /** The next `times` calls are answered with `status` (429 carries Retry-After). */
  failNext(fault: { status: number; retryAfterSeconds?: number; times?: number }): void {
    if (!Number.isInteger(fault.status) || fault.status < 400)
      throw new Error('status must be an HTTP error status (400 or more).');
    this.failures.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Every account reported so far, each once (the newest updatedAt). */
  get reported(): ReportedAccount[] {
    const newest = new Map<string, string>();
    for (const a of this.calls.flat())
      if (!newest.has(a.accountId) || a.updatedAt > newest.get(a.accountId)!)
        newest.set(a.accountId, a.updatedAt);
    return [...newest].map(([accountId, updatedAt]) => ({ accountId, updatedAt }));
  }

  clear(): void {
    this.calls.length = 0;
    this.marks.clear();
    this.failures = [];
  }

  handle(method: string, rawBody: string | undefined): FetchResponse {
    if (method.toUpperCase() !== 'POST')
      return json(405, { code: 405, message: `${REPORT_PATH} takes POST only.` });
    const fault = this.failures[0];
    if (fault) {
      if (--fault.times <= 0) this.failures.shift();
      return json(
        fault.status,
        { code: fault.status, message: 'Injected failure of the personal data reporting API.' },
        fault.retryAfterSeconds !== undefined
          ? { 'retry-after': String(fault.retryAfterSeconds) }
          : {},
      );
    }
    const accounts = parseAccounts(rawBody);
    if (typeof accounts === 'string') return json(400, { code: 400, message: accounts });
    this.calls.push(accounts);
    const answer = accounts.flatMap(({ accountId, updatedAt }) => {
      const mark = this.marks.get(accountId);
      if (!mark) return [];
      if (mark.status === 'updated' && Date.parse(updatedAt) >= mark.at) return [];
      return [{ accountId, status: mark.status }];
    });
    if (answer.length === 0) return { status: 204, headers: {}, body: null };
    return json(200, { accounts: answer });
  }
}

/** The accounts of a request body, or why it is refused. */
function parseAccounts(rawBody: string | undefined): ReportedAccount[] | string {
  let body: unknown;
  try {
    body = JSON.parse(rawBody ?? '');
  } catch {
    return 'The body must be JSON: {"accounts":[{"accountId","updatedAt"}]}.';
  }
  const accounts = (body as { accounts?: unknown })?.accounts;
  if (!Array.isArray(accounts) || accounts.length === 0)
    return 'accounts must be a non-empty array of {accountId, updatedAt}.';
  if (accounts.length > REPORT_LIMIT)
    return `At most ${REPORT_LIMIT} accounts a call; got ${accounts.length}.`;
  for (const a of accounts as { accountId?: unknown; updatedAt?: unknown }[]) {
    if (typeof a?.accountId !== 'string' || !a.accountId) return 'Each account needs an accountId.';
    if (typeof a.updatedAt !== 'string' || Number.isNaN(Date.parse(a.updatedAt)))
      return `updatedAt of ${a.accountId} must be an ISO 8601 date-time.`;
  }
  return (accounts as ReportedAccount[]).map(({ accountId, updatedAt }) => ({
    accountId,
    updatedAt,
  }));
}
