// How fresh the site's verification is: "Every project verified in the last 19 h", the sweep's
// position (and how many before it other runs had verified this cycle), its period in force and
// the evidence for it (adaptive or pinned), and a warning when the hourly run cannot read Jira's
// audit log or does not find the app's own changes in it.
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useState } from 'react';

import { call } from '../../../shared/api';
import type { EnforcementState, VisitReason } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { periodSentence } from '../views/runs/run-words';

export function SweepProgress() {
  const [state, setState] = useState<EnforcementState>();
  useEffect(() => {
    call('getEnforcementState', {}).then(setState, () => setState(undefined));
  }, []);
  if (!state) return null;
  const verified =
    state.verifiedWithinHours !== undefined
      ? t('runs.sweep.verified', { hours: state.verifiedWithinHours })
      : t('runs.sweep.notVerified');
  const pending = state.pending.fullRun
    ? t('runs.sweep.pendingFull')
    : t('runs.sweep.pending', { count: state.pending.projects });
  const mode = state.sweepPeriod.pinned ? 'pinned' : 'adaptive';
  const detail = state.sweep
    ? t(`runs.sweep.detail.${mode}At`, {
        hours: state.sweepHours,
        position: state.sweep.position,
        total: state.sweep.total,
        pending,
      })
    : t(`runs.sweep.detail.${mode}`, { hours: state.sweepHours, pending });
  const miss = state.sweepPeriod.lastMiss;
  return (
    <Stack space="space.100" testId="sweep-progress">
      <Inline space="space.100" shouldWrap>
        <Text weight="bold">{verified}</Text>
        <Text color="color.text.subtle">{detail}</Text>
        {state.sweep?.passedOver ? (
          <Text color="color.text.subtle" testId="sweep-passed-over">
            {t('runs.sweep.passedOver', { count: state.sweep.passedOver })}
          </Text>
        ) : null}
      </Inline>
      <Text as="p" color="color.text.subtle" testId="sweep-period">
        {periodSentence(state.sweepPeriod)}
        {miss
          ? ` ${t('runs.sweep.lastMiss', { project: miss.projectKey, at: formatDateTime(miss.at) })}`
          : ''}
      </Text>
      {state.auditLog && (!state.auditLog.readable || state.auditLog.ownChangesMissingAt) ? (
        <SectionMessage
          appearance="warning"
          title={
            state.auditLog.readable ? t('runs.sweep.auditMissing') : t('runs.sweep.auditUnreadable')
          }
        >
          <Text as="p">
            {t('runs.sweep.auditText', { hours: state.sweepHours })} {state.auditLog.message}
          </Text>
        </SectionMessage>
      ) : null}
    </Stack>
  );
}

/** Why a change-driven run visited a project. */
export function VisitReasons({ visit }: { visit?: VisitReason[] }) {
  if (!visit?.length) return null;
  return (
    <Inline space="space.050" testId="visit-reasons">
      {visit.map((v) => (
        <Lozenge key={v} appearance={v === 'sweep' ? 'default' : 'inprogress'}>
          {t(`runs.sweep.visit.${v}`)}
        </Lozenge>
      ))}
    </Inline>
  );
}
