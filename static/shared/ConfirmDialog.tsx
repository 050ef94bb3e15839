// The one frame of the pages' confirmation dialogs: a title, what the action will do, and
// Cancel / confirm. While the action is busy the dialog cannot be closed (its answer would
// arrive on a page that no longer asks), and a failure is shown in it so that the user can
// try again or cancel. Atlaskit's modal moves the focus into the dialog and back on close.
import Button from '@atlaskit/button/new';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import { Stack, Text } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  appearance,
  busy,
  confirmDisabled,
  error,
  errorTitle,
  label,
  testId,
  confirmTestId,
  onConfirm,
  onCancel,
}: {
  title: ReactNode;
  /** What confirming does, in a Stack. */
  children: ReactNode;
  confirmLabel: string;
  /** 'warning' or 'danger' colours the title and the confirm button; else a primary button. */
  appearance?: 'warning' | 'danger';
  busy?: boolean;
  confirmDisabled?: boolean;
  /** The last attempt's failure, worded for the user. */
  error?: string;
  errorTitle?: string;
  /** The dialog's accessible name, where the title alone would not say enough. */
  label?: string;
  testId: string;
  confirmTestId?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ModalTransition>
      <Modal
        onClose={busy ? () => undefined : onCancel}
        width="medium"
        testId={testId}
        {...(label ? { label } : {})}
      >
        <ModalHeader>
          <ModalTitle appearance={appearance}>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.150">
            {children}
            {error ? (
              <SectionMessage appearance="error" title={errorTitle}>
                <Text as="p">{error}</Text>
              </SectionMessage>
            ) : null}
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onCancel} isDisabled={busy}>
            Cancel
          </Button>
          <Button
            appearance={appearance ?? 'primary'}
            onClick={onConfirm}
            isLoading={busy}
            isDisabled={confirmDisabled}
            testId={confirmTestId}
          >
            {confirmLabel}
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}
