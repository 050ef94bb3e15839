// Prepare to uninstall: what the app added (groups by project and rule, organization members),
// confirmed with the removal impact every removal path shows; then the removal run's progress,
// and whether it is safe to uninstall, or what is left and why, with Retry.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { UninstallView } from '../../../../shared/contract';
import { listSentence } from '../../../../shared/format';
import { t } from '../../../../shared/i18n';
import { Message } from '../../../../shared/Message';
import { RunProgress } from '../../../../shared/RunProgress';
import { ErrorMessageBox, Loading } from '../../../../shared/states';
import { Time } from '../../../../shared/Time';
import { RemovalConfirmDialog } from '../../components/RemovalConfirmDialog';
import { addedRows } from './uninstall-words';
import type { Uninstall } from './useUninstall';

export function UninstallSection({ u }: { u: Uninstall }) {
  const { state } = u;
  return (
    <Stack space="space.200" testId="uninstall-section">
      <Heading size="small" as="h3">
        {t('uninstall.title')}
      </Heading>
      <Text as="p" color="color.text.subtle">
        {t('uninstall.intro')}
      </Text>
      {state.loading && !state.data ? (
        <Loading label={t('uninstall.loadingState')} />
      ) : state.error && !state.data ? (
        <ErrorMessageBox
          title={t('uninstall.stateFailed')}
          error={state.error}
          onRetry={() => void state.reload()}
        />
      ) : state.data?.prepared ? (
        <Prepared u={u} view={state.data} />
      ) : (
        <NotPrepared u={u} />
      )}
      {u.confirming && u.added.data ? (
        <RemovalConfirmDialog
          title={t('uninstall.confirmTitle')}
          subject={t('uninstall.confirmSubject')}
          change={{ kind: 'uninstall' }}
          known={u.added.data.impact}
          confirmLabel={t('uninstall.confirmButton')}
          testId="uninstall-confirm"
          before={<Text as="p">{t('uninstall.confirmBefore')}</Text>}
          onConfirm={() => u.prepare()}
          onCancel={() => u.setConfirming(false)}
        />
      ) : null}
    </Stack>
  );
}

function NotPrepared({ u }: { u: Uninstall }) {
  const { added } = u;
  if (added.error)
    return (
      <ErrorMessageBox
        title={t('uninstall.addedFailed')}
        error={added.error}
        onRetry={() => void added.reload()}
      />
    );
  if (added.loading || !added.data) return <Loading label={t('uninstall.checkingAdded')} />;
  const { impact, ruleNames } = added.data;
  const rows = addedRows(impact.bindings, impact.orgMembers, ruleNames);
  return (
    <Stack space="space.150">
      {rows.length ? (
        <ul aria-label={t('uninstall.addedLabel')} data-testid="uninstall-added">
          {rows.map((r) => (
            <li key={`${r.whereId}:${r.rules}`}>
              <Text>
                <span title={r.whereId}>
                  {t('uninstall.addedRow', { where: r.where, what: r.what, rules: r.rules })}
                </span>
              </Text>
            </li>
          ))}
        </ul>
      ) : (
        <Text as="p" testId="uninstall-added">
          {t('uninstall.nothingAdded')}
        </Text>
      )}
      <div>
        <Button testId="uninstall-prepare" onClick={() => u.setConfirming(true)}>
          {t('uninstall.prepareButton')}
        </Button>
      </div>
    </Stack>
  );
}

function Prepared({ u, view }: { u: Uninstall; view: UninstallView }) {
  const retry = (
    <Button
      key="retry"
      testId="uninstall-retry"
      isLoading={u.starting}
      onClick={() => void u.prepare().catch(() => undefined)}
    >
      {view.prepared?.runId ? t('uninstall.retry') : t('uninstall.startRemoval')}
    </Button>
  );
  return (
    <Stack space="space.150">
      <Text as="p" testId="uninstall-stopped">
        <Message id="uninstall.prepared" values={{ at: <Time iso={view.prepared?.at} /> }} />
      </Text>
      {view.running ? <RunProgress polling={u.polling} label={t('uninstall.removing')} /> : null}
      {u.error ? (
        <SectionMessage appearance="error" title={t('uninstall.didNotStart')}>
          <Text as="p">{u.error.message}</Text>
        </SectionMessage>
      ) : null}
      {view.running ? null : view.safe ? (
        <SectionMessage
          appearance="success"
          title={t('uninstall.safeTitle')}
          testId="uninstall-safe"
        >
          <Text as="p">{t('uninstall.safeBody')}</Text>
        </SectionMessage>
      ) : (
        <SectionMessage
          appearance="warning"
          title={view.prepared?.runId ? t('uninstall.notAllRemoved') : t('uninstall.notRun')}
          testId="uninstall-left"
          actions={[retry]}
        >
          <Stack space="space.100">
            {view.left.length ? (
              <ul aria-label={t('uninstall.leftLabel')}>
                {view.left.map((l) => (
                  <li
                    key={
                      l.kind === 'binding'
                        ? `${l.projectKey}:${l.groupId}`
                        : `${l.organizationId}:${l.accountId}`
                    }
                  >
                    <Text>
                      {l.kind === 'binding'
                        ? t('uninstall.leftBinding', {
                            group: l.groupName ?? t('uninstall.deletedGroupStart'),
                            project: l.projectName,
                            key: l.projectKey,
                            why: l.why ?? t('uninstall.notYet'),
                          })
                        : t('uninstall.leftMember', {
                            organization: l.organizationName,
                            why: l.why ?? t('uninstall.notYet'),
                          })}
                    </Text>
                  </li>
                ))}
              </ul>
            ) : null}
            {view.notCounted.length ? (
              <Text as="p">
                {t('uninstall.notCounted', { organizations: listSentence(view.notCounted) })}
              </Text>
            ) : null}
            {!view.prepared?.runId ? <Text as="p">{t('uninstall.anotherRun')}</Text> : null}
          </Stack>
        </SectionMessage>
      )}
    </Stack>
  );
}
