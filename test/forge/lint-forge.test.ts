// `npm run lint:forge` against the repository's copy of the specs: a call to an operation the
// copy lacks fails it (where @forge/lint alone says nothing), and a missing scope still does.
import { parseSourceFile, PermissionLinter, problemCount } from '@forge/lint';
import fs from 'fs';
import path from 'path';
import yaml from 'yaml';

import { REPO_SPECS_DIR } from '../../local/forge-host/scopes';
import { forgeLint, syntaxOnly } from '../../scripts/lib/forge-lint';
import { lintSwaggerEnv } from '../../scripts/lib/spec-files';

const FIXTURE = path.resolve(__dirname, 'fixtures/unknown-operation');
const SOURCE = path.join(FIXTURE, 'src/index.ts');

test('a call to an operation missing from the copy fails lint:forge, naming the fix', async () => {
  const lines: string[] = [];
  const outcome = await forgeLint(FIXTURE, REPO_SPECS_DIR, (l) => lines.push(l));
  const text = lines.join('\n');
  expect(outcome.errors).toBe(2);
  expect(text).toMatch(/GET \/rest\/api\/3\/issue\/\{\?\} is not an operation in the repository/);
  expect(text).toMatch(/specs\/operations\.json/);
  expect(text).toMatch(/manage:jira-configuration/);
  expect(text).not.toMatch(/project\/search/);
  expect(outcome.calls).toHaveLength(3);
}, 120_000);

test('@forge/lint alone passes that call silently: the check above catches it', async () => {
  Object.assign(process.env, lintSwaggerEnv(REPO_SPECS_DIR));
  const manifest = yaml.parse(fs.readFileSync(path.join(FIXTURE, 'manifest.yml'), 'utf8'));
  const linter = new PermissionLinter('development', manifest, { info: () => undefined });
  await linter.bootstrap();
  const results = await linter.batchExecute([await parseSourceFile(SOURCE, syntaxOnly)]);
  const messages = results.flatMap((r) => r.errors.map((e) => e.message));
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(/manage:jira-configuration/);
  expect(problemCount(results).errors).toBe(1);
}, 120_000);
