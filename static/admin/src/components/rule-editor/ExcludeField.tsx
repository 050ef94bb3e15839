// The rule editor's excluded projects: the ones the admin names, and those project admins took out
// of this rule from their project page (each can be put back).
import { Label } from '@atlaskit/form';
import { Box } from '@atlaskit/primitives';

import type { ProjectExclusion } from '../../../../shared/contract';
import { t } from '../../../../shared/i18n';
import { ProjectExclusionsField } from '../ProjectExclusionsField';
import { ProjectPicker } from '../ProjectPicker';
import { FieldMessage } from './FieldMessage';
import type { FoundProject } from './rule-form';

export function ExcludeField({
  keys,
  onKeys,
  knownProjects,
  ruleId,
  projectExcluded,
  onIncluded,
  error,
}: {
  keys: string[];
  /** The keys now chosen, and the projects the search found for them. */
  onKeys: (keys: string[], picked: FoundProject[]) => void;
  knownProjects: Map<string, FoundProject>;
  /** The rule being edited; a new rule has no exclusions made from project pages. */
  ruleId?: string;
  projectExcluded: ProjectExclusion[];
  onIncluded: (projectKey: string) => void;
  error?: string;
}) {
  return (
    <Box data-field="exclude">
      <Label htmlFor="rule-exclude">{t('rules.editor.exclude.label')}</Label>
      <ProjectPicker
        id="rule-exclude"
        keys={keys}
        known={knownProjects}
        onChange={onKeys}
        isInvalid={!!error}
        describedBy={error ? 'rule-exclude-error' : 'rule-exclude-help'}
        placeholder={t('rules.editor.searchProjects')}
      />
      <FieldMessage id="rule-exclude" error={error} help={t('rules.editor.exclude.help')} />
      {ruleId && projectExcluded.length ? (
        <ProjectExclusionsField
          ruleId={ruleId}
          exclusions={projectExcluded}
          onIncluded={onIncluded}
        />
      ) : null}
    </Box>
  );
}
