// Picks projects by key or name from the site's projects (searchProjects), instead of typing
// keys. Each option says what a rule needs to know: team-managed, not a service project (no
// customers), and its category. Keys already chosen that the search did not return stay as keys.
import Lozenge from '@atlaskit/lozenge';
import { Inline, Text } from '@atlaskit/primitives';
import { AsyncSelect } from '@atlaskit/select';

import type { AdminResults } from '../../../shared/api';
import { call } from '../../../shared/api';
import { t } from '../../../shared/i18n';

type Found = AdminResults['searchProjects'][number];

export interface ProjectOption {
  value: string;
  label: string;
  project?: Found;
}

export function projectNotes(p: Found): { text: string; appearance: 'default' | 'moved' }[] {
  return [
    ...(!p.service ? [{ text: t('rules.picker.notService'), appearance: 'moved' as const }] : []),
    ...(p.style === 'next-gen'
      ? [{ text: t('rules.picker.teamManaged'), appearance: 'default' as const }]
      : []),
    ...(p.category ? [{ text: p.category, appearance: 'default' as const }] : []),
  ];
}

function OptionLabel({ option }: { option: ProjectOption }) {
  const p = option.project;
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Text weight="medium">{option.value}</Text>
      {p ? <Text>{p.name}</Text> : null}
      {p
        ? projectNotes(p).map((n) => (
            <Lozenge key={n.text} appearance={n.appearance} maxWidth={200}>
              {n.text}
            </Lozenge>
          ))
        : null}
    </Inline>
  );
}

export function ProjectPicker({
  id,
  keys,
  known,
  onChange,
  isInvalid,
  describedBy,
  placeholder,
}: {
  id: string;
  keys: string[];
  /** Projects seen in earlier searches, so chosen keys show their name. */
  known: Map<string, Found>;
  onChange: (keys: string[], picked: Found[]) => void;
  isInvalid?: boolean;
  describedBy?: string;
  placeholder: string;
}) {
  const load = async (query: string): Promise<ProjectOption[]> => {
    const found = await call('searchProjects', { query: query.trim() });
    return found.map((p) => ({ value: p.key, label: `${p.key} ${p.name}`, project: p }));
  };
  const value: ProjectOption[] = keys.map((k) => {
    const p = known.get(k);
    return { value: k, label: p ? `${k} ${p.name}` : k, project: p };
  });
  return (
    <AsyncSelect<ProjectOption, true>
      inputId={id}
      isMulti
      cacheOptions
      defaultOptions
      loadOptions={load}
      value={value}
      onChange={(next) => {
        const list = [...(next ?? [])];
        onChange(
          list.map((o) => o.value),
          list.flatMap((o) => (o.project ? [o.project] : [])),
        );
      }}
      formatOptionLabel={(option, meta) =>
        meta.context === 'menu' ? <OptionLabel option={option} /> : option.value
      }
      placeholder={placeholder}
      noOptionsMessage={({ inputValue }) =>
        inputValue ? t('rules.picker.noMatch', { query: inputValue }) : t('rules.picker.none')
      }
      loadingMessage={() => t('rules.picker.searching')}
      isInvalid={isInvalid}
      aria-describedby={describedBy}
      classNamePrefix={id}
      testId={id}
    />
  );
}
