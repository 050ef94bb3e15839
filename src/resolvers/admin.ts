// The admin page's resolver: every function is for Jira admins only.
import { UserFacingError } from '../domain/errors';
import { RuleRefusedError } from '../domain/guard-rails';
import { settingsSavedSentence, settingsSavedWords } from '../domain/settings-words';
import { settingsConflict, VersionConflictError } from '../domain/version-conflict';
import { adoptBinding } from '../enforce/bindings/adopt-binding';
import { readHealth, requestHealthCheck } from '../enforce/health/health';
import {
  decideExclusionRequest,
  includeProjectAgain,
  listRequestsForInbox,
} from '../enforce/rules/exclusions';
import { searchProjectsForPicker } from '../enforce/rules/project-picker';
import { removalImpact } from '../enforce/rules/removal-impact';
import {
  deleteRule,
  exportRules,
  importRules,
  listRuleViews,
  saveRule,
} from '../enforce/rules/rules-service';
import { previewScope } from '../enforce/rules/scope-preview';
import { listPickableGroups } from '../enforce/rules/synced-groups';
import {
  endUninstallPreparation,
  prepareUninstall,
  uninstallView,
} from '../enforce/run/prepare-uninstall';
import { failedSubset, previewSubset, type RunSubset } from '../enforce/run/run-subsets';
import { startRun } from '../enforce/run/start-run';
import { auditPageWithNames } from '../enforce/views/audit-view';
import { displayName } from '../enforce/views/display-name';
import { enforcementState } from '../enforce/views/enforcement-state';
import { recheckPreview } from '../enforce/views/recheck-preview';
import { getSummary } from '../enforce/views/summary';
import { listProjectCategories } from '../jira/categories';
import { JiraClient } from '../jira/client';
import { listOrganizations } from '../jira/organizations';
import { appendAudit } from '../store/audit';
import { markFullRun } from '../store/dirty-projects';
import { getOrgSync } from '../store/org-runs';
import { getRun, listRunsPage, runActionsPage, runPlansPage } from '../store/runs';
import { getSettings, putSettings } from '../store/settings';
import { callerIsJiraAdmin } from './authorize';
import { adminPayloads } from './contract';
import { defineResolver, identifyCaller } from './guard';

/**
 * A refused save (based on an older version, or refused by the guard rails), answered as data
 * the page can act on: Forge hands a page only a thrown error's message.
 */
async function refusalAsAnswer<T>(save: () => Promise<T>) {
  try {
    return await save();
  } catch (err) {
    if (err instanceof VersionConflictError) return { conflict: err.conflict };
    if (err instanceof RuleRefusedError) return { refused: err.refused };
    throw err;
  }
}

async function requireRun(runId: string) {
  const run = await getRun(runId);
  if (!run)
    throw new UserFacingError(
      `Run ${runId} was not found; it may be older than the history keeps.`,
      'not-found',
    );
  return run;
}

/** A run from the admin page of projects chosen from an earlier run (run-subsets.ts). */
async function runOfSubset(
  startedBy: string,
  subset: RunSubset,
  from: { appliesPreview?: string; retryOf?: string },
) {
  const run = await startRun({ trigger: 'manual', dryRun: false, startedBy, subset, ...from });
  return { runId: run.id };
}

export const adminResolver = defineResolver({
  schemas: adminPayloads,
  identify: identifyCaller,
  authorize: async (caller) => {
    if (!(await callerIsJiraAdmin(caller.accountId))) {
      throw new UserFacingError(
        'Only Jira admins can manage Customer Role Sync. Ask a Jira admin for access.',
        'forbidden',
        'is not a Jira admin',
      ).says('not-jira-admin');
    }
  },
  handlers: {
    listSyncedGroups: ({ query }) => listPickableGroups(query),
    listProjectCategories: () => listProjectCategories(new JiraClient()),
    listRules: () => listRuleViews(),
    saveRule: ({ rule }, caller) => refusalAsAnswer(() => saveRule(rule, caller.accountId)),
    removeExclusion: ({ ruleId, projectKey }, caller) =>
      includeProjectAgain(ruleId, projectKey, caller.accountId),
    deleteRule: ({ id }, caller) => deleteRule(id, caller.accountId),
    adoptBinding: (input, caller) => adoptBinding(input, caller.accountId),
    previewScope: ({ scope, exclude }) => previewScope(scope, exclude),
    previewPlan: async ({ ruleId }, caller) => ({
      runId: (
        await startRun({ trigger: 'manual', dryRun: true, startedBy: caller.accountId, ruleId })
      ).id,
    }),
    startRun: async ({ dryRun }, caller) => ({
      runId: (await startRun({ trigger: 'manual', dryRun, startedBy: caller.accountId })).id,
    }),
    applyPreview: async ({ runId }, caller) =>
      runOfSubset(caller.accountId, await previewSubset(runId), { appliesPreview: runId }),
    recheckPreview: ({ runId }) => recheckPreview(runId),
    retryFailed: async ({ runId }, caller) =>
      runOfSubset(caller.accountId, await failedSubset(runId), { retryOf: runId }),
    getRun: async ({ runId }) => {
      const run = await requireRun(runId);
      if (run.startedBy === 'app') return run;
      const name = await displayName(run.startedBy);
      return name ? { ...run, startedByName: name } : run;
    },
    getRunPlan: async ({ runId, cursor, changesOnly }) => {
      await requireRun(runId);
      const page = await runPlansPage(runId, cursor);
      return changesOnly
        ? { ...page, items: page.items.filter((p) => p.actions.length > 0) }
        : page;
    },
    getRunActions: async ({ runId, cursor }) => {
      await requireRun(runId);
      return runActionsPage(runId, cursor);
    },
    listRuns: ({ cursor }) => listRunsPage(cursor),
    listOrganizations: () => listOrganizations(new JiraClient()),
    getRunOrganizations: async ({ runId }) => {
      await requireRun(runId);
      const rec = await getOrgSync(runId);
      return rec ? { done: rec.done, plans: rec.plans } : null;
    },
    getAudit: ({ cursor, ...filter }) => auditPageWithNames(filter, cursor),
    getHealth: () => readHealth(),
    checkHealth: async (_, caller) => ({
      requestedAt: (await requestHealthCheck(caller.accountId, 'manual')).requestedAt,
    }),
    getSettings: () => getSettings(),
    getEnforcementState: () => enforcementState(),
    saveSettings: async ({ settings }, caller) => {
      const before = await getSettings();
      const result = await putSettings(settings);
      if ('current' in result)
        return { conflict: settingsConflict(settings.version, result.current.version).conflict };
      const { saved } = result;
      // Removal turned on concerns every project's app-made bindings: the next run is full.
      if (saved.removeUnwanted && !before.removeUnwanted) await markFullRun('removal-turned-on');
      // The hourly runs back on: a preparation to uninstall is over, and runs add again.
      if (saved.scheduleEnabled) await endUninstallPreparation();
      await appendAudit([
        {
          kind: 'settings-saved',
          actor: caller.accountId,
          message: settingsSavedWords(before, saved),
          sentence: settingsSavedSentence(before, saved),
        },
      ]);
      return saved;
    },
    exportRules: () => exportRules(),
    importRules: ({ rules, replace, preview }, caller) =>
      refusalAsAnswer(() => importRules(rules, { replace, preview }, caller.accountId)),
    getSummary: () => getSummary(),
    searchProjects: ({ query }) => searchProjectsForPicker(query),
    getRemovalImpact: ({ change }) => removalImpact(change),
    prepareUninstall: (_, caller) => prepareUninstall(caller.accountId),
    getUninstallState: () => uninstallView(),
    listExclusionRequests: () => listRequestsForInbox(),
    decideExclusionRequest: (input, caller) => decideExclusionRequest(input, caller.accountId),
  },
});
