// The Health tab's storage: the last report (what the page reads; never recomputed on a page
// load), the read of customer and agent group members, a check in progress, and the permission
// schemes of covered projects as last read.
import { z } from 'zod';

import { type SchemeOf, SchemeOfSchema } from '../domain/health-rotation';
import type { AgentOverlap, HealthReport, PermissionScheme } from '../domain/health-schemas';
import {
  AgentOverlapSchema,
  HealthReportSchema,
  PermissionSchemeSchema,
} from '../domain/health-schemas';
import { type Project, ProjectSchema } from '../domain/schemas';
import { chunkBySize } from './chunks';
import { deleteValue, getValue, setValue } from './kv';

const REPORT_KEY = 'health:report';
const OVERLAP_KEY = 'health:overlap';
const PENDING_KEY = 'health:pending';

export const HealthPendingSchema = z.object({
  requestedAt: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
  /** accountId, or "app" */
  by: z.string(),
});
export type HealthPending = z.infer<typeof HealthPendingSchema>;

export const getHealthReport = () => getValue(REPORT_KEY, HealthReportSchema);
export const putHealthReport = (r: HealthReport) =>
  setValue(REPORT_KEY, HealthReportSchema.parse(r));

export const getAgentOverlap = () => getValue(OVERLAP_KEY, AgentOverlapSchema);
export const putAgentOverlap = (o: AgentOverlap) =>
  setValue(OVERLAP_KEY, AgentOverlapSchema.parse(o));

export const getHealthPending = () => getValue(PENDING_KEY, HealthPendingSchema);
export const putHealthPending = (p: HealthPending) =>
  setValue(PENDING_KEY, HealthPendingSchema.parse(p));
export const clearHealthPending = () => deleteValue(PENDING_KEY);

/**
 * The permission scheme of each covered project as last read (`health:schemeof:<n>`, chunks of
 * [key, [schemeId, readAt ms]] by key), each scheme's grants (`health:scheme:<id>`), the service
 * projects (`health:projects:<n>`) and an index (`health:schemes`): the chunk counts, when each
 * scheme's grants were read and the projects listed, and how far the audit log was read for
 * Health. Only what changed is written.
 */
const SCHEMES_KEY = 'health:schemes';
const schemeChunkKey = (i: number) => `health:schemeof:${i}`;
const schemeKey = (id: string) => `health:scheme:${id}`;
const projectChunkKey = (i: number) => `health:projects:${i}`;

const SchemeIndexSchema = z.object({
  chunks: z.number().int().min(0),
  /** scheme id -> when its grants were read */
  schemes: z.record(z.string(), z.string()),
  /** The audit log was read up to here by the last computation. */
  signalsUntil: z.string().optional(),
  /** The service projects (`health:projects:<n>`), when last listed in full. */
  projectChunks: z.number().int().min(0).default(0),
  listedAt: z.string().optional(),
});
const SchemeChunkSchema = z.array(z.tuple([z.string(), SchemeOfSchema]));

export interface KeptSchemes {
  schemeOf: Map<string, SchemeOf>;
  schemes: Map<string, { scheme: PermissionScheme; readAt: string }>;
  signalsUntil?: string;
  /** Every service project, kept with when the list was read in full. */
  projects?: { all: Project[]; listedAt: string };
  /** What was read, to write only what changes. */
  raw: { chunks: string[]; schemes: Map<string, string>; projects: string[] };
}

export async function getKeptSchemes(): Promise<KeptSchemes> {
  const index = await getValue(SCHEMES_KEY, SchemeIndexSchema);
  const n = index?.chunks ?? 0;
  const ids = Object.keys(index?.schemes ?? {});
  const [chunks, schemes, projectChunks] = await Promise.all([
    Promise.all(
      Array.from({ length: n }, (_, i) => getValue(schemeChunkKey(i), SchemeChunkSchema)),
    ),
    Promise.all(ids.map((id) => getValue(schemeKey(id), PermissionSchemeSchema))),
    Promise.all(
      Array.from({ length: index?.projectChunks ?? 0 }, (_, i) =>
        getValue(projectChunkKey(i), z.array(ProjectSchema)),
      ),
    ),
  ]);
  // A missing chunk (a write cut off) means the list is not whole: it is listed again.
  const whole = projectChunks.every((c) => c !== undefined);
  const kept = new Map<string, { scheme: PermissionScheme; readAt: string }>();
  ids.forEach((id, i) => {
    const scheme = schemes[i];
    if (scheme) kept.set(id, { scheme, readAt: index!.schemes[id] });
  });
  return {
    schemeOf: new Map(chunks.flatMap((c) => c ?? [])),
    schemes: kept,
    ...(index?.signalsUntil ? { signalsUntil: index.signalsUntil } : {}),
    ...(index?.listedAt && whole
      ? { projects: { all: projectChunks.flatMap((c) => c ?? []), listedAt: index.listedAt } }
      : {}),
    raw: {
      chunks: chunks.map((c) => JSON.stringify(c ?? [])),
      schemes: new Map([...kept].map(([id, k]) => [id, JSON.stringify(k.scheme)])),
      projects: projectChunks.map((c) => JSON.stringify(c ?? [])),
    },
  };
}

export async function putKeptSchemes(
  next: Omit<KeptSchemes, 'raw'>,
  before: Pick<KeptSchemes, 'raw'>,
): Promise<void> {
  const entries = [...next.schemeOf].sort(([a], [b]) => a.localeCompare(b));
  const chunks = chunkBySize(entries);
  const writes: Promise<void>[] = [];
  chunks.forEach((c, i) => {
    if (JSON.stringify(c) !== before.raw.chunks[i]) writes.push(setValue(schemeChunkKey(i), c));
  });
  for (let i = chunks.length; i < before.raw.chunks.length; i++)
    writes.push(deleteValue(schemeChunkKey(i)));
  for (const [id, k] of next.schemes)
    if (JSON.stringify(k.scheme) !== before.raw.schemes.get(id))
      writes.push(setValue(schemeKey(id), PermissionSchemeSchema.parse(k.scheme)));
  for (const id of before.raw.schemes.keys())
    if (!next.schemes.has(id)) writes.push(deleteValue(schemeKey(id)));
  const projects = chunkBySize(next.projects?.all ?? []);
  projects.forEach((c, i) => {
    if (JSON.stringify(c) !== before.raw.projects[i]) writes.push(setValue(projectChunkKey(i), c));
  });
  for (let i = projects.length; i < before.raw.projects.length; i++)
    writes.push(deleteValue(projectChunkKey(i)));
  await Promise.all(writes);
  await setValue(
    SCHEMES_KEY,
    SchemeIndexSchema.parse({
      chunks: chunks.length,
      schemes: Object.fromEntries([...next.schemes].map(([id, k]) => [id, k.readAt])),
      ...(next.signalsUntil ? { signalsUntil: next.signalsUntil } : {}),
      projectChunks: projects.length,
      ...(next.projects ? { listedAt: next.projects.listedAt } : {}),
    }),
  );
}
