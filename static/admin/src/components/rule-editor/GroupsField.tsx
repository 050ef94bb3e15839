// The rule editor's groups: searched by name (synced groups first), with the guard rails' warning
// for each picked group that should not (or cannot) be made customers.
import { Label } from '@atlaskit/form';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { AsyncSelect } from '@atlaskit/select';

import { call } from '../../../../shared/api';
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
      <Label htmlFor="rule-groups">Groups</Label>
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
                  {option.warning.message}
                </Text>
              ) : null}
            </Stack>
          ) : (
            option.label
          )
        }
        placeholder="Search groups by name"
        noOptionsMessage={({ inputValue }) =>
          inputValue ? `No group matches “${inputValue}”` : 'No groups found'
        }
        loadingMessage={() => 'Searching groups…'}
        isInvalid={!!error}
        aria-describedby={error ? 'rule-groups-error' : 'rule-groups-help'}
        classNamePrefix="rule-groups"
        testId="rule-groups"
      />
      <FieldMessage
        id="rule-groups"
        error={error}
        help="Groups synced from your identity provider are listed first. Members of these groups become customers."
      />
      {groupWarnings.length ? (
        <Box xcss={noteBox} testId="rule-group-warnings">
          <SectionMessage appearance="warning" title="Check these groups">
            <Stack space="space.050">
              {groupWarnings.map((g) => (
                <Text as="p" key={g.value}>
                  {g.warning?.message}
                </Text>
              ))}
            </Stack>
          </SectionMessage>
        </Box>
      ) : null}
    </Box>
  );
}
