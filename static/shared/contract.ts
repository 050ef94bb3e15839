// What the Custom UI pages take from the backend's code: the resolver contract's types and the
// few pure schemas and helpers the pages reuse, re-exported here so no page reaches into src/.
// Values come only from src/domain (pure, no I/O); everything else is a type, erased in the build.

// The resolver contract: each function's payload and answer.
export type {
  AdminFunction,
  AdminPayload,
  AdminResults,
  Answer,
  ConflictAnswer,
  EnforcementState,
  ProjectCategoryView,
  ProjectFunction,
  ProjectGroupState,
  ProjectPayload,
  ProjectResults,
  ProjectStatus,
  RefusedAnswer,
  RuleView,
  ScopePreview,
  SyncedGroupView,
  UninstallView,
} from '../../src/resolvers/contract';

// The stored records the pages show, and the schemas that validate input at the field.
export type {
  ActionResult,
  AuditEntry,
  AuditKind,
  PlanAction,
  PlanSkip,
  ProjectExclusion,
  ProjectPlan,
  ProjectScope,
  Rule,
  RuleInput,
  Run,
  Settings,
  SkipCode,
  VisitReason,
} from '../../src/domain/schemas';
export {
  AuditKindSchema,
  DEFAULT_ROLE_NAME,
  isSelfService,
  ProjectKeySchema,
  ProjectScopeSchema,
  RuleInputSchema,
  SettingsSchema,
} from '../../src/domain/schemas';

// Errors as every resolver answers them.
export type { ErrorAnswer, ErrorCode, ErrorWords, ErrorWordsId } from '../../src/domain/errors';
export { ErrorAnswerSchema } from '../../src/domain/errors';

// Health checks.
export type { HealthCheck, HealthStatus } from '../../src/domain/health-schemas';
export { HEALTH_REFRESH_HOURS } from '../../src/domain/health-schemas';

// Rule scope matching (the rule editor's overlap note matches key patterns as the engine does).
export { matchesKeyPattern } from '../../src/domain/scope';

// What a run did: per project, per organization, and the sweep's state.
export type { OrgPlanSummary } from '../../src/domain/org-plan';
export type { ProjectRun } from '../../src/domain/project-view';
export type { ProjectVisit, VisitAction } from '../../src/domain/project-visit';

// A plan's reasons as data, worded by the pages.
export type {
  AuditKeys,
  RuleChange,
  RuleParts,
  ScopeParts,
  SettingChange,
} from '../../src/domain/audit-sentences';
export type { PlanReason, Unwanted } from '../../src/domain/reasons';

// Answers to edits: a preview's re-check, a removal's impact, a stale version.
export type { PreviewDifference } from '../../src/domain/preview-recheck';
export type {
  BindingRemoval,
  ImpactChange,
  OrgMemberRemoval,
  RemovalImpact,
} from '../../src/domain/removal-impact';
export type { VersionConflict } from '../../src/domain/version-conflict';
