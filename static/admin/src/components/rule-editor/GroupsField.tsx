// The rule editor's groups: searched by name (synced groups first), with the guard rails' warning
// for each picked group that should not (or cannot) be made customers.
import { Label } from '@atlaskit/form';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { AsyncSelect } from '@atlaskit/select';

import { call } from '../../../../shared/api';
import { t } from '../../../../shared/i18n';
import { refusalText } from '../../rules';
import { GroupLabel } from '../GroupName';
import { FieldMessage } from './FieldMessage';
import type { GroupOption } from './rule-form';

const noteBox = xcss({ paddingBlockStart: 'space.100' });

const loadGroups = async (query: string): Promise<GroupOption[]> => {
  const found = await call('listSyncedGroups', query.trim() ? { query: query.trim() } : {});
  return found.map((g) => ({
    value: g.groupId,
    label: g.name,
    synced: g.synced,
    warning: g.warning,
  }));
};

export function GroupsField({
  groups,
  onChange,
  allowUnsynced,
  error,
}: {
  groups: GroupOption[];
  onChange: (groups: GroupOption[]) => void;
  allowUnsynced: boolean;
  error?: string;
}) {
  const groupWarnings = groups.filter(
    // The admin's explicit override lifts only the not-synced warning.
    (g) => g.warning && !(allowUnsynced && g.warning.code === 'group-not-synced'),
  );
  return (
    <Box data-field="groupIds">
      <Label htmlFor="rule-groups">{t('rules.editor.groups.label')}</Label>
      <AsyncSelect<GroupOption, true>
        inputId="rule-groups"
        isMulti
        cacheOptions
        defaultOptions
        loadOptions={loadGroups}
        value={groups}
        onChange={(value) => onChange([...(value ?? [])])}
        formatOptionLabel={(option, meta) =>
          meta.context === 'menu' ? (
            <Stack space="space.025">
              <GroupLabel name={option.label} synced={option.synced} />
              {option.warning ? (
                <Text size="small" color="color.text.warning">
                  {refusalText(option.warning)}
                </Text>
              ) : null}
            </Stack>
          ) : (
            option.label
          )
        }
        placeholder={t('rules.editor.groups.search')}
        noOptionsMessage={({ inputValue }) =>
          inputValue
            ? t('rules.editor.groups.noMatch', { query: inputValue })
            : t('rules.editor.groups.none')
        }
        loadingMessage={() => t('rules.editor.groups.searching')}
        isInvalid={!!error}
        aria-describedby={error ? 'rule-groups-error' : 'rule-groups-help'}
        classNamePrefix="rule-groups"
        testId="rule-groups"
      />
      <FieldMessage id="rule-groups" error={error} help={t('rules.editor.groups.help')} />
      {groupWarnings.length ? (
        <Box xcss={noteBox} testId="rule-group-warnings">
          <SectionMessage appearance="warning" title={t('rules.editor.groups.check')}>
            <Stack space="space.050">
              {groupWarnings.map((g) => (
                <Text as="p" key={g.value}>
                  {g.warning ? refusalText(g.warning) : null}
                </Text>
              ))}
            </Stack>
          </SectionMessage>
        </Box>
      ) : null}
    </Box>
  );
}
