// A run's counts and its waits, in sentences in the viewer's language. Pure (no components), so
// the sentences built from them are tested without a browser.
import type { Run } from './contract';
import { t } from './i18n';

/** Counted parts ("1 group added", "0 removed") as one sentence, in the viewer's language. */
export function countsSentence(parts: string[], ending?: 'nothingChanged' | 'nothingWouldChange') {
  const joined = parts.join(t('shared.runCounts.separator'));
  if (ending === 'nothingChanged')
    return t('shared.runCounts.sentenceNothingChanged', { parts: joined });
  if (ending === 'nothingWouldChange')
    return t('shared.runCounts.sentenceNothingWouldChange', { parts: joined });
  return t('shared.runCounts.sentence', { parts: joined });
}

export function runCountsSentence(run: Pick<Run, 'counts' | 'dryRun'>): string {
  const { adds, removals, skips, errors, drift } = run.counts;
  const { orgAdds = 0, orgRemovals = 0 } = run.counts;
  const parts = run.dryRun
    ? [
        t('shared.runCounts.groupsToAdd', { count: adds }),
        t('shared.runCounts.toRemove', { count: removals }),
      ]
    : [
        t('shared.runCounts.groupsAdded', { count: adds }),
        t('shared.runCounts.removed', { count: removals }),
      ];
  // Organization members are changes too: a run that only keeps an organization changed something.
  if (orgAdds || orgRemovals)
    parts.push(
      t(run.dryRun ? 'shared.runCounts.orgMembersToAdd' : 'shared.runCounts.orgMembersAdded', {
        count: orgAdds,
        removals: orgRemovals,
      }),
    );
  if (skips) parts.push(t('shared.runCounts.skipped', { count: skips }));
  if (run.counts.leftOut) parts.push(t('shared.runCounts.leftOut', { count: run.counts.leftOut }));
  if (drift) parts.push(t('shared.runCounts.drift', { count: drift }));
  if (errors) parts.push(t('shared.runCounts.errors', { count: errors }));
  const none = adds + removals + orgAdds + orgRemovals === 0;
  return countsSentence(
    parts,
    none ? (run.dryRun ? 'nothingWouldChange' : 'nothingChanged') : undefined,
  );
}

/** A Jira call the run waits to try again, in words: "waiting for Jira, try 3 of 10". */
export function waitingWords(w: NonNullable<Run['waiting']>): string {
  const values = { attempt: w.attempt, of: w.of };
  return w.status === 429
    ? t('shared.runProgress.waitingSlowDown', values)
    : t('shared.runProgress.waitingNoAnswer', values);
}
