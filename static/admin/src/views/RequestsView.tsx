// Requests: project admins' requests to take their project out of a rule, with their reasons;
// a Jira admin approves (the rule stops covering the project) or declines.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useState } from 'react';

import type { AdminResults, ResolverError } from '../../../shared/api';
import { asResolverError, call } from '../../../shared/api';
import { isSelfService } from '../../../shared/contract';
import { formatRelative } from '../../../shared/format';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { tableWrap } from '../../../shared/styles';
import { useLoad } from '../../../shared/useLoad';
import { RemovalConfirmDialog } from '../components/RemovalConfirmDialog';
import { useSuccessFlag } from '../components/successFlag';

type Request = AdminResults['listExclusionRequests'][number];

const STATUS = {
  pending: { appearance: 'inprogress', label: 'Waiting' },
  approved: { appearance: 'success', label: 'Approved' },
  declined: { appearance: 'removed', label: 'Declined' },
  selfService: { appearance: 'moved', label: 'Excluded by project admin' },
} as const;

/** A project admin's own exclusion (allowed by the settings) is no request anyone approved. */
const lookOf = (r: Request) => STATUS[isSelfService(r) ? 'selfService' : r.status];

export default function RequestsView({
  onDecided,
  onPreview,
}: {
  onDecided: () => void;
  /** Opens the Preview tab for a rule. */
  onPreview: (ruleId: string) => void;
}) {
  const requests = useLoad(() => call('listExclusionRequests', {}));
  const [busy, setBusy] = useState<string>();
  /** A request whose approval waits for the admin to see what it removes. */
  const [approving, setApproving] = useState<Request>();
  const [error, setError] = useState<ResolverError>();
  const flag = useSuccessFlag();

  async function decide(r: Request, decision: 'approve' | 'decline') {
    setBusy(`${r.projectKey}:${r.ruleId}`);
    setError(undefined);
    try {
      await call('decideExclusionRequest', {
        ruleId: r.ruleId,
        projectKey: r.projectKey,
        decision,
      });
      flag(...decidedWords(r, decision));
      await requests.reload();
      onDecided();
    } catch (err) {
      setError(asResolverError(err));
    } finally {
      setBusy(undefined);
    }
  }

  const rows = (requests.data ?? []).map((r) =>
    requestRow(r, {
      busy,
      onApprove: () => setApproving(r),
      onDecline: () => void decide(r, 'decline'),
    }),
  );

  return (
    <Stack space="space.200">
      <Heading size="medium" as="h2">
        Exclusion requests
      </Heading>
      <Text as="p" color="color.text.subtle">
        Project admins ask here to take their project out of a rule. Approving excludes the project
        from that rule (the next run removes the groups the app added there for it); declining keeps
        the rule as it is. Either way the project&apos;s admins see your answer on their page. Where
        Settings let project admins exclude their project on their own, those exclusions are listed
        here too, as “Excluded by project admin”: no one approved them.
      </Text>
      {error ? (
        <ErrorMessageBox
          title="The answer was not saved"
          subject="This request"
          error={error}
          onRetry={() => void requests.reload()}
        />
      ) : null}
      {approving ? (
        <ApproveRequestDialog
          request={approving}
          onPreview={() => onPreview(approving.ruleId)}
          onApprove={async () => {
            setApproving(undefined);
            await decide(approving, 'approve');
          }}
          onCancel={() => setApproving(undefined)}
        />
      ) : null}
      {requests.loading && !requests.data ? (
        <Loading label="Loading requests" />
      ) : requests.error ? (
        <ErrorMessageBox
          title="The requests could not be loaded"
          error={requests.error}
          onRetry={() => void requests.reload()}
        />
      ) : rows.length === 0 ? (
        <Empty
          header="No requests"
          description="When a project admin asks to take their project out of a rule, the request appears here."
        />
      ) : (
        <Box xcss={tableWrap}>
          <DynamicTable
            label="Exclusion requests"
            head={{
              cells: [
                { key: 'project', content: 'Project' },
                { key: 'rule', content: 'Rule' },
                { key: 'reason', content: 'Reason' },
                { key: 'asked', content: 'When' },
                { key: 'status', content: 'Status' },
                { key: 'actions', content: 'Answer' },
              ],
            }}
            rows={rows}
          />
        </Box>
      )}
    </Stack>
  );
}

const noWrap = xcss({ whiteSpace: 'nowrap' });

/** One request's row: the project, the rule, why and when, its state and, while pending, the answers. */
function requestRow(
  r: Request,
  at: { busy?: string; onApprove: () => void; onDecline: () => void },
) {
  const id = `${r.projectKey}:${r.ruleId}`;
  const look = lookOf(r);
  return {
    key: id,
    testId: `request-${r.projectKey}-${r.ruleId}`,
    cells: [
      {
        key: 'project',
        // A key is one word: it never breaks across lines.
        content: (
          <Box xcss={noWrap}>
            <Text weight="medium">{r.projectKey}</Text>
          </Box>
        ),
      },
      { key: 'rule', content: <Text>{r.ruleName ?? `Deleted rule ${r.ruleId}`}</Text> },
      {
        key: 'reason',
        content: r.reason ? (
          <Text>{r.reason}</Text>
        ) : (
          <Text color="color.text.subtlest">No reason given</Text>
        ),
      },
      { key: 'asked', content: <Text>{formatRelative(r.requestedAt)}</Text> },
      {
        key: 'status',
        content: (
          <Box testId={`request-status-${r.projectKey}-${r.ruleId}`}>
            <Lozenge appearance={look.appearance}>{look.label}</Lozenge>
          </Box>
        ),
      },
      {
        key: 'actions',
        content:
          r.status === 'pending' ? (
            <Inline space="space.050" shouldWrap>
              <Button
                spacing="compact"
                appearance="primary"
                isDisabled={!r.ruleName || at.busy !== undefined}
                isLoading={at.busy === id}
                onClick={at.onApprove}
                aria-label={`Approve: exclude ${r.projectKey} from ${r.ruleName ?? 'the rule'}`}
              >
                Approve
              </Button>
              <Button
                spacing="compact"
                isDisabled={at.busy !== undefined}
                onClick={at.onDecline}
                aria-label={`Decline the request from ${r.projectKey}`}
              >
                Decline
              </Button>
            </Inline>
          ) : null,
      },
    ],
  };
}

/** Approving says who asked and why, and what the next run removes once the project is out. */
function ApproveRequestDialog({
  request,
  onApprove,
  onCancel,
  onPreview,
}: {
  request: Request;
  onApprove: () => Promise<void>;
  onCancel: () => void;
  onPreview: () => void;
}) {
  return (
    <RemovalConfirmDialog
      title={`Exclude ${request.projectKey} from “${request.ruleName ?? 'the rule'}”?`}
      subject="Approving"
      change={{ kind: 'exclude', ruleId: request.ruleId, projectKey: request.projectKey }}
      confirmLabel="Approve"
      testId="approve-request-dialog"
      before={
        <Text as="p">
          {request.requestedByName ?? 'A project admin'} asked {formatRelative(request.requestedAt)}{' '}
          to take {request.projectKey} out of this rule
          {request.reason ? `: “${request.reason}”` : ', with no reason given.'}
        </Text>
      }
      onPreview={onPreview}
      onConfirm={onApprove}
      onCancel={onCancel}
    />
  );
}

/** The flag's title and words once a request is answered. */
function decidedWords(r: Request, decision: 'approve' | 'decline'): [string, string] {
  const rule = r.ruleName ? `“${r.ruleName}”` : 'the rule';
  return decision === 'approve'
    ? [
        `${r.projectKey} is excluded from ${rule}`,
        'The next run removes what the confirmation listed; groups people added stay.',
      ]
    : [
        `${r.projectKey}’s request is declined`,
        `${rule} still covers ${r.projectKey}; its admins see your answer on their page.`,
      ];
}
