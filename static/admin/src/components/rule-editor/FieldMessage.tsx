// What the rule editor shows under a field: its error, or else its help.
import { ErrorMessage, HelperMessage } from '@atlaskit/form';
import type { ReactNode } from 'react';

/** Under a field: its error (ids `${id}-error`, which the field's aria-describedby names) or else its help (`${id}-help`). */
export function FieldMessage({
  id,
  error,
  help,
}: {
  id: string;
  error?: string;
  help?: ReactNode;
}) {
  if (error) {
    return (
      <ErrorMessage testId={`${id}-error`}>
        <span id={`${id}-error`}>{error}</span>
      </ErrorMessage>
    );
  }
  return help ? (
    <HelperMessage>
      <span id={`${id}-help`}>{help}</span>
    </HelperMessage>
  ) : null;
}
