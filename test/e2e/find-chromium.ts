// Where the browser suites find Chromium or Chrome: CHROMIUM_PATH, else the usual install places
// of the platform. Pure (env, platform and the file check are passed in) so it is tested on any OS.
import path from 'path';

export interface ChromiumLookup {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  exists: (file: string) => boolean;
}

export const NO_CHROMIUM =
  'No Chromium or Chrome found: install one (Debian: apt-get install chromium) or set CHROMIUM_PATH to its executable.';

const LINUX = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];
const MACOS = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
const WINDOWS_ROOTS = ['PROGRAMFILES', 'PROGRAMFILES(X86)', 'LOCALAPPDATA'];

/** Windows spells these variables in any case (ProgramFiles, LOCALAPPDATA); so does process.env. */
function envVar(env: ChromiumLookup['env'], name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key] || undefined;
}

/** The places looked in after CHROMIUM_PATH, in order. */
export function chromiumCandidates({ env, platform }: Omit<ChromiumLookup, 'exists'>): string[] {
  if (platform === 'darwin') return MACOS;
  if (platform === 'win32')
    return WINDOWS_ROOTS.flatMap((name) => {
      const root = envVar(env, name);
      return root ? [path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe')] : [];
    });
  return LINUX;
}

/** The executable to launch; throws one sentence saying how to get one when there is none. */
export function findChromium({ env, platform, exists }: ChromiumLookup): string {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    // Asked for by name: a wrong path is an error, not a reason to launch another browser.
    if (exists(chosen)) return chosen;
    throw new Error(
      `CHROMIUM_PATH is ${chosen}, which does not exist: set it to a Chromium or Chrome executable.`,
    );
  }
  const found = chromiumCandidates({ env, platform }).find(exists);
  if (found) return found;
  throw new Error(NO_CHROMIUM);
}
