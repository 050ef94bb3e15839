// The rule editor's service projects: all of them, projects in categories, projects named by key
// (picked by key or name, with what keeps a named project from having customers), or a key pattern.
import { Fieldset, HelperMessage, Label } from '@atlaskit/form';
import { Box, Text, xcss } from '@atlaskit/primitives';
import { RadioGroup } from '@atlaskit/radio';
import Textfield from '@atlaskit/textfield';
import type { ReactNode } from 'react';

import type { ProjectScope } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';
import { CategoryScopeField } from '../CategoryScopeField';
import { ProjectPicker } from '../ProjectPicker';
import { FieldMessage } from './FieldMessage';
import type { FoundProject } from './rule-form';

const indent = xcss({ paddingInlineStart: 'space.300', paddingBlockStart: 'space.100' });

const scopeOptions = () => [
  { name: 'scope-type', value: 'all', label: t('rules.editor.scope.all') },
  { name: 'scope-type', value: 'categories', label: t('rules.editor.scope.categories') },
  { name: 'scope-type', value: 'keys', label: t('rules.editor.scope.keys') },
  { name: 'scope-type', value: 'pattern', label: t('rules.editor.scope.pattern') },
];

export function ScopeFields({
  scopeType,
  onScopeType,
  keys,
  onKeys,
  categoryIds,
  onCategoryIds,
  pattern,
  onPattern,
  knownProjects,
  error,
}: {
  scopeType: ProjectScope['type'];
  onScopeType: (type: ProjectScope['type']) => void;
  keys: string[];
  /** The keys now chosen, and the projects the search found for them. */
  onKeys: (keys: string[], picked: FoundProject[]) => void;
  categoryIds: string[];
  onCategoryIds: (ids: string[]) => void;
  pattern: string;
  onPattern: (pattern: string) => void;
  knownProjects: Map<string, FoundProject>;
  error?: string;
}) {
  return (
    <Box data-field="scope">
      <Fieldset legend={t('rules.editor.scope.legend')}>
        <RadioGroup
          name="scope-type"
          options={scopeOptions()}
          value={scopeType}
          onChange={(e) => onScopeType(e.currentTarget.value as ProjectScope['type'])}
          aria-labelledby="scope-legend"
        />
        {scopeType === 'keys' ? (
          <KeysField keys={keys} onKeys={onKeys} knownProjects={knownProjects} error={error} />
        ) : null}
        {scopeType === 'categories' ? (
          <CategoryScopeField
            id="scope-categories"
            value={categoryIds}
            onChange={onCategoryIds}
            isInvalid={!!error}
            describedBy={error ? 'rule-scope-error' : undefined}
          />
        ) : null}
        {scopeType === 'pattern' ? (
          <ScopeField
            id="scope-pattern"
            label={t('rules.editor.scope.patternLabel')}
            value={pattern}
            onChange={onPattern}
            placeholder="HR*"
            isInvalid={!!error}
          >
            {t('rules.editor.scope.patternHelp')}
          </ScopeField>
        ) : null}
        <FieldMessage id="rule-scope" error={error} />
      </Fieldset>
    </Box>
  );
}

/** Projects named by key, and what keeps any of them from having customers. */
function KeysField({
  keys,
  onKeys,
  knownProjects,
  error,
}: {
  keys: string[];
  onKeys: (keys: string[], picked: FoundProject[]) => void;
  knownProjects: Map<string, FoundProject>;
  error?: string;
}) {
  const keyNotes = keys.flatMap((k) => {
    const p = knownProjects.get(k);
    // Only what keeps a project from having customers: team-managed desks are covered too.
    return p && !p.service ? [t('rules.editor.scope.notService', { key: k })] : [];
  });
  return (
    <Box xcss={indent}>
      <Label htmlFor="scope-keys">{t('rules.editor.scope.keysLabel')}</Label>
      <ProjectPicker
        id="scope-keys"
        keys={keys}
        known={knownProjects}
        onChange={onKeys}
        isInvalid={!!error}
        describedBy={error ? 'rule-scope-error' : 'scope-keys-help'}
        placeholder={t('rules.editor.searchProjects')}
      />
      <HelperMessage>
        <span id="scope-keys-help">{t('rules.editor.scope.keysHelp')}</span>
      </HelperMessage>
      {keyNotes.length ? (
        <Box testId="scope-key-notes">
          {keyNotes.map((n) => (
            <Text as="p" key={n} color="color.text.warning">
              {n}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

/** The text field a scope type asks for, indented under its radio button. */
function ScopeField({
  id,
  label,
  value,
  onChange,
  placeholder,
  isInvalid,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  isInvalid: boolean;
  children: ReactNode;
}) {
  return (
    <Box xcss={indent}>
      <Label htmlFor={id}>{label}</Label>
      <Textfield
        id={id}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        placeholder={placeholder}
        isInvalid={isInvalid}
        testId={id}
      />
      <HelperMessage>{children}</HelperMessage>
    </Box>
  );
}
