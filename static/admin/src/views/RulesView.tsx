// Rules: the list, create/edit (RuleEditor), enable/disable and delete with a confirmation.
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Toggle from '@atlaskit/toggle';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { useEffect, useMemo, useState } from 'react';
import type { Rule, RuleView, SyncedGroupView } from '../../../shared/contract';
import { call } from '../../../shared/api';
import { formatRelative } from '../../../shared/format';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import type { Navigate } from '../App';
import { useProjectCategories } from '../components/CategoryScopeField';
import { DeleteRuleDialog } from '../components/DeleteRuleDialog';
import { RuleEditor } from '../components/RuleEditor';
import { SummaryCard, type SummaryData } from '../components/SummaryCard';
import { useSuccessFlag } from '../components/successFlag';
import { allExcluded, isConflict, isRefused, scopeSummary, toInput } from '../rules';
import { tableWrap } from '../../../shared/styles';

export function RulesView({ navigate, summary }: { navigate: Navigate; summary?: SummaryData }) {
  const rules = useLoad(() => call('listRules', {}));
  // Names for the groups the rules name (rules keep ids only: names change in the identity provider).
  const groups = useLoad(() => call('listSyncedGroups', {}));
  // Names for the categories the rules name, read only when a rule has a category scope.
  const hasCategoryScope = (rules.data ?? []).some((r) => r.scope.type === 'categories');
  const categories = useProjectCategories(hasCategoryScope);
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ appearance: 'error'; text: string } | null>(null);
  const flag = useSuccessFlag();
  /** After a save or delete the keyboard lands on the rule's Edit button, or on Create rule. */
  const [focusAfter, setFocusAfter] = useState<string>();
  useEffect(() => {
    if (!focusAfter || editing) return;
    const el =
      document.querySelector<HTMLElement>(`[data-testid="edit-${focusAfter}"]`) ??
      document.querySelector<HTMLElement>('[data-testid="create-rule"]');
    el?.focus();
    setFocusAfter(undefined);
  }, [focusAfter, editing, rules.data]);

  const groupById = useMemo(() => {
    const map = new Map<string, SyncedGroupView>();
    for (const g of groups.data ?? []) map.set(g.groupId, g);
    return map;
  }, [groups.data]);

  const categoryName = (id: string) => {
    // Ids until the names arrive (and when they cannot be read); a name once they have.
    if (!categories.data || (categories.loading && categories.data.length === 0)) return id;
    return categories.data.find((c) => c.id === id)?.name ?? `unknown category ${id}`;
  };

  /** Puts a saved rule in the list, keeping the project exclusions it shows (stored apart). */
  function listWith(saved: Rule): RuleView[] {
    const list = rules.data ?? [];
    const view = (r?: RuleView) => ({ ...saved, projectExclusions: r?.projectExclusions ?? [] });
    return list.some((r) => r.id === saved.id)
      ? list.map((r) => (r.id === saved.id ? view(r) : r))
      : [...list, view()];
  }

  async function setEnabled(rule: RuleView, enabled: boolean) {
    setBusy(rule.id);
    setNotice(null);
    try {
      const saved = await call('saveRule', { rule: { ...toInput(rule), enabled } });
      if (isConflict(saved)) {
        // The list was older than the rule: show the rule as it is now, and say so.
        await rules.reload();
        setNotice({
          appearance: 'error',
          text: `“${rule.name}” changed since the list was loaded, so it was not ${enabled ? 'enabled' : 'disabled'}. The list now shows it as saved; switch it again if you still want to.`,
        });
        return;
      }
      if (isRefused(saved)) {
        const why = saved.refused.flatMap((r) => r.refusals.map((x) => x.message)).join(' ');
        setNotice({ appearance: 'error', text: `“${rule.name}” was not enabled. ${why}` });
        return;
      }
      rules.setData(listWith(saved));
      flag(
        `"${saved.name}" is ${saved.enabled ? 'enabled' : 'disabled'}`,
        'The next run applies it; use Preview to see what changes.',
      );
    } catch (err) {
      setNotice({ appearance: 'error', text: (err as Error).message });
    } finally {
      setBusy(null);
    }
  }

  /** After a refused save: the editor opens the rule as stored now (the admin's edits are lost). */
  async function reloadRule(id: string) {
    try {
      const list = await call('listRules', {});
      rules.setData(list);
      const fresh = list.find((r) => r.id === id);
      setEditing(fresh ?? null);
      if (!fresh)
        setNotice({ appearance: 'error', text: 'That rule was deleted since you opened it.' });
    } catch (err) {
      setNotice({ appearance: 'error', text: (err as Error).message });
      setEditing(null);
    }
  }

  if (editing) {
    return (
      <RuleEditor
        // A reloaded rule is a new version: a new editor, with the stored values.
        key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
        rule={editing === 'new' ? undefined : editing}
        knownGroups={groupById}
        otherRules={rules.data ?? []}
        onCancel={() => {
          if (editing !== 'new') setFocusAfter(editing.id);
          setEditing(null);
        }}
        onReload={reloadRule}
        onSaved={(saved) => {
          rules.setData(listWith(saved));
          setEditing(null);
          setNotice(null);
          setFocusAfter(saved.id);
          flag(
            `Rule "${saved.name}" saved`,
            'Nothing changes in Jira until the next run: preview it to see what will change.',
          );
          void groups.reload();
          void categories.reload();
        }}
      />
    );
  }

  const head = {
    cells: [
      { key: 'name', content: 'Rule', isSortable: true },
      { key: 'groups', content: 'Groups' },
      { key: 'scope', content: 'Projects' },
      { key: 'role', content: 'Keeps' },
      { key: 'enabled', content: 'Enabled' },
      { key: 'actions', content: <span>Actions</span> },
    ],
  };

  const rows = (rules.data ?? []).map((rule) => ({
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
          <Inline space="space.050" shouldWrap>
            {rule.groupIds.map((id) => {
              const g = groupById.get(id);
              return (
                <Lozenge
                  key={id}
                  appearance={g ? (g.synced ? 'success' : 'default') : 'removed'}
                  maxWidth={220}
                >
                  {g ? g.name : `Unknown group ${id}`}
                </Lozenge>
              );
            })}
          </Inline>
        ),
      },
      {
        key: 'scope',
        content: <Text>{scopeSummary(rule.scope, allExcluded(rule), categoryName)}</Text>,
      },
      {
        key: 'role',
        content: (
          <Text>
            {(rule.target ?? 'role') === 'organization' ? '' : rule.roleName}
            {(rule.target ?? 'role') === 'both' ? ' and ' : ''}
            {rule.organization && (rule.target ?? 'role') !== 'role'
              ? `organization ${rule.organization.name}`
              : ''}
          </Text>
        ),
      },
      {
        key: 'enabled',
        content: (
          <Toggle
            id={`enabled-${rule.id}`}
            label={`${rule.enabled ? 'Disable' : 'Enable'} rule ${rule.name}`}
            isChecked={rule.enabled}
            isDisabled={busy === rule.id}
            onChange={() => void setEnabled(rule, !rule.enabled)}
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
              onClick={() => setEditing(rule)}
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
              onClick={() => setDeleting(rule)}
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
    <Stack space="space.200">
      {summary ? <SummaryCard summary={summary} navigate={navigate} /> : null}
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          Rules
        </Heading>
        <Inline space="space.100">
          <Button onClick={() => navigate('Preview')}>Preview all changes</Button>
          <Button appearance="primary" onClick={() => setEditing('new')} testId="create-rule">
            Create rule
          </Button>
        </Inline>
      </Inline>
      <Text as="p" color="color.text.subtle">
        A rule makes the members of its groups customers of the service projects it covers, by
        adding the groups to the project role. Runs apply the rules every hour and when a project is
        created.
      </Text>
      {notice ? (
        <SectionMessage appearance="error">
          <Text as="p">{notice.text}</Text>
        </SectionMessage>
      ) : null}
      {rules.loading && !rules.data ? (
        <Loading label="Loading rules" />
      ) : rules.error ? (
        <ErrorMessageBox
          title="The rules could not be loaded"
          error={rules.error}
          onRetry={() => void rules.reload()}
        />
      ) : rows.length === 0 ? (
        <Empty
          header="No rules yet"
          description="Create a rule to make the members of a group synced from your identity provider customers of your service projects."
          action={
            <Button appearance="primary" onClick={() => setEditing('new')}>
              Create your first rule
            </Button>
          }
        />
      ) : (
        <Box xcss={tableWrap}>
          <DynamicTable
            head={head}
            rows={rows}
            defaultSortKey="name"
            defaultSortOrder="ASC"
            label="Rules"
          />
        </Box>
      )}
      {groups.error && rows.length ? (
        <SectionMessage appearance="warning" title="Group names could not be loaded">
          <Text as="p">{groups.error.message}</Text>
        </SectionMessage>
      ) : null}
      {categories.error && hasCategoryScope && rows.length ? (
        <SectionMessage appearance="warning" title="Category names could not be loaded">
          <Text as="p">{categories.error.message} Rules show category ids instead.</Text>
        </SectionMessage>
      ) : null}
      {deleting ? (
        <DeleteRuleDialog
          rule={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(result) => {
            rules.setData((rules.data ?? []).filter((r) => r.id !== deleting.id));
            flag(
              `Rule "${deleting.name}" deleted`,
              result.bindingsToRemove
                ? `The next run removes ${result.bindingsToRemove} group binding${result.bindingsToRemove === 1 ? '' : 's'} it added.`
                : undefined,
            );
            setFocusAfter('-');
            setDeleting(null);
          }}
        />
      ) : null}
    </Stack>
  );
}
