// The rules as a table: name, groups, projects, what each keeps, an on/off switch, and its actions
// (edit, preview, delete).
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import Toggle from '@atlaskit/toggle';

import type { RuleView, SyncedGroupView } from '../../../../shared/contract';
import { formatRelative } from '../../../../shared/format';
import { t } from '../../../../shared/i18n';
import { TableScroll } from '../../../../shared/TableScroll';
import type { Navigate } from '../../App';
import { groupNameOf, type NamesRead } from '../../components/GroupName';
import { allExcluded, scopeSummary } from '../../rules';

const head = () => ({
  cells: [
    { key: 'name', content: t('rules.table.rule'), isSortable: true },
    { key: 'groups', content: t('rules.table.groups') },
    { key: 'scope', content: t('rules.table.projects') },
    { key: 'role', content: t('rules.table.addsTo') },
    { key: 'enabled', content: t('rules.table.enabled') },
    { key: 'actions', content: <span>{t('rules.table.actions')}</span> },
  ],
});

export function RulesTable({
  rules,
  groupById,
  groupNamesRead,
  categoryName,
  busy,
  onEnabled,
  onEdit,
  onDelete,
  navigate,
}: {
  rules: RuleView[];
  groupById: Map<string, SyncedGroupView>;
  groupNamesRead: NamesRead;
  categoryName: (id: string) => string;
  /** The rule being switched on or off, whose switch waits. */
  busy: string | null;
  onEnabled: (rule: RuleView, enabled: boolean) => void;
  onEdit: (rule: RuleView) => void;
  onDelete: (rule: RuleView) => void;
  navigate: Navigate;
}) {
  const rows = rules.map((rule) => ({
    key: rule.id,
    testId: `rule-row-${rule.id}`,
    cells: [
      {
        key: rule.name.toLowerCase(),
        content: (
          <Stack space="space.050">
            <Text weight="medium">{rule.name}</Text>
            <Text size="small" color="color.text.subtlest">
              {t('rules.table.changed', { when: formatRelative(rule.updatedAt) })}
            </Text>
          </Stack>
        ),
      },
      {
        key: 'groups',
        content: (
          <RuleGroups groupIds={rule.groupIds} groupById={groupById} read={groupNamesRead} />
        ),
      },
      {
        key: 'scope',
        content: <Text>{scopeSummary(rule.scope, allExcluded(rule), categoryName)}</Text>,
      },
      { key: 'role', content: <RuleKeeps rule={rule} /> },
      {
        key: 'enabled',
        content: (
          <Toggle
            id={`enabled-${rule.id}`}
            label={
              rule.enabled
                ? t('rules.table.disableRule', { rule: rule.name })
                : t('rules.table.enableRule', { rule: rule.name })
            }
            isChecked={rule.enabled}
            isDisabled={busy === rule.id}
            onChange={() => onEnabled(rule, !rule.enabled)}
          />
        ),
      },
      {
        key: 'actions',
        content: (
          // One line: Delete stays on its rule's row.
          <Inline space="space.050">
            <Button
              spacing="compact"
              onClick={() => onEdit(rule)}
              aria-label={t('rules.table.editRule', { rule: rule.name })}
              testId={`edit-${rule.id}`}
            >
              {t('rules.table.edit')}
            </Button>
            <Button
              spacing="compact"
              onClick={() => navigate('Preview', { ruleId: rule.id })}
              aria-label={t('rules.table.previewRule', { rule: rule.name })}
            >
              {t('rules.table.preview')}
            </Button>
            <Button
              spacing="compact"
              appearance="subtle"
              onClick={() => onDelete(rule)}
              aria-label={t('rules.table.deleteRule', { rule: rule.name })}
            >
              {t('rules.table.delete')}
            </Button>
          </Inline>
        ),
      },
    ],
  }));

  return (
    // Wide: a language with long words (German "Serviceprojekte") needs room in every column.
    <TableScroll width="wide">
      <DynamicTable
        head={head()}
        rows={rows}
        defaultSortKey="name"
        defaultSortOrder="ASC"
        label={t('rules.table.label')}
      />
    </TableScroll>
  );
}

/** A rule's groups by name: synced, not synced, not read (Jira did not answer), or gone. */
function RuleGroups({
  groupIds,
  groupById,
  read,
}: {
  groupIds: string[];
  groupById: Map<string, SyncedGroupView>;
  read: NamesRead;
}) {
  return (
    <Inline space="space.050" shouldWrap>
      {groupIds.map((id) => {
        const g = groupById.get(id);
        // Red only for a group Jira's answer lacks; a name not read is not a group gone.
        const look = g
          ? g.synced
            ? 'success'
            : 'default'
          : read === 'read'
            ? 'removed'
            : 'default';
        return (
          <span key={id} title={id}>
            <Lozenge appearance={look} maxWidth={220}>
              {groupNameOf(id, groupById, read)}
            </Lozenge>
          </span>
        );
      })}
    </Inline>
  );
}

/** What a rule keeps in step: the customer role, an organization, or both. */
function RuleKeeps({ rule }: { rule: RuleView }) {
  const target = rule.target ?? 'role';
  const org = rule.organization?.name;
  // A rule that keeps an organization names it; one stored without it shows the role alone.
  const text =
    target === 'role' || !org
      ? target === 'organization'
        ? ''
        : rule.roleName
      : target === 'organization'
        ? t('rules.table.keepsOrganization', { organization: org })
        : t('rules.table.keepsBoth', { role: rule.roleName, organization: org });
  return <Text>{text}</Text>;
}
