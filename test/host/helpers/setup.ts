// Starts the fake Jira and a host running the fixture app, in memory, scheduler off.
import path from 'path';

import { type RunningHost, startHost, type StartHostOptions } from '../../../local/forge-host';
import { FAKE_ADMIN, FAKE_APP_ACCOUNT, type FakeJira, startFakeJira } from './fake-jira';

export const FIXTURE_APP = path.resolve(__dirname, '../fixtures/app');

export interface Env {
  host: RunningHost;
  jira: FakeJira;
  logs: string[];
  close(): Promise<void>;
}

export async function startEnv(opts: Partial<StartHostOptions> = {}): Promise<Env> {
  const jira = await startFakeJira();
  const logs: string[] = [];
  const host = await startHost({
    jiraUrl: jira.url,
    repoRoot: FIXTURE_APP,
    dataDir: null,
    schedulerIntervalMs: 0,
    appAccountId: FAKE_APP_ACCOUNT,
    adminAccountId: FAKE_ADMIN,
    log: (l) => logs.push(l),
    ...opts,
  });
  return {
    host,
    jira,
    logs,
    close: async () => {
      await host.close();
      await jira.close();
    },
  };
}

/** Calls a fixture resolver function on the admin page and returns its result (throws if the call failed). */
export async function call(
  env: Env,
  functionKey: string,
  payload?: unknown,
  extra: { accountId?: string } = {},
): Promise<any> {
  const r = await env.host.invoke({ moduleKey: 'fixture-admin', functionKey, payload, ...extra });
  if (!r.ok) throw new Error(`${functionKey} failed: ${r.error.message}`);
  return r.result;
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
