// What the rule editor says beside its fields: a save refused because the rule changed meanwhile
// (with a way to reload it), and the other rules that cover the same projects.
import Button from '@atlaskit/button/new';
import { Box, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { VersionConflict } from '../../../../shared/contract';

export function ConflictMessage({
  conflict,
  reloading,
  onReload,
}: {
  conflict: VersionConflict;
  reloading: boolean;
  onReload: () => void;
}) {
  return (
    <SectionMessage
      appearance="warning"
      title="The rule was not saved"
      testId="rule-conflict"
      actions={[
        <Button key="reload" isLoading={reloading} testId="rule-conflict-reload" onClick={onReload}>
          Reload rule
        </Button>,
      ]}
    >
      <Text as="p">{conflict.message}</Text>
    </SectionMessage>
  );
}

export function OverlapNotes({ notes }: { notes: string[] }) {
  if (!notes.length) return null;
  return (
    <Box testId="rule-overlaps">
      <SectionMessage appearance="information" title="Also covered by other rules">
        <Stack space="space.050">
          {notes.map((n) => (
            <Text as="p" key={n}>
              {n}
            </Text>
          ))}
        </Stack>
      </SectionMessage>
    </Box>
  );
}
