// A test run rebuilds a Custom UI page only when something it is made from changed since its
// build: its own sources, the code the pages share, what they import from src/, the locked
// dependencies. A page built after its last change is used as it is.
import fs from 'fs';
import os from 'os';
import path from 'path';

import { pageIsStale } from '../../../scripts/lib/pages';

let root: string;
const BUILT_AT = new Date('2026-01-02T00:00:00Z');
const BEFORE = new Date('2026-01-01T00:00:00Z');
const AFTER = new Date('2026-01-03T00:00:00Z');

function file(rel: string, at: Date): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, rel);
  fs.utimesSync(p, at, at);
}

/** Folders take the newest time of what they hold, as an edit that adds a file leaves them. */
function settleFolders(dir = root): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? settleFolders(p) : fs.statSync(p).mtimeMs);
  }
  const at = new Date(newest || BEFORE.getTime());
  fs.utimesSync(dir, at, at);
  return newest;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pages-'));
  for (const f of [
    'static/admin/index.html',
    'static/admin/src/App.tsx',
    'static/project/src/App.tsx',
    'static/shared/api.ts',
    'static/vite.page.ts',
    'src/domain/schemas.ts',
    'src/resolvers/contract.ts',
    'package.json',
    'package-lock.json',
  ])
    file(f, BEFORE);
  file('static/admin/build/index.html', BUILT_AT);
  file('static/admin/build/assets/index.js', BUILT_AT);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('a page built after every change is not rebuilt', () => {
  settleFolders();
  expect(pageIsStale('admin', root)).toBe(false);
});

test('a page never built is built', () => {
  settleFolders();
  expect(pageIsStale('project', root)).toBe(true);
});

test.each([
  'static/admin/src/App.tsx',
  'static/shared/api.ts',
  'static/vite.page.ts',
  'src/domain/schemas.ts',
  'src/resolvers/contract.ts',
  'package-lock.json',
])('a change to %s since the build rebuilds it', (changed) => {
  file(changed, AFTER);
  settleFolders();
  expect(pageIsStale('admin', root)).toBe(true);
});

test('a file added since the build rebuilds it', () => {
  file('static/shared/NewSection.tsx', AFTER);
  settleFolders();
  expect(pageIsStale('admin', root)).toBe(true);
});

test('a file removed since the build rebuilds it', () => {
  settleFolders();
  fs.rmSync(path.join(root, 'static/shared/api.ts'));
  fs.utimesSync(path.join(root, 'static/shared'), AFTER, AFTER);
  expect(pageIsStale('admin', root)).toBe(true);
});
