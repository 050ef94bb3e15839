// The app's vocabulary as zod schemas; every type in the app is inferred from these.
// Pure: no I/O, no Forge imports. The words are those of the design ("rule", "binding"...).
import { z } from 'zod';

import { AuditSentenceSchema } from './audit-sentences';
import { PlanReasonSchema } from './reasons';
import { ruleOverSize, ruleSizeRefusal, sizeField } from './rule-size';

export const DEFAULT_ROLE_NAME = 'Service Desk Customers';

/** Jira project keys: an upper-case letter, then upper-case letters, digits or underscores. */
export const ProjectKeySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z][A-Z0-9_]{0,254}$/,
    'Project keys start with a letter and hold only letters, digits and underscores',
  );

/** Groups are always referred to by id: names change in the identity provider. */
export const GroupIdSchema = z
  .string()
  .trim()
  .min(1, 'Pick a group')
  .max(128)
  .regex(/^[A-Za-z0-9:_-]+$/, 'A group id holds only letters, digits, ":", "_" and "-"');

export const ProjectScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z
    .object({
      type: z.literal('keys'),
      keys: z.array(ProjectKeySchema).min(1, 'Add at least one project key').max(5000),
    })
    .strict(),
  z
    .object({
      type: z.literal('categories'),
      categoryIds: z
        .array(z.string().regex(/^\d{1,18}$/, 'Category ids are numbers'))
        .min(1, 'Pick at least one category')
        .max(500),
    })
    .strict(),
  z
    .object({
      type: z.literal('pattern'),
      pattern: z
        .string()
        .trim()
        .toUpperCase()
        .min(1, 'Enter a key pattern such as HR* or *-SUPPORT')
        .max(255)
        .regex(
          /^[A-Z0-9_*?]+$/,
          'A key pattern holds letters, digits, "_", and the wildcards * and ?',
        ),
    })
    .strict(),
]);
export type ProjectScope = z.infer<typeof ProjectScopeSchema>;

/** Counts saves: a save based on an older version than the stored one is refused. */
const VersionSchema = z.number().int().min(0).max(1_000_000_000);

const ruleFields = {
  name: z
    .string()
    .trim()
    .min(1, 'Give the rule a name')
    .max(120, 'Keep the name under 120 characters'),
  groupIds: z
    .array(GroupIdSchema)
    .min(1, 'Pick at least one synced group')
    .max(50, 'A rule names at most 50 groups')
    .refine((ids) => new Set(ids).size === ids.length, 'A group is picked twice'),
  scope: ProjectScopeSchema,
  exclude: z.array(ProjectKeySchema).max(5000).default([]),
  roleName: z.string().trim().min(1, 'Name the project role').max(255).default(DEFAULT_ROLE_NAME),
  enabled: z.boolean().default(true),
  /**
   * The admin's explicit, audited override: groups not synced from the identity provider may be
   * made customers. Never lifts the refusal of administration or product-access groups.
   */
  allowUnsyncedGroups: z.boolean().default(false),
  /** What the rule keeps in step: the customer role (absent: as before rules could keep organizations), a JSM organization, or both. */
  target: z.enum(['role', 'organization', 'both']).optional(),
  /** The JSM organization (target organization or both): picked by name, created if missing. */
  organization: z
    .object({
      id: z
        .string()
        .regex(/^\d{1,18}$/, 'Organization ids are numbers')
        .optional(),
      name: z
        .string()
        .trim()
        .min(1, 'Name the organization')
        .max(255, 'Keep the organization name under 255 characters'),
    })
    .strict()
    .optional(),
};

/** A rule that keeps an organization must name it. */
const orgNamed = (r: { target?: string; organization?: unknown }) =>
  (r.target ?? 'role') === 'role' || r.organization !== undefined;
const ORG_NAMED = {
  message: 'Pick or name the organization this rule keeps in step',
  path: ['organization'],
};

/** What an admin sends to create or update a rule. */
export const RuleInputSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional(),
    ...ruleFields,
    /** The version the edit is based on (from listRules); absent reads as 0. Unused on create. */
    version: VersionSchema.optional(),
  })
  .strict()
  .refine(orgNamed, ORG_NAMED)
  // A rule is one stored value: refused here (and in the editor) before it cannot be stored.
  .superRefine((rule, ctx) => {
    const why = ruleSizeRefusal(rule);
    // The numbers go with the words, for a page to say them in its language.
    if (why)
      ctx.addIssue({
        code: 'custom',
        message: why,
        path: [sizeField(rule)],
        params: ruleOverSize(rule),
      });
  });
export type RuleInput = z.input<typeof RuleInputSchema>;

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    ...ruleFields,
    /** 0 for a rule stored before versions existed; its next save makes it 1. */
    version: VersionSchema.default(0),
    createdAt: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string().optional(),
  })
  .strict()
  .refine(orgNamed, ORG_NAMED);
export type Rule = z.infer<typeof RuleSchema>;

/** Why a run looks at a project: a change signal, the rolling sweep, or a full run. */
export const VisitReasonSchema = z.enum([
  'changed-in-jira',
  'new-project',
  'rule-changed',
  'sweep',
  'full-run',
]);
export type VisitReason = z.infer<typeof VisitReasonSchema>;

/** A project as the planner sees it (read from project search). */
export const ProjectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  typeKey: z.string(),
  /** classic = company-managed, next-gen = team-managed */
  style: z.enum(['classic', 'next-gen']),
  categoryId: z.string().optional(),
  /** Why a change-driven run visits it (absent in a full run). */
  visit: z.array(VisitReasonSchema).optional(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const GroupSchema = z.object({
  groupId: z.string(),
  name: z.string(),
  /** EXTERNAL: provisioned by the identity provider (SCIM). */
  managedBy: z.string().optional(),
});
export type Group = z.infer<typeof GroupSchema>;

/** One (project, role, group) triple. */
export const BindingSchema = z.object({
  projectId: z.string(),
  projectKey: z.string(),
  roleId: z.string(),
  groupId: z.string(),
});
export type Binding = z.infer<typeof BindingSchema>;

/** A binding this app created; only these may ever be removed by the app. */
export const LedgerEntrySchema = BindingSchema.extend({
  groupName: z.string().optional(),
  ruleIds: z.array(z.string()),
  addedAt: z.string(),
  runId: z.string(),
  /**
   * Written just before the add is sent to Jira. Cleared once Jira's answers prove the app made
   * the add (its success, or the app's own record in Jira's audit log); dropped otherwise. A
   * pending entry never makes a binding the app's.
   */
  pending: z.boolean().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export const SkipCodeSchema = z.enum([
  'team-managed',
  'not-service-desk',
  'role-not-found',
  'group-deleted',
  'project-excluded',
  'rule-disabled',
  'project-not-found',
  'removal-disabled',
  /** The rule targets a role other than the customer role, or names a group that must never be customers. */
  'refused',
  /** An apply of a preview: the binding changed in Jira since the preview, so it was left alone. */
  'changed-since-preview',
  /** An apply of a preview: the change was not in the preview, so it waits for the next run. */
  'not-previewed',
  /** The group is in the role, but nothing Jira answered proves the app put it there: a person's. */
  'not-added-by-app',
]);
export type SkipCode = z.infer<typeof SkipCodeSchema>;

export const PlanActionSchema = z.object({
  kind: z.enum(['add', 'remove']),
  groupId: z.string(),
  groupName: z.string().optional(),
  ruleIds: z.array(z.string()),
  /** Why: which rules want it (add) or why it is no longer wanted (remove). */
  reason: z.string(),
  /** The same as data, for the pages to word in the viewer's language (absent in older runs). */
  say: PlanReasonSchema.optional(),
  /** Add only: the app had added this binding before and someone removed it by hand. */
  drift: z.boolean().optional(),
  /** After a real run: what Jira answered (absent in a preview). */
  outcome: z.object({ ok: z.boolean(), error: z.string().optional() }).optional(),
});
export type PlanAction = z.infer<typeof PlanActionSchema>;

export const PlanSkipSchema = z.object({
  code: SkipCodeSchema,
  ruleId: z.string().optional(),
  groupId: z.string().optional(),
  /** The group's name when the skip was made, so that it reads without ids. */
  groupName: z.string().optional(),
  /** A sentence a Jira admin understands, saying what to do where there is something to do. */
  reason: z.string(),
  /** The same as data, for the pages to word in the viewer's language (absent in older runs). */
  say: PlanReasonSchema.optional(),
});
export type PlanSkip = z.infer<typeof PlanSkipSchema>;

/** The plan for one project: pure data, shown before anything changes. */
export const ProjectPlanSchema = z.object({
  projectId: z.string(),
  projectKey: z.string(),
  projectName: z.string(),
  roleId: z.string().optional(),
  roleName: z.string(),
  actions: z.array(PlanActionSchema),
  skips: z.array(PlanSkipSchema),
  /** Groups in the role that no rule manages: shown, never touched. */
  unmanagedGroupIds: z.array(z.string()).default([]),
  /**
   * Ledger entries of this role whose group is no longer in the role and no longer wanted: the ledger should forget them,
   * or a group someone later adds by hand would be mistaken for the app's and removed.
   */
  staleLedgerGroupIds: z.array(z.string()).optional(),
  /** Organizations the rules keep that are to be linked to this project's desk. */
  orgLinks: z.array(z.object({ organizationId: z.string(), name: z.string() })).optional(),
  /** Why a change-driven run visited the project. */
  visit: z.array(VisitReasonSchema).optional(),
});
export type ProjectPlan = z.infer<typeof ProjectPlanSchema>;

export const SettingsSchema = z
  .object({
    scheduleEnabled: z.boolean().default(true),
    /** Remove bindings the app added once no enabled rule wants them. */
    removeUnwanted: z.boolean().default(true),
    /** Project admins may exclude their own project from a rule. */
    allowProjectExclusions: z.boolean().default(false),
    /** A project's admins may run it, or ask to exclude it, once per this many minutes. */
    projectRunIntervalMinutes: z.number().int().min(1).max(1440).default(5),
    /** Audit entries older than this are pruned by the hourly trigger. */
    auditRetentionDays: z.number().int().min(30).max(3650).default(400),
    /** A run spends at most this share (%) of Jira's hourly points quota per hour. */
    quotaBudgetPercent: z.number().int().min(1).max(100).default(20),
    /**
     * What people cause (the project page's reads, Enforce now) spends at most this share (%) of
     * Jira's hourly points quota per hour, apart from the runs' share; one person at most a
     * fifth of it (PERSON_SHARE_PERCENT).
     */
    peopleBudgetPercent: z.number().int().min(1).max(50).default(5),
    /**
     * The rolling sweep's period: adaptive (from 6 hours to 7 days, by what the sweep finds that
     * no signal announced), or pinned by the admin to `sweepHours`.
     */
    sweepPinned: z.boolean().default(false),
    /** Pinned: the rolling sweep verifies every project at least once per this many hours. */
    sweepHours: z.number().int().min(1).max(168).default(24),
    /** As stored: how many saves; in saveSettings: the version the change is based on. */
    version: VersionSchema.default(0),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A project admin's exclusion of their project from a rule, granted because Jira admins allow
 * it. Kept under its own key, not in the rule, so that neither it nor an admin's rule edit can
 * overwrite the other.
 */
export const ProjectExclusionSchema = z
  .object({
    ruleId: z.string(),
    projectKey: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    reason: z.string().optional(),
    /** The Jira admin who approved the request; absent when the project's admin excluded it. */
    approvedBy: z.string().optional(),
  })
  .strict();
export type ProjectExclusion = z.infer<typeof ProjectExclusionSchema>;

/**
 * A project admin's request to take their project out of a rule, waiting in the Jira admins'
 * inbox (or decided). One per rule and project: a pending request cannot be sent twice.
 */
export const ExclusionRequestSchema = z
  .object({
    ruleId: z.string(),
    projectKey: z.string(),
    status: z.enum(['pending', 'approved', 'declined']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    reason: z.string().optional(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    /** The project's admin excluded it on their own (allowed by the settings): no one approved. */
    selfService: z.boolean().optional(),
  })
  .strict();
export type ExclusionRequest = z.infer<typeof ExclusionRequestSchema>;

/**
 * Whether a project's admin excluded the project on their own. Records from before
 * `selfService` tell it the same way: approved, yet no Jira admin decided.
 */
export const isSelfService = (r: Pick<ExclusionRequest, 'status' | 'decidedBy' | 'selfService'>) =>
  r.selfService ?? (r.status === 'approved' && !r.decidedBy);

export const RunTriggerSchema = z.enum([
  'scheduled',
  'manual',
  'project',
  'project-created',
  /** A Jira admin's "Prepare to uninstall": removes everything the app added, adds nothing. */
  'uninstall',
]);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

export const RunStatusSchema = z.enum([
  'queued',
  'running',
  /** Shown while a running run waits for Jira's hourly quota (stored runs stay `running`). */
  'paused',
  'succeeded',
  'partly-failed',
  'failed',
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const ActionResultSchema = z.object({
  projectKey: z.string(),
  /**
   * project: the project itself could not be read or planned, so nothing was tried there;
   * org: the same for an organization (its members were left as they are).
   */
  kind: z.enum(['add', 'remove', 'project', 'org', 'org-add', 'org-remove', 'org-link']),
  groupId: z.string().optional(),
  /** org-*: the organization; org-add/org-remove: how many members the call named. */
  organizationId: z.string().optional(),
  /** org-*: the organization's name at run time (one not created yet has no id). */
  organizationName: z.string().optional(),
  members: z.number().optional(),
  groupName: z.string().optional(),
  /** Names known at run time, so that a result reads without ids. */
  projectName: z.string().optional(),
  roleId: z.string().optional(),
  roleName: z.string().optional(),
  ok: z.boolean(),
  error: z.string().optional(),
  at: z.string(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;

/** Jira's hourly points quota as its headers last said: q, what was left (r), the reset. */
export const QuotaSnapshotSchema = z.object({
  limit: z.number(),
  left: z.number().optional(),
  resetAt: z.string().optional(),
  /** When Jira said so. */
  at: z.string(),
});
export type QuotaSnapshot = z.infer<typeof QuotaSnapshotSchema>;

/** A Jira call of a run waiting to be tried again: the try it will be, of how many, and why. */
export const RunWaitingSchema = z.object({
  attempt: z.number(),
  of: z.number(),
  /** What the last try met: 429 (Jira asked to slow down), a 5xx, or 0 (no answer). */
  status: z.number(),
});
export type RunWaiting = z.infer<typeof RunWaitingSchema>;

/** Why a run waits: Jira's hourly quota, the runs' share of it, or the project admins' share. */
export const PauseCodeSchema = z.enum(['quota', 'budget', 'people-budget']);
export type PauseCode = z.infer<typeof PauseCodeSchema>;

export const RunSchema = z.object({
  id: z.string(),
  trigger: RunTriggerSchema,
  dryRun: z.boolean(),
  status: RunStatusSchema,
  startedBy: z.string(),
  /** The starter's display name, added by the admin page's getRun (never stored). */
  startedByName: z.string().optional(),
  projectKey: z.string().optional(),
  ruleId: z.string().optional(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: z.object({ done: z.number(), total: z.number() }),
  counts: z.object({
    adds: z.number(),
    removals: z.number(),
    skips: z.number(),
    /** Changes of an applied preview left out: not in the preview, or changed since it. */
    leftOut: z.number().optional(),
    errors: z.number(),
    /**
     * Of the errors, the projects and organizations the run could not read (Jira did not
     * answer, or refused the read): nothing was tried there, nothing was removed.
     */
    failedReads: z.number().optional(),
    /** Changes needed because the site had drifted from what the app had set before. */
    drift: z.number(),
    /** Organization members added and removed (organization sync). */
    orgAdds: z.number().optional(),
    orgRemovals: z.number().optional(),
    /** Group and organization members read: each costs 2 points of Jira's quota. */
    memberReads: z.number().optional(),
  }),
  message: z.string().optional(),
  /** Jira calls the run made (answered, 429s included) and the points they cost. */
  calls: z.number().optional(),
  points: z.number().optional(),
  quota: QuotaSnapshotSchema.optional(),
  /** While paused: when it resumes (ISO), and why, in words. */
  pausedUntil: z.string().optional(),
  pauseReason: z.string().optional(),
  /** The same as a code, for the page to word with the time in the viewer's zone. */
  pauseCode: PauseCodeSchema.optional(),
  /**
   * While running: a Jira call is waiting to be tried again (never stored on the run: read
   * from its parts' progress), so the page can say the run waits for Jira, not that it is stuck.
   */
  waiting: RunWaitingSchema.optional(),
  /** A change-driven hourly run: how many projects it visits for each reason. */
  visits: z.partialRecord(VisitReasonSchema, z.number()).optional(),
});
export type Run = z.infer<typeof RunSchema>;

export const AuditKindSchema = z.enum([
  'binding-added',
  'binding-removed',
  'binding-failed',
  'binding-kept',
  /** A Jira admin made a binding someone else added the app's (to be removed with its rules). */
  'binding-adopted',
  'rule-saved',
  'rule-deleted',
  'rules-imported',
  'settings-saved',
  'exclusion-requested',
  'exclusion-refused',
  'exclusion-approved',
  'exclusion-declined',
  /** A project's admin took back their own exclusion: the rule covers the project again. */
  'exclusion-undone',
  'run-started',
  'run-finished',
  'run-skipped',
  'run-failed',
  'lock-expired',
  'access-refused',
  'org-member-added',
  'org-member-removed',
  'org-failed',
  'org-linked',
  /** A member found in an organization without proof the app added it: a person's, kept. */
  'org-member-kept',
  /** An organization no rule keeps was deleted in Jira: the app forgot its entries. */
  'org-forgotten',
  /** A run skipped a group a rule names: it turned into an administration, app or product group. */
  'group-refused',
  /** The rolling sweep's period changed: lengthened after a clean cycle, or back to the shortest. */
  'sweep-period-changed',
  /** A Jira admin prepared to uninstall: runs stopped adding, and a run removes what the app added. */
  'uninstall-prepared',
  /** Atlassian answered that accounts the app keeps were closed (or changed): erased, counted. */
  'personal-data-erased',
]);
export type AuditKind = z.infer<typeof AuditKindSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: AuditKindSchema,
  /** accountId of the person, or "app" for the scheduled enforcement. */
  actor: z.string(),
  runId: z.string().optional(),
  ruleId: z.string().optional(),
  /** Every rule that wanted the binding (ruleId is the first of them). */
  ruleIds: z.array(z.string()).optional(),
  projectKey: z.string().optional(),
  groupId: z.string().optional(),
  organizationId: z.string().optional(),
  accountId: z.string().optional(),
  message: z.string(),
  /** The message as a code and values, for the page to word in the viewer's language. */
  sentence: AuditSentenceSchema.optional(),
  /** Refusals of one caller within a minute are one entry: how many there were. */
  count: z.number().int().min(1).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
