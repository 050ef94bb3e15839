// Asks before a preview is applied. It first checks Jira again (recheckPreview) and says what
// changed since the preview, in names, and what happens to it: Apply leaves it out; previewing
// again includes new changes. Nothing is applied before the admin presses Apply here.
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';

import { call } from '../../../shared/api';
import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import type { PreviewDifference } from '../../../shared/contract';
import { formatRelative, plural } from '../../../shared/format';
import { ErrorMessageBox } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';

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
  const when = r ? `previewed ${formatRelative(r.previewedAt, Date.parse(r.checkedAt))}` : '';
  const old = !!r && Date.parse(r.checkedAt) - Date.parse(r.previewedAt) > OLD_MS;
  const title = r
    ? `Apply ${complete ? '' : 'up to '}${plural(r.willApply, 'change')} ${when}`
    : 'Apply the preview';
  const leftOut = r?.differences.filter((d) => d.change !== 'new') ?? [];
  const added = r?.differences.filter((d) => d.change === 'new') ?? [];
  const nothingLeft = !!r && complete && r.willApply === 0;

  return (
    <ConfirmDialog
      title={title}
      confirmLabel="Apply"
      confirmDisabled={check.loading || nothingLeft}
      secondary={{ label: 'Preview again', onClick: onPreviewAgain }}
      errorTitle="The run did not start"
      testId="apply-preview"
      confirmTestId="apply-preview-ok"
      onConfirm={onApply}
      onCancel={onCancel}
    >
      <>
        {check.loading ? (
          <Inline space="space.100" alignBlock="center">
            <Spinner size="small" label="Checking" />
            <Text>Checking Jira for anything that changed since the preview…</Text>
          </Inline>
        ) : null}
        {check.error ? (
          <>
            <ErrorMessageBox
              error={check.error}
              title="What changed since the preview could not be checked now"
              subject="This preview"
              onRetry={() => void check.reload()}
            />
            <Text as="p">
              Apply still checks each change against Jira as it is applied, and leaves out what
              changed since the preview.
            </Text>
          </>
        ) : null}
        {r ? (
          <>
            {old ? (
              <SectionMessage appearance="warning" title="This preview is old">
                <Text as="p">
                  It was made {formatRelative(r.previewedAt, Date.parse(r.checkedAt))}; Jira and the
                  rules may have changed a lot since. Consider previewing again.
                </Text>
              </SectionMessage>
            ) : null}
            <Text as="p">
              {r.differences.length + r.goneProjects.length === 0
                ? `Nothing changed in Jira since the preview in the ${plural(r.projects.checked, 'project')} checked.`
                : `Since the preview, Jira changed in ${plural(
                    new Set(r.differences.map((d) => d.projectKey)).size + r.goneProjects.length,
                    'project',
                  )}. Apply leaves these changes out:`}
            </Text>
            <DifferenceList testId="recheck-left-out" heading="No longer needed" items={leftOut} />
            <DifferenceList
              testId="recheck-new"
              heading="Needed now, not in the preview (preview again to include them)"
              items={added}
            />
            {r.goneProjects.length ? (
              <Text as="p" testId="recheck-gone">
                Deleted since the preview:{' '}
                {r.goneProjects.map((p) => `${p.name} (${p.key})`).join(', ')}. Their changes are
                left out.
              </Text>
            ) : null}
            {r.unreadable.map((p) => (
              <Text as="p" key={p.key}>
                {p.name} ({p.key}) could not be read now ({p.message}); it is checked again as it is
                applied.
              </Text>
            ))}
            {!complete ? (
              <Text as="p" testId="recheck-partial">
                Checked {r.projects.checked} of {plural(r.projects.total, 'project')} in the time a
                page may take; the rest are checked as they are applied.
              </Text>
            ) : null}
            {r.orgLinks ? (
              <Text as="p">
                {plural(r.orgLinks, 'organization link')} of the preview{' '}
                {r.orgLinks === 1 ? 'is' : 'are'} checked again as{' '}
                {r.orgLinks === 1 ? 'it is' : 'they are'} applied.
              </Text>
            ) : null}
            {r.orgMembers.adds + r.orgMembers.removals > 0 ? (
              <Text as="p" testId="recheck-org-members">
                {`The preview also showed organization members to change (${r.orgMembers.adds} ` +
                  `to add, ${r.orgMembers.removals} to remove). Apply does not change ` +
                  'organization members: Run now syncs them, reading the groups again.'}
              </Text>
            ) : null}
            {nothingLeft ? (
              <Text as="p">
                Nothing of the preview is left to apply. Preview again to see what the rules would
                change now.
              </Text>
            ) : null}
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
            <Text>{d.message}</Text>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
