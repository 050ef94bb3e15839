// Checks an emulator answer against Atlassian's OpenAPI spec: the status must be one the
// operation documents, and the body must match the documented response schema (types and
// required fields). As the specs README says, extra fields are not failures: every
// `additionalProperties: false` is dropped before compiling.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import { specsDirFromEnv } from '../../local/forge-host/scopes';

/** The repository's copy (specs/), unless SPECS_DIR names another folder. */
export const SPECS_DIR = specsDirFromEnv();

export interface LoadedSpec {
  name: string;
  doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
          'x-experimental'?: boolean;
        }
      >
    >;
  };
  ajv: Ajv;
  cache: Map<string, ValidateFunction | null>;
}

const loaded = new Map<string, LoadedSpec>();

/** Rewrites local refs to the registered document and drops additionalProperties: false. */
function relax(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((n) => relax(n, id));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'additionalProperties' && v === false) continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = `${id}${v}`;
    else if (k === 'example' || k === 'examples' || k === 'discriminator' || k === 'xml') continue;
    else out[k] = relax(v, id);
  }
  return out;
}

/** Loads jira-platform.json or jsm.json from SPECS_DIR (cached per process). */
export function loadSpec(file: 'jira-platform.json' | 'jsm.json'): LoadedSpec {
  const hit = loaded.get(file);
  if (hit) return hit;
  const doc = JSON.parse(readFileSync(path.join(SPECS_DIR, file), 'utf8'));
  const id = `spec-${file}`;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'binary', 'byte', 'password'])
    if (!ajv.formats[f]) ajv.addFormat(f, true);
  ajv.addSchema({ $id: id, components: relax(doc.components, id) });
  const spec: LoadedSpec = { name: file, doc, ajv, cache: new Map() };
  loaded.set(file, spec);
  return spec;
}

function responseSchema(
  spec: LoadedSpec,
  method: string,
  pathTemplate: string,
  status: number,
): { validate: ValidateFunction | null; documented: string[] } {
  const op = spec.doc.paths[pathTemplate]?.[method.toLowerCase()];
  if (!op)
    throw new Error(
      `${spec.name} (${SPECS_DIR}) has no operation ${method.toUpperCase()} ${pathTemplate}: ` +
        'add it to specs/operations.json and run `npm run specs:trim -- --from <full specs>`.',
    );
  const documented = Object.keys(op.responses);
  const key = `${method} ${pathTemplate} ${status}`;
  if (!spec.cache.has(key)) {
    const content = op.responses[String(status)]?.content ?? {};
    const schema = (content['application/json'] ?? Object.values(content)[0])?.schema;
    spec.cache.set(
      key,
      schema ? spec.ajv.compile(relax(schema, `spec-${spec.name}`) as object) : null,
    );
  }
  return { validate: spec.cache.get(key)!, documented };
}

/** Whether the spec marks the operation experimental (x-experimental). */
export function isExperimental(spec: LoadedSpec, method: string, pathTemplate: string): boolean {
  return spec.doc.paths[pathTemplate]?.[method.toLowerCase()]?.['x-experimental'] === true;
}

/**
 * Throws unless `status` is documented for the operation and `body` matches its schema.
 * Platform errors without a documented schema are checked against ErrorCollection.
 */
export function expectMatchesSpec(
  spec: LoadedSpec,
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): void {
  const { validate, documented } = responseSchema(spec, method, pathTemplate, status);
  if (!documented.includes(String(status)) && !documented.includes('default')) {
    throw new Error(
      `${method.toUpperCase()} ${pathTemplate} answered ${status}, which ${spec.name} does not document (documented: ${documented.join(', ')}). Body: ${JSON.stringify(body)?.slice(0, 300)}`,
    );
  }
  let check = validate;
  if (!check && status >= 400 && spec.name === 'jira-platform.json') {
    check = spec.ajv.getSchema(`spec-${spec.name}#/components/schemas/ErrorCollection`) ?? null;
  }
  if (check && !check(body)) {
    throw new Error(
      `${method.toUpperCase()} ${pathTemplate} ${status}: the body does not match the spec: ${spec.ajv.errorsText(check.errors, { separator: '; ' })}. Body: ${JSON.stringify(body)?.slice(0, 500)}`,
    );
  }
}
