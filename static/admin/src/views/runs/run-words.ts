// Sentences the Runs and Preview tabs compose from what the server sends as data: the routine
// check's period and why, and what changed since a preview. Pure, so tested without a browser.
import type { EnforcementState, PreviewDifference } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';

/** "6 hours", "2 days", in the viewer's language. */
function periodText(hours: number): string {
  return hours % 24 === 0
    ? t('runs.sweep.days', { count: hours / 24 })
    : t('runs.sweep.hours', { count: hours });
}

/** Why the routine check's period is what it is (the server's reason, from its code). */
export function periodSentence(p: EnforcementState['sweepPeriod']): string {
  // A server from before the codes: its English reason.
  if (!p.why) return p.reason;
  return t(`runs.sweep.period.${p.why}`, {
    period: periodText(p.hours),
    project: p.projectKey ?? t('runs.sweep.aProject'),
  });
}

/** What changed since the preview and what Apply does with it, from the re-check's fields. */
export function differenceSentence(d: PreviewDifference): string {
  const where = t('runs.apply.diff.where', {
    role: d.roleName,
    projectName: d.projectName,
    project: d.projectKey,
  });
  const values = { group: d.groupName ?? d.groupId, where };
  if (d.change === 'new') {
    if (d.kind === 'remove') return t('runs.apply.diff.removeNew', values);
    return t(d.drift ? 'runs.apply.diff.addNewDrift' : 'runs.apply.diff.addNew', values);
  }
  if (d.kind === 'add')
    return t(
      d.change === 'done' ? 'runs.apply.diff.addDone' : 'runs.apply.diff.addUnneeded',
      values,
    );
  return t(
    d.change === 'done' ? 'runs.apply.diff.removeDone' : 'runs.apply.diff.removeUnneeded',
    values,
  );
}
