// Asks before a site-wide change is saved, saying what it will do (how many bindings the app
// added would be removed, counted from its ledger).
import Button from '@atlaskit/button/new';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import { Stack, Text } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

export function ConfirmSwitchDialog({
  title,
  children,
  confirmLabel,
  danger,
  busy,
  confirmDisabled,
  secondary,
  testId = 'confirm-switch',
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  confirmDisabled?: boolean;
  /** A second way out beside Cancel (e.g. "Preview again"). */
  secondary?: { label: string; onClick: () => void };
  testId?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ModalTransition>
      <Modal onClose={busy ? () => undefined : onCancel} width="medium" testId={testId}>
        <ModalHeader>
          <ModalTitle appearance={danger ? 'warning' : undefined}>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <Stack space="space.150">{children}</Stack>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onCancel} isDisabled={busy}>
            Cancel
          </Button>
          {secondary ? (
            <Button onClick={secondary.onClick} isDisabled={busy}>
              {secondary.label}
            </Button>
          ) : null}
          <Button
            appearance={danger ? 'warning' : 'primary'}
            onClick={onConfirm}
            isLoading={busy}
            isDisabled={confirmDisabled}
            testId={`${testId}-ok`}
          >
            {confirmLabel}
          </Button>
        </ModalFooter>
      </Modal>
    </ModalTransition>
  );
}

export function Para({ children }: { children: ReactNode }) {
  return <Text as="p">{children}</Text>;
}
