// Export and import rules: the buttons, the replace choice, the file's error, and the notice that
// asks to confirm an import (or says what an export or import did).
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { ErrorMessage } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';

import { t } from '../../../../shared/i18n';
import { NoticeBox } from './NoticeBox';
import type { RulesImport } from './useRulesImport';

export function RulesImportSection({ io }: { io: RulesImport }) {
  return (
    <Stack space="space.200">
      <Heading size="small" as="h3">
        {t('settings.import.title')}
      </Heading>
      <Text as="p" color="color.text.subtle">
        {t('settings.import.intro')}
      </Text>
      <NoticeBox
        notice={io.importNotice}
        testId="import-notice"
        actions={
          io.pending && !io.pending.replace
            ? [
                <Button key="ok" testId="import-confirm" onClick={() => void io.confirmImport()}>
                  {t('settings.import.import')}
                </Button>,
                <Button key="cancel" onClick={io.cancelImport}>
                  {t('common.cancel')}
                </Button>,
              ]
            : undefined
        }
      />
      <Inline space="space.200" alignBlock="center" shouldWrap>
        <Button onClick={() => void io.exportRules()} isLoading={io.exporting}>
          {t('settings.import.exportRules')}
        </Button>
        <input
          ref={io.fileRef}
          id="import-file"
          type="file"
          accept="application/json,.json"
          style={{ display: 'none' }}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void io.importFile(file);
          }}
          data-testid="import-file"
        />
        <Button
          onClick={() => io.fileRef.current?.click()}
          isLoading={io.importing}
          aria-describedby={io.fileError ? 'import-file-error' : undefined}
        >
          {t('settings.import.importRules')}
        </Button>
        <Checkbox
          isChecked={io.replace}
          onChange={(e) => io.setReplace(e.currentTarget.checked)}
          label={t('settings.import.replace')}
          name="import-replace"
        />
      </Inline>
      {io.fileError ? (
        <Box id="import-file-error" testId="import-file-error">
          <ErrorMessage>{io.fileError}</ErrorMessage>
        </Box>
      ) : null}
    </Stack>
  );
}
