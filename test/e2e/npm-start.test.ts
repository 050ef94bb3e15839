// `npm start`, as the README's first line runs it (in memory, a short schedule): it serves the
// admin page with its assets, and the first scheduled run enforces the demo rule in the
// emulator. `npm test` builds the pages first, so this starts with --no-build.
import { type ChildProcess, spawn } from 'child_process';
import net from 'net';
import path from 'path';

import { ADMIN_ACCOUNT_ID, DEMO, ROLE } from '../../local/jira-emulator';

const ROOT = path.resolve(__dirname, '../..');
let child: ChildProcess;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Polls `check` until it returns a value (not undefined) or `ms` pass; the output helps a failure. */
async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end || child.exitCode !== null)
      throw new Error(`Timed out waiting for ${what}. npm start printed:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let hostUrl: string;
let jiraUrl: string;
beforeAll(async () => {
  const [port, jiraPort] = [await freePort(), await freePort()];
  hostUrl = `http://localhost:${port}`;
  jiraUrl = `http://localhost:${jiraPort}`;
  child = spawn('npm', ['start', '--', '--in-memory', '--no-build', '--schedule-ms', '1000'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), JIRA_PORT: String(jiraPort) },
    detached: true, // its own process group, so npm, tsx and node all stop together
  });
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  await until('the printed URLs', 90_000, () =>
    Promise.resolve(output.includes('Admin page:') ? true : undefined),
  );
}, 120_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
});

test('the admin page is served with the app frame and its assets', async () => {
  const shell = await fetch(`${hostUrl}/admin`);
  expect(shell.status).toBe(200);
  const frame = /<iframe id="forge-app"[^>]* src="([^"]+)"/.exec(await shell.text())?.[1];
  expect(frame).toBeDefined();
  const page = await fetch(new URL(frame!.replace(/&amp;/g, '&'), hostUrl));
  expect(page.status).toBe(200);
  const html = await page.text();
  const script = /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const asset = await fetch(new URL(script!, page.url));
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/javascript/);
});

test("the first scheduled run adds the demo rule's groups to every desk, team-managed MKT too", async () => {
  const wanted = [DEMO.groups.contosoCustomers.groupId, DEMO.groups.fabrikamCustomers.groupId];
  // MKT is team-managed: its customer role is its own, hidden from Jira's project settings.
  const roleOf = (key: string) =>
    key === 'MKT' ? DEMO.mktRoles.customer : ROLE.SERVICE_DESK_CUSTOMERS;
  const actors = async (key: string): Promise<string[]> => {
    const r = await fetch(`${jiraUrl}/rest/api/3/project/${key}/role/${roleOf(key)}`, {
      headers: { authorization: `Bearer ${ADMIN_ACCOUNT_ID}` },
    });
    const body = (await r.json()) as { actors: { actorGroup?: { groupId: string } }[] };
    return body.actors.flatMap((a) => (a.actorGroup ? [a.actorGroup.groupId] : []));
  };
  for (const key of ['ITHELP', 'HR', 'FAC', 'MKT'])
    await until(`the groups in ${key}'s customers role`, 60_000, async () => {
      const now = await actors(key);
      return wanted.every((g) => now.includes(g)) ? true : undefined;
    });
  const log = (await (await fetch(`${hostUrl}/api/invocations`)).json()) as {
    invocations: { kind?: string; moduleKey: string; ok: boolean }[];
  };
  expect(log.invocations.some((i) => i.moduleKey === 'enforce-hourly' && i.ok)).toBe(true);
  // The hand-made binding stays.
  expect(await actors('HR')).toContain(DEMO.groups.hrStaff.groupId);
}, 90_000);
