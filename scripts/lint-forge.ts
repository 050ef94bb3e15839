// `npm run lint:forge`: what `forge lint` checks, offline. The manifest is validated by
// @forge/manifest, then @forge/lint's permission linter reads every REST call in src/ and
// reports any whose scope the manifest lacks, using the official specs in ../shared/specs.
import fs from 'fs';
import path from 'path';
import yaml from 'yaml';
import { validate } from '@forge/manifest';
import {
  parseSourceFile,
  PermissionLinter,
  problemCount,
  reportLintResults,
  tsParser,
} from '@forge/lint';

const root = path.resolve(__dirname, '..');
const specs = process.env.SPECS_DIR ?? path.resolve(root, '../shared/specs');

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory()
      ? listSources(p)
      : /\.tsx?$/.test(e.name)
        ? [path.relative(root, p)]
        : [];
  });
}

async function main(): Promise<void> {
  process.chdir(root);
  const checked = await validate(false, 'manifest.yml');
  if (!checked.success) {
    for (const e of checked.errors ?? [])
      console.error(`manifest.yml: ${e.message}${e.reference ? ` (${e.reference})` : ''}`);
    console.error('Manifest validation failed.');
    process.exit(1);
  }
  console.log('manifest.yml is valid.');

  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: path.join(specs, 'jira-platform.json'),
    LOCAL_JSM_SWAGGER: path.join(specs, 'jsm.json'),
    LOCAL_JSW_SWAGGER: path.join(specs, 'jsw.json'),
    LOCAL_CONF_SWAGGER: path.join(specs, 'conf.json'),
    LOCAL_CONF_V2_SWAGGER: path.join(specs, 'conf2.json'),
    LOCAL_BB_SWAGGER: path.join(specs, 'bb.json'),
  });
  const manifest = yaml.parse(fs.readFileSync('manifest.yml', 'utf8'));
  const logger = { info: (msg: string) => console.log(msg) };
  const files = listSources('src');
  // The permission linter is driven directly: @forge/lint's lint() filters .ts files through
  // tsconfig's include list by exact file path, which silently drops every file of a folder include.
  const linter = new PermissionLinter('development', manifest, logger);
  await linter.bootstrap();
  const inputs = await Promise.all(files.map((f) => parseSourceFile(f, tsParser)));
  const results = await linter.batchExecute(inputs);
  reportLintResults(logger, results);
  const { errors, warnings } = problemCount(results);
  console.log(
    `Permission lint of ${files.length} files: ${errors} error(s), ${warnings} warning(s).`,
  );
  if (errors > 0) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
