// `npm run lint:forge` fails on anything in the manifest that would cost the Runs on Atlassian
// badge, saying what it found and why. The check reads the parsed manifest only, so these
// tests take the real manifest.yml, add one thing each, and need no build.
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';

import { REPO_SPECS_DIR } from '../../local/forge-host/scopes';
import { forgeLint } from '../../scripts/lib/forge-lint';
import { describeFinding, runsOnAtlassianFindings } from '../../scripts/lib/runs-on-atlassian';

const ROOT = path.resolve(__dirname, '../..');
const real = () => YAML.parse(fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));
const lines = (manifest: unknown) => runsOnAtlassianFindings(manifest).map(describeFinding);

test('the real manifest keeps the badge', () => {
  expect(runsOnAtlassianFindings(real())).toEqual([]);
});

test.each([
  ['fetch.backend', { fetch: { backend: ['https://api.example.com'] } }],
  ['fetch.client', { fetch: { client: [{ address: 'https://cdn.example.com' }] } }],
  ['images', { images: ['https://img.example.com'] }],
  ['scripts', { scripts: ['https://js.example.com'] }],
  ['styles', { styles: ['https://css.example.com'] }],
  ['frames', { frames: ['https://embed.example.com'] }],
  ['media', { media: ['https://media.example.com'] }],
])('an egress permission (%s) fails it, naming the address', (kind, external) => {
  const manifest = real();
  manifest.permissions.external = external;
  const found = runsOnAtlassianFindings(manifest);
  expect(found).toEqual([
    {
      where: `permissions.external.${kind}[0]`,
      found: expect.stringMatching(/^https:\/\/\w+\.example\.com$/),
      why: expect.stringMatching(/send data outside Atlassian/),
      costsBadge: true,
    },
  ]);
  expect(describeFinding(found[0])).toMatch(
    new RegExp(
      `^manifest\\.yml permissions\\.external\\.${kind}\\[0\\]: https://.* Costs the Runs on Atlassian badge`,
    ),
  );
});

test('analytics egress the badge would allow is refused too, saying so', () => {
  const manifest = real();
  manifest.permissions.external = {
    fetch: {
      backend: [{ address: 'https://stats.example.com', category: 'analytics', inScopeEUD: false }],
    },
  };
  expect(lines(manifest)).toEqual([
    expect.stringMatching(
      /^manifest\.yml permissions\.external\.fetch\.backend\[0\]: https:\/\/stats\.example\.com\. Refused though Runs on Atlassian would allow it: analytics egress/,
    ),
  ]);
});

test('a remote fails it, naming the remote and where data would go', () => {
  const manifest = real();
  manifest.remotes = [
    { key: 'backend', baseUrl: 'https://backend.example.com', operations: ['storage'] },
  ];
  expect(lines(manifest)).toEqual([
    'manifest.yml remotes[0]: backend at https://backend.example.com. Costs the Runs on ' +
      'Atlassian badge: a remote is a service outside Atlassian the app sends data to (to store ' +
      'or compute), where it does not follow the site’s data residency.',
  ]);
});

test('a web trigger fails it: a dynamic one costs the badge, a static one is refused as an open endpoint', () => {
  const manifest = real();
  manifest.modules.webtrigger = [
    { key: 'sync-hook', function: 'admin-resolver' },
    { key: 'typed-hook', function: 'admin-resolver', response: { type: 'dynamic' } },
    {
      key: 'static-hook',
      function: 'admin-resolver',
      response: { type: 'static', outputs: [{ key: 'ok', statusCode: 204 }] },
    },
  ];
  const found = runsOnAtlassianFindings(manifest);
  expect(found.map((f) => [f.where, f.found, f.costsBadge])).toEqual([
    ['modules.webtrigger[0]', 'web trigger sync-hook (response: from the function)', true],
    ['modules.webtrigger[1]', 'web trigger typed-hook (response: dynamic)', true],
    ['modules.webtrigger[2]', 'web trigger static-hook (response: static)', false],
  ]);
  expect(found[0].why).toMatch(/return the app’s data to whoever calls its URL: that is egress/);
  expect(found[2].why).toMatch(/without signing in/);
});

test('a Forge Remote endpoint, Connect modules, an auth provider and a Preview SQL module fail it', () => {
  const manifest = real();
  manifest.modules.endpoint = [{ key: 'remote-resolver', remote: 'backend' }];
  manifest.modules['jira:adminPage'][0].resolver = { endpoint: 'remote-resolver' };
  manifest.modules.sql = [{ key: 'main', engine: 'mysql' }];
  manifest.connectModules = { 'jira:webhooks': [{ key: 'hook' }] };
  manifest.providers = { auth: [{ key: 'okta', name: 'Okta' }] };
  expect(runsOnAtlassianFindings(manifest).map((f) => [f.where, f.found])).toEqual([
    ['connectModules', 'jira:webhooks'],
    ['providers.auth[0]', 'okta'],
    ['modules.jira:adminPage[0]', 'customer-role-sync-admin runs endpoint remote-resolver'],
    ['modules.endpoint[0]', 'endpoint remote-resolver (remote backend)'],
    ['modules.sql[0]', 'SQL module main (dareCompliant not true)'],
  ]);
  // Forge SQL once it follows data residency keeps the badge.
  manifest.modules.sql = [{ key: 'main', engine: 'mysql', dareCompliant: true }];
  expect(runsOnAtlassianFindings(manifest).map((f) => f.where)).not.toContain('modules.sql[0]');
});

test('lint:forge counts each finding as an error and prints it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roa-'));
  try {
    const fixture = path.join(__dirname, 'fixtures/unknown-operation');
    fs.cpSync(fixture, dir, { recursive: true });
    const manifest = YAML.parse(fs.readFileSync(path.join(dir, 'manifest.yml'), 'utf8'));
    const clean: string[] = [];
    const before = await forgeLint(dir, REPO_SPECS_DIR, (l) => clean.push(l));
    manifest.remotes = [{ key: 'backend', baseUrl: 'https://backend.example.com' }];
    manifest.permissions.external = {
      fetch: { backend: [{ address: 'https://api.example.com' }] },
    };
    fs.writeFileSync(path.join(dir, 'manifest.yml'), YAML.stringify(manifest));
    const out: string[] = [];
    const after = await forgeLint(dir, REPO_SPECS_DIR, (l) => out.push(l));
    expect(after.errors).toBe(before.errors + 2);
    expect(clean.join('\n')).toMatch(/Runs on Atlassian: no egress/);
    expect(out.filter((l) => l.includes('Costs the Runs on Atlassian badge'))).toEqual([
      expect.stringMatching(/^manifest\.yml remotes\[0\]: backend at https:\/\/backend/),
      expect.stringMatching(
        /^manifest\.yml permissions\.external\.fetch\.backend\[0\]: https:\/\/api/,
      ),
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
