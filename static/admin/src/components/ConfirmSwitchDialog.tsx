// Asks before a site-wide change is saved, saying what it will do (how many bindings the app
// added would be removed, counted from its ledger).
import { Text } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

import { ConfirmDialog } from '../../../shared/ConfirmDialog';

export function ConfirmSwitchDialog({
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirmLabel}
      appearance={danger ? 'warning' : undefined}
      busy={busy}
      testId="confirm-switch"
      confirmTestId="confirm-switch-ok"
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {children}
    </ConfirmDialog>
  );
}

export function Para({ children }: { children: ReactNode }) {
  return <Text as="p">{children}</Text>;
}
