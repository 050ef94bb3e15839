// Builds what the workers load. The app is bundled the way Forge packages it (one CommonJS file
// for the Node.js runtime manifest.yml names, with its dependencies inside), so what runs here
// is the code that ships. Files are written to a temp name and renamed, so hosts started in
// parallel (test files) never read a half-written bundle. A bundle is built again only when a
// file it was made from (or its options) changed: every test's host starts from the same one.
import { createHash } from 'crypto';
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

/** What a bundle was made from: its options, and each input file's content hash. */
interface BundleSources {
  options: string;
  inputs: Record<string, string>;
}

const hashOf = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function fileHash(file: string): string | undefined {
  try {
    return hashOf(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** True when `outfile` was built with these options from files that are all unchanged. */
function upToDate(outfile: string, sourcesFile: string, options: string): boolean {
  let sources: BundleSources;
  try {
    sources = JSON.parse(fs.readFileSync(sourcesFile, 'utf8')) as BundleSources;
  } catch {
    return false;
  }
  return (
    sources.options === options &&
    fs.existsSync(outfile) &&
    Object.entries(sources.inputs).every(([file, hash]) => fileHash(file) === hash)
  );
}

async function buildTo(
  entry: string,
  outfile: string,
  nodePaths: string[],
  target: string,
  /** Files that change the output without being inputs (package.json, tsconfig.json). */
  settings: string[] = [],
): Promise<string> {
  const build = {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target,
    write: false,
    logLevel: 'silent',
    keepNames: true,
    nodePaths,
  } satisfies esbuild.BuildOptions;
  // Inputs are named relative to the working directory, which the output's comments show too.
  const cwd = process.cwd();
  const options = JSON.stringify({
    build,
    cwd,
    esbuild: esbuild.version,
    settings: settings.map((f) => [f, fileHash(f) ?? null]),
  });
  const sourcesFile = `${outfile}.sources.json`;
  if (upToDate(outfile, sourcesFile, options)) return outfile;

  const result = await esbuild.build({ ...build, metafile: true });
  const inputs: Record<string, string> = {};
  for (const name of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(cwd, name);
    const hash = fileHash(file);
    // Not a file (a virtual module): nothing on disk can change it.
    if (hash !== undefined) inputs[file] = hash;
  }
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // The bundle first, then what it was made from: a bundle is never taken for newer than it is.
  writeAtomically(outfile, result.outputFiles[0].contents);
  writeAtomically(sourcesFile, JSON.stringify({ options, inputs } satisfies BundleSources));
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
      [
        path.join(appRoot, 'package.json'),
        path.join(appRoot, 'tsconfig.json'),
        path.join(hostRepoRoot, 'package-lock.json'),
      ],
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
