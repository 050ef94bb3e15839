// One small logger for what an operator reads in `forge logs`. Each line is one JSON object:
// level, event, and fields (run id, invocation kind, project key, counts, account ids). It never
// carries people's names, emails or tokens: fields are ids, keys, counts and flags, and every
// string (error messages from Jira may quote a group or a person) is scrubbed first.
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
// LOG_LEVEL is a Forge environment variable (`forge variables set LOG_LEVEL debug`).
let minLevel: LogLevel = levelOf(process.env.LOG_LEVEL) ?? 'info';
let sink: (level: LogLevel, line: string) => void = (level, line) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else if (level === 'debug') console.debug(line);
  else console.log(line);
};

function levelOf(name: string | undefined): LogLevel | undefined {
  const l = name?.trim().toLowerCase();
  return l && l in LEVELS ? (l as LogLevel) : undefined;
}

/** Runs `fn` with fields added to every line it logs, including from awaited calls. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const AUTH = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const SECRET_PARAM = /\b(token|secret|password|api[_-]?key)=[^\s&"']+/gi;
// Jira quotes names in its messages: "'Contoso Customers' is already a member of the role".
// A quote must open after a non-word character and close before one, so "app's" stays.
const QUOTED = /(^|[^\w])(["'\u2018\u201c])[^"'\u2019\u201d\n]{1,200}(["'\u2019\u201d])(?!\w)/g;

/** Free text with emails, credentials and quoted names removed. */
export function scrub(text: string): string {
  return text
    .replace(AUTH, '$1 <redacted>')
    .replace(JWT, '<redacted>')
    .replace(SECRET_PARAM, '$1=<redacted>')
    .replace(EMAIL, '<email>')
    .replace(QUOTED, '$1<name>')
    .slice(0, 500);
}

/**
 * What a line may say about a thrown error: its kind, code and status. The message is kept
 * (scrubbed) only for unexpected errors: a JiraError's call was logged by the client already,
 * and a UserFacingError's message may name a rule; their code says enough.
 */
export function errorFields(err: unknown): LogFields {
  if (!(err instanceof Error)) return { errorName: typeof err, error: String(err) };
  const e = err as Error & { code?: unknown; status?: unknown; responseDetails?: unknown };
  const fields: LogFields = { errorName: e.name };
  if (typeof e.code === 'string') fields.code = e.code;
  if (typeof e.status === 'number') fields.status = e.status;
  // @forge/kvs's ForgeKvsAPIError: the HTTP status and the storage operation that failed.
  const details = e.responseDetails as { status?: unknown; httpPath?: unknown } | undefined;
  if (typeof details?.status === 'number') fields.status = details.status;
  if (typeof details?.httpPath === 'string') fields.storeOp = details.httpPath.split('/').pop();
  if (e.name !== 'JiraError' && e.name !== 'UserFacingError') fields.error = e.message;
  return fields;
}

/** True for errors thrown by @forge/kvs (the app's storage), told apart by name. */
export function isStoreError(err: unknown): boolean {
  return err instanceof Error && err.name.startsWith('ForgeKvs');
}

/** An error on its way to the platform or the page: `store.failed` when storage failed. */
export function logError(event: string, err: unknown, fields: LogFields = {}): void {
  log.error(isStoreError(err) ? 'store.failed' : event, { ...fields, ...errorFields(err) });
}

const RESERVED = new Set(['level', 'event']);

function emit(level: LogLevel, event: string, fields: LogFields = {}): void {
  if (LEVELS[level] < LEVELS[minLevel]) return;
  const line: Record<string, unknown> = { level, event };
  for (const [key, value] of Object.entries({ ...context.getStore(), ...fields })) {
    if (value === undefined || value === null || RESERVED.has(key)) continue;
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
