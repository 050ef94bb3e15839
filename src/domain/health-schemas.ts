// The health checks' vocabulary: what a check answers, the report the page reads from storage,
// and the facts read from Jira that the pure checks judge. Pure: no I/O.
import { z } from 'zod';

import { HealthSentenceSchema, HealthWordsSchema } from './health-sentences';

/** unknown: Jira refused a read the check needs ("could not check: <why>"). */
export const HealthStatusSchema = z.enum(['pass', 'warn', 'fail', 'unknown']);
export type HealthStatus = z.infer<typeof HealthStatusSchema>;

/** The hourly trigger recomputes a report older than this. */
export const HEALTH_REFRESH_HOURS = 6;

/** At most this many people or projects are listed per check; `total` counts them all. */
export const AFFECTED_SHOWN = 50;

export const HealthAffectedSchema = z.object({
  /** "people", "projects", "rules", "permission schemes", "accounts" */
  noun: z.string(),
  total: z.number().int().min(0),
  items: z
    .array(
      z.object({
        id: z.string(),
        label: z.string(),
        note: z.string().optional(),
        /** The note as a code and values, worded on the page. */
        sentence: HealthSentenceSchema.optional(),
        /** A Jira screen for this item, relative to the site URL. */
        href: z.string().optional(),
      }),
    )
    .max(AFFECTED_SHOWN),
});
export type HealthAffected = z.infer<typeof HealthAffectedSchema>;

export const HealthCheckSchema = z.object({
  id: z.string(),
  /** Stable number shown on the page ("Check 2"); one number per kind of check. */
  number: z.number().int().positive(),
  title: z.string(),
  status: HealthStatusSchema,
  detail: z.string(),
  /** What the admin should do; absent when the check passes. */
  action: z.string().optional(),
  affected: HealthAffectedSchema.optional(),
  /** The Jira admin screen where it is fixed: a path relative to the site URL. */
  link: z.object({ label: z.string(), href: z.string() }).optional(),
  /** The title, detail and action as codes, where the check has them: the page words these. */
  words: HealthWordsSchema.optional(),
  /** Jira calls the reads behind this check made (a read several checks share counts in each). */
  cost: z.object({ calls: z.number().int().min(0), reads: z.array(z.string()) }).optional(),
});
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

/** What the Health tab shows: computed by the hourly trigger or "Check now", kept in storage. */
export const HealthReportSchema = z.object({
  checks: z.array(HealthCheckSchema),
  checkedAt: z.string(),
  trigger: z.enum(['manual', 'scheduled']),
  /** Jira calls of the whole computation (each read once). */
  calls: z.number().int().min(0),
  durationMs: z.number().min(0),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

/** A permission grant as the checks see it: the holder's type and, for some types, its value. */
export const PermissionGrantSchema = z.object({
  permission: z.string(),
  holder: z.object({
    /** anyone, applicationRole, group, projectRole, sd.customer.portal.only, user... */
    type: z.string(),
    /** group: groupId; projectRole: role id; applicationRole: product key ('' = any). */
    value: z.string().optional(),
    /** group: its name as Jira shows it now. */
    name: z.string().optional(),
  }),
});
export type PermissionGrant = z.infer<typeof PermissionGrantSchema>;

export const PermissionSchemeSchema = z.object({
  id: z.string(),
  name: z.string(),
  grants: z.array(PermissionGrantSchema),
});
export type PermissionScheme = z.infer<typeof PermissionSchemeSchema>;

/** Someone in a customer group who also has agent access through another group. */
export const AgentOverlapPersonSchema = z.object({
  accountId: z.string(),
  displayName: z.string().optional(),
  customerGroupIds: z.array(z.string()),
  accessGroupIds: z.array(z.string()),
});
export type AgentOverlapPerson = z.infer<typeof AgentOverlapPersonSchema>;

/**
 * Members of customer groups who hold agent access through another group. Reading group members
 * is the expensive read (2 points a person), so its result is kept and reused while the groups
 * involved stay the same (`fingerprint`), their counts do not move and the audit log names none.
 */
export const AgentOverlapSchema = z.object({
  fingerprint: z.string(),
  readAt: z.string(),
  people: z.array(AgentOverlapPersonSchema).max(AFFECTED_SHOWN),
  total: z.number().int().min(0),
  membersRead: z.number().int().min(0),
  /**
   * Set when the customer groups were not read: the groups of each agent (this many) were looked
   * up instead, as that cost less.
   */
  agentsLookedUp: z.number().int().min(0).optional(),
  /** False when the read budget ran out before every member of every group was read. */
  complete: z.boolean(),
  calls: z.number().int().min(0),
  /** groupId -> active members when read: a one-call count tells whether to read again. */
  counts: z.record(z.string(), z.number()).optional(),
});
export type AgentOverlap = z.infer<typeof AgentOverlapSchema>;

/** A read from Jira: its value, or why Jira refused it; with the calls it made either way. */
export type Read<T> =
  { ok: true; value: T; calls: number } | { ok: false; why: string; calls: number };

/** A product's access settings and licence figures (GET /rest/api/3/applicationrole). */
export const ApplicationRoleSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Groups that grant access to the product. */
  groupIds: z.array(z.string()),
  /** Groups new users are put in when they get the product by default. */
  defaultGroupIds: z.array(z.string()),
  /** "New users have access to this product". */
  selectedByDefault: z.boolean(),
  /** groupId -> name, for the groups above. */
  groupNames: z.record(z.string(), z.string()),
  userCount: z.number().int().optional(),
  numberOfSeats: z.number().int().optional(),
  remainingSeats: z.number().int().optional(),
  hasUnlimitedSeats: z.boolean().optional(),
});
export type ApplicationRole = z.infer<typeof ApplicationRoleSchema>;

/** A service project some enabled rule covers, with those rules. */
export const CoveredProjectSchema = z.object({
  id: z.string().optional(),
  key: z.string(),
  name: z.string(),
  style: z.enum(['classic', 'next-gen']),
  ruleIds: z.array(z.string()),
});
export type CoveredProject = z.infer<typeof CoveredProjectSchema>;

export interface Coverage {
  projects: CoveredProject[];
  /** False when listing stopped early (a very large site): later projects are not judged. */
  complete: boolean;
}

/** The permission schemes of covered projects, as far as Jira told them. */
export interface SchemeFacts {
  /** project key -> scheme id */
  schemeOf: Map<string, string>;
  schemes: Map<string, PermissionScheme>;
  /** Projects (or their scheme) Jira would not tell about, with its answer. */
  unread: { key: string; why: string }[];
  /** Which projects' schemes were read by this computation, and when the others were. */
  reads: SchemeReadsNote;
}

/** Project schemes are kept and read again only when named or due (health-rotation.ts). */
export interface SchemeReadsNote {
  /** Read now: never read before, named by the audit log, due in the rotation. */
  unread: number;
  named: number;
  rotation: number;
  /** The oldest kept read among the covered projects (absent when all were read now). */
  oldest?: string;
  /** Grants of this many schemes were read now (the others are kept). */
  grantsRead: number;
  rotationDays: number;
  /** The audit log could not be read: the rotation alone re-reads (why). */
  signalsUnreadable?: string;
  /** When the service projects were listed in full, if before this computation. */
  listedAt?: string;
}

/** Accounts created lately (from Jira's audit log) that have Jira Service Management. */
export interface RecentAccounts {
  days: number;
  created: number;
  /** Of `created`, the newest this many were looked up. */
  checked: number;
  withServiceDesk: { accountId: string; displayName?: string }[];
}
