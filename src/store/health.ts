// The Health tab's storage: the last report (what the page reads; never recomputed on a page
// load), the day-old read of customer and agent group members, and a check in progress.
import { z } from 'zod';

import type { AgentOverlap, HealthReport } from '../domain/health-schemas';
import { AgentOverlapSchema, HealthReportSchema } from '../domain/health-schemas';
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
