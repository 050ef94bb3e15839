// Runs: the record (`run:<id>`, newest first), the context its events share (`runctx:<id>`,
// with the run's lease fence; a context too large for one value keeps its rules, roles, groups
// and organizations in parts, `runctxpart:<id>:<set>:<n>`), the listing (`runpage:<id>:<n>`
// per page of projects, and `runlisted:<id>` for how far it got), one checkpoint per part of a batch
// (`runbatch:<id>:<n>:<part>`), and the plans and action results a part produced
// (`runplan:<id>:<n>:<part>:<chunk>`, `runact:...`), and what it did in each project it changed
// (`runout:<id>:<projectId>`, for a part redone after a crash). The record is written when the run starts and
// when it ends, each time through the run's lease (store/lease.ts); no event writes it back in
// between, so a run that ended cannot be revived by a late event. Parts never write the same
// key, so concurrent consumers cannot lose each other's updates; getRun adds them up.
import { randomUUID } from 'crypto';
import { z } from 'zod';

import { type ApprovedChange, ApprovedChangeSchema } from '../domain/preview-apply';
import type { ActionResult, ProjectPlan, Run, RunWaiting } from '../domain/schemas';
import {
  ActionResultSchema,
  GroupSchema,
  PauseCodeSchema,
  ProjectPlanSchema,
  ProjectSchema,
  QuotaSnapshotSchema,
  RuleSchema,
  RunSchema,
  RunWaitingSchema,
  SettingsSchema,
} from '../domain/schemas';
import { chunkBySize, splitText } from './chunks';
import { claimPrefix } from './event-claims';
import { deleteValue, getValue, type KvWrite, listAll, listPage, setValue } from './kv';
import { type Fence, fencedWrite, FenceSchema } from './lease';
import { carriedReadIds } from './org-reads';

export const RunRecordSchema = RunSchema;
export type RunRecord = Run;

/** What every event of a run needs, fixed when the run starts so its events agree. */
export const RunContextSchema = z.object({
  /** The run's lease: every ledger and run-record write of the run checks its token. */
  fence: FenceSchema,
  rules: z.array(RuleSchema),
  settings: SettingsSchema,
  /** Jira's global project roles, which company-managed projects share */
  roles: z.array(z.object({ id: z.string(), name: z.string() })),
  /** groups named by enabled rules that exist, by groupId */
  groups: z.record(z.string(), GroupSchema),
  /** groupId -> products it grants access to (rules' groups only): never added */
  productAccess: z.record(z.string(), z.array(z.string())).optional(),
  /** a one-project run names its project */
  project: ProjectSchema.optional(),
  /** a one-rule preview keeps only the projects this rule covers, and only its changes */
  focusRuleId: z.string().optional(),
  /** the apply of a preview: each batch makes only the changes the preview showed */
  appliesPreview: z.string().optional(),
  /** a run of chosen projects (a preview's apply, a retry): it verifies those, not the site */
  chosenProjects: z.boolean().optional(),
  /** Organizations that enabled rules keep (store/org-runs.ts); absent ids are created by the run. */
  organizations: z
    .array(
      z.object({
        organizationId: z.string().optional(),
        name: z.string(),
        ruleIds: z.array(z.string()),
        /** Jira refused to find or create it when the run started: the run reports it. */
        error: z.string().optional(),
        /** With error: the id the rule names, so that the organization is not taken for one no rule keeps. */
        knownId: z.string().optional(),
      }),
    )
    .optional(),
  /** A change-driven run: when it chose its projects (marks made before are answered). */
  selectedAt: z.string().optional(),
  /** A change-driven run: the rule-change marks it answers once every batch ended. */
  scopeMarks: z.array(z.string()).optional(),
});
export type RunContext = z.infer<typeof RunContextSchema>;

/** What a run's context holds besides what grows with the rules: all some readers need. */
const RunHeadSchema = RunContextSchema.pick({
  fence: true,
  settings: true,
  project: true,
  focusRuleId: true,
  appliesPreview: true,
  chosenProjects: true,
  selectedAt: true,
  scopeMarks: true,
});
export type RunHead = z.infer<typeof RunHeadSchema>;

/**
 * The head of a context stored in parts: the rest (rules, roles, groups, organizations) is JSON
 * text split across `count` values under `runctxpart:<id>:<set>:`. `set` is new each time a
 * context is stored, so a start redone after Jira's quota reset never mixes its parts with
 * those of an earlier attempt.
 */
const SplitContextSchema = RunHeadSchema.extend({
  parts: z.object({ set: z.string(), count: z.number().int().min(1) }),
});
const StoredContextSchema = z.union([SplitContextSchema, RunContextSchema]);
const ContextPartSchema = z.object({ text: z.string() });

/**
 * A context up to this size is stored whole, read with one get (most are: every batch event
 * reads it). A larger one (rules listing thousands of keys) is split; any size fits.
 */
const CONTEXT_INLINE_BYTES = 180 * 1024;
/** Parts written per transaction: well under a transaction's 25 operations and 4 MiB. */
const PARTS_PER_WRITE = 4;

/** One page of projects as listed, recorded before its events are pushed (to push them again). */
export const RunPageSchema = z.object({
  index: z.number(),
  startAt: z.number(),
  projects: z.array(ProjectSchema),
  isLast: z.boolean(),
  /**
   * How many projects Jira answered, when some of them were listed before (and left out of
   * `projects`): the next page starts after all of them.
   */
  returned: z.number().int().optional(),
});
export type RunPage = z.infer<typeof RunPageSchema>;

/** What an event's Jira calls cost: calls, points and the quota Jira last announced. */
export const EventCostSchema = z.object({
  calls: z.number().default(0),
  points: z.number().default(0),
  quota: QuotaSnapshotSchema.optional(),
});
export type EventCost = z.infer<typeof EventCostSchema>;

/** How far listing got: batches pushed, projects Jira counts, and whether it is done. */
export const RunListedSchema = z.object({
  batches: z.number(),
  total: z.number(),
  done: z.boolean(),
  /** The highest project id listed so far (listing goes by id): a later page keeps only higher ones. */
  lastId: z.string().optional(),
  /** Listing's cost so far: list events run one after another, so each adds to the last. */
  ...EventCostSchema.partial().shape,
});
export type RunListed = z.infer<typeof RunListedSchema>;

/**
 * What one part of a batch did. A part that ran short of time hands its remaining projects
 * (`rest`) to the next part; the batch is finished when a part has no rest.
 */
export const BatchCheckpointSchema = z.object({
  index: z.number(),
  part: z.number().default(0),
  /** projects this part accounts for */
  projects: z.number(),
  counts: RunSchema.shape.counts,
  finishedAt: z.string(),
  rest: z.array(ProjectSchema).default([]),
  error: z.string().optional(),
  /** What this part's Jira calls cost. */
  ...EventCostSchema.partial().shape,
});
export type BatchCheckpoint = z.infer<typeof BatchCheckpointSchema>;

const pad = (n: number) => String(n).padStart(6, '0');
export const runKey = (id: string) => `run:${id}`;
export const contextKey = (id: string) => `runctx:${id}`;
const contextPartsPrefix = (id: string) => `runctxpart:${id}:`;
const contextPartKey = (id: string, set: string, n: number) =>
  `${contextPartsPrefix(id)}${set}:${pad(n)}`;
export const listedKey = (id: string) => `runlisted:${id}`;
const pagePrefix = (id: string) => `runpage:${id}:`;
export const pageKey = (id: string, index: number) => pagePrefix(id) + pad(index);
const batchPrefix = (id: string) => `runbatch:${id}:`;
const checkpointKey = (id: string, index: number, part: number) =>
  `${batchPrefix(id)}${pad(index)}:${pad(part)}`;
const planPrefix = (id: string) => `runplan:${id}:`;
const approvedPrefix = (id: string) => `runapproved:${id}:`;
const progressPrefix = (id: string) => `runprog:${id}:`;
const progressKey = (id: string, index: number, part: number) =>
  `${progressPrefix(id)}${pad(index)}:${pad(part)}`;
const PartProgressSchema = z.object({
  index: z.number(),
  part: z.number(),
  done: z.number(),
  /** A Jira call of the part waits to be tried again. */
  waiting: RunWaitingSchema.optional(),
});

/**
 * How many projects a part has done so far, while it works: one key per part, so parallel parts
 * never overwrite each other; getRun adds them up. Display only: the checkpoint is the truth.
 */
export function putPartProgress(
  id: string,
  index: number,
  part: number,
  done: number,
  waiting?: RunWaiting,
) {
  return setValue(progressKey(id, index, part), {
    index,
    part,
    done,
    ...(waiting ? { waiting } : {}),
  });
}

async function listPartProgress(id: string) {
  const out: z.infer<typeof PartProgressSchema>[] = [];
  for await (const { value } of listAll(progressPrefix(id), PartProgressSchema)) out.push(value);
  return out;
}
const pauseKey = (id: string) => `runpause:${id}`;
const outcomePrefix = (id: string) => `runout:${id}:`;

/**
 * What a run did in one project that it changed, recorded with the project's settled ledger (in
 * the same transaction): a part redone after its invocation died reports it from here instead of
 * from Jira's state now, where the changes already made show as nothing to do.
 */
export const ProjectOutcomeRecordSchema = z.object({
  plans: z.array(ProjectPlanSchema),
  actions: z.array(ActionResultSchema),
  counts: RunSchema.shape.counts,
});
export type ProjectOutcomeRecord = z.infer<typeof ProjectOutcomeRecordSchema>;

export function projectOutcomeWrite(
  id: string,
  projectId: string,
  outcome: ProjectOutcomeRecord,
): KvWrite {
  const { plans, actions, counts } = outcome;
  return {
    key: outcomePrefix(id) + projectId,
    value: ProjectOutcomeRecordSchema.parse({ plans, actions, counts }),
  };
}

export function getProjectOutcome(
  id: string,
  projectId: string,
): Promise<ProjectOutcomeRecord | undefined> {
  return getValue(outcomePrefix(id) + projectId, ProjectOutcomeRecordSchema);
}
const actionPrefix = (id: string) => `runact:${id}:`;

export function getRunRecord(id: string): Promise<RunRecord | undefined> {
  return getValue(runKey(id), RunRecordSchema);
}

/** The run's context, read whole: one get, and one query when it is stored in parts. */
export async function getRunContext(id: string): Promise<RunContext | undefined> {
  const stored = await getValue(contextKey(id), StoredContextSchema);
  if (!stored || !('parts' in stored)) return stored;
  const { parts, ...head } = stored;
  const texts: string[] = [];
  const prefix = `${contextPartsPrefix(id)}${parts.set}:`;
  for await (const { key, value } of listAll(prefix, ContextPartSchema))
    texts[Number(key.slice(prefix.length))] = value.text;
  const found = texts.filter((t) => t !== undefined).length;
  if (found !== parts.count || texts.length !== parts.count)
    throw new Error(
      `Run ${id}'s context is incomplete: ${found} of its ${parts.count} parts are stored.`,
    );
  return RunContextSchema.parse({ ...head, ...JSON.parse(texts.join('')) });
}

/** What the run's context holds besides its rules and what comes with them: one get. */
export async function getRunHead(id: string): Promise<RunHead | undefined> {
  const stored = await getValue(contextKey(id), StoredContextSchema);
  return stored && RunHeadSchema.parse(stored);
}

/** The fields a split context keeps in its head (RunHeadSchema's), read without its parts. */
const CONTEXT_HEAD_FIELDS = Object.keys(RunHeadSchema.shape) as (keyof RunHead)[];

/**
 * How a run's context is stored: `parts` (none when it fits one value) are written first, each
 * through the run's lease (putContextParts), then `head`, so that no head names a part that is
 * not stored yet.
 */
export function contextWrites(id: string, ctx: RunContext): { head: KvWrite; parts: KvWrite[] } {
  const whole = JSON.stringify(ctx);
  if (Buffer.byteLength(whole) <= CONTEXT_INLINE_BYTES)
    return { head: { key: contextKey(id), value: ctx }, parts: [] };
  const head: Partial<RunContext> = {};
  const rest: Partial<RunContext> = { ...ctx };
  for (const k of CONTEXT_HEAD_FIELDS) {
    if (k in ctx) Object.assign(head, { [k]: ctx[k] });
    delete rest[k];
  }
  const texts = splitText(JSON.stringify(rest));
  const set = randomUUID().slice(0, 8);
  return {
    head: { key: contextKey(id), value: { ...head, parts: { set, count: texts.length } } },
    parts: texts.map((text, n) => ({ key: contextPartKey(id, set, n), value: { text } })),
  };
}

export async function putContextParts(fence: Fence, parts: KvWrite[]): Promise<void> {
  for (let i = 0; i < parts.length; i += PARTS_PER_WRITE)
    await fencedWrite(fence, parts.slice(i, i + PARTS_PER_WRITE));
}

export function getRunPage(id: string, index: number): Promise<RunPage | undefined> {
  return getValue(pageKey(id, index), RunPageSchema);
}

export function getRunListed(id: string): Promise<RunListed | undefined> {
  return getValue(listedKey(id), RunListedSchema);
}

/** A page and the listing's progress, written together through the run's lease. */
export function putRunPage(fence: Fence, id: string, page: RunPage, listed: RunListed) {
  return fencedWrite(fence, [
    { key: pageKey(id, page.index), value: RunPageSchema.parse(page) },
    { key: listedKey(id), value: listed },
  ]);
}

export function getBatchCheckpoint(
  id: string,
  index: number,
  part: number,
): Promise<BatchCheckpoint | undefined> {
  return getValue(checkpointKey(id, index, part), BatchCheckpointSchema);
}

export function putBatchCheckpoint(fence: Fence, id: string, cp: BatchCheckpoint): Promise<void> {
  return fencedWrite(fence, [{ key: checkpointKey(id, cp.index, cp.part), value: cp }]);
}

export async function listBatchCheckpoints(id: string, index?: number): Promise<BatchCheckpoint[]> {
  const prefix = index === undefined ? batchPrefix(id) : `${batchPrefix(id)}${pad(index)}:`;
  const out: BatchCheckpoint[] = [];
  for await (const { value } of listAll(prefix, BatchCheckpointSchema)) out.push(value);
  return out;
}

export const isFinalPart = (cp: BatchCheckpoint) => cp.rest.length === 0;

/** A run waiting for Jira's hourly quota: until when (epoch ms), and why. */
export const RunPauseSchema = z.object({
  until: z.number(),
  cause: z.enum(['quota', 'budget']),
  reason: z.string(),
  /** What is spent, for the page to word: Jira's quota, the runs' share, or the people's. */
  code: PauseCodeSchema.optional(),
  at: z.number(),
});
export type RunPause = z.infer<typeof RunPauseSchema>;

export function getRunPause(id: string): Promise<RunPause | undefined> {
  return getValue(pauseKey(id), RunPauseSchema);
}

/** Marks the run paused (through its lease); parts that pause at once write the same thing. */
export function putRunPause(fence: Fence, id: string, pause: RunPause): Promise<void> {
  return fencedWrite(fence, [{ key: pauseKey(id), value: RunPauseSchema.parse(pause) }]);
}

/**
 * The record with progress, counts and cost summed over the parts that have finished; a run
 * waiting for the quota shows as paused.
 */
export async function getRun(id: string, now = Date.now()): Promise<RunRecord | undefined> {
  const run = await getRunRecord(id);
  if (!run || run.status !== 'running') return run;
  const [parts, listed, pause, working] = await Promise.all([
    listBatchCheckpoints(id),
    getRunListed(id),
    getRunPause(id),
    listPartProgress(id),
  ]);
  const totals = withProjectProgress(
    withBatchTotals(run, parts, listed?.total, listed),
    parts,
    working,
  );
  if (!pause || pause.until <= now) return totals;
  return {
    ...totals,
    status: 'paused',
    pausedUntil: new Date(pause.until).toISOString(),
    pauseReason: pause.reason,
    ...(pause.code ? { pauseCode: pause.code } : {}),
  };
}

/** Parts still working count the projects they have done so far (recorded parts count theirs). */
function withProjectProgress(
  totals: RunRecord,
  parts: BatchCheckpoint[],
  working: z.infer<typeof PartProgressSchema>[],
): RunRecord {
  const recorded = new Set(parts.map((p) => `${p.index}:${p.part}`));
  const extra = working
    .filter((w) => !recorded.has(`${w.index}:${w.part}`))
    .reduce((n, w) => n + w.done, 0);
  const done = totals.progress.done + extra;
  // The part furthest into its tries says how long the run has been waiting for Jira.
  const waiting = working
    .filter((w) => !recorded.has(`${w.index}:${w.part}`))
    .flatMap((w) => (w.waiting ? [w.waiting] : []))
    .sort((a, b) => b.attempt - a.attempt)[0];
  return {
    ...totals,
    progress: { done, total: Math.max(totals.progress.total, done) },
    ...(waiting ? { waiting } : {}),
  };
}

export function withBatchTotals(
  run: RunRecord,
  parts: BatchCheckpoint[],
  total = run.progress.total,
  listed?: RunListed,
): RunRecord {
  const counts = { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
  let done = 0;
  let failedReads = 0;
  let leftOut = 0;
  for (const b of parts) {
    done += b.projects;
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += b.counts[k];
    failedReads += b.counts.failedReads ?? 0;
    leftOut += b.counts.leftOut ?? 0;
  }
  return {
    ...run,
    counts: {
      ...counts,
      ...(failedReads ? { failedReads } : {}),
      ...(leftOut ? { leftOut } : {}),
    },
    progress: { done, total: Math.max(total, done) },
    ...sumCost(run, [...(listed ? [listed] : []), ...parts]),
  };
}

/** The run's own cost (its start) plus each event's; the newest quota Jira announced. */
function sumCost(run: RunRecord, events: Partial<EventCost>[]) {
  let calls = run.calls ?? 0;
  let points = run.points ?? 0;
  let quota = run.quota;
  for (const e of events) {
    calls += e.calls ?? 0;
    points += e.points ?? 0;
    if (e.quota && (!quota || e.quota.at > quota.at)) quota = e.quota;
  }
  return { calls, points, ...(quota ? { quota } : {}) };
}

export async function listRunsPage(
  cursor?: string,
): Promise<{ items: Run[]; nextCursor?: string }> {
  const page = await listPage('run:', RunRecordSchema, { cursor });
  return { items: page.items.map((i) => i.value), nextCursor: page.nextCursor };
}

const PlanChunkSchema = z.object({ plans: z.array(ProjectPlanSchema) });
const ActionChunkSchema = z.object({ actions: z.array(ActionResultSchema) });

export async function putBatchPlans(
  id: string,
  at: { index: number; part: number },
  plans: ProjectPlan[],
): Promise<void> {
  const chunks = chunkBySize(plans);
  const base = `${planPrefix(id)}${pad(at.index)}:${pad(at.part)}:`;
  await Promise.all(chunks.map((c, i) => setValue(base + pad(i), { plans: c })));
}

export async function putBatchActions(
  id: string,
  at: { index: number; part: number },
  actions: ActionResult[],
): Promise<void> {
  const chunks = chunkBySize(actions);
  const base = `${actionPrefix(id)}${pad(at.index)}:${pad(at.part)}:`;
  await Promise.all(chunks.map((c, i) => setValue(base + pad(i), { actions: c })));
}

export async function runPlansPage(
  id: string,
  cursor?: string,
): Promise<{ items: ProjectPlan[]; nextCursor?: string }> {
  const page = await listPage(planPrefix(id), PlanChunkSchema, { cursor, limit: 5 });
  return { items: page.items.flatMap((i) => i.value.plans), nextCursor: page.nextCursor };
}

export async function runActionsPage(
  id: string,
  cursor?: string,
): Promise<{ items: ActionResult[]; nextCursor?: string }> {
  const page = await listPage(actionPrefix(id), ActionChunkSchema, { cursor, limit: 5 });
  return { items: page.items.flatMap((i) => i.value.actions), nextCursor: page.nextCursor };
}

const ApprovedBatchSchema = z.object({
  /** projectId -> the changes its preview showed */
  byProject: z.record(z.string(), z.array(ApprovedChangeSchema)),
});

/** The previewed changes of one batch of a run applying a preview (written when it starts). */
export function approvedWrite(
  id: string,
  index: number,
  byProject: Record<string, ApprovedChange[]>,
): KvWrite {
  return { key: approvedPrefix(id) + pad(index), value: { byProject } };
}

export async function getApprovedBatch(
  id: string,
  index: number,
): Promise<Record<string, ApprovedChange[]>> {
  const found = await getValue(approvedPrefix(id) + pad(index), ApprovedBatchSchema);
  return found?.byProject ?? {};
}

/** The projects a run listed, page by page (to rerun some of them). */
export async function listRunProjects(id: string): Promise<z.infer<typeof ProjectSchema>[]> {
  const out: z.infer<typeof ProjectSchema>[] = [];
  for await (const { value } of listAll(pagePrefix(id), RunPageSchema)) out.push(...value.projects);
  return out;
}

/** The record write that ends a run, for a transaction that also gives its lease up. */
export function finalRecord(run: RunRecord): KvWrite {
  return { key: runKey(run.id), value: RunRecordSchema.parse(run) };
}

/** Drops everything a run stored; used to keep only the latest runs. */
export async function deleteRun(id: string): Promise<void> {
  // Member pages a later run goes on from (org-reads.ts) outlive the run that read them.
  const carried = (await carriedReadIds()).has(id);
  const prefixes = [
    batchPrefix(id),
    planPrefix(id),
    actionPrefix(id),
    pagePrefix(id),
    approvedPrefix(id),
    progressPrefix(id),
    outcomePrefix(id),
    ...(carried ? [] : [`runorgm:${id}:`]),
    contextPartsPrefix(id),
  ];
  for (const prefix of [...prefixes, claimPrefix(id)]) {
    const keys: string[] = [];
    for await (const { key } of listAll(prefix, z.unknown())) keys.push(key);
    await Promise.all(keys.map(deleteValue));
  }
  // `runstart:` a start put off by the quota (pending-starts.ts), when the run never started.
  await Promise.all(
    [listedKey(id), contextKey(id), pauseKey(id), `runorg:${id}`, `runstart:${id}`].map(
      deleteValue,
    ),
  );
  await deleteValue(runKey(id));
}
