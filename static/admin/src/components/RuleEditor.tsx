// Create or edit a rule. Validated here with the same zod schema the resolver uses (RuleInputSchema), so errors
// appear at the field before the round trip; the server's refusal is placed at its field when it names one.
// A save based on an older version than the stored one is refused: the editor says so and offers to reload.
// The guard rails' refusals (a group that must never be customers) come back typed, by field.
// Its fields and hooks are in ./rule-editor.
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import { useEffect } from 'react';

import type { Rule, RuleView, SyncedGroupView } from '../../../shared/contract';
import { t } from '../../../shared/i18n';
import { overlaps } from '../overlap';
import { splitList } from '../rules';
import type { NamesRead } from './GroupName';
import { OrganizationField } from './OrganizationField';
import { RemovalConfirmDialog } from './RemovalConfirmDialog';
import { ConflictMessage, OverlapNotes } from './rule-editor/EditorNotes';
import { ExcludeField } from './rule-editor/ExcludeField';
import { GroupsField } from './rule-editor/GroupsField';
import { NameField } from './rule-editor/NameField';
import { RoleField } from './rule-editor/RoleField';
import type { FoundProject } from './rule-editor/rule-form';
import { AllowUnsyncedField, EnabledField } from './rule-editor/RuleSwitches';
import { ScopeFields } from './rule-editor/ScopeFields';
import { useRuleFields } from './rule-editor/useRuleFields';
import { useRuleSave } from './rule-editor/useRuleSave';
import { ScopePreviewPanel } from './ScopePreviewPanel';

export function RuleEditor({
  rule,
  knownGroups,
  groupNamesRead = 'read',
  onCancel,
  onSaved,
  onReload,
  otherRules = [],
}: {
  rule?: RuleView;
  knownGroups: Map<string, SyncedGroupView>;
  /** Whether the names of knownGroups were read (a name missing after a failed read is not a group gone). */
  groupNamesRead?: NamesRead;
  /** The other rules, to point out projects they cover too. */
  otherRules?: RuleView[];
  onCancel: () => void;
  onSaved: (rule: Rule) => void;
  /** Opens the rule again as it is stored now (after a refused save), or reports it gone. */
  onReload: (id: string) => Promise<void>;
}) {
  const f = useRuleFields(rule, knownGroups, groupNamesRead);
  const save = useRuleSave(f.input, onSaved);
  const errors = save.liveErrors;

  // Opening the editor puts the keyboard where the work starts: the rule's name.
  useEffect(() => {
    document.getElementById('rule-name')?.focus();
  }, []);

  const overlapNotes = overlaps(
    { scope: f.scopeInput, exclude: splitList(f.excludeText), keys: f.scopeKeys },
    otherRules.filter((r) => r.id !== rule?.id),
  );
  const pickKeys = (set: (text: string) => void) => (keys: string[], picked: FoundProject[]) => {
    f.rememberProjects(picked);
    set(keys.join(', '));
  };

  return (
    <form
      ref={save.formRef}
      onSubmit={(e) => void save.onSubmit(e)}
      noValidate
      aria-labelledby="rule-editor-title"
    >
      <Stack space="space.300">
        <Heading size="medium" as="h2" id="rule-editor-title">
          {rule ? t('rules.editor.editTitle', { rule: rule.name }) : t('rules.editor.createTitle')}
        </Heading>
        {save.conflict ? (
          <ConflictMessage
            reloading={save.reloading}
            onReload={() => {
              save.setReloading(true);
              void onReload(save.conflict?.ruleId ?? rule?.id ?? '').finally(() =>
                save.setReloading(false),
              );
            }}
          />
        ) : null}
        {errors.form ? (
          <SectionMessage appearance="error" title={t('rules.editor.notSaved')}>
            <Text as="p">{errors.form}</Text>
          </SectionMessage>
        ) : null}
        <Box xcss={columns}>
          <Stack space="space.250" xcss={mainColumn}>
            <NameField value={f.name} onChange={f.setName} error={errors.name} />
            <GroupsField
              groups={f.groups}
              onChange={f.setGroups}
              allowUnsynced={f.allowUnsynced}
              error={errors.groupIds}
            />
            <ScopeFields
              scopeType={f.scopeType}
              onScopeType={f.setScopeType}
              keys={f.scopeKeys}
              onKeys={pickKeys(f.setKeysText)}
              categoryIds={f.categoryIds}
              onCategoryIds={f.setCategoryIds}
              pattern={f.pattern}
              onPattern={f.setPattern}
              knownProjects={f.knownProjects}
              error={errors.scope}
            />
            <ExcludeField
              keys={splitList(f.excludeText)}
              onKeys={pickKeys(f.setExcludeText)}
              knownProjects={f.knownProjects}
              ruleId={rule?.id}
              projectExcluded={f.projectExcluded}
              onIncluded={(key) =>
                f.setProjectExcluded((list) => list.filter((e) => e.projectKey !== key))
              }
              error={errors.exclude}
            />
            <RoleField oldRole={f.oldRole} error={errors.roleName} />
            <OrganizationField value={f.org} onChange={f.setOrg} />
            <AllowUnsyncedField
              checked={f.allowUnsynced}
              onToggle={() => f.setAllowUnsynced(!f.allowUnsynced)}
            />
            <EnabledField checked={f.enabled} onToggle={() => f.setEnabled(!f.enabled)} />
          </Stack>

          <Box xcss={sideColumn}>
            <Stack space="space.200">
              <OverlapNotes notes={overlapNotes} />
              <ScopePreviewPanel args={f.previewArgs} />
            </Stack>
          </Box>
        </Box>

        <Inline space="space.100">
          <Button type="submit" appearance="primary" isLoading={save.saving}>
            {rule ? t('rules.editor.save') : t('rules.editor.create')}
          </Button>
          <Button appearance="subtle" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Inline>
      </Stack>
      {save.confirming ? (
        <RemovalConfirmDialog
          title={t('rules.editor.confirmTitle', { rule: save.confirming.data.name })}
          subject={t('rules.editor.confirmSubject')}
          change={{ kind: 'save', rule: save.confirming.data }}
          known={save.confirming.impact}
          confirmLabel={t('rules.editor.save')}
          testId="save-rule-dialog"
          onConfirm={() => void save.confirmSave()}
          onCancel={save.cancelConfirm}
        />
      ) : null}
    </form>
  );
}

const columns = xcss({
  display: 'flex',
  flexWrap: 'wrap',
  gap: 'space.400',
  alignItems: 'flex-start',
});
const mainColumn = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '420px', minWidth: '0' });
const sideColumn = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '300px', minWidth: '0' });
