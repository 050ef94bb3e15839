// Both pages in the admin's language and time zone, as Forge's view context carries them (the
// local host takes them as ?locale= and ?tz=). Against the emulator (demo seed, the demo rule,
// one hourly run), in German (Berlin) and Japanese (Tokyo), in the frame an 800 px window leaves:
//   - every tab of the admin page and the project page: no English sentence of the catalogue left
//     on screen, no catalogue key shown raw, no text clipped or word broken, no WCAG A/AA violation;
//   - moments are shown in the viewer's time zone, with UTC on hover.
// Screenshots go to test-results/screenshots (docs/screenshots with DOCS_SCREENSHOTS=1).
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';

import { DEMO, demoRule, type Stack, startStack } from '../integration/stack';
import {
  axeViolations,
  buildPageIfStale,
  layoutProblems,
  openBrowser,
  ROOT,
  SHOTS,
} from './browser';

jest.setTimeout(300_000);

const FRAME_WIDTH = 559;
const VIEWERS = [
  { locale: 'de-DE', tz: 'Europe/Berlin' },
  { locale: 'ja-JP', tz: 'Asia/Tokyo' },
];

type Node = string | { [key: string]: Node };
const catalogue = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', `${locale}.json`), 'utf8')) as Node;

function leaves(node: Node, prefix = '', out = new Map<string, string>()) {
  if (typeof node === 'string') out.set(prefix, node);
  else for (const [k, v] of Object.entries(node)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/**
 * English a page in `locale` must not show: the parts of each English message between its
 * placeholders that read as words (two words, or a word of five letters or more), unless that
 * language's own message has the same part (a brand name, "Jira").
 */
function englishLeft(locale: string): string[] {
  const own = leaves(catalogue(locale));
  const parts = new Set<string>();
  for (const [key, text] of leaves(catalogue('en-US'))) {
    const theirs = own.get(key) ?? '';
    for (const raw of text.split(/\{\w+\}/)) {
      const part = raw.trim().replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '');
      const words = part.match(/[A-Za-z]+/g) ?? [];
      if (!(words.length >= 2 || words.some((w) => w.length >= 5))) continue;
      if (theirs.includes(part)) continue;
      parts.add(part);
    }
  }
  return [...parts];
}

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  buildPageIfStale('admin');
  buildPageIfStale('project');
  stack = await startStack();
  // A rule named in the viewer's language, as an admin there would name it: the check for
  // English left on the page then reads the app's words, not the admin's.
  await stack.admin('saveRule', { rule: { ...demoRule(), name: 'Kunden: alle Projekte' } });
  await stack.scheduledRun();
  ({ browser, page } = await openBrowser({ viewport: { width: FRAME_WIDTH, height: 900 } }));
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function shot(name: string) {
  const dir = process.env.DOCS_SCREENSHOTS ? path.join(ROOT, 'docs', 'screenshots') : SHOTS;
  fs.mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** The app's frame for a shell page, opened on its own so the whole of it can be read. */
async function openFrame(shellPath: string) {
  await page.goto(`${stack.host.url}${shellPath}`);
  const src = await page.locator('iframe#forge-app').getAttribute('src');
  await page.goto(new URL(src!, stack.host.url).href);
}

/** Waits until the page shows no spinner and its text stops changing. */
async function settled() {
  let last = '';
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(250);
    const now = await page.evaluate(() => document.body.innerText);
    const busy = await page.locator('[role="progressbar"], [data-testid$="spinner"]').count();
    if (now === last && !busy) return;
    last = now;
  }
}

/** Names on the demo site (projects, groups, organizations, the role): data, in any language. */
const DATA_NAMES = [
  ...Object.values(DEMO.projects).map((p) => p.name),
  ...Object.values(DEMO.groups).map((g) => g.name),
  ...Object.values(DEMO.organizations).map((o) => o.name),
  ...Object.values(DEMO.categories).map((c) => c.name),
  'Service Desk Customers',
];

/** What is wrong with the page as the viewer sees it, one line each. */
async function problems(locale: string): Promise<string[]> {
  const shown = await page.evaluate(() => document.body.innerText);
  const text = DATA_NAMES.reduce((t, name) => t.split(name).join(' '), shown);
  if (process.env.DUMP_TEXT) fs.appendFileSync(process.env.DUMP_TEXT, `\n=====\n${shown}`);
  // As whole words: German "hundert" holds "under" and is not English.
  const english = englishLeft(locale).filter((part) =>
    new RegExp(
      `(?<![A-Za-zÀ-ÿ])${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-zÀ-ÿ])`,
    ).test(text),
  );
  const keys = text.match(
    /\b(?:common|time|list|trigger|admin|rules|runs|health|audit|settings|requests|project|shared)\.[A-Za-z]+(?:\.[A-Za-z]+)+\b/g,
  );
  return [
    ...english.map((part) => `English left: "${part}"`),
    ...(keys ?? []).map((k) => `raw key: ${k}`),
    ...(await layoutProblems(page)),
    ...(await axeViolations(page)),
  ];
}

describe.each(VIEWERS)('in $locale ($tz)', ({ locale, tz }) => {
  const place = `locale=${locale}&tz=${encodeURIComponent(tz)}`;

  test('every tab of the admin page reads in that language and fits', async () => {
    await openFrame(`/admin?${place}`);
    await page.getByRole('tab').first().waitFor({ timeout: 30_000 });
    const tabs = await page.getByRole('tab').count();
    expect(tabs).toBeGreaterThanOrEqual(7);
    const found: Record<string, string[]> = {};
    for (let i = 0; i < tabs; i++) {
      const tab = page.getByRole('tab').nth(i);
      const name = (await tab.innerText()).trim();
      await tab.click();
      await settled();
      await shot(`language-${locale}-admin-${i + 1}`);
      const wrong = await problems(locale);
      if (wrong.length) found[name] = wrong;
    }
    expect(found).toEqual({});
  });

  test("a run's moments are in the viewer's time zone, with UTC on hover", async () => {
    await openFrame(`/admin/runs?${place}`);
    const moment = page.locator('time[datetime]:visible').first();
    await moment.waitFor({ timeout: 30_000 });
    const iso = (await moment.getAttribute('datetime'))!;
    const shown = (await moment.innerText()).trim();
    const inZone = (o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locale, { ...o, timeZone: tz }).format(new Date(iso));
    expect([
      inZone({ dateStyle: 'medium', timeStyle: 'short' }),
      inZone({ timeStyle: 'short' }),
      inZone({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
    ]).toContain(shown);
    await moment.hover();
    await page.getByRole('tooltip').waitFor();
    expect(await page.getByRole('tooltip').innerText()).toContain('UTC');
  });

  test('the project page reads in that language and fits', async () => {
    const hr = DEMO.projects.HR.key;
    await openFrame(`/projects/${hr}/settings?${place}`);
    await settled();
    await shot(`language-${locale}-project`);
    expect(await problems(locale)).toEqual([]);
  });
});
