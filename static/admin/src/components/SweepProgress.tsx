// How fresh the site's verification is: "Every project verified in the last 19 h", the sweep's
// position, its period in force and the evidence for it (adaptive or pinned), and a warning when the hourly run cannot read Jira's audit log or does not find the
// app's own changes in it.
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useState } from 'react';

import { call } from '../../../shared/api';
import type { EnforcementState, VisitReason } from '../../../shared/contract';
import { formatDateTime, plural } from '../../../shared/format';

export function SweepProgress() {
  const [state, setState] = useState<EnforcementState>();
  useEffect(() => {
    call('getEnforcementState', {}).then(setState, () => setState(undefined));
  }, []);
  if (!state) return null;
  const verified =
    state.verifiedWithinHours !== undefined
      ? `Every service project verified in the last ${state.verifiedWithinHours} h`
      : 'No full verification yet: the next hourly run checks every project';
  const pending = state.pending.fullRun
    ? 'the next hourly run is a full run'
    : `${plural(state.pending.projects, 'changed project')} ${state.pending.projects === 1 ? 'waits' : 'wait'} for the next hourly run`;
  return (
    <Stack space="space.100" testId="sweep-progress">
      <Inline space="space.100" shouldWrap>
        <Text weight="bold">{verified}</Text>
        <Text color="color.text.subtle">
          (a routine check verifies every project every {state.sweepHours} h,{' '}
          {state.sweepPeriod.pinned ? 'pinned' : 'adaptive'}
          {state.sweep ? `; now at ${state.sweep.position} of ${state.sweep.total}` : ''}; {pending}
          )
        </Text>
      </Inline>
      <Text as="p" color="color.text.subtle" testId="sweep-period">
        {state.sweepPeriod.reason}
        {state.sweepPeriod.lastMiss
          ? ` Last change it found that the app had not noticed: ${state.sweepPeriod.lastMiss.projectKey}, ${formatDateTime(state.sweepPeriod.lastMiss.at)}.`
          : ''}
      </Text>
      {state.auditLog && (!state.auditLog.readable || state.auditLog.ownChangesMissingAt) ? (
        <SectionMessage
          appearance="warning"
          title={
            state.auditLog.readable
              ? "Jira's audit log did not show the app's own changes"
              : "Jira's audit log cannot be read"
          }
        >
          <Text as="p">
            Changes people make are found by the routine check alone, within {state.sweepHours} h.
            See Health for what to do. {state.auditLog.message}
          </Text>
        </SectionMessage>
      ) : null}
    </Stack>
  );
}

const VISIT_LABEL: Record<VisitReason, string> = {
  'changed-in-jira': 'changed in Jira',
  'new-project': 'new project',
  'rule-changed': 'rule changed',
  sweep: 'routine check',
  'full-run': 'full run',
};

/** Why a change-driven run visited a project. */
export function VisitReasons({ visit }: { visit?: VisitReason[] }) {
  if (!visit?.length) return null;
  return (
    <Inline space="space.050" testId="visit-reasons">
      {visit.map((v) => (
        <Lozenge key={v} appearance={v === 'sweep' ? 'default' : 'inprogress'}>
          {VISIT_LABEL[v]}
        </Lozenge>
      ))}
    </Inline>
  );
}
