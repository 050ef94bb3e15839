// The local Forge host: runs the app's real code (bundled like Forge does) against the Jira
// emulator, with Forge's runtime hooks, KVS, async events, triggers, limits and Custom UI bridge.
// See README.md for the HTTP API.
import type { AddressInfo } from 'net';

import { HostCore, type HostOptions, type InvokeRequest, type InvokeResult } from './host';
import { createHttpServer } from './http-api';
import type { InvocationRecord } from './invocations';

export type { HostOptions, InvocationRecord, InvokeRequest, InvokeResult };

export interface StartHostOptions extends HostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
  invoke(req: InvokeRequest): Promise<InvokeResult>;
  runTrigger(key: string): Promise<{ ok: boolean; invocations: InvocationRecord[] }>;
  waitForIdle(): Promise<void>;
  /** Internals for tests and tools (KVS store, invocation log, queue). */
  core: HostCore;
}

export async function startHost(opts: StartHostOptions): Promise<RunningHost> {
  if (!opts?.jiraUrl) throw new Error("startHost needs jiraUrl: the Jira emulator's base URL.");
  const core = await HostCore.create(opts);
  const server = createHttpServer(core);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    core,
    invoke: (req) => core.invoke(req),
    runTrigger: (key) => core.runTrigger(key),
    waitForIdle: () => core.waitForIdle(),
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await core.close();
    },
  };
}
