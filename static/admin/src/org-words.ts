// How the admin page words one organization of a run (OrgPlanList): unchanged since when, or
// synced and why, with what it added and removed. Pure, so the sentences are tested without a
// browser.
import type { OrgPlanSummary } from '../../shared/contract';
import { formatDateTime } from '../../shared/format';
import { t } from '../../shared/i18n';

/** "Unchanged since …; read in full by the routine check every 96 h" or "Synced: 3 added, 0 removed". */
export function orgPlanSentence(p: OrgPlanSummary, applied: boolean): string {
  if (p.continuesNextHour && p.spread) return t('runs.org.spread');
  if (p.continuesNextHour) return t('runs.org.notFinished');
  if (p.unchangedSince)
    return t('runs.org.unchanged', {
      since: formatDateTime(p.unchangedSince),
      // Runs recorded before fullReadHours kept the period the full read followed then.
      hours: p.fullReadHours ?? p.sweepHours ?? 24,
    });
  const counts = [
    t(applied ? 'runs.org.added' : 'runs.org.toAdd', { count: p.adds }),
    t(applied ? 'runs.org.removed' : 'runs.org.toRemove', { count: p.removals }),
    p.drift ? t('runs.org.drift', { count: p.drift }) : '',
    p.manualMembers ? t('runs.org.manual', { count: p.manualMembers }) : '',
    p.leftAsTheirs ? t('runs.org.leftAsTheirs', { count: p.leftAsTheirs }) : '',
    p.keptByRemovalSetting ? t('runs.org.kept', { count: p.keptByRemovalSetting }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return p.syncedBecause
    ? t('runs.org.synced', { why: t(`runs.org.why.${p.syncedBecause}`), counts })
    : counts;
}
