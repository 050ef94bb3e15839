// Runs: the record (`run:<id>`, newest first), the context batches share (`runctx:<id>`),
// one checkpoint per batch (`runbatch:<id>:<n>`), and the plans and action results a batch
// produced (`runplan:<id>:<n>:<chunk>`, `runact:<id>:<n>:<chunk>`). Batches never write the
// same key, so concurrent consumers cannot lose each other's updates; getRun adds them up.
import { z } from 'zod';
import {
  ActionResult,
  ActionResultSchema,
  ProjectPlan,
  ProjectPlanSchema,
  ProjectSchema,
  Run,
  RunSchema,
  RuleSchema,
  SettingsSchema,
  GroupSchema,
} from '../domain/schemas';
import { chunkBySize } from './chunks';
import { deleteValue, getValue, listAll, listPage, setValue } from './kv';

export const RunRecordSchema = RunSchema.extend({
  /** Batches pushed so far, and whether project listing has finished. */
  batches: z.number().default(0),
  listingDone: z.boolean().default(false),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** What every batch of a run needs, fixed when the run starts so batches agree. */
export const RunContextSchema = z.object({
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
  /** a one-rule preview keeps only the projects this rule covers */
  focusRuleId: z.string().optional(),
});
export type RunContext = z.infer<typeof RunContextSchema>;

export const BatchCheckpointSchema = z.object({
  index: z.number(),
  projects: z.number(),
  counts: RunSchema.shape.counts,
  finishedAt: z.string(),
  error: z.string().optional(),
});
export type BatchCheckpoint = z.infer<typeof BatchCheckpointSchema>;

const pad = (n: number) => String(n).padStart(6, '0');
const runKey = (id: string) => `run:${id}`;
const batchPrefix = (id: string) => `runbatch:${id}:`;
const planPrefix = (id: string) => `runplan:${id}:`;
const actionPrefix = (id: string) => `runact:${id}:`;

export function getRunRecord(id: string): Promise<RunRecord | undefined> {
  return getValue(runKey(id), RunRecordSchema);
}

export function putRunRecord(run: RunRecord): Promise<void> {
  return setValue(runKey(run.id), RunRecordSchema.parse(run));
}

export function getRunContext(id: string): Promise<RunContext | undefined> {
  return getValue(`runctx:${id}`, RunContextSchema);
}

export function putRunContext(id: string, ctx: RunContext): Promise<void> {
  return setValue(`runctx:${id}`, ctx);
}

export function getBatchCheckpoint(
  id: string,
  index: number,
): Promise<BatchCheckpoint | undefined> {
  return getValue(batchPrefix(id) + pad(index), BatchCheckpointSchema);
}

export function putBatchCheckpoint(id: string, cp: BatchCheckpoint): Promise<void> {
  return setValue(batchPrefix(id) + pad(cp.index), cp);
}

export async function listBatchCheckpoints(id: string): Promise<BatchCheckpoint[]> {
  const out: BatchCheckpoint[] = [];
  for await (const { value } of listAll(batchPrefix(id), BatchCheckpointSchema)) out.push(value);
  return out;
}

/** The record with progress and counts summed over the batches that have finished. */
export async function getRun(id: string): Promise<RunRecord | undefined> {
  const run = await getRunRecord(id);
  if (!run || run.status !== 'running') return run;
  return withBatchTotals(run, await listBatchCheckpoints(id));
}

export function withBatchTotals(run: RunRecord, batches: BatchCheckpoint[]): RunRecord {
  const counts = { adds: 0, removals: 0, skips: 0, errors: 0, drift: 0 };
  let done = 0;
  for (const b of batches) {
    done += b.projects;
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += b.counts[k];
  }
  return { ...run, counts, progress: { done, total: Math.max(run.progress.total, done) } };
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
  index: number,
  plans: ProjectPlan[],
): Promise<void> {
  const chunks = chunkBySize(plans);
  await Promise.all(
    chunks.map((c, i) => setValue(`${planPrefix(id)}${pad(index)}:${pad(i)}`, { plans: c })),
  );
}

export async function putBatchActions(
  id: string,
  index: number,
  actions: ActionResult[],
): Promise<void> {
  const chunks = chunkBySize(actions);
  await Promise.all(
    chunks.map((c, i) => setValue(`${actionPrefix(id)}${pad(index)}:${pad(i)}`, { actions: c })),
  );
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

/** Drops everything a run stored; used to keep only the latest runs. */
export async function deleteRun(id: string): Promise<void> {
  for (const prefix of [batchPrefix(id), planPrefix(id), actionPrefix(id)]) {
    const keys: string[] = [];
    for await (const { key } of listAll(prefix, z.unknown())) keys.push(key);
    await Promise.all(keys.map(deleteValue));
  }
  await deleteValue(`runctx:${id}`);
  await deleteValue(runKey(id));
}
