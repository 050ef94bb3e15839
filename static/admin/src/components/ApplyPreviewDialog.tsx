// Asks before a preview is applied. It first checks Jira again (recheckPreview) and says what
// changed since the preview, in names, and what happens to it: Apply leaves it out; previewing
// again includes new changes. Nothing is applied before the admin presses Apply here.
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';

import { call } from '../../../shared/api';
import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import type { PreviewDifference } from '../../../shared/contract';
import { formatRelative, listSentence } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { ErrorMessageBox } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import { differenceSentence } from '../views/runs/run-words';

/** A preview older than this is called old: Jira has probably changed since. */
const OLD_MS = 60 * 60 * 1000;

export function ApplyPreviewDialog({
  runId,
  onApply,
  onPreviewAgain,
  onCancel,
}: {
  runId: string;
  /** Starts the run; a failure is shown in the dialog. */
  onApply: () => Promise<unknown>;
  onPreviewAgain: () => void;
  onCancel: () => void;
}) {
  const check = useLoad(() => call('recheckPreview', { runId }), [runId]);
  const r = check.data;
  const complete = !!r && r.projects.checked === r.projects.total;
  const when = r ? formatRelative(r.previewedAt, Date.parse(r.checkedAt)) : '';
  const old = !!r && Date.parse(r.checkedAt) - Date.parse(r.previewedAt) > OLD_MS;
  const title = r
    ? t(complete ? 'runs.apply.title' : 'runs.apply.titleUpTo', { count: r.willApply, when })
    : t('runs.apply.titleLoading');
  const leftOut = r?.differences.filter((d) => d.change !== 'new') ?? [];
  const added = r?.differences.filter((d) => d.change === 'new') ?? [];
  const nothingLeft = !!r && complete && r.willApply === 0;

  return (
    <ConfirmDialog
      title={title}
      confirmLabel={t('runs.apply.confirm')}
      confirmDisabled={check.loading || nothingLeft}
      secondary={{ label: t('runs.apply.previewAgain'), onClick: onPreviewAgain }}
      errorTitle={t('runs.apply.notStarted')}
      testId="apply-preview"
      confirmTestId="apply-preview-ok"
      onConfirm={onApply}
      onCancel={onCancel}
    >
      <>
        {check.loading ? (
          <Inline space="space.100" alignBlock="center">
            <Spinner size="small" label={t('runs.apply.checking')} />
            <Text>{t('runs.apply.checkingText')}</Text>
          </Inline>
        ) : null}
        {check.error ? (
          <>
            <ErrorMessageBox
              error={check.error}
              title={t('runs.apply.checkError')}
              subject={t('runs.apply.subject')}
              onRetry={() => void check.reload()}
            />
            <Text as="p">{t('runs.apply.stillChecks')}</Text>
          </>
        ) : null}
        {r ? (
          <>
            {old ? (
              <SectionMessage appearance="warning" title={t('runs.apply.oldTitle')}>
                <Text as="p">{t('runs.apply.oldText', { when })}</Text>
              </SectionMessage>
            ) : null}
            <Text as="p">
              {r.differences.length + r.goneProjects.length === 0
                ? t('runs.apply.nothingChanged', { count: r.projects.checked })
                : t('runs.apply.changedIn', {
                    count:
                      new Set(r.differences.map((d) => d.projectKey)).size + r.goneProjects.length,
                  })}
            </Text>
            <DifferenceList
              testId="recheck-left-out"
              heading={t('runs.apply.leftOutHeading')}
              items={leftOut}
            />
            <DifferenceList
              testId="recheck-new"
              heading={t('runs.apply.newHeading')}
              items={added}
            />
            {r.goneProjects.length ? (
              <Text as="p" testId="recheck-gone">
                {t('runs.apply.gone', {
                  projects: listSentence(
                    r.goneProjects.map((p) =>
                      t('runs.apply.projectNamed', { name: p.name, key: p.key }),
                    ),
                    r.goneProjects.length,
                  ),
                })}
              </Text>
            ) : null}
            {r.unreadable.map((p) => (
              <Text as="p" key={p.key}>
                {t('runs.apply.unreadable', { name: p.name, key: p.key, message: p.message })}
              </Text>
            ))}
            {!complete ? (
              <Text as="p" testId="recheck-partial">
                {t('runs.apply.partial', {
                  checked: r.projects.checked,
                  count: r.projects.total,
                })}
              </Text>
            ) : null}
            {r.orgLinks ? (
              <Text as="p">{t('runs.apply.orgLinks', { count: r.orgLinks })}</Text>
            ) : null}
            {r.orgMembers.adds + r.orgMembers.removals > 0 ? (
              <Text as="p" testId="recheck-org-members">
                {t('runs.apply.orgMembers', {
                  adds: r.orgMembers.adds,
                  removals: r.orgMembers.removals,
                })}
              </Text>
            ) : null}
            {nothingLeft ? <Text as="p">{t('runs.apply.nothingLeft')}</Text> : null}
          </>
        ) : null}
      </>
    </ConfirmDialog>
  );
}

function DifferenceList({
  heading,
  items,
  testId,
}: {
  heading: string;
  items: PreviewDifference[];
  testId: string;
}) {
  if (items.length === 0) return null;
  return (
    <Stack space="space.050" testId={testId}>
      <Text weight="bold">{heading}</Text>
      <ul>
        {items.map((d) => (
          <li key={`${d.projectKey}:${d.kind}:${d.groupId}`}>
            <Text>{differenceSentence(d)}</Text>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
