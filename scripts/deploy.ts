// `npm run deploy [-- -e development]`: the deploy steps that need no Atlassian login: lint:forge
// (which builds the Custom UI pages, then checks manifest, resources, scopes and operations),
// then `forge deploy` if the Forge CLI is installed; otherwise it says how to get it. Default
// environment: production.
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { parseArgs } from 'util';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '..');
// The id this repository ships with; `forge register` replaces it with an app of your own.
const PLACEHOLDER_APP_ID = 'ari:cloud:ecosystem::app/6f1c2f0e-5b7a-4c1e-9a57-1d2f3e4a5b6c';

const { values } = parseArgs({
  options: { environment: { type: 'string', short: 'e', default: 'production' } },
});

function step(title: string, cmd: string, args: string[]): void {
  console.log(`\n> ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal}); nothing was deployed.`);
    process.exit(1);
  }
}

function main(): void {
  step('Build the pages and check the app offline', 'npm', ['run', 'lint:forge', '--silent']);
  const manifest = YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));
  if (manifest?.app?.id === PLACEHOLDER_APP_ID) {
    console.error(
      '\nmanifest.yml still has the placeholder app id. Run `forge register` once (it writes ' +
        'your own app id into manifest.yml), then npm run deploy again.',
    );
    process.exit(1);
  }
  if (spawnSync('forge', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(
      '\nThe Forge CLI is not installed. Install it with `npm install -g @forge/cli`, sign in ' +
        'with `forge login` (an Atlassian API token), then run npm run deploy again.',
    );
    process.exit(1);
  }
  step('Deploy', 'forge', ['deploy', '--non-interactive', '-e', values.environment]);
  console.log(
    `\nDeployed to ${values.environment}. First time on a site: forge install --site ` +
      `<site>.atlassian.net --product jira -e ${values.environment}; after a scope change: ` +
      'forge install --upgrade.',
  );
}

main();
