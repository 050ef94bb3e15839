// npm run emulator -- --port 3001 --seed demo|empty|generated [--projects N --groups M --users K
//   --team-managed n --software n --org-members n] [--persist state.json] [--limits] [--quota N] [--tenant]
import { type LimitsSettings, type SeedSpec, startEmulator, TIER1_LIMITS } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const num = (name: string, def: number) => (arg(name) === undefined ? def : Number(arg(name)));

async function main() {
  const seedName = arg('seed') ?? 'demo';
  let seed: SeedSpec;
  if (seedName === 'generated') {
    seed = {
      seed: 'generated',
      projects: num('projects', 100),
      groups: num('groups', 20),
      users: num('users', 200),
      teamManaged: num('team-managed', 0),
      software: num('software', 0),
      orgMembers: num('org-members', 0),
    };
  } else if (seedName === 'demo' || seedName === 'empty') seed = { seed: seedName };
  else throw new Error(`Unknown seed '${seedName}': use demo, empty or generated.`);
  // --limits: Jira Cloud's Tier 1 quota and burst limits; --quota N / --tenant change the pool.
  const quota = arg('quota');
  const tenant = process.argv.includes('--tenant');
  const limits: LimitsSettings | undefined =
    process.argv.includes('--limits') || quota || tenant
      ? {
          ...TIER1_LIMITS,
          quota: {
            enabled: true,
            mode: tenant ? 'tenant' : 'global',
            ...(quota ? { points: Number(quota) } : {}),
          },
        }
      : undefined;
  const em = await startEmulator({
    port: num('port', 3001),
    host: arg('host'),
    seed,
    persistFile: arg('persist'),
    limits,
  });
  console.log(`Jira emulator (${seedName}) listening on ${em.url}`);
  console.log(`  try: curl -u admin@example.com:any ${em.url}/rest/api/3/project/search`);
  const stop = () => {
    void em.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
