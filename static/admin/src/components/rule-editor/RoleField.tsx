// The rule editor's project role: always the customer role, which the admin reads but cannot
// change; a rule stored with another role says that saving moves it.
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { Box, Text } from '@atlaskit/primitives';

import { DEFAULT_ROLE_NAME } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';

export function RoleField({ oldRole, error }: { oldRole?: string; error?: string }) {
  return (
    <Box data-field="roleName">
      <Label htmlFor="rule-role">{t('rules.editor.role.label')}</Label>
      <Text as="p" id="rule-role" testId="rule-role">
        {DEFAULT_ROLE_NAME}
      </Text>
      {error ? (
        <ErrorMessage testId="rule-role-error">{error}</ErrorMessage>
      ) : (
        <HelperMessage>
          {oldRole ? t('rules.editor.role.moved', { role: oldRole }) : t('rules.editor.role.help')}
        </HelperMessage>
      )}
    </Box>
  );
}
