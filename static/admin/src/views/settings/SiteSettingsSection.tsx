// The site settings: each switch and each number with what it does, and the notice of a save
// that failed or was refused (with a way to reload the settings).
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';

import type { Settings } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';
import { ErrorMessageBox, Loading } from '../../../../shared/states';
import { NoticeBox } from './NoticeBox';
import { NUMBERS, type NumberSetting, SETTINGS } from './settings-model';
import type { SiteSettings } from './useSiteSettings';

const noShrink = xcss({ flexShrink: 0 });
const numberBox = xcss({ width: '6rem' });
const settingText = xcss({ paddingBlockStart: 'space.025' });
const row = xcss({
  paddingBlock: 'space.150',
  borderBlockEndWidth: 'border.width',
  borderBlockEndStyle: 'solid',
  borderBlockEndColor: 'color.border',
});

export function SiteSettingsSection({ site }: { site: SiteSettings }) {
  const { settings, notice } = site;
  return (
    <Stack space="space.200">
      <Heading size="medium" as="h2">
        {t('settings.title')}
      </Heading>
      {settings.loading && !settings.data ? (
        <Loading label={t('settings.loading')} />
      ) : settings.error && !settings.data ? (
        <ErrorMessageBox
          title={t('settings.loadFailed')}
          error={settings.error}
          onRetry={() => void settings.reload()}
        />
      ) : settings.data ? (
        <Stack space="space.200">
          <NoticeBox
            notice={notice}
            testId="settings-notice"
            actions={
              notice?.reload
                ? [
                    <Button
                      key="reload"
                      testId="settings-reload"
                      onClick={() => {
                        site.setNotice(undefined);
                        void settings.reload();
                      }}
                    >
                      {t('settings.reload')}
                    </Button>,
                  ]
                : undefined
            }
          />
          {SETTINGS.map((s) => (
            <Box key={s.key} xcss={row}>
              <Inline space="space.150" alignBlock="start">
                <Box xcss={noShrink}>
                  <Toggle
                    id={`setting-${s.key}`}
                    isChecked={settings.data![s.key]}
                    isDisabled={site.saving !== null}
                    onChange={() => void site.askToggle(s.key)}
                    aria-describedby={`setting-${s.key}-help`}
                  />
                </Box>
                <Stack space="space.050" xcss={settingText}>
                  <Box as="label" {...{ htmlFor: `setting-${s.key}` }}>
                    <Text weight="medium">{s.label}</Text>
                  </Box>
                  <Text as="p" color="color.text.subtle" id={`setting-${s.key}-help`}>
                    {s.explain}
                  </Text>
                </Stack>
              </Inline>
            </Box>
          ))}
          {NUMBERS.map((n) => (
            <NumberRow key={n.key} n={n} stored={settings.data!} site={site} />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

/** One number setting: its field (a draft until saved), its unit, Save, and its error or help. */
function NumberRow({
  n,
  stored,
  site,
}: {
  n: NumberSetting;
  stored: Settings;
  site: SiteSettings;
}) {
  const id = `setting-${n.key}`;
  const error = site.numberErrors[n.key];
  const draft = site.drafts[n.key];
  return (
    <Box xcss={row}>
      <Stack space="space.050">
        <Label htmlFor={id}>{n.label}</Label>
        <Inline space="space.100" alignBlock="center">
          <Box xcss={numberBox}>
            <Textfield
              id={id}
              inputMode="numeric"
              value={draft ?? String(stored[n.key])}
              onChange={(e) => site.editNumber(n.key, e.currentTarget.value)}
              isInvalid={!!error}
              aria-describedby={error ? `${id}-error` : `${id}-help`}
              testId={id}
            />
          </Box>
          <Text>{t(`settings.unit.${n.unit}`)}</Text>
          <Button
            testId={`${id}-save`}
            isDisabled={draft === undefined || site.saving !== null}
            onClick={() => void site.saveNumber(n)}
          >
            {t('common.save')}
          </Button>
        </Inline>
        {error ? (
          <Box id={`${id}-error`}>
            <ErrorMessage>{error}</ErrorMessage>
          </Box>
        ) : null}
        <Text as="p" color="color.text.subtle" id={`${id}-help`}>
          {n.explain}
        </Text>
      </Stack>
    </Box>
  );
}
