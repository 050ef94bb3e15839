// What the app writes to the console, kept as `forge logs` keeps it: each line with its level
// and the invocation that wrote it. Read with GET /api/logs?since=, attached to invocation
// records, and printed readably by `npm start`. A ring, so a long run stays small in memory.
import type { InvocationKind } from './invocations';

export type AppLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface AppLogLine {
  /** Grows by one per line: pass the last one seen as `since` to read what came after. */
  seq: number;
  at: string;
  level: AppLogLevel;
  text: string;
  /** Absent for lines written outside an invocation (while the bundle loads). */
  invocationId?: string;
  kind?: InvocationKind;
  /** The function key in manifest.yml, and the resolver function for resolvers. */
  function?: string;
  functionKey?: string;
}

export type AppLogSource = Pick<AppLogLine, 'invocationId' | 'kind' | 'function' | 'functionKey'>;

/** console.* method -> the level Forge shows for it. */
export function levelOfConsole(method: string): AppLogLevel {
  if (method === 'error') return 'ERROR';
  if (method === 'warn') return 'WARN';
  if (method === 'debug' || method === 'trace') return 'DEBUG';
  return 'INFO';
}

export class AppLogs {
  private readonly ring: AppLogLine[] = [];
  private seq = 0;

  constructor(private readonly capacity = 10_000) {}

  add(level: AppLogLevel, text: string, source: AppLogSource): AppLogLine {
    const line: AppLogLine = { seq: ++this.seq, at: new Date().toISOString(), level, text };
    for (const [k, v] of Object.entries(source))
      if (v !== undefined) Object.assign(line, { [k]: v });
    this.ring.push(line);
    if (this.ring.length > this.capacity) this.ring.shift();
    return line;
  }

  /**
   * Lines after `since` (oldest first), at most `limit`; `next` is the `since` of the next
   * read, and `dropped` counts lines after `since` that the ring no longer holds.
   */
  read(opts: { since?: number; limit?: number; invocationId?: string } = {}) {
    const since = Math.max(0, opts.since ?? 0);
    const limit = Math.min(Math.max(1, opts.limit ?? 1000), 10_000);
    const oldest = this.ring[0]?.seq ?? this.seq + 1;
    const lines: AppLogLine[] = [];
    for (const l of this.ring) {
      if (l.seq <= since || (opts.invocationId && l.invocationId !== opts.invocationId)) continue;
      if (lines.length === limit) break;
      lines.push(l);
    }
    const next = lines.length === limit ? lines[lines.length - 1].seq : this.seq;
    return { lines, next, dropped: Math.max(0, oldest - since - 1) };
  }

  /** The lines of one invocation still in the ring. */
  of(invocationId: string): AppLogLine[] {
    return this.ring.filter((l) => l.invocationId === invocationId);
  }
}

/**
 * One line for a person: `12:00:01 INFO  enforce-batch  jira.retry runId=... status=429`.
 * The app's JSON lines are spread into `key=value`; any other text is shown as it is.
 */
export function formatAppLog(l: AppLogLine): string {
  const time = l.at.slice(11, 23);
  const fn = l.functionKey ? `${l.function}:${l.functionKey}` : (l.function ?? '-');
  let body = l.text;
  try {
    const parsed: unknown = JSON.parse(l.text);
    if (parsed && typeof parsed === 'object' && 'event' in parsed) {
      const { event, level: _level, invocation: _inv, ...rest } = parsed as Record<string, unknown>;
      const fields = Object.entries(rest).map(([k, v]) => `${k}=${fieldText(v)}`);
      body = [String(event), ...fields].join(' ');
    }
  } catch {
    // Not JSON: the app printed plain text, shown as it is.
  }
  return `[app] ${time} ${l.level.padEnd(5)} ${fn}  ${body}`;
}

function fieldText(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}
