// Product REST calls from the app (asApp / asUser requestJira) go to the Jira emulator under
// the identity Forge would use: the app's own account for asApp, the invoking user for asUser,
// both limited to the manifest's scopes. Refusals come back the way the platform answers them,
// so the app's error handling is exercised for real.
import { MADE_BY_HEADER } from '../jira-emulator/request-log';
import type { ScopeChecker } from './scopes';
import type { FetchResponse } from './worker-pool';

const PASS_HEADERS = [
  'content-type',
  'retry-after',
  'x-ratelimit-reset',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'ratelimit-reason',
  // Jira's points quota (2026): the policy, what is left near the limit.
  'beta-ratelimit-policy',
  'beta-ratelimit',
  'x-ratelimit-nearlimit',
  'x-seraph-loginreason',
  'location',
  'x-arequestid',
];
const DROP_REQUEST_HEADERS = new Set([
  'authorization',
  'host',
  'content-length',
  'connection',
  MADE_BY_HEADER,
]);

export interface ProductCall {
  provider: 'app' | 'user' | 'none';
  accountId?: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The function that made the call (and the event kind or resolver key), for the request log. */
  madeBy?: string;
}

export function proxyError(status: number, code: string, message: string): FetchResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'forge-proxy-error': code },
    body: JSON.stringify({ code, message }),
  };
}

export class ProductProxy {
  constructor(
    private readonly jiraUrl: string,
    private readonly scopes: ScopeChecker,
    private readonly appAccountId: () => string,
  ) {}

  async call(c: ProductCall): Promise<FetchResponse> {
    if (!c.path.startsWith('/'))
      return proxyError(400, 'PROXY_ERR', `Product paths must start with "/": got "${c.path}".`);
    const check = this.scopes.check(c.method, c.path);
    if (!check.ok) {
      return {
        status: check.status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: check.status,
          message: check.message,
          errorMessages: [check.message],
        }),
      };
    }
    let bearer: string;
    if (c.provider === 'user') {
      // asUser() in a function that no user invoked (trigger, consumer): Forge asks for consent.
      if (!c.accountId)
        return proxyError(
          401,
          'NEEDS_AUTHENTICATION_ERR',
          'asUser() was called in an invocation without a user (a trigger or a queue consumer); use asApp().',
        );
      bearer = c.accountId;
    } else bearer = this.appAccountId();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.headers))
      if (!DROP_REQUEST_HEADERS.has(k.toLowerCase())) headers[k] = v;
    headers.authorization = `Bearer ${bearer}`;
    // Which function made the call, for the emulator's request log (the bench's attribution).
    if (c.madeBy) headers[MADE_BY_HEADER] = c.madeBy;
    let res: Response;
    try {
      res = await fetch(this.jiraUrl + c.path, { method: c.method, headers, body: c.body });
    } catch (e) {
      return {
        status: 0,
        headers: {},
        body: null,
        error: `Jira (${this.jiraUrl}) could not be reached: ${(e as Error).message}. Is the emulator running?`,
      };
    }
    const out: Record<string, string> = {};
    for (const h of PASS_HEADERS) {
      const v = res.headers.get(h);
      if (v !== null) out[h] = v;
    }
    return { status: res.status, statusText: res.statusText, headers: out, body: await res.text() };
  }
}
