// The confirmation every removal path shows before anything changes: what the next run removes
// if the change is made (groups from projects, members from organizations, by name; keys and ids
// on hover), planned by the backend as the run plans. When removal is off it says nothing is
// removed, and why. Preview opens the Preview tab.
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { Fragment, type ReactNode } from 'react';

import { call } from '../../../shared/api';
import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import type { ImpactChange, RemovalImpact } from '../../../shared/contract';
import { capitalize, listSentence } from '../../../shared/format';
import { t } from '../../../shared/i18n';
import { ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import { removalSummary } from './removal-words';

export { removalSummary };

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
          {t('rules.removal.off')}
          {any
            ? ` ${capitalize(t('rules.removal.offStays', { what: removalSummary(impact) }))}`
            : ''}
        </Text>
      ) : any ? (
        <Text as="p" weight="medium">
          {t('rules.removal.removes', { subject, what: removalSummary(impact) })}
        </Text>
      ) : (
        <Text as="p">{t('rules.removal.removesNothing', { subject })}</Text>
      )}
      {any ? (
        <ul
          aria-label={
            impact.removalEnabled ? t('rules.removal.listRemoves') : t('rules.removal.listStays')
          }
        >
          {impact.groups.map((g) => (
            <li key={g.groupId}>
              <Text>
                {withNodes(t('rules.removal.groupItem'), {
                  group: (
                    <span title={t('rules.removal.groupId', { id: g.groupId })}>
                      {g.groupName ?? t('rules.removal.deletedGroup')}
                    </span>
                  ),
                  projects: g.projects.map((p, i) => (
                    <span key={p.key}>
                      {i ? t('rules.separator') : ''}
                      <span title={t('rules.removal.projectKey', { key: p.key })}>{p.name}</span>
                    </span>
                  )),
                })}
              </Text>
            </li>
          ))}
          {impact.organizations.map((o) => (
            <li key={o.organizationId}>
              <Text>
                {withNodes(t('rules.removal.membersFrom', { count: o.members }), {
                  organization: (
                    <span title={t('rules.removal.organizationId', { id: o.organizationId })}>
                      {o.organizationName}
                    </span>
                  ),
                })}
              </Text>
            </li>
          ))}
        </ul>
      ) : null}
      {impact.orgsNotCounted.length ? (
        <Text as="p" color="color.text.subtle">
          {t('rules.removal.notCounted', { organizations: listSentence(impact.orgsNotCounted) })}
        </Text>
      ) : null}
      <Text as="p" color="color.text.subtle">
        {t('rules.removal.byHand')}
      </Text>
    </Stack>
  );
}

/**
 * A message with some of its placeholders filled by elements (a name with its id on hover):
 * the words stay one sentence in the viewer's language, the elements sit where it puts them.
 */
function withNodes(message: string, nodes: Record<string, ReactNode>): ReactNode[] {
  return message
    .split(/\{(\w+)\}/)
    .map((part, i) => (i % 2 ? <Fragment key={i}>{nodes[part] ?? `{${part}}`}</Fragment> : part));
}

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
      {...(onPreview
        ? { secondary: { label: t('rules.removal.preview'), onClick: onPreview } }
        : {})}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {before}
      {impact.loading ? (
        <Loading label={t('rules.removal.checking')} />
      ) : impact.error ? (
        <ErrorMessageBox
          title={t('rules.removal.checkFailed')}
          error={impact.error}
          onRetry={() => void impact.reload()}
        />
      ) : impact.data ? (
        <RemovalImpactText impact={impact.data} subject={subject} />
      ) : null}
      {impact.error ? (
        <SectionMessage appearance="warning">
          <Text as="p">{t('rules.removal.stillGoOn')}</Text>
        </SectionMessage>
      ) : null}
    </ConfirmDialog>
  );
}
