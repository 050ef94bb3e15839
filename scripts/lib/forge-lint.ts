// What `forge lint` checks, offline, for the app in `appRoot`: @forge/manifest validates the
// manifest (modules, handlers, that each resource folder has its index.html), then @forge/lint's
// permission linter reads every product call in src/ and reports any whose scope the manifest
// lacks, against the specs in `specsDir`. @forge/lint passes a call to an operation its specs do
// not have without a word, so every call it reads is also looked up in `specsDir` with the
// local host's matcher: unknown there is an error here, as it is a 404 at run time. Anything in
// the manifest that would cost the Runs on Atlassian badge is an error too (runs-on-atlassian.ts).
import type { LintResult } from '@forge/lint';
import {
  LintClass,
  type LintInput,
  parseSourceFile,
  PermissionLinter,
  problemCount,
  reportLintResults,
  tsParser,
} from '@forge/lint';
import { validate } from '@forge/manifest';
import fs from 'fs';
import path from 'path';
import yaml from 'yaml';

import { findOperation } from '../../local/forge-host/scopes';
import { describeFinding, runsOnAtlassianFindings } from './runs-on-atlassian';
import { lintSwaggerEnv } from './spec-files';

interface ProductCall {
  file: string;
  line: number;
  column: number;
  product: string;
  method: string;
  path: string;
}

export interface ForgeLintOutcome {
  errors: number;
  warnings: number;
  /** The product calls read in src/, as "METHOD path" (`\S*` where the code inserts a value). */
  calls: string[];
}

/** @forge/lint's permission linter, keeping every product call it reads. */
class CollectingLinter extends PermissionLinter {
  readonly calls: ProductCall[] = [];

  protected override addLintCriteriaMatch(
    apiCall: Parameters<PermissionLinter['addLintCriteriaMatch']>[0],
    filepath: string,
  ): void {
    if ('product' in apiCall && 'path' in apiCall)
      this.calls.push({
        file: filepath,
        line: apiCall.line,
        column: apiCall.column,
        product: apiCall.product,
        method: apiCall.method.toUpperCase(),
        path: apiCall.path,
      });
    super.addLintCriteriaMatch(apiCall, filepath);
  }
}

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listSources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/**
 * tsParser without tsconfig's program (which it builds when cwd has a tsconfig.json): the
 * linters read syntax only, `npm run typecheck` checks the types, and the program costs ~30 s.
 */
export const syntaxOnly = (code: string, file: string) =>
  tsParser(code, file, { project: undefined });

// ESTree node kinds as plain strings (the enum belongs to @forge/lint's own typescript-estree).
interface Node {
  type: string;
  name?: string;
  callee?: Node;
  property?: Node;
  arguments?: Node[];
  loc?: { start: { line: number; column: number } };
}

/** The called function's name: `requestJira` in `requestJira(...)` and `x.requestJira(...)`. */
function calleeName(callee: Node | undefined): string {
  if (callee?.type === 'Identifier') return callee.name ?? '';
  if (callee?.type === 'MemberExpression' && callee.property?.type === 'Identifier')
    return callee.property.name ?? '';
  return '';
}

/** Product calls whose path the linter could not read (computed at run time): not checkable. */
function unreadCalls(inputs: LintInput[], read: ProductCall[]): string[] {
  const seen = new Set(read.map((c) => `${c.file}:${c.line}:${c.column}`));
  const out: string[] = [];
  for (const { ast, filepath } of inputs)
    ast?.traverse({
      enter: (estree) => {
        const node = estree as Node;
        const first = node.arguments?.[0]?.loc?.start;
        if (node.type !== 'CallExpression' || !first) return;
        if (!/^request(Jira|Confluence|Bitbucket)$/.test(calleeName(node.callee))) return;
        const at = `${filepath}:${first.line}:${first.column}`;
        if (!seen.has(at)) out.push(at);
      },
    });
  return out;
}

function unknownOperation(call: ProductCall, specsDir: string) {
  const shown = call.path.split('?')[0].replace(/\\S\*/g, '{?}');
  return {
    class: LintClass.Error,
    message:
      `${call.method} ${shown} is not an operation in the repository's copy of Atlassian's ` +
      `REST specs (${specsDir}). Check the path and method; if Jira has it, add it to ` +
      'specs/operations.json and run `npm run specs:trim -- --from <full specs>`.',
    reference: 'unknown-operation',
    line: call.line,
    column: call.column,
  };
}

/** Prints what in the manifest would cost the Runs on Atlassian badge; answers how many. */
function runsOnAtlassian(manifestFile: string, out: (line: string) => void): number {
  let manifest: unknown;
  try {
    manifest = yaml.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    return 0; // validation reports an unreadable manifest
  }
  const found = runsOnAtlassianFindings(manifest);
  for (const f of found) out(describeFinding(f));
  out(
    found.length
      ? `Runs on Atlassian: ${found.length} error(s) above; after a deploy, \`forge eligibility\` gives Atlassian's verdict.`
      : 'Runs on Atlassian: no egress, remotes, remote endpoints, Connect modules, web triggers or storage outside Forge.',
  );
  return found.length;
}

export async function forgeLint(
  appRoot: string,
  specsDir: string,
  out: (line: string) => void,
): Promise<ForgeLintOutcome> {
  const manifestFile = path.join(appRoot, 'manifest.yml');
  const checked = await validate(false, manifestFile);
  // The badge's check reads the manifest as parsed, so it also speaks when validation fails.
  const badge = runsOnAtlassian(manifestFile, out);
  if (!checked.success) {
    for (const e of checked.errors ?? [])
      out(`manifest.yml: ${e.message}${e.reference ? ` (${e.reference})` : ''}`);
    out('Manifest validation failed.');
    return { errors: (checked.errors?.length || 1) + badge, warnings: 0, calls: [] };
  }
  out('manifest.yml is valid.');

  Object.assign(process.env, lintSwaggerEnv(specsDir));
  const manifest = yaml.parse(fs.readFileSync(manifestFile, 'utf8'));
  const logger = { info: out };
  const files = listSources(path.join(appRoot, 'src'));
  // Driven directly: @forge/lint's lint() filters .ts files through tsconfig's include list by
  // exact file path, which silently drops every file of a folder include.
  const linter = new CollectingLinter('development', manifest, logger);
  await linter.bootstrap();
  const inputs = await Promise.all(files.map((f) => parseSourceFile(f, syntaxOnly)));
  const results: LintResult[] = await linter.batchExecute(inputs);
  for (const call of linter.calls) {
    if (findOperation(specsDir, call.method, call.path)) continue;
    const result = results.find((r) => r.file === call.file);
    result?.add(unknownOperation(call, specsDir));
  }
  // reportLintResults also sets process.exitCode on errors; the caller decides how to exit.
  const exitCode = process.exitCode;
  reportLintResults(logger, results);
  process.exitCode = exitCode;
  const counted = problemCount(results);
  const { warnings } = counted;
  const errors = counted.errors + badge;
  const unread = unreadCalls(inputs, linter.calls);
  out(
    `Permission lint of ${files.length} files, ${linter.calls.length} product calls checked ` +
      `against ${specsDir}: ${counted.errors} error(s), ${warnings} warning(s).`,
  );
  if (unread.length)
    out(
      `Not checkable here (path computed at run time; the local host checks them): ` +
        unread.map((u) => path.relative(appRoot, u)).join(', '),
    );
  return { errors, warnings, calls: linter.calls.map((c) => `${c.method} ${c.path}`) };
}
