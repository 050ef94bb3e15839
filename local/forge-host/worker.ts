// Runs inside a worker thread: one Forge "container". It installs the two runtime hooks the
// real SDKs read (global.__forge_fetch__ and global.__forge_runtime__) BEFORE it requires the
// app bundle, then runs one invocation at a time, as a Forge lambda does. Every platform call
// the SDKs make (product REST, KVS, queue) goes to the host over the parent port, so the host
// can apply scopes, limits and faults in one place. A worker that overruns its limit is
// terminated by the host; nothing here needs to cooperate with that.
import { format } from 'util';
import { parentPort, workerData } from 'worker_threads';

import { installClock, realNow, setClockOffset } from './worker-clock';

interface InvokeMsg {
  type: 'invoke';
  /** The host's clock offset (ms) when the invocation started. */
  clockOffsetMs?: number;
  invocationId: string;
  exportName: string;
  args: unknown[];
  runtime: Record<string, unknown>;
  deadline: number;
}
interface ClockMsg {
  type: 'clock';
  offsetMs: number;
}
interface FetchReply {
  type: 'fetchResult';
  id: number;
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  body: string | null;
  error?: string;
}

const port = parentPort!;
installClock(workerData.clockOffsetMs ?? 0);
const pendingFetches = new Map<number, (r: FetchReply) => void>();
let nextFetchId = 1;
let currentInvocation: string | null = null;

async function bodyToString(body: unknown): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  // URLSearchParams, Buffer, Blob...: let the platform's Response serialise it.
  return await new Response(body as BodyInit).text();
}

function headersToObject(h: unknown): Record<string, string> {
  if (!h) return {};
  if (typeof (h as Headers).forEach === 'function' && !Array.isArray(h)) {
    const out: Record<string, string> = {};
    (h as Headers).forEach((v, k) => {
      out[k] = v;
    });
    return out;
  }
  if (Array.isArray(h)) return Object.fromEntries(h as [string, string][]);
  return { ...(h as Record<string, string>) };
}

(global as any).__forge_fetch__ = async (target: unknown, path: string, init: any = {}) => {
  const id = nextFetchId++;
  const body = await bodyToString(init?.body);
  const reply = await new Promise<FetchReply>((resolve) => {
    pendingFetches.set(id, resolve);
    port.postMessage({
      type: 'fetch',
      id,
      invocationId: currentInvocation,
      target,
      path,
      init: { method: init?.method ?? 'GET', headers: headersToObject(init?.headers), body },
    });
  });
  if (reply.error) throw new TypeError(`fetch failed: ${reply.error}`);
  const nullBody = reply.status === 204 || reply.status === 304 || reply.status < 200;
  return new Response(nullBody ? null : (reply.body ?? ''), {
    status: reply.status,
    statusText: reply.statusText,
    headers: reply.headers,
  });
};

// Forge keeps what a function writes to the console as its logs (`forge logs`): so does the
// host, with the invocation that wrote each line. Messages on the port keep their order, so an
// invocation's lines reach the host before its result.
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  console[method] = (...args: unknown[]) => {
    port.postMessage({
      type: 'log',
      invocationId: currentInvocation,
      method,
      text: format(...args),
    });
  };
}

const noopTimer = { stop: () => undefined };
const metrics = {
  counter: () => ({ incr: () => undefined, decr: () => undefined }),
  timing: () => ({ measure: () => noopTimer }),
  gauge: () => ({ set: () => undefined }),
  histogram: () => ({ record: () => undefined }),
};

function installRuntime(msg: InvokeMsg): void {
  (global as any).__forge_runtime__ = {
    ...msg.runtime,
    metrics,
    lambdaContext: {
      functionName: msg.exportName,
      awsRequestId: msg.invocationId,
      getRemainingTimeInMillis: () => Math.max(0, msg.deadline - realNow()),
    },
  };
}

// The hooks exist from here on: now load the app, as Forge's runtime does.
installRuntime({
  type: 'invoke',
  invocationId: 'load',
  exportName: 'load',
  args: [],
  runtime: workerData.loadRuntime ?? {},
  deadline: realNow() + 60_000,
});
let app: Record<string, unknown>;
try {
  // The bundle's path is known only at run time, as on Forge; it is CommonJS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  app = require(workerData.appBundle);
  port.postMessage({ type: 'ready' });
} catch (e) {
  port.postMessage({
    type: 'loadError',
    message: e instanceof Error ? `${e.message}\n${e.stack}` : String(e),
  });
}

function serialiseError(e: unknown) {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: typeof e === 'string' ? e : JSON.stringify(e) };
}

port.on('message', (msg: InvokeMsg | FetchReply | ClockMsg) => void onMessage(msg));

async function onMessage(msg: InvokeMsg | FetchReply | ClockMsg): Promise<void> {
  if (msg.type === 'clock') {
    setClockOffset(msg.offsetMs);
    return;
  }
  if (msg.type === 'fetchResult') {
    const resolve = pendingFetches.get(msg.id);
    pendingFetches.delete(msg.id);
    resolve?.(msg);
    return;
  }
  if (msg.type !== 'invoke') return;
  currentInvocation = msg.invocationId;
  setClockOffset(msg.clockOffsetMs ?? 0);
  installRuntime(msg);
  const started = realNow();
  try {
    const fn = app[msg.exportName];
    if (typeof fn !== 'function')
      throw new Error(
        `The app bundle has no exported function "${msg.exportName}": check the handler in manifest.yml against src/index.ts.`,
      );
    const value = await (fn as (...a: unknown[]) => unknown)(...msg.args);
    // Forge returns JSON to its callers: what cannot be JSON does not survive the trip there either.
    const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
    port.postMessage({
      type: 'result',
      invocationId: msg.invocationId,
      ok: true,
      value: json,
      ms: realNow() - started,
    });
  } catch (e) {
    port.postMessage({
      type: 'result',
      invocationId: msg.invocationId,
      ok: false,
      error: serialiseError(e),
      ms: realNow() - started,
    });
  } finally {
    currentInvocation = null;
  }
}
