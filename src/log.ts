// One small logger for what an operator reads in `forge logs`. Each line is one JSON object:
// level, event, and fields (run id, invocation kind, project key, counts, account ids). It never
// carries people's names, emails or tokens: fields are an allow-list of safe kinds, and any
// free text (error messages from Jira may quote a group or a person) is scrubbed first.
import { AsyncLocalStorage } from 'node:async_hooks';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Fields every line of one invocation carries, set by the entry point and the use case. */
export interface LogContext {
  invocation?: string;
  runId?: string;
  projectKey?: string;
}

/** Values a line may carry: ids, keys, counts, flags, and scrubbed text under `error`. */
export type LogFields = LogContext & {
  [field: string]: string | number | boolean | undefined | null;
};

const context = new AsyncLocalStorage<LogContext>();
let minLevel: LogLevel = 'info';
let sink: (level: LogLevel, line: string) => void = (level, line) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

/** Runs `fn` with fields added to every line it logs, including from awaited calls. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const AUTH = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;
// Jira quotes names in its messages: "'Contoso Customers' is already a member of the role".
const QUOTED = /(["'\u2018\u201c])[^"'\u2019\u201d]{1,200}(["'\u2019\u201d])/g;

/** Free text with emails, credentials and quoted names removed. */
export function scrub(text: string): string {
  return text
    .replace(AUTH, '$1 <redacted>')
    .replace(EMAIL, '<email>')
    .replace(QUOTED, '<name>')
    .slice(0, 500);
}

function emit(level: LogLevel, event: string, fields: LogFields = {}): void {
  if (LEVELS[level] < LEVELS[minLevel]) return;
  const line: Record<string, unknown> = { level, event, ...context.getStore() };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    line[key] = typeof value === 'string' ? scrub(value) : value;
  }
  sink(level, JSON.stringify(line));
}

export const log = {
  debug: (event: string, fields?: LogFields) => emit('debug', event, fields),
  info: (event: string, fields?: LogFields) => emit('info', event, fields),
  warn: (event: string, fields?: LogFields) => emit('warn', event, fields),
  error: (event: string, fields?: LogFields) => emit('error', event, fields),
};

/** Tests: capture lines instead of printing them, and pick the lowest level shown. */
export function setLogSink(next: typeof sink, level: LogLevel = minLevel): void {
  sink = next;
  minLevel = level;
}
