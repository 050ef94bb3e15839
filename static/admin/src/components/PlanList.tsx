// A run's plan, a page of projects at a time: per project what is (or would be) added, removed or skipped and why.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import Tooltip from '@atlaskit/tooltip';
import { useState } from 'react';

import { call } from '../../../shared/api';
import type { PlanAction, PlanSkip, ProjectPlan, SkipCode } from '../../../shared/contract';
import { plural } from '../../../shared/format';
import { PagedView, usePaged } from '../../../shared/paged';
import { Empty } from '../../../shared/states';
import { surfaceCard } from '../../../shared/styles';
import { AdoptBindingDialog } from './AdoptBindingDialog';
import { VisitReasons } from './SweepProgress';

export const SKIP_LABEL: Record<SkipCode, string> = {
  'team-managed': 'Team-managed project',
  'not-service-desk': 'Not a service project',
  'role-not-found': 'Role missing',
  'group-deleted': 'Group deleted',
  'project-excluded': 'Project excluded',
  'rule-disabled': 'Rule disabled',
  'project-not-found': 'Project not found',
  'removal-disabled': 'Removal turned off',
  refused: 'Refused: customers only',
  'changed-since-preview': 'Changed since the preview',
  'not-previewed': 'Not in the preview',
  'not-added-by-app': 'Not added by this app',
};

/** An applied preview's changes it did not make: left out, not skipped for a reason in Jira. */
const LEFT_OUT_CODES: SkipCode[] = ['not-previewed', 'changed-since-preview'];

type Row = {
  kind: 'add' | 'remove' | 'skip';
  group: string;
  groupId?: string;
  reason: string;
  drift?: boolean;
  code?: SkipCode;
  /** After a run: what Jira answered. */
  outcome?: PlanAction['outcome'];
};

/** A run recorded before names were kept: the id is on hover, never in the text. */
const UNNAMED = 'Group (name not recorded)';

function rowsOf(plan: ProjectPlan): Row[] {
  const actions = plan.actions.map((a: PlanAction) => ({
    kind: a.kind,
    group: a.groupName ?? UNNAMED,
    groupId: a.groupId,
    reason: a.outcome?.ok === false ? (a.outcome.error ?? 'Jira refused it.') : a.reason,
    drift: a.drift,
    outcome: a.outcome,
  }));
  const skips = plan.skips.map((s: PlanSkip) => ({
    kind: 'skip' as const,
    group: s.groupName ?? (s.groupId ? UNNAMED : '—'),
    groupId: s.groupId,
    reason: s.reason,
    code: s.code,
  }));
  return [...actions, ...skips];
}

/** "2 to add · 1 skipped" before a run; "1 added · 1 failed" after it, from Jira's answers. */
function summaryOf(plan: ProjectPlan, applied: boolean): string {
  const n = (kind: 'add' | 'remove', ok?: boolean) =>
    plan.actions.filter(
      (a) => a.kind === kind && (ok === undefined || (a.outcome?.ok ?? false) === ok),
    ).length;
  const failed = plan.actions.filter((a) => a.outcome?.ok === false).length;
  const parts = applied
    ? [
        n('add', true) ? `${n('add', true)} added` : '',
        n('remove', true) ? `${n('remove', true)} removed` : '',
        failed ? `${failed} failed` : '',
      ]
    : [n('add') ? `${n('add')} to add` : '', n('remove') ? `${n('remove')} to remove` : ''];
  const leftOut = plan.skips.filter((s) => LEFT_OUT_CODES.includes(s.code)).length;
  const skipped = plan.skips.length - leftOut;
  if (skipped) parts.push(`${skipped} skipped`);
  if (leftOut) parts.push(`${leftOut} left out`);
  return parts.filter(Boolean).join(' · ');
}

function ChangeLozenge({ row, applied }: { row: Row; applied: boolean }) {
  if (row.kind === 'skip')
    return (
      <Lozenge appearance="moved">{row.code ? (SKIP_LABEL[row.code] ?? 'Skip') : 'Skip'}</Lozenge>
    );
  if (applied && row.outcome?.ok === false)
    return (
      <Lozenge appearance="removed">{row.kind === 'add' ? 'Add failed' : 'Removal failed'}</Lozenge>
    );
  const label = row.kind === 'add' ? (applied ? 'Added' : 'Add') : applied ? 'Removed' : 'Remove';
  return <Lozenge appearance={row.kind === 'add' ? 'success' : 'removed'}>{label}</Lozenge>;
}

/** Adopting is for a run's results: a preview's plan is what would happen, not what is. */
function AdoptButton({
  plan,
  groupId,
  groupName,
}: {
  plan: ProjectPlan;
  groupId: string;
  groupName: string;
}) {
  const [open, setOpen] = useState(false);
  const [adopted, setAdopted] = useState(false);
  if (adopted)
    return (
      <Text size="small" color="color.text.subtle" testId={`adopted-${plan.projectKey}-${groupId}`}>
        Adopted: the app now counts it as its own.
      </Text>
    );
  return (
    <>
      <Box>
        <Button
          appearance="default"
          spacing="compact"
          onClick={() => setOpen(true)}
          testId={`adopt-${plan.projectKey}-${groupId}`}
        >
          Adopt as the app’s
        </Button>
      </Box>
      {open ? (
        <AdoptBindingDialog
          projectKey={plan.projectKey}
          projectName={plan.projectName}
          groupId={groupId}
          groupName={groupName}
          onClose={() => setOpen(false)}
          onAdopted={() => {
            setOpen(false);
            setAdopted(true);
          }}
        />
      ) : null}
    </>
  );
}

export function ProjectPlanCard({ plan, applied }: { plan: ProjectPlan; applied: boolean }) {
  const rows = rowsOf(plan);
  return (
    <Box xcss={surfaceCard} testId={`plan-${plan.projectKey}`}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap spread="space-between">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Heading size="xsmall" as="h4">
              {plan.projectName} ({plan.projectKey})
            </Heading>
            <Text size="small" color="color.text.subtle">
              role: {plan.roleName}
            </Text>
            <VisitReasons visit={plan.visit} />
          </Inline>
          <Text size="small" color="color.text.subtle">
            {rows.length === 0 ? 'Nothing to change' : summaryOf(plan, applied)}
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
                      <ChangeLozenge row={r} applied={applied} />
                      {r.drift ? (
                        <Tooltip content="Someone changed this in Jira after the app had set it: the run puts it back.">
                          <Lozenge appearance="inprogress">Drift</Lozenge>
                        </Tooltip>
                      ) : null}
                    </Inline>
                  ),
                },
                {
                  key: 'group',
                  content: r.groupId ? (
                    <span title={`Group id ${r.groupId}`}>
                      <Text>{r.group}</Text>
                    </span>
                  ) : (
                    <Text>{r.group}</Text>
                  ),
                },
                {
                  key: 'why',
                  content:
                    r.code === 'not-added-by-app' && r.groupId && applied ? (
                      <Stack space="space.050">
                        <Text>{r.reason}</Text>
                        <AdoptButton plan={plan} groupId={r.groupId} groupName={r.group} />
                      </Stack>
                    ) : (
                      <Text>{r.reason}</Text>
                    ),
                },
              ],
            }))}
          />
        ) : (
          <Text as="p" color="color.text.subtle">
            The role already holds every group the rules want here.
          </Text>
        )}
        {plan.orgLinks?.length ? (
          <Text as="p" size="small" testId={`plan-${plan.projectKey}-org-links`}>
            {applied ? 'Linked' : 'Will link'} organization
            {plan.orgLinks.length > 1 ? 's' : ''} {plan.orgLinks.map((o) => o.name).join(', ')} to
            this desk.
          </Text>
        ) : null}
        {plan.unmanagedGroupIds.length ? (
          <Text as="p" size="small" color="color.text.subtlest">
            Also in the role, not managed by any rule and never touched:{' '}
            {plural(plan.unmanagedGroupIds.length, 'group')}.
          </Text>
        ) : null}
      </Stack>
    </Box>
  );
}

export function PlanList({
  runId,
  changesOnly,
  applied,
  quietWhenEmpty = false,
}: {
  runId: string;
  changesOnly: boolean;
  applied: boolean;
  /** Other changes are listed beside it (organizations): no projects is a line, not a page. */
  quietWhenEmpty?: boolean;
}) {
  const plans = usePaged<ProjectPlan>(
    (cursor) => call('getRunPlan', { runId, cursor, changesOnly }),
    [runId, changesOnly],
  );
  return (
    <PagedView
      paged={plans}
      loadingLabel="Loading the plan"
      errorTitle="The plan could not be loaded"
      empty={
        quietWhenEmpty ? (
          <Text as="p" color="color.text.subtle" testId="plan-no-role-changes">
            {changesOnly ? 'No changes to projects’ roles.' : 'No project’s role is involved.'}
          </Text>
        ) : (
          <Empty
            header={changesOnly ? 'No changes' : 'No projects'}
            description={
              changesOnly
                ? 'Every project already matches the rules: nothing would be added or removed. Turn off “Changes only” to see every project and why any were skipped.'
                : 'No service project is covered by an enabled rule.'
            }
          />
        )
      }
      moreLabel="Load more projects"
      moreErrorTitle="More projects could not be loaded"
    >
      {plans.items.map((p) => (
        <ProjectPlanCard key={p.projectKey} plan={p} applied={applied} />
      ))}
    </PagedView>
  );
}
