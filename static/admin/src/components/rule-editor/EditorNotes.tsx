// What the rule editor says beside its fields: a save refused because the rule changed meanwhile
// (with a way to reload it; worded here, as only a rule's conflict comes to the editor), and the
// other rules that cover the same projects.
import Button from '@atlaskit/button/new';
import { Box, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import { t } from '../../../../shared/i18n';

/** A rule's version conflict (its code and target are all there is to say; nothing to read). */
export function ConflictMessage({
  reloading,
  onReload,
}: {
  reloading: boolean;
  onReload: () => void;
}) {
  return (
    <SectionMessage
      appearance="warning"
      title={t('rules.editor.notSaved')}
      testId="rule-conflict"
      actions={[
        <Button key="reload" isLoading={reloading} testId="rule-conflict-reload" onClick={onReload}>
          {t('rules.editor.reload')}
        </Button>,
      ]}
    >
      <Text as="p">{t('rules.editor.conflict')}</Text>
    </SectionMessage>
  );
}

export function OverlapNotes({ notes }: { notes: string[] }) {
  if (!notes.length) return null;
  return (
    <Box testId="rule-overlaps">
      <SectionMessage appearance="information" title={t('rules.overlap.title')}>
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
