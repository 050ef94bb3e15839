// A valid payload for every resolver function, so tests can call each one and mutate it.
export function adminPayloads(ids: {
  ruleId: string;
  runId: string;
}): Record<string, Record<string, unknown>> {
  return {
    listSyncedGroups: { query: 'Cust' },
    listProjectCategories: {},
    listRules: {},
    saveRule: {
      rule: {
        name: 'Matrix rule',
        groupIds: ['e0000000-0000-4000-8000-000000000002'],
        scope: { type: 'keys', keys: ['FAC'] },
      },
    },
    removeExclusion: { ruleId: ids.ruleId, projectKey: 'ITHELP' },
    deleteRule: { id: ids.ruleId },
    adoptBinding: { projectKey: 'FAC', groupId: 'e0000000-0000-4000-8000-000000000002' },
    previewScope: { scope: { type: 'all' }, exclude: [] },
    previewPlan: {},
    startRun: { dryRun: true },
    applyPreview: { runId: ids.runId },
    recheckPreview: { runId: ids.runId },
    retryFailed: { runId: ids.runId },
    getRun: { runId: ids.runId },
    getRunPlan: { runId: ids.runId },
    getRunActions: { runId: ids.runId },
    listRuns: {},
    listOrganizations: {},
    getRunOrganizations: { runId: ids.runId },
    getAudit: { kind: 'run-started' },
    getHealth: {},
    checkHealth: {},
    getSettings: {},
    getEnforcementState: {},
    saveSettings: {
      settings: { scheduleEnabled: true, removeUnwanted: true, allowProjectExclusions: false },
    },
    exportRules: {},
    importRules: { rules: [], replace: false },
    getSummary: {},
    searchProjects: { query: 'IT' },
    getRemovalImpact: { change: { kind: 'none' } },
    prepareUninstall: {},
    getUninstallState: {},
    listExclusionRequests: {},
    // ITHELP's admin asked to leave the rule earlier: the site admin answers.
    decideExclusionRequest: { ruleId: ids.ruleId, projectKey: 'ITHELP', decision: 'decline' },
  };
}

export function projectPayloads(ids: {
  ruleId: string;
  runId: string;
}): Record<string, Record<string, unknown>> {
  return {
    getProjectStatus: {},
    startProjectRun: {},
    getRun: { runId: ids.runId },
    getExclusionImpact: { ruleId: ids.ruleId },
    undoExclusion: { ruleId: ids.ruleId },
    requestExclusion: { ruleId: ids.ruleId, reason: 'matrix' },
  };
}
