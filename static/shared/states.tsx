// Loading, error and empty states shared by every view.
import EmptyState from '@atlaskit/empty-state';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Button from '@atlaskit/button/new';
import { Box, Inline, Text } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

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

export function ErrorMessageBox({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <SectionMessage
      appearance="error"
      title={title}
      actions={
        onRetry
          ? [
              <Button key="retry" onClick={onRetry}>
                Try again
              </Button>,
            ]
          : undefined
      }
    >
      <Text as="p">{message}</Text>
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
