// Forge's Key-Value Store, answering the exact requests @forge/kvs sends (POST /api/v1/get, set,
// delete, query, batch/*, transaction, entity/get|set|delete) with Forge's limits and error
// bodies ({code, message}), so the real SDK throws the same ForgeKvsAPIError it would on Forge.
// Custom entities (declared under app.storage.entities) are stored and type-checked, and a
// transaction's conditions on them are evaluated before anything is applied; entity queries
// (indexes) are not implemented. Data lives in Maps and is persisted to one JSON file, written
// atomically (tmp + rename) and debounced so thousands of writes in a run cost a handful of file
// writes.
import fs from 'fs';
import path from 'path';

import {
  ConditionError,
  type Conditions,
  conditionsHold,
  describeConditions,
} from './kvs-conditions';
import type { EntityDef } from './manifest';

export interface KvsAnswer {
  status: number;
  body?: unknown;
}

interface Entry {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
}

export const KVS_LIMITS = {
  keyMaxLength: 500,
  valueMaxBytes: 240 * 1024,
  queryDefaultLimit: 10,
  queryMaxLimit: 20,
  batchMaxItems: 25,
  transactionMaxOps: 25,
  requestMaxBytes: 4 * 1024 * 1024,
};

// From Forge's docs: /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/ ("-" and "#" are literal here).
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const err = (status: number, code: string, message: string) => new KvsError(status, code, message);

/** The operations that write (`/api/v1` stripped). */
export const KVS_WRITE_ROUTES: ReadonlySet<string> = new Set([
  '/set',
  '/delete',
  '/batch/set',
  '/batch/delete',
  '/transaction',
  '/entity/set',
  '/entity/delete',
]);

/** Where the entities live in the persisted file: a name no valid KVS key can have. */
const ENTITIES_FILE_KEY = '\u0000entities';

/** A test fault: the `nth` write touching a key that starts with `keyPrefix` (any key if none). */
export interface WriteFault {
  nth: number;
  keyPrefix?: string;
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length < 1)
    throw err(400, 'KEY_TOO_SHORT', 'The key must be at least 1 character long.');
  if (key.length > KVS_LIMITS.keyMaxLength)
    throw err(
      400,
      'KEY_TOO_LONG',
      `The key is ${key.length} characters; Forge allows at most ${KVS_LIMITS.keyMaxLength}.`,
    );
  if (!KEY_PATTERN.test(key))
    throw err(
      400,
      'INVALID_KEY',
      `The key "${key.slice(0, 80)}" does not match /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/: use only letters, digits and : . _ - # or spaces.`,
    );
  return key;
}

function checkValue(key: string, value: unknown): void {
  if (value === undefined) throw err(400, 'BAD_REQUEST', `No value given for key "${key}".`);
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > KVS_LIMITS.valueMaxBytes) {
    throw err(
      400,
      'MAX_SIZE',
      `The value of "${key}" is ${bytes} bytes; Forge allows at most ${KVS_LIMITS.valueMaxBytes} bytes (240 KiB). Split it across keys.`,
    );
  }
}

function noEntities(item: { entityName?: unknown }): void {
  if (item?.entityName !== undefined)
    throw err(
      400,
      'BAD_REQUEST',
      'The local Forge host does not implement batch operations on custom entities (entityName): use entity get/set/delete or a transaction.',
    );
}

const TTL_UNIT_MS: Record<string, number> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

export interface KvsStoreOptions {
  file?: string | null;
  flushDelayMs?: number;
  /** The entities manifest.yml declares; entity calls for any other name are refused. */
  entities?: EntityDef[];
  /** The host's clock (TTLs expire by it); default Date.now. */
  now?: () => number;
}

export class KvsStore {
  private readonly data = new Map<string, Entry>();
  /** entity name -> key -> entry */
  private readonly entityData = new Map<string, Map<string, Entry>>();
  private readonly entityDefs = new Map<string, EntityDef>();
  private sortedKeys: string[] | null = null;
  private failNextWrites = 0;
  private writeFaults: (WriteFault & { seen: number })[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly file: string | null;
  private readonly flushDelayMs: number;

  private readonly now: () => number;

  constructor(opts: KvsStoreOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.file = opts.file ?? null;
    this.flushDelayMs = opts.flushDelayMs ?? 250;
    for (const e of opts.entities ?? []) this.entityDefs.set(e.name, e);
    if (this.file && fs.existsSync(this.file)) {
      const raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, Entry>;
      const { [ENTITIES_FILE_KEY]: entities, ...plain } = raw as Record<string, unknown>;
      for (const [k, e] of Object.entries(plain)) this.data.set(k, e as Entry);
      for (const [name, entries] of Object.entries((entities ?? {}) as Record<string, object>))
        this.entityData.set(name, new Map(Object.entries(entries) as [string, Entry][]));
    }
  }

  /** Test hook: the next `n` write requests (set, delete, batch set/delete, transaction) fail with a 500. */
  injectWriteFailures(n: number): void {
    this.failNextWrites = Math.max(0, Math.floor(n));
  }
  get pendingWriteFailures(): number {
    return this.failNextWrites;
  }
  /** Test hook: the `nth` write from now (touching a key under `keyPrefix`, if given) fails with a 500. */
  failWrite(fault: WriteFault): void {
    if (!(Number.isInteger(fault.nth) && fault.nth >= 1))
      throw new Error('failWrite: nth must be a whole number >= 1.');
    this.writeFaults.push({ ...fault, seen: 0 });
  }
  clearFaults(): void {
    this.failNextWrites = 0;
    this.writeFaults = [];
  }
  get size(): number {
    return this.data.size;
  }
  /** Deletes every key and entity, as Forge deletes an app's storage after an uninstall. */
  clear(): void {
    this.data.clear();
    this.entityData.clear();
    this.sortedKeys = null;
    this.scheduleFlush();
  }
  /** An entity's stored value (tests and tools read and set leases through these). */
  entity(entityName: string, key: string): unknown {
    return this.entityData.get(entityName)?.get(key)?.value;
  }
  setEntity(entityName: string, key: string, value: unknown): void {
    const a = this.handle('/api/v1/entity/set', JSON.stringify({ entityName, key, value }));
    if (a.status >= 300) throw new Error(`entity set ${key}: ${JSON.stringify(a.body)}`);
  }
  /** The keys a write request touches: plain keys, and entities as `<entityName>/<key>`. */
  static writtenKeys(route: string, body: any): string[] {
    const keyOf = (i: any) => (i?.entityName ? `${i.entityName}/${i.key}` : String(i?.key));
    if (route === '/transaction') return [...(body?.set ?? []), ...(body?.delete ?? [])].map(keyOf);
    if (route.startsWith('/batch/')) return (Array.isArray(body) ? body : []).map(keyOf);
    return [keyOf(body)];
  }

  /** Answers one SDK request. `path` is what @forge/kvs passes, e.g. "/api/v1/get". */
  handle(reqPath: string, rawBody: string | undefined): KvsAnswer {
    try {
      if ((rawBody?.length ?? 0) > KVS_LIMITS.requestMaxBytes)
        throw err(413, 'MAX_SIZE', 'The request is larger than 4 MB.');
      let body: any;
      try {
        body = rawBody ? JSON.parse(rawBody) : {};
      } catch {
        throw err(400, 'BAD_REQUEST', 'Provided request body is invalid');
      }
      const route = reqPath.split('?')[0].replace(/^\/api\/v1/, '');
      switch (route) {
        case '/get':
          return this.get(body);
        case '/set':
          this.write(route, body);
          return this.set(body);
        case '/delete':
          this.write(route, body);
          return this.del(body);
        case '/query':
          return this.query(body);
        case '/batch/get':
          return this.batchGet(body);
        case '/batch/set':
          this.write(route, body);
          return this.batchSet(body);
        case '/batch/delete':
          this.write(route, body);
          return this.batchDelete(body);
        case '/transaction':
          this.write(route, body);
          return this.transaction(body);
        case '/entity/get':
          return this.entityGet(body);
        case '/entity/set':
          this.write(route, body);
          return this.entitySet(body);
        case '/entity/delete':
          this.write(route, body);
          return this.entityDelete(body);
        case '/secret/get':
        case '/secret/set':
        case '/secret/delete':
        case '/entity/query':
          throw err(
            501,
            'NOT_IMPLEMENTED',
            `The local Forge host does not implement ${route} (secrets and entity queries by index); the app does not use them.`,
          );
        default:
          throw err(404, 'NOT_FOUND', `Unknown KVS operation ${reqPath}.`);
      }
    } catch (e) {
      if (e instanceof KvsError)
        return { status: e.status, body: { code: e.code, message: e.message } };
      throw e;
    }
  }

  /** Writes what is pending now (on close). */
  flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const entities = Object.fromEntries(
      [...this.entityData].map(([name, entries]) => [name, Object.fromEntries(entries)]),
    );
    fs.writeFileSync(
      tmp,
      JSON.stringify({ ...Object.fromEntries(this.data), [ENTITIES_FILE_KEY]: entities }),
    );
    fs.renameSync(tmp, this.file);
  }

  // --- operations ---

  private write(route: string, body: unknown): void {
    const injected = (what: string) =>
      err(
        500,
        'INTERNAL_SERVER_ERROR',
        `An internal server error has occurred (injected by the local host: POST /__host/faults ${what}).`,
      );
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw injected('kvsWriteFailures');
    }
    const keys = KvsStore.writtenKeys(route, body);
    for (const f of this.writeFaults) {
      if (f.keyPrefix !== undefined && !keys.some((k) => k.startsWith(f.keyPrefix!))) continue;
      if (++f.seen === f.nth) {
        this.writeFaults = this.writeFaults.filter((x) => x !== f);
        throw injected('kvsFailWrite');
      }
    }
  }

  private live(key: string): Entry | undefined {
    const e = this.data.get(key);
    if (e && e.expireAt !== undefined && e.expireAt <= this.now()) {
      this.data.delete(key);
      this.sortedKeys = null;
      return undefined;
    }
    return e;
  }

  private view(key: string, e: Entry) {
    return {
      key,
      value: e.value,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      ...(e.expireAt !== undefined ? { expireTime: new Date(e.expireAt).toISOString() } : {}),
    };
  }

  private get(body: any): KvsAnswer {
    const key = checkKey(body.key);
    const e = this.live(key);
    if (!e) throw err(404, 'KEY_NOT_FOUND', `No value stored for key "${key}".`);
    return { status: 200, body: this.view(key, e) };
  }

  private put(key: string, value: unknown, options: any): Entry {
    const now = this.now();
    const prev = this.live(key);
    const ttl = options?.ttl;
    let expireAt: number | undefined;
    if (ttl) {
      const unit = TTL_UNIT_MS[ttl.unit];
      if (!unit || !(ttl.value > 0))
        throw err(
          400,
          'BAD_REQUEST',
          `Invalid ttl ${JSON.stringify(ttl)}: use {value > 0, unit: SECONDS|MINUTES|HOURS|DAYS}.`,
        );
      expireAt = now + ttl.value * unit;
    }
    const entry: Entry = {
      value,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
      ...(expireAt !== undefined ? { expireAt } : {}),
    };
    if (!prev) this.sortedKeys = null;
    this.data.set(key, entry);
    this.scheduleFlush();
    return entry;
  }

  private set(body: any): KvsAnswer {
    noEntities(body);
    const key = checkKey(body.key);
    checkValue(key, body.value);
    const options = body.options ?? {};
    const prev = this.live(key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && prev) {
      throw err(
        409,
        'KEY_ALREADY_EXISTS',
        `Key "${key}" already exists (keyPolicy FAIL_IF_EXISTS).`,
      );
    }
    const prevView = prev ? this.view(key, prev) : undefined;
    const entry = this.put(key, body.value, options);
    if (options.returnValue === 'PREVIOUS')
      return prevView ? { status: 200, body: prevView } : { status: 204 };
    if (options.returnValue === 'LATEST') return { status: 200, body: this.view(key, entry) };
    return { status: 204 };
  }

  private del(body: any): KvsAnswer {
    noEntities(body);
    const key = checkKey(body.key);
    if (this.data.delete(key)) {
      this.sortedKeys = null;
      this.scheduleFlush();
    }
    return { status: 204 };
  }

  private keysInOrder(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.data.keys()].sort();
    return this.sortedKeys;
  }

  private query(body: any): KvsAnswer {
    const limit = body.limit ?? KVS_LIMITS.queryDefaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.queryMaxLimit) {
      throw err(
        400,
        'BAD_REQUEST',
        `Query limit ${body.limit} is not allowed: use 1..${KVS_LIMITS.queryMaxLimit} and page with the cursor.`,
      );
    }
    const where: any[] = body.where ?? [];
    if (where.length > 1)
      throw err(400, 'BAD_REQUEST', 'A KVS query takes at most one where condition.');
    let prefix = '';
    if (where.length === 1) {
      const w = where[0];
      if (w.property !== 'key' || w.condition !== 'BEGINS_WITH')
        throw err(400, 'BAD_REQUEST', 'The Key-Value Store can only query by key with beginsWith.');
      prefix = String(w.values?.[0] ?? '');
    }
    let after: string | undefined;
    if (body.after) {
      try {
        after = Buffer.from(String(body.after), 'base64url').toString('utf8');
      } catch {
        /* not base64url: refused just below as an invalid cursor */
      }
      if (!after)
        throw err(
          400,
          'BAD_REQUEST',
          'Invalid cursor: pass the cursor of the previous page unchanged.',
        );
    }
    const keys = this.keysInOrder();
    const firstIndex = (pred: (k: string) => boolean) => {
      let lo = 0,
        hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (pred(keys[mid])) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const lo = Math.max(
      firstIndex((k) => k >= prefix),
      after === undefined ? 0 : firstIndex((k) => k > after),
    );
    const data: unknown[] = [];
    let i = lo;
    const wantMeta: string[] = body.options?.metadataFields ?? [];
    for (; i < keys.length && data.length < limit; i++) {
      const k = keys[i];
      if (!k.startsWith(prefix)) break;
      const e = this.live(k);
      if (!e) continue;
      data.push({
        key: k,
        value: e.value,
        ...(wantMeta.includes('EXPIRE_TIME') && e.expireAt !== undefined
          ? { expireTime: new Date(e.expireAt).toISOString() }
          : {}),
      });
    }
    const last = data.length ? (data[data.length - 1] as { key: string }).key : undefined;
    const more = last !== undefined && i < keys.length && keys[i].startsWith(prefix);
    return {
      status: 200,
      body: { data, ...(more ? { cursor: Buffer.from(last, 'utf8').toString('base64url') } : {}) },
    };
  }

  private batchItems(body: any, what: string): any[] {
    if (!Array.isArray(body) || body.length === 0)
      throw err(400, 'BAD_REQUEST', `A batch ${what} needs at least one item.`);
    if (body.length > KVS_LIMITS.batchMaxItems)
      throw err(
        400,
        'BAD_REQUEST',
        `A batch ${what} takes at most ${KVS_LIMITS.batchMaxItems} keys; got ${body.length}.`,
      );
    const seen = new Set<string>();
    for (const item of body) {
      noEntities(item);
      if (seen.has(item.key))
        throw err(400, 'BAD_REQUEST', `Key "${item.key}" appears twice in one batch ${what}.`);
      seen.add(item.key);
    }
    return body;
  }

  private perItem(items: any[], fn: (item: any) => any) {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of items) {
      try {
        successfulKeys.push(fn(item));
      } catch (e) {
        if (!(e instanceof KvsError)) throw e;
        failedKeys.push({ key: item.key, error: { code: e.code, message: e.message } });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchGet(body: any): KvsAnswer {
    return this.perItem(this.batchItems(body, 'get'), (item) => {
      const key = checkKey(item.key);
      const e = this.live(key);
      if (!e) throw err(404, 'KEY_NOT_FOUND', `No value stored for key "${key}".`);
      return this.view(key, e);
    });
  }

  private batchSet(body: any): KvsAnswer {
    return this.perItem(this.batchItems(body, 'set'), (item) => {
      const key = checkKey(item.key);
      checkValue(key, item.value);
      this.put(key, item.value, item.options);
      return { key };
    });
  }

  private batchDelete(body: any): KvsAnswer {
    return this.perItem(this.batchItems(body, 'delete'), (item) => {
      const key = checkKey(item.key);
      if (this.data.delete(key)) {
        this.sortedKeys = null;
        this.scheduleFlush();
      }
      return { key };
    });
  }

  /**
   * All operations are validated, and every condition evaluated, before any is applied, so a
   * transaction is all or nothing. Conditions apply to entities only (as on Forge): a set or
   * delete with conditions is compared with the entity as stored (a missing entity has no
   * attributes), and a check needs the entity to exist and meet its conditions. Forge does not
   * document the error code of an unmet condition; this host answers 409 CONDITION_NOT_MET.
   */
  private transaction(body: any): KvsAnswer {
    const sets: any[] = body.set ?? [];
    const deletes: any[] = body.delete ?? [];
    const checks: any[] = body.check ?? [];
    const total = sets.length + deletes.length + checks.length;
    if (total === 0) throw err(400, 'BAD_REQUEST', 'A transaction needs at least one operation.');
    if (total > KVS_LIMITS.transactionMaxOps)
      throw err(
        400,
        'BAD_REQUEST',
        `A transaction takes at most ${KVS_LIMITS.transactionMaxOps} operations; got ${total}.`,
      );
    const seen = new Set<string>();
    for (const op of [...sets, ...deletes, ...checks]) {
      if (op.entityName !== undefined) this.entityDef(op.entityName);
      else if (op.conditions !== undefined)
        throw err(
          400,
          'BAD_REQUEST',
          `Conditions apply to Custom Entity Store entities only; "${op.key}" has no entityName.`,
        );
      const key = checkKey(op.key);
      const id = op.entityName === undefined ? key : `${op.entityName}/${key}`;
      if (seen.has(id))
        throw err(400, 'BAD_REQUEST', `Key "${id}" appears twice in one transaction.`);
      seen.add(id);
    }
    for (const c of checks)
      if (c.entityName === undefined || c.conditions === undefined)
        throw err(400, 'BAD_REQUEST', `A check needs an entityName and conditions ("${c.key}").`);
    for (const s of sets)
      if (s.entityName === undefined) checkValue(s.key, s.value);
      else this.checkEntityValue(s.entityName, s.key, s.value);
    for (const op of [...sets, ...deletes, ...checks]) {
      if (op.conditions === undefined) continue;
      const stored = this.liveEntity(op.entityName, op.key);
      const isCheck = checks.includes(op);
      let met: boolean;
      try {
        met = conditionsHold(op.conditions as Conditions, stored?.value);
      } catch (e) {
        if (e instanceof ConditionError) throw err(400, e.code, e.message);
        throw e;
      }
      if ((isCheck && !stored) || !met)
        throw err(
          409,
          'CONDITION_NOT_MET',
          `The transaction was not applied: ${op.entityName} "${op.key}" ${stored ? 'does not meet' : 'does not exist for'} ${describeConditions(op.conditions as Conditions)}.`,
        );
    }
    for (const s of sets)
      if (s.entityName === undefined) this.put(s.key, s.value, s.options);
      else this.putEntity(s.entityName, s.key, s.value, s.options);
    for (const d of deletes) {
      if (d.entityName !== undefined) this.entityMap(d.entityName).delete(d.key);
      else if (this.data.delete(d.key)) this.sortedKeys = null;
      this.scheduleFlush();
    }
    return { status: 204 };
  }

  // --- custom entities ---

  private entityDef(name: unknown): EntityDef {
    const def = typeof name === 'string' ? this.entityDefs.get(name) : undefined;
    if (!def)
      throw err(
        400,
        'INVALID_ENTITY_TYPE',
        `Entity "${String(name)}" is not declared under app.storage.entities in manifest.yml.`,
      );
    return def;
  }

  private entityMap(name: string): Map<string, Entry> {
    let m = this.entityData.get(name);
    if (!m) this.entityData.set(name, (m = new Map()));
    return m;
  }

  private liveEntity(name: string, key: string): Entry | undefined {
    const m = this.entityData.get(name);
    const e = m?.get(key);
    if (e && e.expireAt !== undefined && e.expireAt <= this.now()) {
      m!.delete(key);
      return undefined;
    }
    return e;
  }

  /** Values are objects of the declared attributes, each of its declared type. */
  private checkEntityValue(name: string, key: string, value: unknown): void {
    const def = this.entityDef(name);
    checkValue(key, value);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw err(400, 'INVALID_ENTITY_VALUE', `The value of ${name} "${key}" must be an object.`);
    for (const [attr, v] of Object.entries(value)) {
      const type = def.attributes[attr];
      const ok =
        type === 'any' ||
        (type === 'string' && typeof v === 'string') ||
        (type === 'boolean' && typeof v === 'boolean') ||
        (type === 'float' && typeof v === 'number' && Number.isFinite(v)) ||
        (type === 'integer' && Number.isInteger(v));
      if (!ok)
        throw err(
          400,
          'INVALID_ENTITY_VALUE',
          type
            ? `Attribute "${attr}" of ${name} "${key}" must be of type ${type}.`
            : `Entity ${name} has no attribute "${attr}": declare it in manifest.yml.`,
        );
    }
  }

  private putEntity(name: string, key: string, value: unknown, options: any): Entry {
    const prev = this.liveEntity(name, key);
    const now = this.now();
    const ttl = options?.ttl;
    const entry: Entry = {
      value,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
      ...(ttl && TTL_UNIT_MS[ttl.unit]
        ? { expireAt: now + ttl.value * TTL_UNIT_MS[ttl.unit] }
        : {}),
    };
    this.entityMap(name).set(key, entry);
    this.scheduleFlush();
    return entry;
  }

  private entityGet(body: any): KvsAnswer {
    this.entityDef(body.entityName);
    const key = checkKey(body.key);
    const e = this.liveEntity(body.entityName, key);
    if (!e) throw err(404, 'KEY_NOT_FOUND', `No ${body.entityName} stored for key "${key}".`);
    return { status: 200, body: { ...this.view(key, e), entityName: body.entityName } };
  }

  private entitySet(body: any): KvsAnswer {
    const key = checkKey(body.key);
    this.checkEntityValue(body.entityName, key, body.value);
    const options = body.options ?? {};
    const prev = this.liveEntity(body.entityName, key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && prev)
      throw err(
        409,
        'KEY_ALREADY_EXISTS',
        `${body.entityName} "${key}" already exists (keyPolicy FAIL_IF_EXISTS).`,
      );
    const prevView = prev ? this.view(key, prev) : undefined;
    const entry = this.putEntity(body.entityName, key, body.value, options);
    if (options.returnValue === 'PREVIOUS')
      return prevView ? { status: 200, body: prevView } : { status: 204 };
    if (options.returnValue === 'LATEST') return { status: 200, body: this.view(key, entry) };
    return { status: 204 };
  }

  private entityDelete(body: any): KvsAnswer {
    this.entityDef(body.entityName);
    const key = checkKey(body.key);
    if (this.entityData.get(body.entityName)?.delete(key)) this.scheduleFlush();
    return { status: 204 };
  }

  private scheduleFlush(): void {
    if (!this.file || this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, this.flushDelayMs);
    this.flushTimer.unref();
  }
}
