// `npm start`: builds the Custom UI (if it can), starts the Jira emulator and the local Forge
// host, links them, and prints where to click. The site and the app's storage are kept together
// in .forge-local/ so they stay consistent across restarts; --reset starts both over from the
// seed, --in-memory keeps neither. Flags: --seed demo|empty, --schedule-ms N, --no-build,
// --reset, --in-memory. Ports: JIRA_PORT (3001), PORT (3000).
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { parseArgs } from 'util';

import { DEMO_RULES } from './demo-rules';
import { startHost } from './forge-host';
import { registerWebhook } from './forge-host/emulator-link';
import { ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID, startEmulator, TIER1_LIMITS } from './jira-emulator';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: 'demo' },
    'schedule-ms': { type: 'string', default: '60000' },
    'no-build': { type: 'boolean', default: false },
    'in-memory': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
  },
});

const DATA_DIR = path.join(ROOT, '.forge-local');
const SITE_FILE = path.join(DATA_DIR, 'jira-emulator.json');
const KVS_DIR = path.join(DATA_DIR, 'kvs');

function buildUi(): void {
  if (values['no-build']) return;
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (!pkg.scripts?.['build:ui']) {
    console.log('Note: no "build:ui" script; serving static/*/build as it is.');
    return;
  }
  console.log('Building the Custom UI (npm run build:ui)...');
  const r = spawnSync('npm', ['run', 'build:ui'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0)
    console.warn('Warning: the UI build failed; pages show what was built before (or a note).');
}

/**
 * The demo holds one rule, made through the admin resolver as the site admin would make it,
 * so the first scheduled run visibly adds the synced customer groups (to MKT's hidden customer
 * role too) and skips the software project with its reason. Kept as is when rules exist already.
 */
async function seedDemoRule(host: Awaited<ReturnType<typeof startHost>>): Promise<void> {
  const rules = await host.invoke({
    moduleKey: 'customer-role-sync-admin',
    functionKey: 'listRules',
    payload: {},
  });
  if (!rules.ok || (rules.result as unknown[]).length > 0) return;
  for (const rule of DEMO_RULES) {
    const saved = await host.invoke({
      moduleKey: 'customer-role-sync-admin',
      functionKey: 'saveRule',
      payload: { rule },
    });
    if (!saved.ok) console.warn(`The demo rule was not created: ${saved.error.message}`);
    else console.log(`Demo rule created: "${rule.name}".`);
  }
}

async function main(): Promise<void> {
  if (!['demo', 'empty'].includes(values.seed))
    throw new Error(`--seed must be demo or empty; got ${values.seed}.`);
  buildUi();
  const persist = !values['in-memory'];
  if (values.reset)
    for (const p of [SITE_FILE, KVS_DIR]) fs.rmSync(p, { recursive: true, force: true });
  const resumed = persist && fs.existsSync(SITE_FILE);
  if (persist) fs.mkdirSync(DATA_DIR, { recursive: true });
  if (resumed)
    console.log(
      `Resuming the site and app storage saved in ${path.relative(ROOT, DATA_DIR)}/ (npm start -- --reset starts over from the seed).`,
    );
  const emulator = await startEmulator({
    port: Number(process.env.JIRA_PORT ?? 3001),
    seed: values.seed as 'demo' | 'empty',
    ...(persist ? { persistFile: SITE_FILE } : {}),
    // As on Jira Cloud: a Tier 1 app's 65,000 points an hour and per-endpoint burst limits.
    limits: TIER1_LIMITS,
  });
  const ids = { appAccountId: APP_ACCOUNT_ID, adminAccountId: ADMIN_ACCOUNT_ID };
  const host = await startHost({
    port: Number(process.env.PORT ?? 3000),
    jiraUrl: emulator.url,
    repoRoot: ROOT,
    dataDir: persist ? DATA_DIR : null,
    schedulerIntervalMs: Number(values['schedule-ms']),
    appAccountId: ids.appAccountId,
    adminAccountId: ids.adminAccountId,
    printAppLogs: true,
  });
  await registerWebhook(emulator.url, host.url, ids.adminAccountId).catch((e) =>
    console.warn(
      `Webhook not registered (new projects will not trigger the app): ${(e as Error).message}`,
    ),
  );
  if (values.seed === 'demo' && !resumed) await seedDemoRule(host);

  let projects: { key: string; name: string }[] = [];
  try {
    const r = await fetch(
      `${emulator.url}/rest/api/3/project/search?typeKey=service_desk&maxResults=100`,
      { headers: { authorization: `Bearer ${ids.adminAccountId}` } },
    );
    projects = ((await r.json()) as { values?: { key: string; name: string }[] }).values ?? [];
  } catch {
    /* printed as none */
  }
  console.log(
    `\nCustomer Role Sync, running locally\n  Admin page:      ${host.url}/admin\n  All pages:       ${host.url}/`,
  );
  for (const p of projects)
    console.log(`  ${p.key.padEnd(14)} ${host.url}/projects/${p.key}/settings   (${p.name})`);
  console.log(
    `  Jira emulator:   ${emulator.url}\n  Host API:        ${host.url}/api/health, /api/invocations, /api/logs, POST /api/invoke, POST /api/trigger/<key>\n  Scheduled triggers every ${values['schedule-ms']} ms (0 = off). Ctrl+C stops.\n`,
  );

  const stop = () => {
    void Promise.all([host.close(), emulator.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
