// The rule editor's name field.
import { Label } from '@atlaskit/form';
import { Box } from '@atlaskit/primitives';
import Textfield from '@atlaskit/textfield';

import { FieldMessage } from './FieldMessage';

export function NameField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (name: string) => void;
  error?: string;
}) {
  return (
    <Box data-field="name">
      <Label htmlFor="rule-name">Rule name</Label>
      <Textfield
        id="rule-name"
        name="name"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        isInvalid={!!error}
        aria-describedby={error ? 'rule-name-error' : 'rule-name-help'}
        placeholder="Customers: all service projects"
        testId="rule-name"
      />
      <FieldMessage
        id="rule-name"
        error={error}
        help="A name other admins recognise, shown in runs and the audit log."
      />
    </Box>
  );
}
