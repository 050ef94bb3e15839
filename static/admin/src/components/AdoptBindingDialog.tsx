// Confirms adopting a group someone else put in a project's customer role: from then on the app
// counts it as its own, and removes it when no enabled rule wants it there any more.
import { Stack, Text } from '@atlaskit/primitives';

import { call } from '../../../shared/api';
import { ConfirmDialog } from '../../../shared/ConfirmDialog';

export function AdoptBindingDialog({
  projectKey,
  projectName,
  groupId,
  groupName,
  onClose,
  onAdopted,
}: {
  projectKey: string;
  projectName: string;
  groupId: string;
  groupName: string;
  onClose: () => void;
  onAdopted: () => void;
}) {
  return (
    <ConfirmDialog
      title={`Adopt ${groupName} in ${projectKey}?`}
      confirmLabel="Adopt"
      appearance="warning"
      errorTitle="Could not adopt the group"
      testId="adopt-binding-dialog"
      confirmTestId="adopt-binding-confirm"
      onCancel={onClose}
      onConfirm={async () => {
        await call('adoptBinding', { projectKey, groupId });
        onAdopted();
      }}
    >
      <Stack space="space.100">
        <Text as="p">
          Someone else put {groupName} in the customer role of {projectName} ({projectKey}), so the
          app leaves it alone and never removes it.
        </Text>
        <Text as="p">
          If you adopt it, the app counts it as its own: when no enabled rule wants {groupName} in{' '}
          {projectKey} any more, a run removes it (with removal turned on). The audit log records
          that you adopted it.
        </Text>
      </Stack>
    </ConfirmDialog>
  );
}
