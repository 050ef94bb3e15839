// How the admin page words one organization of a run (OrgPlanList): unchanged since when, or
// synced and why, with what it added and removed. Pure, so the sentences are tested without a
// browser.
import type { OrgPlanSummary } from '../../shared/contract';
import { formatDateTime, plural } from '../../shared/format';

const WHY: Record<NonNullable<OrgPlanSummary['syncedBecause']>, string> = {
  'not-synced-before': 'first sync',
  'rule-changed': 'its rule changed',
  'setting-changed': 'the removal setting changed',
  'group-changed': "Jira's audit log names a change to a group",
  'members-changed': "a group's member count changed",
  sweep: 'verified by the routine check',
  continued: 'went on with a read an earlier hour stopped when its Jira usage ran out',
};

/** "Unchanged since …, verified by the routine check every 24 h" or "Synced: 3 added, 0 removed". */
export function orgPlanSentence(p: OrgPlanSummary, applied: boolean): string {
  if (p.continuesNextHour && p.spread)
    return 'Being verified by the routine check, a few pages of members an hour; the next hourly run goes on where this one stopped';
  if (p.continuesNextHour)
    return "Not finished: this hour's share of Jira's quota ran out; the next hourly run goes on where this one stopped";
  if (p.unchangedSince)
    return (
      `Unchanged since ${formatDateTime(p.unchangedSince)} (no member read), ` +
      `verified by the routine check every ${p.sweepHours ?? 24} h`
    );
  const counts = [
    `${plural(p.adds, 'member')} ${applied ? 'added' : 'to add'}`,
    `${p.removals} ${applied ? 'removed' : 'to remove'}`,
    p.drift ? `${p.drift} drift` : '',
    p.manualMembers ? `${p.manualMembers} added by people, never touched` : '',
    p.leftAsTheirs ? `${p.leftAsTheirs} already in, added by someone else: left as theirs` : '',
    p.keptByRemovalSetting ? `${p.keptByRemovalSetting} kept: removal is off` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return p.syncedBecause ? `Synced (${WHY[p.syncedBecause]}): ${counts}` : counts;
}
