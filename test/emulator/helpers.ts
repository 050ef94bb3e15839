// Starts an emulator per test file and calls it as a seeded user.
import { type RunningEmulator, type SeedSpec, startEmulator } from '../../local/jira-emulator';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** An email (Basic auth), `{ bearer: accountId }`, or null for no credentials. */
  as?: string | { bearer: string } | null;
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  raw?: string;
  headers?: Record<string, string>;
}

export class Client {
  constructor(readonly url: string) {}

  async call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
    const as = opts.as === undefined ? 'admin@example.com' : opts.as;
    if (typeof as === 'string')
      headers.authorization = `Basic ${Buffer.from(`${as}:any-token`).toString('base64')}`;
    else if (as) headers.authorization = `Bearer ${as.bearer}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  reset(seed: SeedSpec = { seed: 'demo' }) {
    return this.call('POST', '/__emulator/reset', { body: seed, as: null });
  }
}

export async function start(
  seed: SeedSpec = { seed: 'demo' },
): Promise<{ em: RunningEmulator; client: Client }> {
  const em = await startEmulator({ port: 0, seed });
  return { em, client: new Client(em.url) };
}
