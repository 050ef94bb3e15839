// What the project settings page last read from Jira about one project (`project-live:<key>`):
// the project, its groups' state in the customer role and its organizations, with when it was
// read. Page loads within a minute read this instead of Jira; older ones show it with its age
// when a new read is refused. A read per project per minute (and per basis: a rule saved since
// plans differently) is claimed under `project-live-read:<key>:<minute>:<basis>` (created once:
// atomic on Forge), so that people opening the page at once make one read. Both expire on their
// own.
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { z } from 'zod';

import { ProjectSchema } from '../domain/schemas';
import { deleteValue, getValue } from './kv';

const GroupStateSchema = z.object({
  groupId: z.string(),
  groupName: z.string().optional(),
  ruleIds: z.array(z.string()),
  state: z.enum(['in-role', 'missing', 'skipped']),
  reason: z.string().optional(),
  /** Why it is missing or skipped, as codes a page words (answers.ts GroupStateWhy). */
  why: z
    .object({
      code: z.enum([
        'wanted',
        'group-deleted',
        'role-not-found',
        'refused-role',
        'refused-admin',
        'refused-apps',
        'refused-product',
      ]),
      ruleIds: z.array(z.string()),
      drift: z.boolean().optional(),
      teamManaged: z.boolean().optional(),
      roleName: z.string().optional(),
      products: z.array(z.string()).optional(),
      removesOwn: z.boolean().optional(),
    })
    .optional(),
  addedByApp: z.boolean().optional(),
});

const OrganizationSchema = z.object({
  name: z.string(),
  organizationId: z.string().optional(),
  linked: z.boolean(),
  ruleIds: z.array(z.string()),
});

export const ProjectLiveSchema = z.object({
  /** When Jira was read (ISO). */
  checkedAt: z.string(),
  /** The rules and settings the reading was planned with (live-status.ts basisOf). */
  basis: z.string(),
  project: ProjectSchema,
  roleName: z.string(),
  groups: z.array(GroupStateSchema),
  unmanagedGroups: z.array(z.object({ groupId: z.string(), groupName: z.string().optional() })),
  organizations: z.array(OrganizationSchema),
  /** What the reading cost, in points of the quota (for the logs and the operator). */
  points: z.number(),
});
export type ProjectLive = z.infer<typeof ProjectLiveSchema>;

const key = (projectKey: string) => `project-live:${projectKey}`;

/** A week: older readings are not worth showing. */
const KEEP = { value: 7, unit: 'DAYS' as const };

export function getProjectLive(projectKey: string): Promise<ProjectLive | undefined> {
  return getValue(key(projectKey), ProjectLiveSchema);
}

export async function putProjectLive(projectKey: string, live: ProjectLive): Promise<void> {
  await kvs.set(key(projectKey), ProjectLiveSchema.parse(live), { ttl: KEEP });
}

export function forgetProjectLive(projectKey: string): Promise<void> {
  return deleteValue(key(projectKey));
}

const readKey = (projectKey: string, minute: number, basis: string) =>
  `project-live-read:${projectKey}:${minute}:${basis}`;

/** Claims this minute's read of the project; false when another request claimed it. */
export async function claimLiveRead(
  projectKey: string,
  minute: number,
  basis: string,
): Promise<boolean> {
  try {
    await kvs.set(
      readKey(projectKey, minute, basis),
      { at: new Date().toISOString() },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 2, unit: 'MINUTES' } },
    );
    return true;
  } catch (err) {
    if (err instanceof ForgeKvsAPIError && err.responseDetails.status === 409) return false;
    throw err;
  }
}

/** Gives a claimed read back (it could not be paid for): another request may make it. */
export function releaseLiveRead(projectKey: string, minute: number, basis: string): Promise<void> {
  return deleteValue(readKey(projectKey, minute, basis));
}
