// `npm start`: builds the Custom UI (if it can), starts the Jira emulator and the local Forge
// host, links them, and prints where to click. Flags: --seed demo|empty, --schedule-ms N,
// --no-build. Ports: JIRA_PORT (3001), PORT (3000).
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { parseArgs } from 'util';
import { startHost } from './forge-host';
import { identitiesFrom, registerWebhook } from './forge-host/emulator-link';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: 'demo' },
    'schedule-ms': { type: 'string', default: '60000' },
    'no-build': { type: 'boolean', default: false },
    'in-memory': { type: 'boolean', default: false },
  },
});

function buildUi(): void {
  if (values['no-build']) return;
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (!pkg.scripts?.['build:ui']) { console.log('Note: no "build:ui" script; serving static/*/build as it is.'); return; }
  console.log('Building the Custom UI (npm run build:ui)...');
  const r = spawnSync('npm', ['run', 'build:ui'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) console.warn('Warning: the UI build failed; pages show what was built before (or a note).');
}

async function main(): Promise<void> {
  if (!['demo', 'empty'].includes(values.seed!)) throw new Error(`--seed must be demo or empty; got ${values.seed}.`);
  buildUi();
  const emulatorEntry = path.join(__dirname, 'jira-emulator', 'index.ts');
  if (!fs.existsSync(emulatorEntry)) throw new Error(`The Jira emulator (${path.relative(ROOT, emulatorEntry)}) is not there yet; run the host against another Jira with: tsx local/forge-host/cli.ts --jira-url <url>.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const emulatorModule = require(emulatorEntry) as Record<string, any>;
  const emulator = await emulatorModule.startEmulator({ port: Number(process.env.JIRA_PORT ?? 3001), seed: values.seed });
  const ids = identitiesFrom(emulatorModule);
  const host = await startHost({
    port: Number(process.env.PORT ?? 3000),
    jiraUrl: emulator.url,
    repoRoot: ROOT,
    dataDir: values['in-memory'] ? null : undefined,
    schedulerIntervalMs: Number(values['schedule-ms']),
    appAccountId: ids.appAccountId,
    adminAccountId: ids.adminAccountId,
  });
  await registerWebhook(emulator.url, host.url, ids.adminAccountId).catch((e) => console.warn(`Webhook not registered (new projects will not trigger the app): ${(e as Error).message}`));

  let projects: { key: string; name: string }[] = [];
  try {
    const r = await fetch(`${emulator.url}/rest/api/3/project/search?typeKey=service_desk&maxResults=100`, { headers: { authorization: `Bearer ${ids.adminAccountId}` } });
    projects = ((await r.json()) as { values?: { key: string; name: string }[] }).values ?? [];
  } catch { /* printed as none */ }
  console.log(`\nCustomer Role Sync, running locally\n  Admin page:      ${host.url}/admin\n  All pages:       ${host.url}/`);
  for (const p of projects) console.log(`  ${p.key.padEnd(14)} ${host.url}/projects/${p.key}/settings   (${p.name})`);
  console.log(`  Jira emulator:   ${emulator.url}\n  Host API:        ${host.url}/api/health, /api/invocations, POST /api/invoke, POST /api/trigger/<key>\n  Scheduled triggers every ${values['schedule-ms']} ms (0 = off). Ctrl+C stops.\n`);

  const stop = () => { void Promise.all([host.close(), emulator.close()]).then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => { console.error((e as Error).message); process.exit(1); });
