// The repository's copy of the specs (specs/) is complete for what the emulator answers, matches
// specs/operations.json (edited and re-trimmed together), and stays small.
import fs from 'fs';
import path from 'path';

import { findOperation, REPO_SPECS_DIR } from '../../local/forge-host/scopes';
import { LINT_SPEC_FILES } from '../../scripts/lib/spec-files';

const ROUTES_DIR = path.resolve(__dirname, '../../local/jira-emulator/routes');
const FIX = 'add it to specs/operations.json and run `npm run specs:trim -- --from <full specs>`';
const shape = (template: string) => template.replace(/\{[^}]+\}/g, '{}');

/** Every "METHOD /template" the emulator's route modules register (register*Routes). */
async function emulatorRoutes(): Promise<string[]> {
  const routes: string[] = [];
  const recorder = {
    add(method: string, template: string) {
      routes.push(`${method} ${template}`);
      return recorder;
    },
  };
  for (const file of fs.readdirSync(ROUTES_DIR).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(path.join(ROUTES_DIR, file))) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod))
      if (/^register\w*Routes$/.test(name) && typeof fn === 'function') fn(recorder, {});
  }
  return routes;
}

function copiedOperations(): string[] {
  const ops: string[] = [];
  for (const file of Object.values(LINT_SPEC_FILES)) {
    const doc = JSON.parse(fs.readFileSync(path.join(REPO_SPECS_DIR, file), 'utf8'));
    for (const [template, item] of Object.entries<Record<string, unknown>>(doc.paths))
      for (const method of Object.keys(item)) ops.push(`${method.toUpperCase()} ${template}`);
  }
  return ops.sort();
}

test('every Jira REST route the emulator answers is that same operation in the copy', async () => {
  const jira = (await emulatorRoutes()).filter((r) => / \/rest\/(api|servicedeskapi)\//.test(r));
  expect(jira.length).toBeGreaterThan(40);
  const missing = jira.filter((r) => {
    const [method, template] = r.split(' ');
    const op = findOperation(REPO_SPECS_DIR, method, template);
    return !op || shape(op.template) !== shape(template);
  });
  expect(missing.map((m) => `${m}: ${FIX}`)).toEqual([]);
});

test('the copy holds exactly the operations specs/operations.json lists', () => {
  const list = JSON.parse(fs.readFileSync(path.join(REPO_SPECS_DIR, 'operations.json'), 'utf8'));
  expect(copiedOperations()).toEqual([...list.operations].sort());
});

test('the copy is the six files @forge/lint reads, small, without prose', () => {
  let total = 0;
  for (const file of Object.values(LINT_SPEC_FILES)) {
    const text = fs.readFileSync(path.join(REPO_SPECS_DIR, file), 'utf8');
    total += text.length;
    const doc = JSON.parse(text);
    expect(doc).toEqual(
      expect.objectContaining({ openapi: expect.any(String), paths: expect.any(Object) }),
    );
    // Prose is a non-empty string under these keys (a property may be *named* description).
    expect(text).not.toMatch(/"(description|summary)":"[^"]/);
  }
  expect(total).toBeLessThan(200 * 1024);
});
