// The Jira emulator and the local Forge host running the app's real code, started together on
// free ports with nothing kept on disk and no schedule: what the benches and the integration
// tests stand on. `npm start` keeps its own start-up (fixed ports, a saved site, a schedule).
import { type RunningHost, startHost, type StartHostOptions } from './forge-host';
import {
  ADMIN_ACCOUNT_ID,
  APP_ACCOUNT_ID,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from './jira-emulator';
import type { LoggedRequest } from './jira-emulator/request-log';

export type { LoggedRequest };

/** Calls the emulator's control API (`/__emulator/<path>`); answers its JSON. */
export type EmulatorControl = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

export function emulatorControl(jiraUrl: string): EmulatorControl {
  return async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${jiraUrl}/__emulator/${path}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** The emulator's request log since it was last cleared, all its pages, as far as `keep` keeps. */
export async function loggedRequests(
  control: EmulatorControl,
  keep: (r: LoggedRequest) => boolean,
): Promise<LoggedRequest[]> {
  const out: LoggedRequest[] = [];
  for (let since = 0; ;) {
    const page = await control<{ requests: LoggedRequest[]; next: number }>(
      'GET',
      `requests?since=${since}`,
    );
    out.push(...page.requests.filter(keep));
    if (page.next === since || page.requests.length === 0) return out;
    since = page.next;
  }
}

/** A host for the app against a running emulator: KVS in memory, scheduler off, quiet. */
export function startLocalHost(
  jiraUrl: string,
  opts: Partial<StartHostOptions> = {},
): Promise<RunningHost> {
  return startHost({
    jiraUrl,
    dataDir: null,
    schedulerIntervalMs: 0,
    appAccountId: APP_ACCOUNT_ID,
    adminAccountId: ADMIN_ACCOUNT_ID,
    log: () => undefined,
    ...opts,
  });
}

export interface LocalStack {
  emulator: RunningEmulator;
  host: RunningHost;
  control: EmulatorControl;
  /** Closes the host, then the emulator. */
  close(): Promise<void>;
}

/** An in-process emulator (the demo site unless `emulator.seed` says otherwise) and a host. */
export async function startLocalStack(
  opts: { emulator?: Omit<EmulatorOptions, 'port'>; host?: Partial<StartHostOptions> } = {},
): Promise<LocalStack> {
  const emulator = await startEmulator({ port: 0, seed: 'demo', ...opts.emulator });
  const host = await startLocalHost(emulator.url, opts.host).catch(async (err: unknown) => {
    await emulator.close();
    throw err;
  });
  return {
    emulator,
    host,
    control: emulatorControl(emulator.url),
    async close() {
      await host.close();
      await emulator.close();
    },
  };
}
