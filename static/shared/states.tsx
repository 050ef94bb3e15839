// Loading, error and empty states shared by every view.
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import { Box, Inline, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { ReactNode } from 'react';

import type { ResolverError } from './api';
import { errorView, type ErrorViewOptions } from './error-view';
import { t } from './i18n';

export function Loading({ label }: { label: string }) {
  return (
    <Box padding="space.400" role="status" aria-live="polite">
      <Inline space="space.150" alignBlock="center" alignInline="center">
        <Spinner size="medium" label={label} />
        <Text color="color.text.subtle">{label}</Text>
      </Inline>
    </Box>
  );
}

/**
 * A failed call, shown by its code: who may use the page (forbidden), what is gone (not-found,
 * no retry), "Try again" (`onRetry`) for passing faults, "Reload" for a conflict (`onReload`:
 * read the current state; `onRetry` when reading again is the same thing).
 */
export function ErrorMessageBox({
  error,
  onRetry,
  onReload = onRetry,
  ...opts
}: ErrorViewOptions & { error: ResolverError; onRetry?: () => void; onReload?: () => void }) {
  const view = errorView(error.code, opts);
  const label = view.action === 'reload' ? t('shared.states.reload') : t('common.retry');
  const action = view.action === 'reload' ? onReload : view.action ? onRetry : undefined;
  return (
    <SectionMessage
      appearance={view.appearance}
      title={view.title}
      testId="error-message"
      actions={
        action
          ? [
              <Button key="retry" onClick={action}>
                {label}
              </Button>,
            ]
          : undefined
      }
    >
      <Text as="p">{error.message}</Text>
    </SectionMessage>
  );
}

export function Empty({
  header,
  description,
  action,
}: {
  header: string;
  description: ReactNode;
  action?: ReactNode;
}) {
  return (
    <EmptyState
      header={header}
      description={description}
      primaryAction={action}
      headingLevel={3}
      width="wide"
    />
  );
}
