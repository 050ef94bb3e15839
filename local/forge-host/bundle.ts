// Builds what the workers load. The app is bundled the way Forge packages it (one CommonJS file
// for Node 22 with its dependencies inside), so what runs here is the code that ships. Files
// are written to a temp name and renamed, so hosts started in parallel (test files) never read
// a half-written bundle.
import esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';

async function buildTo(entry: string, outfile: string, nodePaths: string[]): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
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
  try {
    // A fixture app outside the repo's node_modules still resolves @forge/* from the repo.
    return await buildTo(entry, path.join(appRoot, '.forge-local', 'app', 'index.js'), [
      path.join(hostRepoRoot, 'node_modules'),
    ]);
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
  );
}
