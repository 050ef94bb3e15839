// A run's plan, a page of projects at a time: per project what is (or would be) added, removed or skipped and why.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Tooltip from '@atlaskit/tooltip';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useEffect, useState } from 'react';
import type { PlanAction, PlanSkip, ProjectPlan, SkipCode } from '../../../../src/domain/schemas';
import { call } from '../../../shared/api';
import { plural } from '../../../shared/format';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';

export const SKIP_LABEL: Record<SkipCode, string> = {
  'team-managed': 'Team-managed project',
  'not-service-desk': 'Not a service project',
  'role-not-found': 'Role missing',
  'group-deleted': 'Group deleted',
  'project-excluded': 'Project excluded',
  'rule-disabled': 'Rule disabled',
  'project-not-found': 'Project not found',
  'removal-disabled': 'Removal turned off',
};

type Row = { kind: 'add' | 'remove' | 'skip'; group: string; reason: string; drift?: boolean; code?: SkipCode };

function rowsOf(plan: ProjectPlan): Row[] {
  const actions = plan.actions.map((a: PlanAction & { drift?: boolean }) => ({
    kind: a.kind,
    group: a.groupName ?? a.groupId,
    reason: a.reason,
    drift: a.drift,
  }));
  const skips = plan.skips.map((s: PlanSkip & { groupName?: string }) => ({
    kind: 'skip' as const,
    group: s.groupName ?? s.groupId ?? '—',
    reason: s.reason,
    code: s.code,
  }));
  return [...actions, ...skips];
}

export function ProjectPlanCard({ plan, applied }: { plan: ProjectPlan; applied: boolean }) {
  const rows = rowsOf(plan);
  const adds = plan.actions.filter((a) => a.kind === 'add').length;
  const removals = plan.actions.length - adds;
  return (
    <Box xcss={card} testId={`plan-${plan.projectKey}`}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap spread="space-between">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Heading size="xsmall" as="h4">
              {plan.projectName} ({plan.projectKey})
            </Heading>
            <Text size="small" color="color.text.subtle">
              role: {plan.roleName}
            </Text>
          </Inline>
          <Text size="small" color="color.text.subtle">
            {rows.length === 0
              ? 'Nothing to change'
              : [adds ? `${adds} to add` : '', removals ? `${removals} to remove` : '', plan.skips.length ? `${plan.skips.length} skipped` : '']
                  .filter(Boolean)
                  .join(' · ')}
          </Text>
        </Inline>
        {rows.length ? (
          <DynamicTable
            head={{
              cells: [
                { key: 'change', content: applied ? 'Change' : 'Will', width: 20 },
                { key: 'group', content: 'Group', width: 22 },
                { key: 'why', content: 'Why', width: 58 },
              ],
            }}
            rows={rows.map((r, i) => ({
              key: `${i}`,
              cells: [
                {
                  key: 'change',
                  content: (
                    <Inline space="space.050" shouldWrap>
                      {r.kind === 'add' ? (
                        <Lozenge appearance="success">Add</Lozenge>
                      ) : r.kind === 'remove' ? (
                        <Lozenge appearance="removed">Remove</Lozenge>
                      ) : (
                        <Lozenge appearance="moved">{r.code ? SKIP_LABEL[r.code] ?? 'Skip' : 'Skip'}</Lozenge>
                      )}
                      {r.drift ? (
                        <Tooltip content="Someone changed this in Jira after the app had set it: the run puts it back.">
                          <Lozenge appearance="inprogress">Drift</Lozenge>
                        </Tooltip>
                      ) : null}
                    </Inline>
                  ),
                },
                { key: 'group', content: <Text>{r.group}</Text> },
                { key: 'why', content: <Text>{r.reason}</Text> },
              ],
            }))}
          />
        ) : (
          <Text as="p" color="color.text.subtle">
            The role already holds every group the rules want here.
          </Text>
        )}
        {plan.unmanagedGroupIds.length ? (
          <Text as="p" size="small" color="color.text.subtlest">
            Also in the role, not managed by any rule and never touched: {plural(plan.unmanagedGroupIds.length, 'group')}.
          </Text>
        ) : null}
      </Stack>
    </Box>
  );
}

export function PlanList({ runId, changesOnly, applied }: { runId: string; changesOnly: boolean; applied: boolean }) {
  const [plans, setPlans] = useState<ProjectPlan[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);

  async function loadPage(next: string | undefined, replace: boolean, isLive: () => boolean = () => true) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await call('getRunPlan', { runId, cursor: next, changesOnly });
      if (!isLive()) return;
      setPlans((prev) => (replace ? page.items : [...prev, ...page.items]));
      setCursor(page.nextCursor);
    } catch (err) {
      if (isLive()) setError((err as Error).message);
    } finally {
      if (isLive()) setLoading(false);
    }
  }

  useEffect(() => {
    let live = true;
    setPlans([]);
    setCursor(undefined);
    void loadPage(undefined, true, () => live);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, changesOnly, reloadKey]);

  if (error && plans.length === 0) {
    return <ErrorMessageBox title="The plan could not be loaded" message={error} onRetry={() => setReloadKey((k) => k + 1)} />;
  }
  if (loading && plans.length === 0) return <Loading label="Loading the plan" />;
  if (plans.length === 0) {
    return (
      <Empty
        header={changesOnly ? 'No changes' : 'No projects'}
        description={
          changesOnly
            ? 'Every project already matches the rules: nothing would be added or removed. Turn off “Changes only” to see every project and why any were skipped.'
            : 'No service project is covered by an enabled rule.'
        }
      />
    );
  }
  return (
    <Stack space="space.200">
      {plans.map((p) => (
        <ProjectPlanCard key={p.projectKey} plan={p} applied={applied} />
      ))}
      {error ? <ErrorMessageBox title="More projects could not be loaded" message={error} /> : null}
      {cursor ? (
        <Box>
          <Button onClick={() => void loadPage(cursor, false)} isLoading={loading}>
            Load more projects
          </Button>
        </Box>
      ) : null}
    </Stack>
  );
}

const card = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.medium',
  padding: 'space.200',
  backgroundColor: 'elevation.surface',
});
