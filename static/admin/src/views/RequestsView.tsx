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
import { t } from '../../../shared/i18n';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { tableWrap } from '../../../shared/styles';
import { useLoad } from '../../../shared/useLoad';
import { RemovalConfirmDialog } from '../components/RemovalConfirmDialog';
import { useSuccessFlag } from '../components/successFlag';

type Request = AdminResults['listExclusionRequests'][number];

const STATUS = {
  pending: { appearance: 'inprogress', label: () => t('requests.status.pending') },
  approved: { appearance: 'success', label: () => t('requests.status.approved') },
  declined: { appearance: 'removed', label: () => t('requests.status.declined') },
  selfService: { appearance: 'moved', label: () => t('requests.status.selfService') },
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
        {t('requests.title')}
      </Heading>
      <Text as="p" color="color.text.subtle">
        {t('requests.intro')}
      </Text>
      {error ? (
        <ErrorMessageBox
          title={t('requests.notSaved')}
          subject={t('requests.thisRequest')}
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
        <Loading label={t('requests.loading')} />
      ) : requests.error ? (
        <ErrorMessageBox
          title={t('requests.loadFailed')}
          error={requests.error}
          onRetry={() => void requests.reload()}
        />
      ) : rows.length === 0 ? (
        <Empty header={t('requests.empty.header')} description={t('requests.empty.description')} />
      ) : (
        <Box xcss={tableWrap}>
          <DynamicTable
            label={t('requests.title')}
            head={{
              cells: [
                { key: 'project', content: t('requests.column.project') },
                { key: 'rule', content: t('requests.column.rule') },
                { key: 'reason', content: t('requests.column.reason') },
                { key: 'asked', content: t('requests.column.asked') },
                { key: 'status', content: t('requests.column.status') },
                { key: 'actions', content: t('requests.column.answer') },
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
      {
        key: 'rule',
        content: <Text>{r.ruleName ?? t('requests.deletedRule', { ruleId: r.ruleId })}</Text>,
      },
      {
        key: 'reason',
        content: r.reason ? (
          <Text>{r.reason}</Text>
        ) : (
          <Text color="color.text.subtlest">{t('requests.noReason')}</Text>
        ),
      },
      { key: 'asked', content: <Text>{formatRelative(r.requestedAt)}</Text> },
      {
        key: 'status',
        content: (
          <Box testId={`request-status-${r.projectKey}-${r.ruleId}`}>
            <Lozenge appearance={look.appearance}>{look.label()}</Lozenge>
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
                aria-label={
                  r.ruleName
                    ? t('requests.approveLabel', { project: r.projectKey, rule: r.ruleName })
                    : t('requests.approveLabelNoRule', { project: r.projectKey })
                }
              >
                {t('requests.approve')}
              </Button>
              <Button
                spacing="compact"
                isDisabled={at.busy !== undefined}
                onClick={at.onDecline}
                aria-label={t('requests.declineLabel', { project: r.projectKey })}
              >
                {t('requests.decline')}
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
      title={
        request.ruleName
          ? t('requests.approveDialog.title', {
              project: request.projectKey,
              rule: request.ruleName,
            })
          : t('requests.approveDialog.titleNoRule', { project: request.projectKey })
      }
      subject={t('requests.approveDialog.subject')}
      change={{ kind: 'exclude', ruleId: request.ruleId, projectKey: request.projectKey }}
      confirmLabel={t('requests.approve')}
      testId="approve-request-dialog"
      before={<Text as="p">{askedWords(request)}</Text>}
      onPreview={onPreview}
      onConfirm={onApprove}
      onCancel={onCancel}
    />
  );
}

/** Who asked, when, and why: the approval dialog's first sentence. */
function askedWords(r: Request): string {
  const values = {
    who: r.requestedByName ?? t('requests.approveDialog.someAdmin'),
    when: formatRelative(r.requestedAt),
    project: r.projectKey,
  };
  return r.reason
    ? t('requests.approveDialog.asked', { ...values, reason: r.reason })
    : t('requests.approveDialog.askedNoReason', values);
}

/** The flag's title and words once a request is answered. */
function decidedWords(r: Request, decision: 'approve' | 'decline'): [string, string] {
  const values = { project: r.projectKey, rule: r.ruleName ?? '' };
  const named = !!r.ruleName;
  return decision === 'approve'
    ? [
        named
          ? t('requests.decided.approved', values)
          : t('requests.decided.approvedNoRule', values),
        t('requests.decided.approvedText'),
      ]
    : [
        t('requests.decided.declined', values),
        named
          ? t('requests.decided.declinedText', values)
          : t('requests.decided.declinedTextNoRule', values),
      ];
}
