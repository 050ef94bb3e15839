// The one frame of the pages' confirmation dialogs: a title, what the action will do, and
// Cancel / confirm. While the action is busy the dialog cannot be closed (its answer would
// arrive on a page that no longer asks), and a failure is shown in it so that the user can
// try again or cancel. Atlaskit's modal moves the focus into the dialog and back on close.
// An `onConfirm` that answers a promise is the action itself: the frame shows it busy and
// shows its error; the caller closes the dialog when it succeeds.
import Button from '@atlaskit/button/new';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import { Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { type ReactNode, useState } from 'react';

import { t } from './i18n';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  appearance,
  busy: busyOutside,
  confirmDisabled,
  errorTitle,
  label,
  testId,
  confirmTestId,
  secondary,
  onConfirm,
  onCancel,
}: {
  title: ReactNode;
  /** What confirming does, in a Stack. */
  children: ReactNode;
  confirmLabel: string;
  /** 'warning' or 'danger' colours the title and the confirm button; else a primary button. */
  appearance?: 'warning' | 'danger';
  /** Busy for a reason the caller knows (an action it runs itself). */
  busy?: boolean;
  confirmDisabled?: boolean;
  /** The title of the failure's message, when the message alone would not say what failed. */
  errorTitle?: string;
  /** The dialog's accessible name, where the title alone would not say enough. */
  label?: string;
  testId: string;
  confirmTestId?: string;
  /** A second way out beside Cancel (e.g. "Preview again"). */
  secondary?: { label: string; onClick: () => void };
  onConfirm: () => void | Promise<unknown>;
  onCancel: () => void;
}) {
  const [acting, setActing] = useState(false);
  const [error, setError] = useState<string>();
  const busy = busyOutside || acting;

  async function confirm() {
    setActing(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setActing(false);
    }
  }

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
            {t('common.cancel')}
          </Button>
          {secondary ? (
            <Button onClick={secondary.onClick} isDisabled={busy}>
              {secondary.label}
            </Button>
          ) : null}
          <Button
            appearance={appearance ?? 'primary'}
            onClick={() => void confirm()}
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
