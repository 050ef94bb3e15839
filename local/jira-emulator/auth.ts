// Who is calling. Two ways in, both for seeded (or provisioned) accounts:
// - HTTP Basic `email:api-token`, as scripts and people use Jira Cloud (any token is accepted);
// - `Authorization: Bearer <accountId>`, the local stand-in for the tokens Forge's product proxy
//   sends for asApp() (the app's account) and asUser(accountId).
// Deactivated accounts cannot sign in, as on a real site.
import type { IncomingHttpHeaders } from 'node:http';

import { ApiError } from './errors';
import type { User } from './model';
import type { State } from './state';

/** The caller, null without an Authorization header; 401 for credentials that match no active account. */
export function authenticate(state: State, headers: IncomingHttpHeaders): User | null {
  const header = headers.authorization;
  if (!header) return null;
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  let user: User | undefined;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const email = colon >= 0 ? decoded.slice(0, colon) : decoded;
    user = state.userByEmail(email);
    if (!user)
      throw new ApiError(
        401,
        `Basic authentication failed: no account has the email "${email}" on this site. Use the email of a seeded user and any API token.`,
      );
  } else if (/^bearer$/i.test(scheme)) {
    user = state.users.get(value);
    if (!user)
      throw new ApiError(
        401,
        `Bearer authentication failed: "${value}" is not an accountId on this site. The emulator takes "Bearer <accountId>" in place of Forge's proxy tokens.`,
      );
  } else {
    throw new ApiError(
      401,
      `Unsupported Authorization scheme "${scheme}": use Basic (email:api-token) or Bearer <accountId>.`,
    );
  }
  if (!user.active)
    throw new ApiError(
      401,
      `The account ${user.accountId} (${user.emailAddress}) is deactivated and cannot sign in.`,
    );
  return user;
}

export const NOT_AUTHENTICATED =
  'You are not authenticated. Authentication required to perform this operation: send HTTP Basic "email:api-token" or "Bearer <accountId>".';
