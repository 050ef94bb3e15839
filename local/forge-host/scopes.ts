// Which classic scopes a product REST call needs, read from the repository's copy of Atlassian's
// OpenAPI specs (specs/, made by `npm run specs:trim`; `x-atlassian-oauth2-scopes`, state
// "Current"), so the host refuses exactly what Forge would refuse for this manifest. A call to an
// operation the copy lacks is refused too: the app must use only what the copy documents. Each
// spec is parsed once per process and each (method, path) answer is memoised.
import fs from 'fs';
import path from 'path';

/** The repository's trimmed copy of the specs; SPECS_DIR may name another folder. */
export const REPO_SPECS_DIR = path.resolve(__dirname, '..', '..', 'specs');
export const specsDirFromEnv = (): string => process.env.SPECS_DIR ?? REPO_SPECS_DIR;
const ADD_HINT =
  'If Jira has it, add it to specs/operations.json and run ' +
  '`npm run specs:trim -- --from <folder with the full specs>`.';

export type ScopeCheck =
  { ok: true; operationId?: string } | { ok: false; status: number; message: string };

interface Operation {
  method: string;
  template: string;
  segments: string[];
  literalCount: number;
  alternatives: string[][];
  operationId?: string;
}

/** Which spec file documents a REST path, by prefix. */
export const SPEC_FILES: { file: string; prefix: RegExp }[] = [
  { file: 'jsm.json', prefix: /^\/rest\/servicedeskapi\// },
  {
    file: 'jsw.json',
    prefix:
      /^\/rest\/(agile|devinfo|featureflags|deployments|builds|remotelinks|operations|security)\//,
  },
  { file: 'jira-platform.json', prefix: /^\/rest\/api\/[23]\// },
];

const tableCache = new Map<string, Operation[]>();

function loadOperations(specsDir: string, file: string): Operation[] {
  const cacheKey = path.join(specsDir, file);
  const cached = tableCache.get(cacheKey);
  if (cached) return cached;
  const full = path.join(specsDir, file);
  if (!fs.existsSync(full))
    throw new Error(
      `Spec ${full} is missing: the repository keeps it in specs/ (npm run specs:trim writes ` +
        'it); SPECS_DIR, when set, must name a folder with the same files.',
    );
  const spec = JSON.parse(fs.readFileSync(full, 'utf8'));
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries<any>(spec.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (
        !op ||
        typeof op !== 'object' ||
        !['get', 'post', 'put', 'delete', 'patch'].includes(method)
      )
        continue;
      const current = (op['x-atlassian-oauth2-scopes'] ?? [])
        .filter((s: any) => s.state === 'Current')
        .map((s: any) => s.scopes as string[]);
      // Some operations list scopes only under `security`; use those as the one alternative.
      const fromSecurity = (op.security ?? [])
        .map((s: any) => s.OAuth2)
        .filter((s: any) => Array.isArray(s) && s.length);
      const segments = template.split('/').filter(Boolean);
      ops.push({
        method: method.toUpperCase(),
        template,
        segments,
        literalCount: segments.filter((s) => !s.startsWith('{')).length,
        alternatives: current.length ? current : fromSecurity,
        operationId: op.operationId,
      });
    }
  }
  tableCache.set(cacheKey, ops);
  return ops;
}

function matches(op: Operation, segs: string[]): boolean {
  if (op.segments.length !== segs.length) return false;
  for (let i = 0; i < segs.length; i++) {
    const t = op.segments[i];
    if (t.startsWith('{') && t.endsWith('}')) {
      if (!segs[i]) return false;
      continue;
    }
    if (t !== segs[i]) return false;
  }
  return true;
}

/**
 * Finds the spec operation for a call; literal segments win over templates (`project/search`
 * over `project/{key}`). A segment the caller cannot know (lint's `\S*`) matches only a template.
 */
export function findOperation(
  specsDir: string,
  method: string,
  rawPath: string,
): Operation | undefined {
  const pathOnly = rawPath.split('?')[0].replace(/\/+$/, '');
  const spec = SPEC_FILES.find((s) => s.prefix.test(pathOnly));
  if (!spec) return undefined;
  // The platform spec is v3; v2 has the same operations and scopes.
  const lookup = pathOnly.replace(/^\/rest\/api\/2\//, '/rest/api/3/');
  const segs = lookup
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  let best: Operation | undefined;
  for (const op of loadOperations(specsDir, spec.file)) {
    if (op.method !== method || !matches(op, segs)) continue;
    if (!best || op.literalCount > best.literalCount) best = op;
  }
  return best;
}

export class ScopeChecker {
  private readonly memo = new Map<string, ScopeCheck>();
  private readonly granted: Set<string>;

  constructor(
    private readonly specsDir: string,
    scopes: string[],
  ) {
    this.granted = new Set(scopes);
  }

  check(method: string, rawPath: string): ScopeCheck {
    const m = method.toUpperCase();
    const memoKey = `${m} ${rawPath.split('?')[0]}`;
    const hit = this.memo.get(memoKey);
    if (hit) return hit;
    const result = this.compute(m, rawPath);
    // Paths carry ids, so the memo could grow without bound on a big site: cap it.
    if (this.memo.size > 20_000) this.memo.clear();
    this.memo.set(memoKey, result);
    return result;
  }

  private compute(method: string, rawPath: string): ScopeCheck {
    const op = findOperation(this.specsDir, method, rawPath);
    if (!op) {
      return {
        ok: false,
        status: 404,
        message:
          `The local Forge host does not know ${method} ${rawPath.split('?')[0]}: it is not ` +
          `an operation in the repository's copy of Atlassian's REST specs (${this.specsDir}). ` +
          `Check the path and method. ${ADD_HINT}`,
      };
    }
    if (op.alternatives.length === 0) return { ok: true, operationId: op.operationId };
    if (op.alternatives.some((alt) => alt.every((s) => this.granted.has(s))))
      return { ok: true, operationId: op.operationId };
    const needed = op.alternatives.map((a) => a.join(' + ')).join(' or ');
    return {
      ok: false,
      status: 401,
      message:
        `Unauthorized; scope does not match. ${method} ${op.template} ` +
        `(${op.operationId ?? 'operation'}) needs ${needed}; ` +
        'add it to permissions.scopes in manifest.yml.',
    };
  }
}
