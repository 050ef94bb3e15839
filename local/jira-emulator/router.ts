// Matches "METHOD /path/{param}" templates (the spec's own path templates) to handlers.
// Routes are bucketed by segment count, so a match is a short scan, not a walk over every route.
import type { IncomingHttpHeaders } from 'node:http';

import type { ApiFamily } from './errors';
import { ApiError, familyOf } from './errors';
import type { User } from './model';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** The authenticated account; null only on routes that allow anonymous calls. */
  caller: User | null;
  /** The site's base URL, for `self` links. */
  base: string;
  /** A fault: platform pages hold at most this many items. */
  pageCap?: number;
  /** The request body parsed as JSON; 400 when it is missing, not JSON or has another content type. */
  json(): unknown;
  /** Same, but undefined when there is no body. */
  optionalJson(): unknown;
}

export interface Route {
  method: string;
  /** The spec's path template, e.g. /rest/api/3/project/{projectIdOrKey}/role/{id}. */
  template: string;
  /**
   * Without credentials: 'deny' answers 401; 'anonymous' runs the handler with caller null
   * (operations whose spec documents no 401, e.g. groups/picker answers an empty list).
   * 'none' needs no Jira credentials (SCIM and control routes check their own).
   */
  auth: 'deny' | 'anonymous' | 'none';
  handler(ctx: Ctx): Reply | Promise<Reply>;
}

interface Compiled extends Route {
  segments: string[];
  family: ApiFamily;
}

export class Router {
  private readonly buckets = new Map<number, Compiled[]>();

  add(
    method: string,
    template: string,
    handler: Route['handler'],
    auth: Route['auth'] = 'deny',
  ): this {
    const segments = template.split('/').filter(Boolean);
    const list = this.buckets.get(segments.length) ?? [];
    list.push({ method, template, handler, auth, segments, family: familyOf(template) });
    // Literal segments win over parameters: /project/search before /project/{projectIdOrKey}.
    const params = (r: Compiled) => r.segments.filter((s) => s.startsWith('{')).length;
    list.sort((a, b) => params(a) - params(b));
    this.buckets.set(segments.length, list);
    return this;
  }

  /** The route for a request; throws 404 for an unknown path and 405 for a known path with another method. */
  match(method: string, path: string): { route: Compiled; params: Record<string, string> } {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const r of this.buckets.get(parts.length) ?? []) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      if (r.method === method) return { route: r, params };
      pathMatched = true;
    }
    if (pathMatched) throw new ApiError(405, `Method ${method} is not allowed on ${path}.`);
    throw new ApiError(404, `No resource matches ${method} ${path} in this emulator.`);
  }
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t.startsWith('{')) {
      let v: string;
      try {
        v = decodeURIComponent(parts[i]);
      } catch {
        // A malformed %-escape matches no route: the request is answered 404.
        return null;
      }
      params[t.slice(1, -1)] = v;
    } else if (t !== parts[i]) return null;
  }
  return params;
}
