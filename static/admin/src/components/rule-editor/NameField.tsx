// The rule editor's name field.
import { Label } from '@atlaskit/form';
import { Box } from '@atlaskit/primitives';
import Textfield from '@atlaskit/textfield';

import { t } from '../../../../shared/i18n';
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
      <Label htmlFor="rule-name">{t('rules.editor.name.label')}</Label>
      <Textfield
        id="rule-name"
        name="name"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        isInvalid={!!error}
        aria-describedby={error ? 'rule-name-error' : 'rule-name-help'}
        placeholder={t('rules.editor.name.placeholder')}
        testId="rule-name"
      />
      <FieldMessage id="rule-name" error={error} help={t('rules.editor.name.help')} />
    </Box>
  );
}
