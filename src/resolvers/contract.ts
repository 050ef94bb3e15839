// The resolver contract between the Custom UI pages and the backend: one zod schema per
// function's payload, and the types of what each answers. The UI imports these types only.
import { z } from 'zod';

import type {
  EnforcementState,
  ImportPreview,
  PreviewRecheck,
  ProjectStatus,
  RuleView,
} from '../domain/answers';
import type { ErrorAnswer, ErrorCode } from '../domain/errors';
import type { RuleRefusal } from '../domain/guard-rails';
import type { RefusedRule } from '../domain/guard-rails';
import type { HealthCheck, HealthReport } from '../domain/health-schemas';
import type { OrgPlanSummary } from '../domain/org-plan';
import type { ProjectPickerOption } from '../domain/project-picker';
import type { ProjectRun } from '../domain/project-view';
import { ImpactChangeSchema, type RemovalImpact } from '../domain/removal-impact';
import type {
  ActionResult,
  AuditEntry,
  ExclusionRequest,
  Group,
  Project,
  ProjectPlan,
  Rule,
  Run,
  Settings,
} from '../domain/schemas';
import {
  AuditKindSchema,
  GroupIdSchema,
  ProjectKeySchema,
  ProjectScopeSchema,
  RuleInputSchema,
  RuleSchema,
  SettingsSchema,
} from '../domain/schemas';
import type { Summary } from '../domain/summary';
import type { UninstallView } from '../domain/uninstall';
import type { VersionConflict } from '../domain/version-conflict';

const none = z.object({}).strict();
const runId = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'not a run id; open the run from the list of runs');
const ruleId = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, 'not a rule id; open the rule from the list of rules');
const cursor = z.string().max(1000).optional();

export const adminPayloads = {
  listSyncedGroups: z.object({ query: z.string().max(255).optional() }).strict(),
  /** Every project category of the site, for the rule editor's category picker. */
  listProjectCategories: none,
  listRules: none,
  /** `rule.version` is the version the edit is based on; an older one answers `{conflict}`. */
  saveRule: z.object({ rule: RuleInputSchema }).strict(),
  /** Takes back a project admin's exclusion of their project from a rule. */
  removeExclusion: z.object({ ruleId, projectKey: ProjectKeySchema }).strict(),
  deleteRule: z.object({ id: ruleId }).strict(),
  adoptBinding: z.object({ projectKey: ProjectKeySchema, groupId: GroupIdSchema }).strict(),
  /** Which projects a scope covers right now (the scope editor's live list). */
  previewScope: z
    .object({ scope: ProjectScopeSchema, exclude: z.array(ProjectKeySchema).max(5000).default([]) })
    .strict(),
  /** Starts a dry run (whole site, or one rule) and answers its runId; poll getRun / getRunPlan. */
  previewPlan: z.object({ ruleId: ruleId.optional() }).strict(),
  startRun: z.object({ dryRun: z.boolean().default(false) }).strict(),
  /** Applies what a finished preview showed (re-checked against Jira), and nothing else. */
  applyPreview: z.object({ runId }).strict(),
  /** What changed in Jira since a finished preview, for the confirmation before applying it. */
  recheckPreview: z.object({ runId }).strict(),
  /** Runs again only the projects where a finished run had errors. */
  retryFailed: z.object({ runId }).strict(),
  getRun: z.object({ runId }).strict(),
  /** The plan a run applied (or, for a dry run, would apply), a page of projects at a time. */
  getRunPlan: z.object({ runId, cursor, changesOnly: z.boolean().default(false) }).strict(),
  /** Per-action results of a run, a page at a time. */
  getRunActions: z.object({ runId, cursor }).strict(),
  listRuns: z.object({ cursor }).strict(),
  /** The site's JSM organizations, for the rule editor's organization picker. */
  listOrganizations: none,
  /** What a run's organization sync did (or, for a dry run, would do), per organization. */
  getRunOrganizations: z.object({ runId }).strict(),
  getAudit: z
    .object({
      cursor,
      projectKey: ProjectKeySchema.optional(),
      groupId: z.string().max(128).optional(),
      ruleId: ruleId.optional(),
      kind: AuditKindSchema.optional(),
    })
    .strict(),
  /** The last stored health report (never recomputed here), and whether a check is running. */
  getHealth: none,
  /** Asks for the checks to run now (on a queue consumer); poll getHealth for the new report. */
  checkHealth: none,
  getSettings: none,
  /** Sweep progress, the audit log's state and what waits for the next hourly run. */
  getEnforcementState: none,
  /** `settings.version` is the version the change is based on; an older one answers `{conflict}`. */
  saveSettings: z.object({ settings: SettingsSchema }).strict(),
  exportRules: none,
  /** The Rules tab's summary: last and next run, Health, pending requests (stored records only). */
  getSummary: none,
  /** Projects of every type matching a search, for the rule editor's project picker. */
  searchProjects: z.object({ query: z.string().trim().max(255).default('') }).strict(),
  /**
   * What the next run removes if the change is made (bindings and organization members, by
   * project and group), for the confirmation every removal path shows.
   */
  getRemovalImpact: z.object({ change: ImpactChangeSchema }).strict(),
  /**
   * Prepare to uninstall: runs add nothing from now on (the hourly runs are turned off) and a
   * run removes every binding and organization member the app added. Again: a new removal run.
   */
  prepareUninstall: none,
  /** Whether the app is prepared for uninstalling, its removal run, and what is left, and why. */
  getUninstallState: none,
  /** Project admins' requests to leave a rule, pending first. */
  listExclusionRequests: none,
  decideExclusionRequest: z
    .object({ ruleId, projectKey: ProjectKeySchema, decision: z.enum(['approve', 'decline']) })
    .strict(),
  importRules: z
    .object({
      rules: z.array(RuleInputSchema).max(500, 'Import at most 500 rules at once'),
      replace: z.boolean().default(false),
      /** Answer what the import would change, and write nothing. */
      preview: z.boolean().default(false),
    })
    .strict(),
} as const;

export const projectPayloads = {
  getProjectStatus: none,
  startProjectRun: none,
  getRun: z.object({ runId }).strict(),
  requestExclusion: z.object({ ruleId, reason: z.string().trim().max(500).optional() }).strict(),
  /** What leaving the rule removes from this project at the next run, for the dialog. */
  getExclusionImpact: z.object({ ruleId }).strict(),
  /** Takes back the project admin's own exclusion of this project from a rule. */
  undoExclusion: z.object({ ruleId }).strict(),
} as const;

export type AdminFunction = keyof typeof adminPayloads;
export type ProjectFunction = keyof typeof projectPayloads;
export type AdminPayload<F extends AdminFunction> = z.input<(typeof adminPayloads)[F]>;
export type ProjectPayload<F extends ProjectFunction> = z.input<(typeof projectPayloads)[F]>;

export type {
  EnforcementState,
  ImportPreview,
  PreviewRecheck,
  ProjectGroupState,
  ProjectOrganization,
  ProjectStatus,
  RuleView,
} from '../domain/answers';
export type { LeftBehind, UninstallView } from '../domain/uninstall';

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * A save refused because it was based on an older version than the stored one. Answered as data,
 * not thrown: Forge gives a page only the message of an error, and the page needs the code and id.
 */
export interface ConflictAnswer {
  conflict: VersionConflict;
}

/**
 * Every function of both resolvers may answer an error as data instead of its result (guard.ts):
 * `{error: {code, message, field?, retryAt?, reason?, values?}}`. The page maps the code (and
 * words a known reason from its values), never the message.
 */
export type Answer<T> = T | ErrorAnswer;
export type { ErrorAnswer, ErrorCode };

/**
 * A rule refused by the guard rails (a role other than the customer role, a group that must
 * never be customers): each refusal has its code and the editor field it belongs to.
 */
export interface RefusedAnswer {
  refused: RefusedRule[];
}

export interface SyncedGroupView extends Group {
  /** true when the identity provider manages it (managedBy EXTERNAL). */
  synced: boolean;
  /** Why a rule could not (or, unsynced, should not) make it customers: the guard rails' words. */
  warning?: RuleRefusal;
}

/** An exclusion request as the inbox shows it: with its rule's name (absent: rule deleted). */
export interface ExclusionRequestView extends ExclusionRequest {
  ruleName?: string;
  /** Who asked, by display name (absent when Jira could not say). */
  requestedByName?: string;
}

/** A project category, by name (rules keep its id; names change in Jira settings). */
export interface ProjectCategoryView {
  id: string;
  name: string;
  description?: string;
}

export interface ScopePreview {
  projects: Pick<Project, 'key' | 'name' | 'style'>[];
  /** Covered among the service projects read (all of them when `complete`). */
  total: number;
  excluded: string[];
  /** False when reading stopped at the resolver's deadline (a busy or very large site): `total` then counts the first `scanned` of `serviceProjects`. */
  complete?: boolean;
  scanned?: number;
  serviceProjects?: number;
}

/** The Health tab: the stored report, if any, and a check on its way. */
export type HealthView = Partial<Omit<HealthReport, 'checks'>> & {
  checks: HealthCheck[];
  checking?: { requestedAt: string };
};

/** What each admin function answers on success; on the wire it is `Answer<AdminResults[F]>`. */
export interface AdminResults {
  listSyncedGroups: SyncedGroupView[];
  listProjectCategories: ProjectCategoryView[];
  listRules: RuleView[];
  saveRule: Rule | ConflictAnswer | RefusedAnswer;
  removeExclusion: { included: true };
  deleteRule: { deleted: true };
  adoptBinding: { projectKey: string; groupId: string; adopted: true };
  previewScope: ScopePreview;
  previewPlan: { runId: string };
  startRun: { runId: string };
  applyPreview: { runId: string };
  recheckPreview: PreviewRecheck;
  retryFailed: { runId: string };
  getRun: Run;
  getRunPlan: Page<ProjectPlan>;
  getRunActions: Page<ActionResult>;
  listRuns: Page<Run>;
  listOrganizations: { id: string; name: string }[];
  getRunOrganizations: { done: boolean; plans: OrgPlanSummary[] } | null;
  /** actorNames: display names of the people in the page, by accountId. */
  getAudit: Page<AuditEntry> & { actorNames: Record<string, string> };
  getHealth: HealthView;
  checkHealth: { requestedAt: string };
  getSettings: Settings;
  getEnforcementState: EnforcementState;
  saveSettings: Settings | ConflictAnswer;
  exportRules: { version: 1; exportedAt: string; rules: Rule[] };
  getSummary: Summary;
  searchProjects: ProjectPickerOption[];
  getRemovalImpact: RemovalImpact;
  prepareUninstall: { runId: string };
  getUninstallState: UninstallView;
  listExclusionRequests: ExclusionRequestView[];
  decideExclusionRequest: ExclusionRequest;
  importRules: { imported: number; rules: Rule[] } | { preview: ImportPreview } | RefusedAnswer;
}

/** What each project function answers on success; on the wire `Answer<ProjectResults[F]>`. */
export interface ProjectResults {
  getProjectStatus: ProjectStatus;
  startProjectRun: { runId: string };
  getRun: ProjectRun;
  getExclusionImpact: {
    removalEnabled: boolean;
    /** The groups the next run removes from this project once it leaves the rule. */
    groups: { groupId: string; groupName?: string }[];
  };
  requestExclusion: {
    excluded: boolean;
    status: 'pending' | 'approved';
    message: string;
  };
  undoExclusion: { included: true };
}

export { RuleSchema };
