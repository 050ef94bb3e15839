// Checks the parts of a Jira answer the app relies on. A surprise shape (an API change, a proxy
// page) fails here, naming the call, instead of as an undefined deep in the planner.
import type { z } from 'zod';

import { JiraError } from './errors';

export function parseAs<S extends z.ZodType>(call: string, schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(top level)'}: ${i.message}`)
    .join('; ');
  throw new JiraError(
    call,
    200,
    [],
    "The app may need an update; report this with the run's details.",
    `Jira's answer is not in the expected shape: ${issues}`,
  );
}
