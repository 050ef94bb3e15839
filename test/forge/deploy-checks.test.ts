// What `forge deploy` would refuse, checked offline: the manifest validates (modules, handlers,
// each resource folder holding an index.html once `npm run build:ui` has run, as `npm test`
// does first), the pages load their assets by relative paths, and the app bundles for the
// Node.js runtime the manifest names.
import { validate } from '@forge/manifest';
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';

import { bundleApp, runtimeTarget } from '../../local/forge-host/bundle';

const ROOT = path.resolve(__dirname, '../..');
const manifest = YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));
const resources: [string, string][] = manifest.resources.map((r: { key: string; path: string }) => [
  r.key,
  r.path,
]);

test('manifest.yml passes @forge/manifest validation, resources included', async () => {
  const result = await validate(false, path.join(ROOT, 'manifest.yml'));
  expect(result.errors ?? []).toEqual([]);
  expect(result.success).toBe(true);
}, 60_000);

test.each(resources)(
  'resource %s (%s) is built, and its index.html loads only relative assets that exist',
  (_key, dir) => {
    const html = fs.readFileSync(path.join(ROOT, dir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    // Forge serves a resource from its own path: an absolute /assets/... would miss.
    expect(refs.filter((r) => !r.startsWith('./'))).toEqual([]);
    expect(refs.filter((r) => !fs.existsSync(path.join(ROOT, dir, r)))).toEqual([]);
  },
);

describe('the bundle follows app.runtime.name', () => {
  let app: string;
  const writeApp = (runtime: unknown) => {
    const m = { ...manifest, app: { ...manifest.app, runtime: { name: runtime } } };
    fs.writeFileSync(path.join(app, 'manifest.yml'), YAML.stringify(m));
  };
  beforeEach(() => {
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-'));
    fs.mkdirSync(path.join(app, 'src'));
    fs.writeFileSync(path.join(app, 'src', 'index.ts'), 'export const run = () => 42;\n');
  });
  afterEach(() => fs.rmSync(app, { recursive: true, force: true }));

  test('the repository names nodejs22.x: esbuild targets node22', () => {
    expect(manifest.app.runtime.name).toBe('nodejs22.x');
    expect(runtimeTarget(ROOT)).toBe('node22');
  });

  test('another Node.js runtime changes the target; the app bundles for it', async () => {
    writeApp('nodejs20.x');
    expect(runtimeTarget(app)).toBe('node20');
    const out = await bundleApp(app, ROOT);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/42/);
  });

  test.each([['python3.12'], [undefined]])('runtime %s is refused, naming the field', (name) => {
    writeApp(name);
    expect(() => runtimeTarget(app)).toThrow(/app\.runtime\.name is .*e\.g\. nodejs22\.x/);
  });
});

test('the app itself bundles for its runtime', async () => {
  const out = await bundleApp(ROOT, ROOT);
  expect(fs.statSync(out).size).toBeGreaterThan(10_000);
}, 60_000);
