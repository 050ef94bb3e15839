// Builds what the workers load. The app is bundled the way Forge packages it (one CommonJS file
// for the Node.js runtime manifest.yml names, with its dependencies inside), so what runs here
// is the code that ships. Files are written to a temp name and renamed, so hosts started in
// parallel (test files) never read a half-written bundle.
import esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';

/** esbuild's target for manifest.yml's `app.runtime.name` (nodejs22.x -> node22). */
export function runtimeTarget(appRoot: string): string {
  const manifest = YAML.parse(fs.readFileSync(path.join(appRoot, 'manifest.yml'), 'utf8'));
  const name: unknown = manifest?.app?.runtime?.name;
  const major = typeof name === 'string' ? /^nodejs(\d+)\.x$/.exec(name)?.[1] : undefined;
  if (!major) {
    const shown = name === undefined ? 'missing' : JSON.stringify(name);
    throw new Error(
      `manifest.yml: app.runtime.name is ${shown}; name a Forge Node.js runtime, e.g. nodejs22.x.`,
    );
  }
  return `node${major}`;
}

async function buildTo(
  entry: string,
  outfile: string,
  nodePaths: string[],
  target: string,
): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target,
    write: false,
    logLevel: 'silent',
    keepNames: true,
    nodePaths,
  });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, outfile);
  return outfile;
}

/** Bundles `<appRoot>/src/index.ts` into `<appRoot>/.forge-local/app/index.js`. */
export async function bundleApp(appRoot: string, hostRepoRoot: string): Promise<string> {
  const entry = path.join(appRoot, 'src', 'index.ts');
  if (!fs.existsSync(entry))
    throw new Error(`No ${entry}: the app's handlers must be exported from src/index.ts.`);
  const target = runtimeTarget(appRoot);
  try {
    // A fixture app outside the repo's node_modules still resolves @forge/* from the repo.
    return await buildTo(
      entry,
      path.join(appRoot, '.forge-local', 'app', 'index.js'),
      [path.join(hostRepoRoot, 'node_modules')],
      target,
    );
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number } }[] })
      .errors;
    const detail =
      errors
        ?.map((x) => `${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}`)
        .join('\n') ?? String(e);
    throw new Error(`Could not bundle the app (${entry}):\n${detail}`);
  }
}

/** Bundles the worker entry (TypeScript) so worker threads can load it without a TS loader. */
export async function bundleWorker(hostRepoRoot: string): Promise<string> {
  return buildTo(
    path.join(__dirname, 'worker.ts'),
    path.join(hostRepoRoot, '.forge-local', 'host', 'worker.js'),
    [],
    `node${process.versions.node.split('.')[0]}`,
  );
}
