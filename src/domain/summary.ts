// What the Rules tab shows first: the last run, the next scheduled one, Health, the requests
// waiting. Read from stored records only (no Jira call on page load).
import { z } from 'zod';

import { HealthStatusSchema } from './health-schemas';
import { RunSchema } from './schemas';

export const SummarySchema = z.object({
  /** The newest run that changed or could change Jira (dry runs are previews, not runs). */
  lastRun: RunSchema.optional(),
  scheduleEnabled: z.boolean(),
  nextScheduledRunAt: z.string().optional(),
  health: z.object({
    /** unchecked: no report stored yet. */
    status: z.union([HealthStatusSchema, z.literal('unchecked')]),
    checkedAt: z.string().optional(),
    failing: z.array(z.object({ id: z.string(), number: z.number(), title: z.string() })),
    warnings: z.number().int().min(0),
  }),
  pendingRequests: z.number().int().min(0),
  /** Filled by the engine when it records them; absent until then. */
  sweep: z
    .object({ done: z.number(), total: z.number(), lastSliceAt: z.string().optional() })
    .optional(),
  quota: z.object({ pointsLeft: z.number().optional(), resetAt: z.string().optional() }).optional(),
});
export type Summary = z.infer<typeof SummarySchema>;
