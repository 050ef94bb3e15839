// `npm run specs:trim -- --from DIR`: writes the repository's copy of Atlassian's OpenAPI specs
// (specs/) from the full ones in DIR: the operations listed in specs/operations.json, with what
// they reference, prose stripped. The six files @forge/lint reads are all written; an API the
// repository uses none of becomes a placeholder with no paths. Nothing is written unless every
// listed operation is found. Adding an operation: one line in operations.json, this command.
import fs from 'fs';
import path from 'path';
import { parseArgs } from 'util';
import { z } from 'zod';

import { REPO_SPECS_DIR, SPEC_FILES } from '../local/forge-host/scopes';
import { LINT_SPEC_FILES } from './lib/spec-files';
import { layeredJson, type OperationRef, trimSpec } from './lib/spec-trim';

const OperationList = z.strictObject({
  operations: z.array(z.string().regex(/^(GET|POST|PUT|DELETE|PATCH) \/\S+$/)),
  /** Components no operation references that tests still need, as `file#/components/...`. */
  components: z.array(z.string().regex(/^[\w-]+\.json#\/components\/\w+\/.+$/)).default([]),
});
type OperationList = z.infer<typeof OperationList>;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function readList(file: string): OperationList {
  const parsed = OperationList.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` +
        ' (each operation is "METHOD /rest/... template", as the spec writes it).',
    );
  return parsed.data;
}

function fileFor(op: string): string {
  const template = op.split(' ')[1];
  const hit = SPEC_FILES.find((s) => s.prefix.test(template));
  if (!hit) throw new Error(`${op}: no Jira spec documents this path prefix.`);
  return hit.file;
}

function placeholder(name: string, full: Record<string, any> | null): Record<string, unknown> {
  return {
    openapi: full?.openapi ?? '3.0.1',
    info: { title: full?.info?.title ?? name, version: full?.info?.version ?? '0' },
    'x-trimmed': 'Placeholder: the app calls none of this API. See specs/README.md.',
    paths: {},
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string', default: REPO_SPECS_DIR },
      list: { type: 'string', default: path.join(REPO_SPECS_DIR, 'operations.json') },
    },
  });
  if (!values.from)
    throw new Error(
      'Usage: npm run specs:trim -- --from DIR (a folder with the full jira-platform.json, ' +
        "jsm.json... e.g. ../shared/specs, or Atlassian's published specs saved there).",
    );
  const list = readList(values.list);
  const operations = [...new Set(list.operations)].sort();
  const byFile = new Map<string, OperationRef[]>();
  for (const op of operations) {
    const [method, template] = op.split(' ');
    const file = fileFor(op);
    byFile.set(file, [...(byFile.get(file) ?? []), { method, template }]);
  }

  const out: { file: string; text: string; summary: string }[] = [];
  for (const file of Object.values(LINT_SPEC_FILES)) {
    const source = path.join(values.from, file);
    const full = fs.existsSync(source) ? JSON.parse(fs.readFileSync(source, 'utf8')) : null;
    const wanted = byFile.get(file) ?? [];
    if (!wanted.length) {
      out.push({
        file,
        text: `${layeredJson(placeholder(file, full))}\n`,
        summary: `${file}: placeholder (no operation used)`,
      });
      continue;
    }
    if (!full) throw new Error(`${source} is missing; it documents ${wanted.length} operation(s).`);
    const extra = list.components
      .filter((c) => c.startsWith(`${file}#`))
      .map((c) => c.slice(file.length));
    const r = trimSpec(full, wanted, extra, `${source}`);
    const text = `${layeredJson(r.doc)}\n`;
    const ops = r.kept.map((o) => `    ${o.method} ${o.template}`).join('\n');
    out.push({
      file,
      text,
      summary:
        `${file}: ${r.kept.length} operations, ${r.components.length} components, ` +
        `${kb(text.length)} (full: ${kb(fs.statSync(source).size)})\n${ops}`,
    });
  }

  fs.mkdirSync(values.to, { recursive: true });
  for (const o of out) fs.writeFileSync(path.join(values.to, o.file), o.text);
  // Sorted and without duplicates, so parallel additions merge line by line.
  const normal = `${JSON.stringify({ ...list, operations }, null, 2)}\n`;
  if (fs.readFileSync(values.list, 'utf8') !== normal) fs.writeFileSync(values.list, normal);
  console.log(`Kept, in ${path.relative(process.cwd(), values.to) || '.'}/:`);
  for (const o of out) console.log(`  ${o.summary}`);
  const total = out.reduce((n, o) => n + o.text.length, 0);
  console.log(`Total ${kb(total)}.`);
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
