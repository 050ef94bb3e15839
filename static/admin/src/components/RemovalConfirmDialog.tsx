// The confirmation every removal path shows before anything changes: what the next run removes
// if the change is made (groups from projects, members from organizations, by name; keys and ids
// on hover), planned by the backend as the run plans. When removal is off it says nothing is
// removed, and why. Preview opens the Preview tab.
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import type { ReactNode } from 'react';

import { call } from '../../../shared/api';
import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import type { ImpactChange, RemovalImpact } from '../../../shared/contract';
import { listSentence, plural } from '../../../shared/format';
import { ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';

/** "Contoso Customers and Fabrikam Customers from 4 service projects" (what the run takes out). */
export function removalSummary(impact: RemovalImpact): string {
  const parts: string[] = [];
  if (impact.groups.length)
    parts.push(
      `${listSentence(impact.groups.map((g) => g.groupName ?? 'a deleted group'))} from ${plural(impact.projects.length, 'service project')}`,
    );
  for (const o of impact.organizations)
    parts.push(`${plural(o.members, 'member')} from the organization ${o.organizationName}`);
  return listSentence(parts);
}

/** Whether the change takes anything out at the next run. */
export const removesAnything = (impact: RemovalImpact) =>
  impact.removalEnabled && (impact.bindings.length > 0 || impact.orgMembers.length > 0);

/** What the change removes, in words and by group and organization. */
export function RemovalImpactText({
  impact,
  subject,
}: {
  impact: RemovalImpact;
  /** What the admin is about to do, as the sentence's subject: "Turning off “X”". */
  subject: string;
}) {
  const any = impact.bindings.length > 0 || impact.orgMembers.length > 0;
  return (
    <Stack space="space.100" testId="removal-impact">
      {!impact.removalEnabled ? (
        <Text as="p">
          Nothing will be removed: removing what the app added is turned off in Settings.
          {any
            ? ` ${capitalFirst(removalSummary(impact))} stay, although no enabled rule wants them there.`
            : ''}
        </Text>
      ) : any ? (
        <Text as="p" weight="medium">
          {subject} removes {removalSummary(impact)} at the next run.
        </Text>
      ) : (
        <Text as="p">
          {subject} removes nothing: no group or member the app added would be left unwanted.
        </Text>
      )}
      {any ? (
        <ul aria-label={impact.removalEnabled ? 'What the next run removes' : 'What stays'}>
          {impact.groups.map((g) => (
            <li key={g.groupId}>
              <Text>
                <span title={`Group id ${g.groupId}`}>{g.groupName ?? 'A deleted group'}</span>
                {' from '}
                {g.projects.map((p, i) => (
                  <span key={p.key}>
                    {i ? ', ' : ''}
                    <span title={`Project key ${p.key}`}>{p.name}</span>
                  </span>
                ))}
              </Text>
            </li>
          ))}
          {impact.organizations.map((o) => (
            <li key={o.organizationId}>
              <Text>
                {plural(o.members, 'member')} from the organization{' '}
                <span title={`Organization id ${o.organizationId}`}>{o.organizationName}</span>
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
      {impact.orgsNotCounted.length ? (
        <Text as="p" color="color.text.subtle">
          Not counted: the members of {listSentence(impact.orgsNotCounted)}, whose groups are too
          large to read here. Preview the change to see them.
        </Text>
      ) : null}
      <Text as="p" color="color.text.subtle">
        Groups and members people added by hand are never removed.
      </Text>
    </Stack>
  );
}

const capitalFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A confirmation that loads the change's impact, shows it, and then lets the admin go on. */
export function RemovalConfirmDialog({
  title,
  subject,
  change,
  known,
  confirmLabel,
  before,
  testId,
  onConfirm,
  onCancel,
  onPreview,
}: {
  title: string;
  subject: string;
  change: ImpactChange;
  /** The change's impact when the caller already asked for it. */
  known?: RemovalImpact;
  confirmLabel: string;
  /** Said before the impact (who asked, what else the change does). */
  before?: ReactNode;
  testId: string;
  onConfirm: () => void | Promise<unknown>;
  onCancel: () => void;
  onPreview?: () => void;
}) {
  const impact = useLoad(
    () => (known ? Promise.resolve(known) : call('getRemovalImpact', { change })),
    [JSON.stringify(change)],
  );
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirmLabel}
      appearance={impact.data && removesAnything(impact.data) ? 'danger' : undefined}
      confirmDisabled={impact.loading}
      testId={testId}
      confirmTestId={`${testId}-confirm`}
      {...(onPreview ? { secondary: { label: 'Preview', onClick: onPreview } } : {})}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {before}
      {impact.loading ? (
        <Loading label="Checking what this change removes" />
      ) : impact.error ? (
        <ErrorMessageBox
          title="Could not check what this change removes"
          error={impact.error}
          onRetry={() => void impact.reload()}
        />
      ) : impact.data ? (
        <RemovalImpactText impact={impact.data} subject={subject} />
      ) : null}
      {impact.error ? (
        <SectionMessage appearance="warning">
          <Text as="p">
            You can still go on; preview the change first to see what the next run removes.
          </Text>
        </SectionMessage>
      ) : null}
    </ConfirmDialog>
  );
}
