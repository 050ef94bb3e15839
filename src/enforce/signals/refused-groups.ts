// Groups a run refuses (guard-rails.ts `runRefusal`): a group the identity provider renamed to
// an administration group's name, or that came to grant a product. The planner skips such a
// group where a rule names it and takes out the bindings of it the app made; no rule is ever
// turned off or changed, so nothing done to one group touches another's bindings. Here, once
// per real run: an audit line per refused group, and the projects to visit when a group turned
// into a refused one or back, which no project signal announces (a group is renamed or given
// product access outside any project).
import { refusedGroupsOf, refusedGroupSummary } from '../../domain/guard-rails';
import { ruleCoversProject } from '../../domain/scope';
import { log } from '../../log';
import type { AuditInput } from '../../store/audit';
import { markScopesDirty } from '../../store/dirty-projects';
import { getRefusedGroups, putRefusedGroups } from '../../store/refused-groups';
import type { RunContext } from '../../store/runs';

type Facts = Pick<RunContext, 'rules' | 'groups' | 'productAccess' | 'settings' | 'project'>;

/**
 * Marks the scopes of the enabled rules that name a group refused now and not at the last run,
 * or the other way round, so this run (or the next hourly one) visits their projects; answers
 * the run's audit lines (the refused groups its project's rules name, for a one-project run).
 */
export async function noteRefusedGroups(
  ctx: Facts,
  runId: string,
  now = new Date(),
): Promise<AuditInput[]> {
  const refused = refusedGroupsOf(
    ctx.rules,
    new Map(Object.entries(ctx.groups)),
    new Map(Object.entries(ctx.productAccess ?? {})),
  );
  const before = new Set((await getRefusedGroups())?.groupIds ?? []);
  const nowRefused = new Set(refused.map((g) => g.groupId));
  const flipped = new Set(
    [...before, ...nowRefused].filter((id) => before.has(id) !== nowRefused.has(id)),
  );
  if (flipped.size) {
    const rules = ctx.rules.filter((r) => r.enabled && r.groupIds.some((g) => flipped.has(g)));
    // The marks first: a run stopped before the state is written finds the same change again.
    await markScopesDirty(
      rules.map((r) => r.scope),
      now,
    );
    await putRefusedGroups({ groupIds: [...nowRefused], at: now.toISOString() });
    log.info('guard-rails.groups-changed', { refused: refused.length, changed: flipped.size });
  }

  const names = new Map(ctx.rules.map((r) => [r.id, r.name]));
  const here = (ruleId: string) =>
    !ctx.project ||
    ctx.rules.some((r) => r.id === ruleId && ruleCoversProject(r, ctx.project!).covered);
  return refused.flatMap((g) => {
    const ruleIds = g.ruleIds.filter(here);
    if (!ruleIds.length) return [];
    return [
      {
        kind: 'group-refused' as const,
        actor: 'app',
        runId,
        groupId: g.groupId,
        ruleId: ruleIds[0],
        ruleIds,
        ...(ctx.project ? { projectKey: ctx.project.key } : {}),
        message: refusedGroupSummary(
          g,
          ruleIds.map((id) => names.get(id) ?? id),
          ctx.settings.removeUnwanted,
        ),
      },
    ];
  });
}
