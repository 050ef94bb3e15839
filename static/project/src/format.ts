// Wording helpers the project page needs beyond static/shared/format.ts: times to come, group states.
import {
  DEFAULT_ROLE_NAME,
  type ProjectGroupState,
  type ProjectStatus,
} from '../../shared/contract';
import { formatDateTime, listSentence } from '../../shared/format';
import { t } from '../../shared/i18n';

/** "in about 40 minutes", "in about 2 hours", "any minute now". */
export function formatIn(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return '';
  const m = Math.round((at - now) / 60000);
  if (m <= 1) return t('time.anyMinute');
  if (m < 60) return t('project.format.inAboutMinutes', { count: m });
  return t('project.format.inAboutHours', { count: Math.round(m / 60) });
}

export function groupLabel(g: { groupId: string; groupName?: string }): string {
  return g.groupName ?? t('project.format.groupWithId', { id: g.groupId });
}

/** The rules' names, each quoted, as a list ("'A' and 'B'"). */
function quotedRules(status: Pick<ProjectStatus, 'rules'>, ruleIds: string[]): string {
  return listSentence(
    ruleIds.map((id) =>
      t('project.groupReason.quoted', { name: status.rules.find((r) => r.id === id)?.name ?? id }),
    ),
  );
}

/**
 * Why a group is missing or skipped here, from the state's code and values (the server's
 * English `reason` only when the page has no words for its code).
 */
export function groupStateReason(
  g: ProjectGroupState,
  status: Pick<ProjectStatus, 'rules' | 'project' | 'roleName'>,
): string | undefined {
  const why = g.why;
  if (!why) return g.reason;
  const project = status.project.key;
  const rule = quotedRules(status, why.ruleIds);
  const group = groupLabel(g);
  const refused = (reason: string) =>
    t(why.removesOwn ? 'project.groupReason.refusedRemovesOwn' : 'project.groupReason.refused', {
      group,
      why: reason,
      rule,
    });
  switch (why.code) {
    case 'wanted':
      return t(why.drift ? 'project.groupReason.wantedDrift' : 'project.groupReason.wanted', {
        rules: rule,
        count: why.ruleIds.length,
        project,
      });
    case 'group-deleted':
      return t('project.groupReason.groupDeleted', { group: g.groupId, rule });
    case 'role-not-found':
      return t(
        why.teamManaged
          ? 'project.groupReason.roleNotFoundTeamManaged'
          : 'project.groupReason.roleNotFound',
        { project, role: why.roleName ?? status.roleName, rule },
      );
    case 'refused-role':
      return t('project.groupReason.refusedRole', {
        role: why.roleName ?? status.roleName,
        customerRole: DEFAULT_ROLE_NAME,
      });
    case 'refused-admin':
      return refused(t('project.groupReason.whyAdmin'));
    case 'refused-apps':
      return refused(t('project.groupReason.whyApps'));
    case 'refused-product':
      return refused(
        t('project.groupReason.whyProduct', { products: (why.products ?? []).join(', ') }),
      );
    default:
      return g.reason;
  }
}

/** What changed between two readings of the project's groups, in sentences (after "Enforce now"). */
export function describeChanges(
  before: ProjectGroupState[],
  after: ProjectGroupState[],
  status: Pick<ProjectStatus, 'rules' | 'project' | 'roleName'>,
): string[] {
  const was = new Map(before.map((g) => [g.groupId, g.state]));
  const out: string[] = [];
  for (const g of after) {
    const prev = was.get(g.groupId);
    if (prev === g.state) continue;
    const group = groupLabel(g);
    if (g.state === 'in-role') out.push(t('project.changes.nowInRole', { group }));
    else if (g.state === 'missing') out.push(t('project.changes.stillMissing', { group }));
    else if (g.state === 'skipped')
      out.push(
        t('project.changes.skipped', {
          group,
          reason: groupStateReason(g, status) ?? t('project.changes.noReason'),
        }),
      );
  }
  return out;
}

/** The backend's sentences may carry ISO timestamps ("started 2026-01-01T10:00:00.000Z"): show them as dates. */
export function readableMessage(message: string): string {
  return message.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g, (iso) =>
    formatDateTime(iso),
  );
}
