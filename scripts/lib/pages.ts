// Building the Custom UI pages as `npm run build:<page>` does, and telling when a build is older
// than what it is made from, so test runs rebuild a page only after a change.
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

export const PAGES = ['admin', 'project'] as const;
export type PageName = (typeof PAGES)[number];

const ROOT = path.resolve(__dirname, '../..');

/** Builds static/<name> with Vite, as shipped. */
export function buildPage(name: PageName): void {
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      `static/${name}/vite.config.ts`,
      '--logLevel',
      'error',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      // What ships: Jest sets NODE_ENV=test, which would build React's development bundle.
      env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
}

/** The newest modification time under `dir`, build output left out. */
function newestMtime(dir: string): number {
  let newest = fs.statSync(dir).mtimeMs;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'build' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * True when static/<name>/build is missing or older than anything a page can be made from: all
 * of static/ (pages share code and the Vite config), src/ (the pages import its types and
 * domain code) and the locked dependencies.
 */
export function pageIsStale(name: PageName, root = ROOT): boolean {
  const built = path.join(root, `static/${name}/build/index.html`);
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(
    newestMtime(path.join(root, 'static')),
    newestMtime(path.join(root, 'src')),
    ...['package.json', 'package-lock.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  return sources > fs.statSync(built).mtimeMs;
}

/** Builds the page when it is stale; true when it built. */
export function buildPageIfStale(name: PageName): boolean {
  if (!pageIsStale(name)) return false;
  buildPage(name);
  return true;
}
