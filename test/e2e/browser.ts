// What the e2e suites share: building a Custom UI page as `npm run build:<page>` does
// (scripts/lib/pages.ts), Chromium, and full-page screenshots in test-results/screenshots.
import fs from 'fs';
import path from 'path';
import {
  type Browser,
  type BrowserContextOptions,
  chromium,
  type Frame,
  type Locator,
  type Page,
} from 'playwright-core';

import { buildPageIfStale } from '../../scripts/lib/pages';
import { type Stack, startStack } from '../integration/stack';
import { findChromium } from './find-chromium';

export const ROOT = path.resolve(__dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
export { buildPageIfStale } from '../../scripts/lib/pages';

/**
 * Headless Chromium (CHROMIUM_PATH, else where the platform installs it), with nothing reaching
 * the network on its own. Rejects with how to get one when there is none, so a browser suite
 * fails rather than passes without a browser.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium({
    env: process.env,
    platform: process.platform,
    exists: (file) => fs.existsSync(file),
  });
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Headless Chromium and one 1280 × 900 page that reports its errors; the screenshots folder exists. */
export async function openBrowser(
  pageOptions: BrowserContextOptions = {},
): Promise<{ browser: Browser; page: Page }> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...pageOptions });
  page.on('pageerror', (e) => console.warn(`page error: ${e.message}`));
  return { browser, page };
}

/** A full-page screenshot, test-results/screenshots/<name>.png, once the page has settled. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Opens the admin page's app itself (the shell's frame), so full-page screenshots show all. */
export async function gotoAdminApp(page: Page, hostUrl: string): Promise<void> {
  await page.goto(`${hostUrl}/admin`);
  const src = await page.locator('iframe#forge-app').getAttribute('src');
  await page.goto(new URL(src!, hostUrl).href);
}

/** A suite's demo site, Chromium, and the admin page built and open on its Rules tab. */
export async function openAdminSession(): Promise<{ stack: Stack; browser: Browser; page: Page }> {
  buildPageIfStale('admin');
  const stack = await startStack();
  const { browser, page } = await openBrowser();
  await gotoAdminApp(page, stack.host.url);
  await page.getByRole('heading', { name: 'Rules', level: 2 }).waitFor({ timeout: 30_000 });
  return { stack, browser, page };
}

/** axe-core's WCAG 2.x A and AA rules over the page as it is now: one line per violation. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return (result.violations as any[]).map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join('; ')})`,
  );
}

/**
 * Text that does not fit: an element whose text is cut (scrollWidth beyond its box while it
 * hides overflow), words broken across two lines (a word's range with rects on two lines), and
 * actions out of reach (a button cut off by an ancestor that hides overflow instead of scrolling).
 */
export async function layoutProblems(page: Page | Frame): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (!el.offsetParent || el.children.length > 0 || !(el.textContent ?? '').trim()) continue;
      // Visually hidden text (for screen readers only) is a 1 px box by design.
      if (el.getBoundingClientRect().width <= 1) continue;
      const style = getComputedStyle(el);
      const hides =
        ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
      if (hides && el.scrollWidth > el.clientWidth + 1) problems.push(`clipped: ${describe(el)}`);
    }
    for (const btn of Array.from(document.querySelectorAll<HTMLElement>('button, [role=tab]'))) {
      if (btn.offsetParent && btn.scrollWidth > btn.clientWidth + 1)
        problems.push(`clipped: ${describe(btn)}`);
    }
    for (const btn of Array.from(document.querySelectorAll<HTMLElement>('button, a[href]'))) {
      if (!btn.offsetParent) continue;
      const box = btn.getBoundingClientRect();
      for (let up = btn.parentElement; up && up !== document.body; up = up.parentElement) {
        const { overflowX } = getComputedStyle(up);
        if (overflowX === 'auto' || overflowX === 'scroll') break;
        if (overflowX !== 'hidden' && overflowX !== 'clip') continue;
        const clip = up.getBoundingClientRect();
        if (box.right > clip.right + 1 || box.left < clip.left - 1) {
          problems.push(`out of reach: ${describe(btn)}`);
          break;
        }
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent?.offsetParent) continue;
      const text = node.textContent ?? '';
      for (const m of text.matchAll(/[A-Za-z]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`word broken: "${m[0]}" in ${describe(parent)}`);
      }
    }
    return [...new Set(problems)];
  });
}

/**
 * Presses Run now on the Runs tab and confirms it: the dialog first says what the run removes,
 * and its button is ready once that is known.
 */
export async function pressRunNow(page: Page, runs: Locator): Promise<void> {
  await runs.getByRole('button', { name: 'Run now' }).click();
  await page.getByTestId('run-now-dialog-confirm').click({ timeout: 60_000 });
}
