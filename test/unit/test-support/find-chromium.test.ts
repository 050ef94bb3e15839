// The browser suites launch the Chromium or Chrome a developer has, wherever their platform put
// it, and say how to get one when there is none.
import { findChromium, NO_CHROMIUM } from '../../e2e/find-chromium';

function lookup(
  platform: NodeJS.Platform,
  present: string[],
  env: Record<string, string | undefined> = {},
) {
  const checked: string[] = [];
  const exists = (file: string) => {
    checked.push(file);
    return present.includes(file);
  };
  return { find: () => findChromium({ env, platform, exists }), checked };
}

describe('findChromium', () => {
  test('CHROMIUM_PATH comes first, even where a usual place has one', () => {
    const { find } = lookup('linux', ['/opt/chrome/chrome', '/usr/bin/chromium'], {
      CHROMIUM_PATH: '/opt/chrome/chrome',
    });
    expect(find()).toBe('/opt/chrome/chrome');
  });

  test('a CHROMIUM_PATH that names nothing is an error naming it, not a reason to launch another', () => {
    const { find } = lookup('linux', ['/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/none' });
    expect(find).toThrow(
      'CHROMIUM_PATH is /opt/none, which does not exist: set it to a Chromium or Chrome executable.',
    );
  });

  test('Linux: Debian chromium, then chromium-browser, Google Chrome, Chrome stable, the snap', () => {
    const { find, checked } = lookup('linux', ['/snap/bin/chromium']);
    expect(find()).toBe('/snap/bin/chromium');
    expect(checked).toEqual([
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/snap/bin/chromium',
    ]);
    expect(lookup('linux', ['/usr/bin/chromium', '/usr/bin/google-chrome']).find()).toBe(
      '/usr/bin/chromium',
    );
    expect(lookup('linux', ['/usr/bin/google-chrome-stable']).find()).toBe(
      '/usr/bin/google-chrome-stable',
    );
  });

  test('macOS: Google Chrome, then Chromium, in /Applications', () => {
    const chromiumApp = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    const { find, checked } = lookup('darwin', [chromiumApp, '/usr/bin/chromium']);
    expect(find()).toBe(chromiumApp);
    expect(checked).toEqual([
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      chromiumApp,
    ]);
  });

  test('Windows: Chrome under Program Files, Program Files (x86), then the user’s local app data', () => {
    const env = {
      ProgramFiles: 'C:\\Program Files',
      'ProgramFiles(x86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local',
    };
    const userChrome = 'C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const { find, checked } = lookup('win32', [userChrome], env);
    expect(find()).toBe(userChrome);
    expect(checked).toEqual([
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      userChrome,
    ]);
    // A variable that is not set is no place to look.
    expect(lookup('win32', [], { LOCALAPPDATA: 'C:\\L' }).checked).toEqual([]);
  });

  test('none found: one sentence saying how to get one', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(lookup(platform, []).find).toThrow(NO_CHROMIUM);
    expect(NO_CHROMIUM).toBe(
      'No Chromium or Chrome found: install one (Debian: apt-get install chromium) or set CHROMIUM_PATH to its executable.',
    );
  });
});
