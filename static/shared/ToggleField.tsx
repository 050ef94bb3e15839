// A toggle with its label beside it, vertically centred, as Jira lays out switches.
import { Box, Inline, Text, xcss } from '@atlaskit/primitives';
import Toggle from '@atlaskit/toggle';

export function ToggleField({
  id,
  label,
  isChecked,
  onChange,
  isDisabled,
  describedBy,
}: {
  id: string;
  label: string;
  isChecked: boolean;
  onChange: () => void;
  isDisabled?: boolean;
  describedBy?: string;
}) {
  return (
    <Inline space="space.050" alignBlock="center">
      <Box xcss={noShrink}>
        <Toggle
          id={id}
          isChecked={isChecked}
          onChange={onChange}
          isDisabled={isDisabled}
          aria-describedby={describedBy}
        />
      </Box>
      <Box as="label" xcss={labelStyles} {...{ htmlFor: id }}>
        <Text weight="medium">{label}</Text>
      </Box>
    </Inline>
  );
}

const noShrink = xcss({ flexShrink: 0 });
const labelStyles = xcss({ cursor: 'pointer' });
