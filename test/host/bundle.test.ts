// The host bundles the app again only when something it was made from changed: a host started
// after an edit always runs the edited code, and hosts started with nothing changed (every
// integration test) share one bundle.
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';

import { bundleApp } from '../../local/forge-host/bundle';

const ROOT = path.resolve(__dirname, '../..');
let app: string;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
  fs.writeFileSync(path.join(app, file), text);
}
const runtime = (name: string) =>
  write('manifest.yml', YAML.stringify({ app: { runtime: { name } } }));
/** The bundle's file identity: a rebuild replaces the file (written aside, then renamed). */
const identity = (file: string) => fs.statSync(file).ino;

beforeEach(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  runtime('nodejs22.x');
  write('src/index.ts', "export { answer } from './answer';\n");
  write('src/answer.ts', "export const answer = () => 'first';\n");
});
afterEach(() => fs.rmSync(app, { recursive: true, force: true }));

test('nothing changed: the same bundle is used again', async () => {
  const out = await bundleApp(app, ROOT);
  const built = identity(out);
  expect(await bundleApp(app, ROOT)).toBe(out);
  expect(identity(out)).toBe(built);
});

test('an edited module, even one only imported, is in the next bundle', async () => {
  const out = await bundleApp(app, ROOT);
  expect(fs.readFileSync(out, 'utf8')).toContain('"first"');
  write('src/answer.ts', "export const answer = () => 'second';\n");
  await bundleApp(app, ROOT);
  const text = fs.readFileSync(out, 'utf8');
  expect(text).toContain('"second"');
  expect(text).not.toContain('"first"');
});

test('another runtime in manifest.yml, or a changed package.json, rebuilds it', async () => {
  const out = await bundleApp(app, ROOT);
  let built = identity(out);
  runtime('nodejs20.x');
  await bundleApp(app, ROOT);
  expect(identity(out)).not.toBe(built);

  built = identity(out);
  write('package.json', JSON.stringify({ name: 'app', version: '2.0.0' }));
  await bundleApp(app, ROOT);
  expect(identity(out)).not.toBe(built);
});

test('a bundle deleted, or its record of sources lost, is built again', async () => {
  const out = await bundleApp(app, ROOT);
  fs.rmSync(out);
  await bundleApp(app, ROOT);
  expect(fs.readFileSync(out, 'utf8')).toContain('"first"');

  const built = identity(out);
  fs.rmSync(`${out}.sources.json`);
  await bundleApp(app, ROOT);
  expect(identity(out)).not.toBe(built);
});
