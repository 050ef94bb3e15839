// The organization sync's numbers in a run's totals: members added and removed, members read
// (2 points each under Jira's quota), failures. A preview counts what it would change.
import type { OrgSyncRecord } from '../../store/org-runs';
import type { RunRecord } from '../../store/runs';

export function withOrgTotals(run: RunRecord, orgs: OrgSyncRecord | undefined): RunRecord {
  if (!orgs) return run;
  const planned = (k: 'adds' | 'removals') => orgs.plans.reduce((n, p) => n + p[k], 0);
  return {
    ...run,
    counts: {
      ...run.counts,
      errors: run.counts.errors + orgs.counts.errors,
      ...failedReads((run.counts.failedReads ?? 0) + (orgs.counts.failedReads ?? 0)),
      orgAdds: run.dryRun ? planned('adds') : orgs.counts.orgAdds,
      orgRemovals: run.dryRun ? planned('removals') : orgs.counts.orgRemovals,
      memberReads: orgs.counts.memberReads,
    },
  };
}

/** The failed reads, when there are any (a run without keeps the record as it was). */
function failedReads(n: number) {
  return n ? { failedReads: n } : {};
}
