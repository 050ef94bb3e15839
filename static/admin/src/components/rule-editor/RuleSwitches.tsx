// The rule editor's two switches: allowing groups that are not synced, and enabling the rule.
import { Checkbox } from '@atlaskit/checkbox';
import { HelperMessage } from '@atlaskit/form';
import { Box } from '@atlaskit/primitives';

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
        label="Not from the identity provider: allow groups that are not synced"
        isChecked={checked}
        onChange={onToggle}
        testId="rule-allow-unsynced"
      />
      <HelperMessage>
        Anyone who can edit groups in Jira decides who is in a group that is not synced. The audit
        trail records who allowed it. Administration and product-access groups are refused either
        way.
      </HelperMessage>
    </Box>
  );
}

export function EnabledField({ checked, onToggle }: { checked: boolean; onToggle: () => void }) {
  return (
    <Box>
      <ToggleField id="rule-enabled" label="Enabled" isChecked={checked} onChange={onToggle} />
      <HelperMessage>
        A disabled rule adds nothing; runs remove what it added if removal is on in Settings.
      </HelperMessage>
    </Box>
  );
}
