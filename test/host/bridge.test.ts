// The real @forge/bridge in Chromium, inside the host's shell page: getContext, invoke (with
// the page's module, project and viewer), a failing invoke, and a flag shown by the shell.
import esbuild from 'esbuild';
import fs from 'fs';
import path from 'path';
import type { Browser } from 'playwright-core';

import { launchChromium } from '../e2e/browser';
import { FAKE_ADMIN, FAKE_AGENT } from './helpers/fake-jira';
import { type Env, FIXTURE_APP, startEnv } from './helpers/setup';

let env: Env;
let browser: Browser;

beforeAll(async () => {
  // Build the fixture UI where its manifest resource points (git-ignored).
  const out = path.join(FIXTURE_APP, '.forge-local', 'ui');
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(FIXTURE_APP, 'ui-src', 'index.html'), path.join(out, 'index.html'));
  await esbuild.build({
    entryPoints: [path.join(FIXTURE_APP, 'ui-src', 'app.src.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    outfile: path.join(out, 'app.js'),
    logLevel: 'silent',
  });
  env = await startEnv();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function openApp(url: string) {
  const page = await browser.newPage();
  await page.goto(url);
  const frame = page.frameLocator('#forge-app');
  await frame.locator('#out[data-ready]').waitFor({ timeout: 15_000 });
  const text = await frame.locator('#out').textContent();
  return { page, text: text ?? '' };
}

test('the admin page: the bridge gives the context, invoke reaches the resolver as the viewer, flags show in the shell', async () => {
  const { page, text } = await openApp(`${env.host.url}/admin`);
  expect(text.startsWith('ERROR')).toBe(false);
  const data = JSON.parse(text);
  expect(data.context).toMatchObject({
    accountId: FAKE_ADMIN,
    moduleKey: 'fixture-admin',
    extension: { type: 'jira:adminPage' },
  });
  expect(data.resolverContext).toMatchObject({
    accountId: FAKE_ADMIN,
    moduleKey: 'fixture-admin',
    extension: { type: 'jira:adminPage' },
  });
  expect(data.failure).toBe(
    'There was an error invoking the function - resolver exploded on purpose',
  );
  await page.locator('#flag-done').waitFor();
  expect(await page.locator('#flag-done').textContent()).toContain('Loaded');
  expect(await page.locator('nav a.selected').textContent()).toBe('Fixture Admin');
  await page.close();
});

test('the project settings page, viewed as another user chosen by email', async () => {
  const { page, text } = await openApp(
    `${env.host.url}/projects/HELP/settings?as=agent@example.com`,
  );
  const data = JSON.parse(text);
  expect(data.resolverContext).toMatchObject({
    accountId: FAKE_AGENT,
    extension: {
      type: 'jira:projectSettingsPage',
      project: { id: '10001', key: 'HELP', type: 'service_desk' },
    },
  });
  expect(await page.locator('#as').inputValue()).toBe(FAKE_AGENT);
  await page.close();
});

test('the index lists the pages and service projects', async () => {
  const html = await (await fetch(`${env.host.url}/`)).text();
  expect(html).toContain('href="/admin"');
  expect(html).toContain('href="/projects/HELP/settings"');
  expect((await fetch(`${env.host.url}/projects/NOPE/settings`)).status).toBe(404);
});

test("the viewer's language and time zone reach the context, and the bridge's i18n finds that catalogue", async () => {
  const { page, text } = await openApp(`${env.host.url}/admin?locale=de-DE&tz=Europe/Berlin`);
  const data = JSON.parse(text);
  expect(data.context).toMatchObject({ locale: 'de-DE', timezone: 'Europe/Berlin' });
  expect(data.greeting).toBe('Hallo, {name}');
  // "View as" keeps the language and time zone.
  expect(await page.locator('form input[name="locale"]').inputValue()).toBe('de-DE');
  const info = await (
    await fetch(`${env.host.url}/resources/admin-ui/__LOCALES__/i18n-info.json`)
  ).json();
  expect(info).toEqual({
    translations: { 'title.admin': { 'en-US': 'Fixture Admin', 'de-DE': 'Fixture-Verwaltung' } },
    config: { locales: ['en-US', 'de-DE'], fallback: { default: 'en-US' } },
  });
  await page.close();
});

test('without a locale the context is English in UTC, and the catalogue is the fallback one', async () => {
  const { page, text } = await openApp(`${env.host.url}/admin?locale=xx&tz=Not/AZone%3Cscript`);
  const data = JSON.parse(text);
  expect(data.context).toMatchObject({ locale: 'en-US', timezone: 'UTC' });
  expect(data.greeting).toBe('Hello, {name}');
  await page.close();
});
