// Confirms adopting a group someone else put in a project's customer role: from then on the app
// counts it as its own, and removes it when no enabled rule wants it there any more.
import { Stack, Text } from '@atlaskit/primitives';

import { call } from '../../../shared/api';
import { ConfirmDialog } from '../../../shared/ConfirmDialog';
import { t } from '../../../shared/i18n';

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
      title={t('rules.adopt.title', { group: groupName, project: projectKey })}
      confirmLabel={t('rules.adopt.confirm')}
      appearance="warning"
      errorTitle={t('rules.adopt.failed')}
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
          {t('rules.adopt.someoneElse', {
            group: groupName,
            projectName,
            project: projectKey,
          })}
        </Text>
        <Text as="p">{t('rules.adopt.ifAdopted', { group: groupName, project: projectKey })}</Text>
      </Stack>
    </ConfirmDialog>
  );
}
