// Each scope manifest.yml asks for is needed: for every one, some product call in src/ has no
// way to be made without it (the specs' alternatives, as the local host checks them), and
// `storage:app` is what @forge/kvs needs. A scope no call needs would fail here.
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';

import { REPO_SPECS_DIR, ScopeChecker } from '../../local/forge-host/scopes';
import { forgeLint } from '../../scripts/lib/forge-lint';

const ROOT = path.resolve(__dirname, '../..');
const manifest = YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));
const SCOPES: string[] = manifest.permissions.scopes;

let calls: string[];
let errors: number;
beforeAll(async () => {
  // The app as lint:forge reads it, with stand-ins for the built pages (not needed here).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopes-'));
  try {
    fs.copyFileSync(path.join(ROOT, 'manifest.yml'), path.join(dir, 'manifest.yml'));
    fs.symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'));
    for (const r of manifest.resources as { path: string }[]) {
      fs.mkdirSync(path.join(dir, r.path), { recursive: true });
      fs.writeFileSync(path.join(dir, r.path, 'index.html'), '<!doctype html>');
    }
    const outcome = await forgeLint(dir, REPO_SPECS_DIR, () => undefined);
    calls = outcome.calls;
    errors = outcome.errors;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test('the app makes its product calls with the scopes it asks for', () => {
  expect(errors).toBe(0);
  expect(calls.length).toBeGreaterThan(20);
});

test.each(SCOPES.filter((s) => s !== 'storage:app'))('%s is needed by a call in src/', (scope) => {
  const without = new ScopeChecker(
    REPO_SPECS_DIR,
    SCOPES.filter((s) => s !== scope),
  );
  const needing = calls.filter((c) => {
    const [method, ...p] = c.split(' ');
    return !without.check(method, p.join(' ').replace(/\\S\*/g, 'x')).ok;
  });
  expect(needing.length).toBeGreaterThan(0);
});

test('storage:app is asked for because the app stores in Forge KVS', () => {
  expect(SCOPES).toContain('storage:app');
  const kvsUsers = fs
    .readdirSync(path.join(ROOT, 'src/store'))
    .filter((f) =>
      fs.readFileSync(path.join(ROOT, 'src/store', f), 'utf8').includes("'@forge/kvs'"),
    );
  expect(kvsUsers.length).toBeGreaterThan(0);
});
