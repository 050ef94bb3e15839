// Rules: the list, create/edit (RuleEditor), enable/disable and delete with a confirmation.
// The list's data is in ./rules/useRuleList, its table in ./rules/RulesTable.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useEffect, useState } from 'react';

import { asResolverError, call } from '../../../shared/api';
import type { Rule, RuleView } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { Empty, ErrorMessageBox, Loading } from '../../../shared/states';
import type { Navigate } from '../App';
import { DeleteRuleDialog, DisableRuleDialog } from '../components/DeleteRuleDialog';
import { nameUnread } from '../components/GroupName';
import { RuleEditor } from '../components/RuleEditor';
import { useSuccessFlag } from '../components/successFlag';
import { SummaryCard, type SummaryData } from '../components/SummaryCard';
import { RulesTable } from './rules/RulesTable';
import { useRuleList } from './rules/useRuleList';

export function RulesView({ navigate, summary }: { navigate: Navigate; summary?: SummaryData }) {
  const flag = useSuccessFlag();
  const list = useRuleList(flag);
  const { rules, groups, categories, setNotice } = list;
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [disabling, setDisabling] = useState<RuleView | null>(null);
  const setFocusAfter = useFocusAfter(editing, rules.data);

  /** After a refused save: the editor opens the rule as stored now (the admin's edits are lost). */
  async function reloadRule(id: string) {
    try {
      const fresh = await call('listRules', {});
      rules.setData(fresh);
      const rule = fresh.find((r) => r.id === id);
      setEditing(rule ?? null);
      if (!rule) setNotice({ appearance: 'error', text: t('rules.view.ruleGone') });
    } catch (err) {
      setNotice({ appearance: 'error', text: asResolverError(err).message });
      setEditing(null);
    }
  }

  if (editing) {
    return (
      <RuleEditor
        // A reloaded rule is a new version: a new editor, with the stored values.
        key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
        rule={editing === 'new' ? undefined : editing}
        knownGroups={list.groupById}
        groupNamesRead={list.groupNamesRead}
        otherRules={rules.data ?? []}
        onCancel={() => {
          if (editing !== 'new') setFocusAfter(editing.id);
          setEditing(null);
        }}
        onReload={reloadRule}
        onSaved={(saved) => {
          rules.setData(list.listWith(saved));
          setEditing(null);
          setNotice(null);
          setFocusAfter(saved.id);
          // A new rule is previewed at once: what it adds is on screen before any run applies it.
          if (editing === 'new') navigate('Preview', { ruleId: saved.id, start: true });
          else
            flag(t('rules.view.saved', { rule: saved.name }), t('rules.view.savedNote'), {
              label: t('rules.view.preview'),
              onClick: () => navigate('Preview', { ruleId: saved.id }),
            });
          void groups.reload();
          void categories.reload();
        }}
      />
    );
  }

  const count = (rules.data ?? []).length;
  return (
    <Stack space="space.200">
      {summary ? <SummaryCard summary={summary} navigate={navigate} /> : null}
      <RulesHeader navigate={navigate} onCreate={() => setEditing('new')} />
      {list.notice ? (
        <SectionMessage appearance="error">
          <Text as="p">{list.notice.text}</Text>
        </SectionMessage>
      ) : null}
      {groups.error && count ? (
        <GroupNamesUnread error={groups.error} onRetry={() => void groups.reload()} />
      ) : null}
      {rules.loading && !rules.data ? (
        <Loading label={t('rules.view.loading')} />
      ) : rules.error ? (
        <ErrorMessageBox
          title={t('rules.view.loadFailed')}
          error={rules.error}
          onRetry={() => void rules.reload()}
        />
      ) : count === 0 ? (
        <Empty
          header={t('rules.view.emptyTitle')}
          description={t('rules.view.emptyText')}
          action={
            <Button appearance="primary" onClick={() => setEditing('new')}>
              {t('rules.view.createFirst')}
            </Button>
          }
        />
      ) : (
        <RulesTable
          rules={rules.data ?? []}
          groupById={list.groupById}
          groupNamesRead={list.groupNamesRead}
          categoryName={list.categoryName}
          busy={list.busy}
          // Turning a rule off may remove what it added: asked first. Turning on only adds.
          onEnabled={(rule, enabled) =>
            enabled ? void list.setEnabled(rule, true) : setDisabling(rule)
          }
          onEdit={setEditing}
          onDelete={setDeleting}
          navigate={navigate}
        />
      )}
      {categories.error && list.hasCategoryScope && count ? (
        <SectionMessage appearance="warning" title={t('rules.view.categoriesUnread')}>
          <Text as="p">
            {t('rules.view.categoriesUnreadText', { error: categories.error.message })}
          </Text>
        </SectionMessage>
      ) : null}
      {deleting ? (
        <DeleteRuleDialog
          rule={deleting}
          onClose={() => setDeleting(null)}
          onPreview={() => navigate('Preview', { ruleId: deleting.id })}
          onDeleted={async () => {
            // A refusal (already in the viewer's language) shows in the dialog.
            await call('deleteRule', { id: deleting.id });
            rules.setData((rules.data ?? []).filter((r) => r.id !== deleting.id));
            flag(t('rules.view.deleted', { rule: deleting.name }), t('rules.view.deletedNote'));
            setFocusAfter('-');
            setDeleting(null);
          }}
        />
      ) : null}
      {disabling ? (
        <DisableRuleDialog
          rule={disabling}
          onPreview={() => navigate('Preview', { ruleId: disabling.id })}
          onDisable={async () => {
            setDisabling(null);
            await list.setEnabled(disabling, false);
          }}
          onClose={() => setDisabling(null)}
        />
      ) : null}
    </Stack>
  );
}

/** The tab's title, its two actions and what a rule is. */
function RulesHeader({ navigate, onCreate }: { navigate: Navigate; onCreate: () => void }) {
  return (
    <>
      <Inline spread="space-between" alignBlock="center" shouldWrap space="space.100">
        <Heading size="medium" as="h2">
          {t('rules.view.title')}
        </Heading>
        <Inline space="space.100">
          <Button onClick={() => navigate('Preview')}>{t('rules.view.previewAll')}</Button>
          <Button appearance="primary" onClick={onCreate} testId="create-rule">
            {t('rules.view.create')}
          </Button>
        </Inline>
      </Inline>
      <Text as="p" color="color.text.subtle">
        {t('rules.view.about')}
      </Text>
    </>
  );
}

/** Said once, above the rules: each group then reads "could not read", not "unknown". */
function GroupNamesUnread({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <SectionMessage
      appearance="warning"
      title={t('rules.view.namesUnread')}
      testId="group-names-unread"
    >
      <Text as="p">
        {t('rules.view.namesUnreadText', { error: error.message, unread: nameUnread() })}
      </Text>
      <Box>
        <Button onClick={onRetry}>{t('common.retry')}</Button>
      </Box>
    </SectionMessage>
  );
}

/** After a save or delete the keyboard lands on the rule's Edit button, or on Create rule. */
function useFocusAfter(editing: unknown, rules: unknown) {
  const [focusAfter, setFocusAfter] = useState<string>();
  useEffect(() => {
    if (!focusAfter || editing) return;
    const el =
      document.querySelector<HTMLElement>(`[data-testid="edit-${focusAfter}"]`) ??
      document.querySelector<HTMLElement>('[data-testid="create-rule"]');
    el?.focus();
    setFocusAfter(undefined);
  }, [focusAfter, editing, rules]);
  return setFocusAfter;
}
