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
import { listSentence } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { PagedView, usePaged } from '../../../shared/paged';
import { Empty } from '../../../shared/states';
import { surfaceCard } from '../../../shared/styles';
import { planReason } from '../views/runs/plan-words';
import { AdoptBindingDialog } from './AdoptBindingDialog';
import { VisitReasons } from './SweepProgress';

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

/** A reason in the viewer's language; a run from before reasons had codes: its English. */
function reasonOf(r: PlanAction | PlanSkip, plan: ProjectPlan): string {
  return r.say
    ? planReason(r.say, {
        role: plan.roleName,
        project: plan.projectKey,
        projectName: plan.projectName,
      })
    : r.reason;
}

function rowsOf(plan: ProjectPlan): Row[] {
  // A run recorded before names were kept: the id is on hover, never in the text.
  const unnamed = t('runs.plan.unnamed');
  const actions = plan.actions.map((a: PlanAction) => ({
    kind: a.kind,
    group: a.groupName ?? unnamed,
    groupId: a.groupId,
    // Jira's own words when it refused the change.
    reason:
      a.outcome?.ok === false ? (a.outcome.error ?? t('runs.plan.jiraRefused')) : reasonOf(a, plan),
    drift: a.drift,
    outcome: a.outcome,
  }));
  const skips = plan.skips.map((s: PlanSkip) => ({
    kind: 'skip' as const,
    group: s.groupName ?? (s.groupId ? unnamed : t('common.dash')),
    groupId: s.groupId,
    reason: reasonOf(s, plan),
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
  const part = (key: Parameters<typeof t>[0], count: number) => (count ? t(key, { count }) : '');
  const parts = applied
    ? [
        part('runs.plan.added', n('add', true)),
        part('runs.plan.removed', n('remove', true)),
        part('runs.plan.failed', failed),
      ]
    : [part('runs.plan.toAdd', n('add')), part('runs.plan.toRemove', n('remove'))];
  const leftOut = plan.skips.filter((s) => LEFT_OUT_CODES.includes(s.code)).length;
  const skipped = plan.skips.length - leftOut;
  parts.push(part('runs.plan.skipped', skipped), part('runs.plan.leftOut', leftOut));
  return parts.filter(Boolean).join(' · ');
}

function ChangeLozenge({ row, applied }: { row: Row; applied: boolean }) {
  if (row.kind === 'skip')
    return (
      <Lozenge appearance="moved">
        {row.code ? t(`runs.plan.skip.${row.code}`) : t('runs.plan.skipOther')}
      </Lozenge>
    );
  if (applied && row.outcome?.ok === false)
    return (
      <Lozenge appearance="removed">
        {row.kind === 'add' ? t('runs.plan.addFailed') : t('runs.plan.removalFailed')}
      </Lozenge>
    );
  const label =
    row.kind === 'add'
      ? t(applied ? 'runs.plan.addedLabel' : 'runs.plan.add')
      : t(applied ? 'runs.plan.removedLabel' : 'runs.plan.remove');
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
        {t('runs.plan.adopted')}
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
          {t('runs.plan.adopt')}
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
              {t('runs.plan.heading', { name: plan.projectName, key: plan.projectKey })}
            </Heading>
            <Text size="small" color="color.text.subtle">
              {t('runs.plan.role', { role: plan.roleName })}
            </Text>
            <VisitReasons visit={plan.visit} />
          </Inline>
          <Text size="small" color="color.text.subtle">
            {rows.length === 0 ? t('runs.plan.nothing') : summaryOf(plan, applied)}
          </Text>
        </Inline>
        {rows.length ? (
          <DynamicTable
            head={{
              cells: [
                {
                  key: 'change',
                  content: applied ? t('runs.plan.colChange') : t('runs.plan.colWill'),
                  width: 20,
                },
                { key: 'group', content: t('runs.plan.colGroup'), width: 22 },
                { key: 'why', content: t('runs.plan.colWhy'), width: 58 },
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
                        <Tooltip content={t('runs.plan.driftHint')}>
                          <Lozenge appearance="inprogress">{t('runs.plan.drift')}</Lozenge>
                        </Tooltip>
                      ) : null}
                    </Inline>
                  ),
                },
                {
                  key: 'group',
                  content: r.groupId ? (
                    <span title={t('runs.plan.groupId', { id: r.groupId })}>
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
            {t('runs.plan.allThere')}
          </Text>
        )}
        {plan.orgLinks?.length ? (
          <Text as="p" size="small" testId={`plan-${plan.projectKey}-org-links`}>
            {t(applied ? 'runs.plan.linked' : 'runs.plan.willLink', {
              count: plan.orgLinks.length,
              names: listSentence(plan.orgLinks.map((o) => o.name)),
            })}
          </Text>
        ) : null}
        {plan.unmanagedGroupIds.length ? (
          <Text as="p" size="small" color="color.text.subtlest">
            {t('runs.plan.unmanaged', { count: plan.unmanagedGroupIds.length })}
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
      loadingLabel={t('runs.plan.loading')}
      errorTitle={t('runs.plan.loadError')}
      empty={
        quietWhenEmpty ? (
          <Text as="p" color="color.text.subtle" testId="plan-no-role-changes">
            {changesOnly ? t('runs.plan.noRoleChanges') : t('runs.plan.noRoleInvolved')}
          </Text>
        ) : (
          <Empty
            header={changesOnly ? t('runs.plan.noChanges') : t('runs.plan.noProjects')}
            description={changesOnly ? t('runs.plan.noChangesText') : t('runs.plan.noProjectsText')}
          />
        )
      }
      moreLabel={t('runs.plan.more')}
      moreErrorTitle={t('runs.plan.moreError')}
    >
      {plans.items.map((p) => (
        <ProjectPlanCard key={p.projectKey} plan={p} applied={applied} />
      ))}
    </PagedView>
  );
}
