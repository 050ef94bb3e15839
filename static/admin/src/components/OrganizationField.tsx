// What a rule keeps in step: the customer role, a JSM organization, or both; and the organization,
// picked by name from the site's (listOrganizations) or named new (the next run creates it).
// Loading and error states as the other pickers.
import { HelperMessage, Label } from '@atlaskit/form';
import { Box, Stack } from '@atlaskit/primitives';
import { RadioGroup } from '@atlaskit/radio';
import { CreatableSelect } from '@atlaskit/select';
import { useMemo } from 'react';

import { call } from '../../../shared/api';
import type { Rule } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { useLoad } from '../../../shared/useLoad';

export type OrgValue = Required<Pick<Rule, 'target'>> & Pick<Rule, 'organization'>;

const targets = () => [
  { name: 'rule-target', value: 'role', label: t('rules.organization.role') },
  { name: 'rule-target', value: 'organization', label: t('rules.organization.organization') },
  { name: 'rule-target', value: 'both', label: t('rules.organization.both') },
];

export function OrganizationField({
  value,
  onChange,
  error,
}: {
  value: OrgValue;
  onChange: (v: OrgValue) => void;
  error?: string;
}) {
  const wantsOrg = value.target !== 'role';
  const orgs = useLoad(
    () => (wantsOrg ? call('listOrganizations', {}) : Promise.resolve([])),
    [wantsOrg],
  );
  const options = useMemo(
    () => (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name })),
    [orgs.data],
  );
  const selected = value.organization
    ? { value: value.organization.id ?? '', label: value.organization.name }
    : null;
  return (
    <Stack space="space.100" testId="rule-organization">
      <Label htmlFor="rule-target">{t('rules.organization.keeps')}</Label>
      <RadioGroup
        options={targets()}
        value={value.target}
        onChange={(e) =>
          onChange({ ...value, target: e.currentTarget.value as OrgValue['target'] })
        }
      />
      {wantsOrg && (
        <Box>
          <Label htmlFor="rule-organization-select">{t('rules.organization.label')}</Label>
          <CreatableSelect
            inputId="rule-organization-select"
            isClearable
            isLoading={orgs.loading}
            options={options}
            value={selected}
            onChange={(o) =>
              onChange({
                ...value,
                organization: o
                  ? { ...(o.value ? { id: o.value } : {}), name: o.label }
                  : undefined,
              })
            }
            onCreateOption={(name) => onChange({ ...value, organization: { name: name.trim() } })}
            formatCreateLabel={(name) => t('rules.organization.create', { name })}
          />
          <HelperMessage>{t('rules.organization.help')}</HelperMessage>
          {orgs.error && (
            <HelperMessage>
              {t('rules.organization.listFailed', { error: orgs.error.message })}
            </HelperMessage>
          )}
          {error && <HelperMessage>{error}</HelperMessage>}
        </Box>
      )}
    </Stack>
  );
}
