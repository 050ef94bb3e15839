// The rule editor's two switches: allowing groups that are not synced, and enabling the rule.
import { Checkbox } from '@atlaskit/checkbox';
import { HelperMessage } from '@atlaskit/form';
import { Box } from '@atlaskit/primitives';

import { t } from '../../../../shared/i18n';
import { ToggleField } from '../../../../shared/ToggleField';

export function AllowUnsyncedField({
  checked,
  onToggle,
}: {
  checked: boolean;
  onToggle: () => void;
}) {
  return (
    <Box data-field="allowUnsyncedGroups">
      <Checkbox
        id="rule-allow-unsynced"
        name="allowUnsyncedGroups"
        label={t('rules.editor.allowUnsynced.label')}
        isChecked={checked}
        onChange={onToggle}
        testId="rule-allow-unsynced"
      />
      <HelperMessage>{t('rules.editor.allowUnsynced.help')}</HelperMessage>
    </Box>
  );
}

export function EnabledField({ checked, onToggle }: { checked: boolean; onToggle: () => void }) {
  return (
    <Box>
      <ToggleField
        id="rule-enabled"
        label={t('rules.editor.enabled.label')}
        isChecked={checked}
        onChange={onToggle}
      />
      <HelperMessage>{t('rules.editor.enabled.help')}</HelperMessage>
    </Box>
  );
}
