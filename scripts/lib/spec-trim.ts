// Trims one of Atlassian's OpenAPI specs to the operations the repository needs: each kept
// operation with its parameters, request body, responses, scopes (`x-atlassian-oauth2-scopes`,
// `security`) and experimental flag, plus every component it references, transitively. Prose
// (descriptions, summaries, examples, tags) is dropped: the copy holds facts about the API only.
// Pure: the caller reads and writes files.

export interface OperationRef {
  method: string;
  template: string;
}

export interface TrimResult {
  doc: Record<string, unknown>;
  kept: OperationRef[];
  components: string[];
}

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
// What an operation keeps; the rest (tags, summary, x-changes...) is prose or Atlassian-internal.
const OPERATION_KEYS = [
  'operationId',
  'deprecated',
  'parameters',
  'requestBody',
  'responses',
  'security',
  'x-atlassian-oauth2-scopes',
  'x-experimental',
];
const PROSE = new Set([
  'description',
  'summary',
  'example',
  'examples',
  'externalDocs',
  'x-showInExample',
]);
// Maps whose keys are names (a schema property may well be called "description").
const NAME_MAPS = new Set(['properties', 'patternProperties', 'encoding', 'mapping']);

/** Drops prose keys everywhere except as names in a map of names. */
export function stripProse(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => stripProse(n));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  const names = NAME_MAPS.has(parentKey);
  for (const [k, v] of Object.entries(node)) {
    if (!names && PROSE.has(k)) continue;
    out[k] = stripProse(v, names ? '' : k);
  }
  // OpenAPI requires a description on every response: keep it, empty.
  if (parentKey === 'responses')
    for (const r of Object.values<Json>(out))
      if (r && typeof r === 'object' && !r.$ref) r.description = '';
  return out;
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const n of node) collectRefs(n, into);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) into.add(v);
      else collectRefs(v, into);
    }
}

/** `#/components/schemas/A` -> ['schemas', 'A'] (JSON pointer escapes undone). */
function refParts(ref: string): [string, string] {
  const [, , section, ...rest] = ref.split('/');
  return [section, rest.join('/').replace(/~1/g, '/').replace(/~0/g, '~')];
}

/** The scope names that kept operations name, so securitySchemes lists those and no others. */
function usedScopes(paths: Json): Set<string> {
  const used = new Set<string>();
  for (const item of Object.values<Json>(paths))
    for (const op of Object.values<Json>(item)) {
      for (const alt of op['x-atlassian-oauth2-scopes'] ?? [])
        for (const s of alt.scopes ?? []) used.add(s);
      for (const req of op.security ?? [])
        for (const list of Object.values(req)) for (const s of list as string[]) used.add(s);
    }
  return used;
}

function trimSecuritySchemes(schemes: Json | undefined, used: Set<string>): Json | undefined {
  if (!schemes) return undefined;
  const out = stripProse(schemes) as Json;
  for (const scheme of Object.values<Json>(out))
    for (const flow of Object.values<Json>(scheme.flows ?? {}))
      if (flow.scopes)
        flow.scopes = Object.fromEntries(
          Object.keys(flow.scopes)
            .filter((s) => used.has(s))
            .sort()
            .map((s) => [s, '']),
        );
  return out;
}

/**
 * Keeps `wanted` operations (and `extraComponents`, e.g. `#/components/schemas/ErrorCollection`)
 * of `full`. Throws naming every wanted operation or component the spec does not have.
 */
export function trimSpec(
  full: Json,
  wanted: OperationRef[],
  extraComponents: string[],
  note: string,
): TrimResult {
  const want = new Set(wanted.map((o) => `${o.method.toLowerCase()} ${o.template}`));
  const paths: Json = {};
  const kept: OperationRef[] = [];
  for (const [template, item] of Object.entries<Json>(full.paths ?? {})) {
    for (const method of METHODS) {
      if (!item[method] || !want.has(`${method} ${template}`)) continue;
      const op: Json = {};
      for (const k of OPERATION_KEYS) if (k in item[method]) op[k] = item[method][k];
      const shared = item.parameters as unknown[] | undefined;
      if (shared?.length) op.parameters = [...shared, ...((op.parameters as unknown[]) ?? [])];
      paths[template] = { ...paths[template], [method]: stripProse(op) };
      kept.push({ method: method.toUpperCase(), template });
      want.delete(`${method} ${template}`);
    }
  }
  const missing = [...want].map((w) => w.replace(/^\w+/, (m) => m.toUpperCase()));
  const refs = new Set<string>(extraComponents);
  collectRefs(paths, refs);
  const components: Json = {};
  const queue = [...refs];
  for (let ref = queue.pop(); ref !== undefined; ref = queue.pop()) {
    const [section, name] = refParts(ref);
    const found = full.components?.[section]?.[name];
    if (found === undefined) {
      missing.push(ref);
      continue;
    }
    if (components[section]?.[name] !== undefined) continue;
    const stripped = stripProse(found) as Json;
    if (section === 'responses') stripped.description = '';
    (components[section] ??= {})[name] = stripped;
    const more = new Set<string>();
    collectRefs(stripped, more);
    for (const r of more)
      if (!refs.has(r)) {
        refs.add(r);
        queue.push(r);
      }
  }
  if (missing.length)
    throw new Error(`Not in ${note}: ${missing.join(', ')}. Check the method and path template.`);
  const sorted: Json = {};
  for (const section of Object.keys(components).sort())
    sorted[section] = Object.fromEntries(
      Object.keys(components[section])
        .sort()
        .map((n) => [n, components[section][n]]),
    );
  const schemes = trimSecuritySchemes(full.components?.securitySchemes, usedScopes(paths));
  if (schemes) sorted.securitySchemes = schemes;
  const doc: Json = {
    openapi: full.openapi ?? '3.0.1',
    info: { title: full.info?.title ?? note, version: full.info?.version ?? '0' },
    'x-trimmed': 'Made by npm run specs:trim from the full spec; see specs/README.md.',
    ...(full.servers ? { servers: full.servers } : {}),
    ...(full.security ? { security: full.security } : {}),
    paths,
    components: sorted,
  };
  return { doc, kept, components: [...refs].sort() };
}

/**
 * JSON with the first `depth` levels spread over lines and deeper values on one line each: one
 * line per operation and per component, so a change to the copy reads (and merges) per line.
 */
export function layeredJson(value: unknown, depth = 3, indent = ''): string {
  if (depth === 0 || !value || typeof value !== 'object' || Array.isArray(value))
    return JSON.stringify(value);
  const entries = Object.entries(value);
  if (!entries.length) return '{}';
  const inner = `${indent}  `;
  const lines = entries.map(
    ([k, v]) => `${inner}${JSON.stringify(k)}: ${layeredJson(v, depth - 1, inner)}`,
  );
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
