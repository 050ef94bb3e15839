// The audit log's filters: a project key (checked as typed, applied after a pause), a group, a
// rule and a kind of entry; and the getAudit filter they make.
import { ErrorMessage, Label } from '@atlaskit/form';
import { Box, xcss } from '@atlaskit/primitives';
import Select, { AsyncSelect } from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { useMemo, useState } from 'react';

import { type AdminPayload, call } from '../../../../shared/api';
import { type AuditKind, AuditKindSchema, ProjectKeySchema } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';
import { useDebounced } from '../../../../shared/useLoad';
import { kindLabel } from './audit-words';

export interface Option {
  value: string;
  label: string;
}

const filters = xcss({
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(170px, 1fr))',
  gap: 'space.200',
});

export type AuditFilterState = ReturnType<typeof useAuditFilter>;

export function useAuditFilter() {
  const [projectText, setProjectText] = useState('');
  const [group, setGroup] = useState<Option | null>(null);
  const [rule, setRule] = useState<Option | null>(null);
  const [kind, setKind] = useState<Option | null>(null);
  const projectKey = useDebounced(projectText.trim(), 400);
  const projectError =
    projectKey && !ProjectKeySchema.safeParse(projectKey).success
      ? t('audit.filters.badProjectKey')
      : undefined;

  const filter = useMemo((): AdminPayload<'getAudit'> => {
    const f: AdminPayload<'getAudit'> = {};
    if (projectKey && !projectError) f.projectKey = projectKey.toUpperCase();
    if (group) f.groupId = group.value;
    if (rule) f.ruleId = rule.value;
    if (kind) f.kind = kind.value as AuditKind;
    return f;
  }, [projectKey, projectError, group, rule, kind]);

  return {
    projectText,
    setProjectText,
    projectError,
    group,
    setGroup,
    rule,
    setRule,
    kind,
    setKind,
    filter,
  };
}

export function AuditFilters({
  state,
  ruleOptions,
  rulesLoading,
}: {
  state: AuditFilterState;
  ruleOptions: Option[];
  rulesLoading: boolean;
}) {
  const kindOptions = AuditKindSchema.options.map((k) => ({ value: k, label: kindLabel(k) }));
  return (
    <Box xcss={filters} role="group" aria-label={t('audit.filters.label')}>
      <Box>
        <Label htmlFor="audit-project">{t('audit.filters.project')}</Label>
        <Textfield
          id="audit-project"
          value={state.projectText}
          onChange={(e) => state.setProjectText(e.currentTarget.value)}
          placeholder={t('audit.filters.projectPlaceholder')}
          isInvalid={!!state.projectError}
        />
        {state.projectError ? <ErrorMessage>{state.projectError}</ErrorMessage> : null}
      </Box>
      <Box>
        <Label htmlFor="audit-group">{t('audit.filters.group')}</Label>
        <AsyncSelect<Option>
          inputId="audit-group"
          isClearable
          cacheOptions
          defaultOptions
          loadOptions={async (q: string) =>
            (await call('listSyncedGroups', q.trim() ? { query: q.trim() } : {})).map((g) => ({
              value: g.groupId,
              label: g.name,
            }))
          }
          value={state.group}
          onChange={(o) => state.setGroup(o ?? null)}
          placeholder={t('audit.filters.anyGroup')}
        />
      </Box>
      <Box>
        <Label htmlFor="audit-rule">{t('audit.filters.rule')}</Label>
        <Select<Option>
          inputId="audit-rule"
          isClearable
          options={ruleOptions}
          value={state.rule}
          onChange={(o) => state.setRule(o ?? null)}
          placeholder={t('audit.filters.anyRule')}
          isLoading={rulesLoading}
        />
      </Box>
      <Box>
        <Label htmlFor="audit-kind">{t('audit.filters.kind')}</Label>
        <Select<Option>
          inputId="audit-kind"
          isClearable
          options={kindOptions}
          value={state.kind}
          onChange={(o) => state.setKind(o ?? null)}
          placeholder={t('audit.filters.anyKind')}
        />
      </Box>
    </Box>
  );
}
