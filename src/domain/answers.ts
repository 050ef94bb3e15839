// What the use cases answer the pages with: built in src/enforce, named in the resolver contract
// (src/resolvers/contract.ts re-exports them), read by the pages. Kept here, below both, so that
// src/enforce never imports from the resolvers' layer and the pages never import a use case.
import { z } from 'zod';

import type { ErrorWords } from './errors';
import type { ExcludedRule } from './exclusions';
import type { PreviewDifference } from './preview-recheck';
import type { ProjectVisit } from './project-visit';
import type { ExclusionRequest, ProjectExclusion, Rule, Run, RunTrigger } from './schemas';
import { SweepPeriodSchema } from './sweep-period';

/** A rule as the admin page shows it: as saved, and the exclusions project admins asked for. */
export interface RuleView extends Rule {
  projectExclusions: ProjectExclusion[];
}

/** What an import would do, by rule name: shown before anything is replaced. */
export interface ImportPreview {
  created: string[];
  changed: string[];
  unchanged: string[];
  /** Rules not in the file that `replace` deletes. */
  removed: string[];
}

/** What the admin page shows of change-driven enforcement (src/enforce/views/enforcement-state.ts). */
export const EnforcementStateSchema = z.object({
  /** The sweep's period in force: adaptive or pinned, at its shortest while the log is not trusted. */
  sweepHours: z.number(),
  /** Why the period is what it is: pinned by an admin, or what the sweep found (sweep-period.ts). */
  sweepPeriod: z.object({
    pinned: z.boolean(),
    reason: z.string(),
    /** The same as data, for the page to word: why (or pinned), the period, where it missed. */
    why: z.enum(['pinned', ...SweepPeriodSchema.shape.why.options]),
    hours: z.number(),
    projectKey: z.string().optional(),
    /** Adaptive: since when it is in force. */
    since: z.string().optional(),
    /** The last change the sweep found that no signal announced. */
    lastMiss: z.object({ at: z.string(), projectKey: z.string() }).optional(),
  }),
  /** Every service project was verified at or after this time (a full run or a sweep cycle). */
  verifiedSince: z.string().optional(),
  /** Whole hours since then, rounded up: "every project verified in the last 19 h". */
  verifiedWithinHours: z.number().optional(),
  sweep: z
    .object({
      position: z.number(),
      total: z.number(),
      /** Of the projects before `position`: a run had verified them this cycle, not visited again. */
      passedOver: z.number().optional(),
    })
    .optional(),
  auditLog: z
    .object({
      readable: z.boolean(),
      checkedAt: z.string(),
      message: z.string().optional(),
      /** When the app made changes the log did not show: its signals are not trusted. */
      ownChangesMissingAt: z.string().optional(),
    })
    .optional(),
  /** Projects marked for the next hourly run, and rule changes not yet resolved to projects. */
  pending: z.object({ projects: z.number(), ruleChanges: z.number(), fullRun: z.boolean() }),
});
export type EnforcementState = z.infer<typeof EnforcementStateSchema>;

/** What differs now from a preview about to be applied (src/enforce/views/recheck-preview.ts). */
export interface PreviewRecheck {
  runId: string;
  /** When the preview finished: the page says how old it is. */
  previewedAt: string;
  checkedAt: string;
  /** The rule a one-rule preview showed; absent for all rules. */
  ruleId?: string;
  /** Role changes the preview showed. */
  previewed: number;
  /** Of those, the ones Apply will make: still needed where checked, all of them elsewhere. */
  willApply: number;
  /** Projects with previewed changes, and how many of them were read again. */
  projects: { checked: number; total: number };
  differences: PreviewDifference[];
  /** Projects deleted since the preview: their changes are skipped. */
  goneProjects: { key: string; name: string }[];
  /** Projects that could not be read now: re-checked as they are applied. */
  unreadable: { key: string; name: string; message: string }[];
  /** Organization links the preview showed there: re-checked as they are applied. */
  orgLinks: number;
  /** Organization members the preview would add and remove: Apply leaves members alone. */
  orgMembers: { adds: number; removals: number };
  /** What the re-check cost in Jira. */
  calls: number;
  points: number;
}

/**
 * Why a group is missing or skipped here, as codes and values a page words in the viewer's
 * language: `wanted` (rules want it in the role; `drift`: the app had added it and someone removed
 * it), the group is gone, the role is missing, or a run refuses the role or the group.
 */
export interface GroupStateWhy {
  code:
    | 'wanted'
    | 'group-deleted'
    | 'role-not-found'
    | 'refused-role'
    | 'refused-admin'
    | 'refused-apps'
    | 'refused-product';
  /** The rules the sentence names. */
  ruleIds: string[];
  drift?: boolean;
  /** role-not-found: the project is team-managed (its customer role is hidden). */
  teamManaged?: boolean;
  roleName?: string;
  /** refused-product: the products the group grants. */
  products?: string[];
  /** refused-*: the app removes the bindings of it that it made. */
  removesOwn?: boolean;
}

/** One group a rule covering the project names, and its state in the project's customer role. */
export interface ProjectGroupState {
  groupId: string;
  groupName?: string;
  ruleIds: string[];
  state: 'in-role' | 'missing' | 'skipped';
  /** Why it is missing or skipped, in English (logs, older pages); `why` is what a page words. */
  reason?: string;
  why?: GroupStateWhy;
  /** In the role: whether the app put it there (its ledger proves it) or someone else did. */
  addedByApp?: boolean;
}

/** An organization a rule covering the project keeps (src/enforce/orgs/org-status.ts). */
export interface ProjectOrganization {
  name: string;
  organizationId?: string;
  /** Linked to this project's desk: its members see each other's requests here. */
  linked: boolean;
  ruleIds: string[];
}

/** The project settings page's view of one project (src/enforce/views/project-status.ts). */
export interface ProjectStatus {
  project: { key: string; name: string; style: 'classic' | 'next-gen' };
  roleName: string;
  rules: Pick<Rule, 'id' | 'name' | 'enabled'>[];
  groups: ProjectGroupState[];
  /** Groups in the role that no rule manages: shown, never touched. */
  unmanagedGroups: { groupId: string; groupName?: string }[];
  /**
   * When Jira was read for the project, its groups and organizations (ISO): read at most once a
   * minute per project; older when a new read was refused (notLive).
   */
  checkedAt: string;
  /** Why this load shows an older reading, and when a new one can be had (ISO). */
  notLive?: { message: string; retryAt: string; words?: ErrorWords };
  /** This project's part of the last run that visited it: never the site's totals. */
  lastRun?: ProjectVisit;
  /** The newest finished site run, when it did not visit this project. */
  lastSiteRun?: {
    trigger: RunTrigger;
    createdAt: string;
    /** An hourly run that visited only what changed and the sweep's slice. */
    changeDriven: boolean;
  };
  /** This project's own run (Enforce now), started after lastRun and not recorded here yet. */
  ownRun?: Pick<Run, 'id' | 'status' | 'createdAt' | 'message'>;
  nextScheduledRunAt?: string;
  /** With scheduled runs on: the sweep verifies every project at least this often (hours). */
  sweepHours?: number;
  canRequestExclusion: boolean;
  /** This project's requests to leave a rule, and their answers. */
  exclusionRequests?: Pick<
    ExclusionRequest,
    'ruleId' | 'status' | 'requestedAt' | 'decidedAt' | 'reason'
  >[];
  /** Organizations the covering rules keep, and whether each is linked here. */
  organizations?: ProjectOrganization[];
  /** Rules that would cover the project but for an exclusion: shown as excluded, not hidden. */
  excludedRules?: ExcludedRule[];
}
