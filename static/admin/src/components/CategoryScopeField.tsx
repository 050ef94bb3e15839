// The "Projects in categories" scope: a multi select of Jira's project categories by name
// (listProjectCategories); the rule keeps their ids. Loading, error (with retry) and empty states.
import Button from '@atlaskit/button/new';
import { HelperMessage, Label } from '@atlaskit/form';
import { Box, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { useMemo } from 'react';

import { call } from '../../../shared/api';
import type { ProjectCategoryView } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { type Load, useLoad } from '../../../shared/useLoad';

interface CategoryOption {
  value: string;
  label: string;
  description?: string;
  unknown?: boolean;
}

/** The site's project categories, for the editor and the rules list. */
export function useProjectCategories(enabled = true): Load<ProjectCategoryView[]> {
  return useLoad(
    () => (enabled ? call('listProjectCategories', {}) : Promise.resolve([])),
    [enabled],
  );
}

export function CategoryScopeField({
  id,
  value,
  onChange,
  isInvalid,
  describedBy,
}: {
  id: string;
  value: string[];
  onChange: (ids: string[]) => void;
  isInvalid: boolean;
  describedBy?: string;
}) {
  const categories = useProjectCategories();
  const list = categories.data;
  const loading = categories.loading && !list;

  const options = useMemo<CategoryOption[]>(
    () => (list ?? []).map((c) => ({ value: c.id, label: c.name, description: c.description })),
    [list],
  );
  const selected = useMemo<CategoryOption[]>(
    () =>
      value.map((v) => {
        const known = options.find((o) => o.value === v);
        if (known) return known;
        // Before the list arrives, or for a category deleted in Jira since the rule was saved.
        return {
          value: v,
          label: list
            ? t('rules.categories.unknown', { id: v })
            : t('rules.categories.byId', { id: v }),
          unknown: !!list,
        };
      }),
    [value, options, list],
  );
  const empty = !!list && list.length === 0;

  return (
    <Box xcss={indent} testId={id}>
      <Stack space="space.100">
        {empty && value.length === 0 ? null : (
          <Box>
            <Label htmlFor={id}>{t('rules.categories.label')}</Label>
            <Select<CategoryOption, true>
              inputId={id}
              isMulti
              options={options}
              value={selected}
              onChange={(next) => onChange([...(next ?? [])].map((o) => o.value))}
              isLoading={loading}
              isDisabled={!!categories.error && !list}
              loadingMessage={() => t('rules.categories.loading')}
              noOptionsMessage={({ inputValue }) =>
                inputValue
                  ? t('rules.categories.noMatch', { query: inputValue })
                  : t('rules.categories.noOther')
              }
              placeholder={
                loading ? t('rules.categories.loading') : t('rules.categories.placeholder')
              }
              formatOptionLabel={(option, meta) =>
                meta.context === 'menu' && option.description ? (
                  <Stack>
                    <Text>{option.label}</Text>
                    <Text size="small" color="color.text.subtlest">
                      {option.description}
                    </Text>
                  </Stack>
                ) : (
                  option.label
                )
              }
              isInvalid={isInvalid}
              aria-describedby={describedBy}
              classNamePrefix={id}
            />
            <HelperMessage>{t('rules.categories.help')}</HelperMessage>
          </Box>
        )}
        {categories.error ? (
          <SectionMessage
            appearance="warning"
            title={t('rules.categories.loadFailed')}
            actions={[
              <Button
                key="retry"
                onClick={() => void categories.reload()}
                isLoading={categories.loading}
              >
                {t('common.retry')}
              </Button>,
            ]}
          >
            <Text as="p" testId={`${id}-load-error`}>
              {categories.error.message}
            </Text>
          </SectionMessage>
        ) : null}
        {empty ? (
          <SectionMessage appearance="information">
            <Text as="p" testId={`${id}-empty`}>
              {t('rules.categories.none')}
            </Text>
          </SectionMessage>
        ) : null}
      </Stack>
    </Box>
  );
}

const indent = xcss({ paddingInlineStart: 'space.300', paddingBlockStart: 'space.100' });
