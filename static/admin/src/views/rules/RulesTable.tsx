// The rules as a table: name, groups, projects, what each keeps, an on/off switch, and its actions
// (edit, preview, delete).
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import Toggle from '@atlaskit/toggle';

import type { RuleView, SyncedGroupView } from '../../../../shared/contract';
import { formatRelative } from '../../../../shared/format';
import { TableScroll } from '../../../../shared/TableScroll';
import type { Navigate } from '../../App';
import { groupNameOf, type NamesRead } from '../../components/GroupName';
import { allExcluded, scopeSummary } from '../../rules';

const head = {
  cells: [
    { key: 'name', content: 'Rule', isSortable: true },
    { key: 'groups', content: 'Groups' },
    { key: 'scope', content: 'Projects' },
    { key: 'role', content: 'Adds them to' },
    { key: 'enabled', content: 'Enabled' },
    { key: 'actions', content: <span>Actions</span> },
  ],
};

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
              Changed {formatRelative(rule.updatedAt)}
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
            label={`${rule.enabled ? 'Disable' : 'Enable'} rule ${rule.name}`}
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
              aria-label={`Edit rule ${rule.name}`}
              testId={`edit-${rule.id}`}
            >
              Edit
            </Button>
            <Button
              spacing="compact"
              onClick={() => navigate('Preview', { ruleId: rule.id })}
              aria-label={`Preview changes for rule ${rule.name}`}
            >
              Preview
            </Button>
            <Button
              spacing="compact"
              appearance="subtle"
              onClick={() => onDelete(rule)}
              aria-label={`Delete rule ${rule.name}`}
            >
              Delete
            </Button>
          </Inline>
        ),
      },
    ],
  }));

  return (
    <TableScroll>
      <DynamicTable
        head={head}
        rows={rows}
        defaultSortKey="name"
        defaultSortOrder="ASC"
        label="Rules"
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
  return (
    <Text>
      {(rule.target ?? 'role') === 'organization' ? '' : rule.roleName}
      {(rule.target ?? 'role') === 'both' ? ' and ' : ''}
      {rule.organization && (rule.target ?? 'role') !== 'role'
        ? `organization ${rule.organization.name}`
        : ''}
    </Text>
  );
}
