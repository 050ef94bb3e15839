// The key families that hold people's account ids, for the personal data pass
// (enforce/privacy/personal-data.ts): each family lists its people and erases closed accounts
// from its records (domain/personal-data.ts), and the pass keeps its place in `privacy:pass`.
// Families kept minutes or days (the refusal window, people's hourly spending) are not reported;
// a closed account's keys there are deleted with the rest. What a run or a Health check holds
// while it works (its context, lease, member pages, report) goes with it (see README).
import { kvs } from '@forge/kvs';
import { z } from 'zod';

import { OrgLedgerEntrySchema } from '../domain/org-plan';
import {
  auditHeld,
  eraseAudit,
  type Erased,
  eraseExclusion,
  eraseOrgEntry,
  eraseRequest,
  eraseRule,
  eraseRun,
  exclusionHeld,
  type Held,
  orgEntryHeld,
  requestHeld,
  ruleHeld,
  runHeld,
} from '../domain/personal-data';
import {
  ExclusionRequestSchema,
  ProjectExclusionSchema,
  RuleSchema,
  RunSchema,
} from '../domain/schemas';
import { AuditChunkSchema, chunkAndCopies } from './audit';
import { deleteValue, getValue, listAll, listPage, setValue } from './kv';
import { personKeyPart } from './people-spend';

const DISPLAY_NAME_PREFIX = 'displayname:';
const DAY_MS = 24 * 60 * 60 * 1000;

interface Family<T> {
  prefix: string;
  schema: z.ZodType<T>;
  held(key: string, value: T, now: Date): Held[];
  erase(value: T, closed: ReadonlySet<string>): Erased<T>;
  /** Writes the erased record: a chunk of the audit trail also rewrites its copies by kind. */
  write?(key: string, value: T): Promise<void>;
}

const family = <T>(f: Family<T>) => f as Family<unknown>;

/** Every family that holds account ids for longer than a few days, in the order a pass reads. */
export const FAMILIES: readonly Family<unknown>[] = [
  family({
    prefix: 'audit:',
    schema: AuditChunkSchema,
    held: (_, v) => auditHeld(v.entries),
    erase: (v, closed) => {
      const e = eraseAudit(v.entries, closed);
      return 'value' in e ? { changed: true, value: { entries: e.value } } : e;
    },
    write: async (key, v) => {
      const tx = kvs.transact();
      for (const w of chunkAndCopies(key, v.entries)) tx.set(w.key, w.value);
      await tx.execute();
    },
  }),
  family({
    prefix: 'exclreq:',
    schema: ExclusionRequestSchema,
    held: (_, v) => requestHeld(v),
    erase: eraseRequest,
  }),
  family({
    prefix: 'exclusion:',
    schema: ProjectExclusionSchema,
    held: (_, v) => exclusionHeld(v),
    erase: eraseExclusion,
  }),
  // Every version key of every rule (a deletion's marker does not parse, and holds no one).
  family({ prefix: 'rule:', schema: RuleSchema, held: (_, v) => ruleHeld(v), erase: eraseRule }),
  family({ prefix: 'run:', schema: RunSchema, held: (_, v) => runHeld(v), erase: eraseRun }),
  family({
    prefix: 'orgledger:',
    schema: OrgLedgerEntrySchema,
    held: (_, v) => orgEntryHeld(v),
    erase: eraseOrgEntry,
  }),
  // A cached name is at most a day old: reported as read a day ago, so a change since is "updated".
  family({
    prefix: DISPLAY_NAME_PREFIX,
    schema: z.object({ name: z.string() }),
    held: (key, _, now) => [
      {
        accountId: key.slice(DISPLAY_NAME_PREFIX.length),
        at: new Date(now.getTime() - DAY_MS).toISOString(),
      },
    ],
    erase: () => ({ changed: false }),
  }),
];

/** A page of a family's records that parse (one of an older shape is left, not fatal). */
export async function familyPage(
  f: Family<unknown>,
  cursor?: string,
): Promise<{ items: { key: string; value: unknown }[]; skipped: number; nextCursor?: string }> {
  const page = await listPage(f.prefix, z.unknown(), { cursor });
  const items = page.items.flatMap(({ key, value }) => {
    const parsed = f.schema.safeParse(value);
    return parsed.success ? [{ key, value: parsed.data }] : [];
  });
  return { items, skipped: page.items.length - items.length, nextCursor: page.nextCursor };
}

/**
 * Erases closed accounts from one record: read again just before the write, so that a change
 * made since the page was listed is kept (and a record deleted since stays deleted).
 * Answers whether the record changed.
 */
export async function eraseRecord(
  f: Family<unknown>,
  key: string,
  listed: unknown,
  closed: ReadonlySet<string>,
): Promise<boolean> {
  const first = f.erase(listed, closed);
  if ('changed' in first && !first.changed) return false;
  const fresh = await getValue(key, f.schema);
  if (fresh === undefined) return false;
  const erased = f.erase(fresh, closed);
  if ('delete' in erased) {
    await deleteValue(key);
    return true;
  }
  if (!erased.changed) return false;
  await (f.write ? f.write(key, erased.value) : setValue(key, erased.value));
  return true;
}

/**
 * Keys named after a closed account: its cached display name, its refusal windows, its hourly
 * spending. Answers how many were deleted.
 */
export async function deleteKeysOf(accountId: string): Promise<number> {
  const keys: string[] = [];
  const name = `${DISPLAY_NAME_PREFIX}${accountId}`;
  if ((await kvs.get(name)) !== undefined) keys.push(name);
  for await (const { key } of listAll(`audit-refusals:${accountId}:`, z.unknown())) keys.push(key);
  const person = `:${personKeyPart(accountId)}:`;
  for await (const { key } of listAll('peoplespend:', z.unknown()))
    if (key.includes(person)) keys.push(key);
  for (const key of keys) await deleteValue(key);
  return keys.length;
}

/** The cached display name of an account whose profile changed: read again when next needed. */
export const forgetDisplayName = (accountId: string) =>
  deleteValue(`${DISPLAY_NAME_PREFIX}${accountId}`);

const PASS_KEY = 'privacy:pass';

export const PassSchema = z.object({
  startedAt: z.string(),
  /** report: reading the families and reporting; erase: closed accounts' records; done. */
  phase: z.enum(['report', 'erase', 'done']),
  /** The family being read (FAMILIES' index) and where in it. */
  family: z.number().int().min(0),
  cursor: z.string().optional(),
  /** Accounts read and not reported yet (fewer than a report takes): accountId -> updatedAt. */
  pending: z.record(z.string(), z.string()),
  /** Accounts Atlassian answered closed, to erase. */
  closed: z.array(z.string()),
  counts: z.object({
    reported: z.number(),
    calls: z.number(),
    closed: z.number(),
    updated: z.number(),
    erased: z.number(),
  }),
  finishedAt: z.string().optional(),
});
export type Pass = z.infer<typeof PassSchema>;

export const getPass = () => getValue(PASS_KEY, PassSchema);
export const putPass = (pass: Pass) => setValue(PASS_KEY, PassSchema.parse(pass));
