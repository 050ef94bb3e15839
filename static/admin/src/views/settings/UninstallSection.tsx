// Prepare to uninstall: what the app added (groups by project and rule, organization members),
// confirmed with the removal impact every removal path shows; then the removal run's progress,
// and whether it is safe to uninstall, or what is left and why, with Retry.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { UninstallView } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/format';
import { RunProgress } from '../../../../shared/RunProgress';
import { ErrorMessageBox, Loading } from '../../../../shared/states';
import { RemovalConfirmDialog } from '../../components/RemovalConfirmDialog';
import { addedRows } from './uninstall-words';
import type { Uninstall } from './useUninstall';

export function UninstallSection({ u }: { u: Uninstall }) {
  const { state } = u;
  return (
    <Stack space="space.200" testId="uninstall-section">
      <Heading size="small" as="h3">
        Prepare to uninstall
      </Heading>
      <Text as="p" color="color.text.subtle">
        Uninstalling the app leaves in Jira every group it added to a customer role and every member
        it added to an organization, and deletes its records of them. Prepare first: a run removes
        what the app added (never what people added by hand), and no run adds anything afterwards.
      </Text>
      {state.loading && !state.data ? (
        <Loading label="Loading the uninstall state" />
      ) : state.error && !state.data ? (
        <ErrorMessageBox
          title="Could not read whether the app is prepared to uninstall"
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
          title="Prepare to uninstall?"
          subject="Preparing to uninstall"
          change={{ kind: 'uninstall' }}
          known={u.added.data.impact}
          confirmLabel="Remove and stop runs"
          testId="uninstall-confirm"
          before={
            <Text as="p">
              The hourly runs are turned off, and no run adds anything until you turn “Run every
              hour” back on. The rules are kept as they are.
            </Text>
          }
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
        title="Could not check what the app added"
        error={added.error}
        onRetry={() => void added.reload()}
      />
    );
  if (added.loading || !added.data) return <Loading label="Checking what the app added" />;
  const { impact, ruleNames } = added.data;
  const rows = addedRows(impact.bindings, impact.orgMembers, ruleNames);
  return (
    <Stack space="space.150">
      {rows.length ? (
        <ul aria-label="What the app added" data-testid="uninstall-added">
          {rows.map((r) => (
            <li key={`${r.whereId}:${r.rules}`}>
              <Text>
                <span title={r.whereId}>{r.where}</span>: {r.what} (for {r.rules})
              </Text>
            </li>
          ))}
        </ul>
      ) : (
        <Text as="p" testId="uninstall-added">
          The app’s records hold no group or organization member it added.
        </Text>
      )}
      <div>
        <Button testId="uninstall-prepare" onClick={() => u.setConfirming(true)}>
          Prepare to uninstall…
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
      {view.prepared?.runId ? 'Retry' : 'Start the removal'}
    </Button>
  );
  return (
    <Stack space="space.150">
      <Text as="p" testId="uninstall-stopped">
        Prepared on {formatDateTime(view.prepared?.at)}: runs add nothing, and the hourly runs are
        off. The rules are kept; turn “Run every hour” back on to use the app again.
      </Text>
      {view.running ? (
        <RunProgress polling={u.polling} label="Removing what the app added" />
      ) : null}
      {u.error ? (
        <SectionMessage appearance="error" title="The removal did not start">
          <Text as="p">{u.error.message}</Text>
        </SectionMessage>
      ) : null}
      {view.running ? null : view.safe ? (
        <SectionMessage
          appearance="success"
          title="It is safe to uninstall"
          testId="uninstall-safe"
        >
          <Text as="p">
            Every group and organization member the app added has been removed. Uninstall Customer
            Role Sync in Jira settings → Apps → Manage apps.
          </Text>
        </SectionMessage>
      ) : (
        <SectionMessage
          appearance="warning"
          title={view.prepared?.runId ? 'Not everything was removed' : 'The removal has not run'}
          testId="uninstall-left"
          actions={[retry]}
        >
          <Stack space="space.100">
            {view.left.length ? (
              <ul aria-label="What is left">
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
                        ? `${l.groupName ?? 'A deleted group'} in ${l.projectName} (${l.projectKey})`
                        : `A member of the organization ${l.organizationName}`}
                      : {l.why}
                    </Text>
                  </li>
                ))}
              </ul>
            ) : null}
            {view.notCounted.length ? (
              <Text as="p">
                Not counted: the members of {view.notCounted.join(', ')}, whose groups are too large
                to read here.
              </Text>
            ) : null}
            {!view.prepared?.runId ? (
              <Text as="p">
                Another run held the site when you prepared. Start the removal now.
              </Text>
            ) : null}
          </Stack>
        </SectionMessage>
      )}
    </Stack>
  );
}
