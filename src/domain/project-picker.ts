// A project as the rule editor's picker offers it.
import { z } from 'zod';

export const ProjectPickerOptionSchema = z.object({
  key: z.string(),
  name: z.string(),
  style: z.enum(['classic', 'next-gen']),
  /** A Jira Service Management project: only these have customers. */
  service: z.boolean(),
  typeKey: z.string(),
  category: z.string().optional(),
});
export type ProjectPickerOption = z.infer<typeof ProjectPickerOptionSchema>;
