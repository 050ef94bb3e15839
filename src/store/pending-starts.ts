// Runs that could not start for Jira's hourly quota (or the runs' budget): what was asked and
// the lease they hold (`runstart:<id>`), until a queued `start` event starts them after the
// reset. A run of chosen projects keeps only which run it derives from (appliesPreview or
// retryOf): its projects are chosen again then, as a value of every project could outgrow a key.
import { z } from 'zod';

import { RunSchema } from '../domain/schemas';
import { getValue, type KvWrite } from './kv';
import { FenceSchema } from './lease';

export const PendingStartSchema = z.object({
  request: RunSchema.pick({
    trigger: true,
    dryRun: true,
    startedBy: true,
    projectKey: true,
    ruleId: true,
  }).extend({ appliesPreview: z.string().optional(), retryOf: z.string().optional() }),
  fence: FenceSchema,
});
export type PendingStart = z.infer<typeof PendingStartSchema>;

export const pendingStartKey = (runId: string) => `runstart:${runId}`;

export const getPendingStart = (runId: string) =>
  getValue(pendingStartKey(runId), PendingStartSchema);

export const pendingStartWrite = (runId: string, pending: PendingStart): KvWrite => ({
  key: pendingStartKey(runId),
  value: PendingStartSchema.parse(pending),
});
