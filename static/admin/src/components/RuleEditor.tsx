// Create or edit a rule. Validated here with the same zod schema the resolver uses (RuleInputSchema), so errors
// appear at the field before the round trip; the server's refusal is placed at its field when it names one.
// A save based on an older version than the stored one is refused: the editor says so and offers to reload.
// The guard rails' refusals (a group that must never be customers) come back typed, by field.
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { ErrorMessage, HelperMessage, Label, Fieldset } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import { AsyncSelect } from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { z } from 'zod';
import {
  DEFAULT_ROLE_NAME,
  ProjectKeySchema,
  ProjectScopeSchema,
  RuleInputSchema,
  type ProjectScope,
  type Rule,
  type RuleInput,
  type VersionConflict,
  type RuleView,
  type SyncedGroupView,
} from '../../../shared/contract';
import { call, ResolverError } from '../../../shared/api';
import { ToggleField } from '../../../shared/ToggleField';
import { CategoryScopeField } from './CategoryScopeField';
import { GroupLabel } from './GroupName';
import { ScopePreviewPanel } from './ScopePreviewPanel';
import { isConflict, isRefused, refusalsByField, splitList } from '../rules';
import { ProjectExclusionsField } from './ProjectExclusionsField';
import { ProjectPicker, projectNotes } from './ProjectPicker';
import { overlaps } from '../overlap';
import type { AdminResults } from '../../../shared/api';
import { OrganizationField, type OrgValue } from './OrganizationField';

type Field = 'name' | 'groupIds' | 'scope' | 'exclude' | 'roleName' | 'form';
type Errors = Partial<Record<Field, string>>;

interface GroupOption {
  value: string;
  label: string;
  synced?: boolean;
  /** The guard rails' reason this group cannot (or, unsynced, should not) be made customers. */
  warning?: { code: string; message: string };
}

type FoundProject = AdminResults['searchProjects'][number];

const SCOPE_OPTIONS = [
  { name: 'scope-type', value: 'all', label: 'All service projects' },
  { name: 'scope-type', value: 'categories', label: 'Projects in categories' },
  { name: 'scope-type', value: 'keys', label: 'Projects I name (by key)' },
  { name: 'scope-type', value: 'pattern', label: 'Projects whose key matches a pattern' },
];

const ExcludeSchema = z.array(ProjectKeySchema).max(5000);

function fieldOf(path: PropertyKey[]): Field {
  const first = String(path[0] ?? '');
  return (
    (['name', 'groupIds', 'scope', 'exclude', 'roleName'] as const).find((f) => f === first) ??
    'form'
  );
}

const FIELDS: readonly Field[] = ['name', 'groupIds', 'scope', 'exclude', 'roleName'];

/** Places the resolver's answered error at the field it names (by code and field, not words). */
export function serverErrors(err: unknown): Errors {
  const message = (err as Error).message;
  const field = err instanceof ResolverError ? FIELDS.find((f) => f === err.field) : undefined;
  return field ? { [field]: message } : { form: message };
}

export function RuleEditor({
  rule,
  knownGroups,
  onCancel,
  onSaved,
  onReload,
  otherRules = [],
}: {
  rule?: RuleView;
  knownGroups: Map<string, SyncedGroupView>;
  /** The other rules, to point out projects they cover too. */
  otherRules?: RuleView[];
  onCancel: () => void;
  onSaved: (rule: Rule) => void;
  /** Opens the rule again as it is stored now (after a refused save), or reports it gone. */
  onReload: (id: string) => Promise<void>;
}) {
  const [name, setName] = useState(rule?.name ?? '');
  const [groups, setGroups] = useState<GroupOption[]>(
    (rule?.groupIds ?? []).map((id) => {
      const g = knownGroups.get(id);
      return {
        value: id,
        label: g?.name ?? `Unknown group ${id}`,
        synced: g?.synced,
        warning: g?.warning,
      };
    }),
  );
  const [knownProjects, setKnownProjects] = useState(new Map<string, FoundProject>());
  const rememberProjects = (found: FoundProject[]) =>
    setKnownProjects((m) => new Map([...m, ...found.map((p) => [p.key, p] as const)]));
  const [scopeType, setScopeType] = useState<ProjectScope['type']>(rule?.scope.type ?? 'all');
  const [keysText, setKeysText] = useState(
    rule?.scope.type === 'keys' ? rule.scope.keys.join(', ') : '',
  );
  const [categoryIds, setCategoryIds] = useState<string[]>(
    rule?.scope.type === 'categories' ? rule.scope.categoryIds : [],
  );
  const [pattern, setPattern] = useState(rule?.scope.type === 'pattern' ? rule.scope.pattern : '');
  const [excludeText, setExcludeText] = useState((rule?.exclude ?? []).join(', '));
  // The app makes customers only: the role is not a choice. A rule stored with another role
  // (before the guard rails) is moved to the customer role when it is saved.
  const oldRole =
    rule && rule.roleName.toLowerCase() !== DEFAULT_ROLE_NAME.toLowerCase()
      ? rule.roleName
      : undefined;
  const roleName = DEFAULT_ROLE_NAME;
  const [allowUnsynced, setAllowUnsynced] = useState(rule?.allowUnsyncedGroups ?? false);
  const [org, setOrg] = useState<OrgValue>({
    target: rule?.target ?? 'role',
    organization: rule?.organization,
  });
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<VersionConflict>();
  const [reloading, setReloading] = useState(false);
  const [projectExcluded, setProjectExcluded] = useState(rule?.projectExclusions ?? []);
  const formRef = useRef<HTMLFormElement>(null);

  // Opening the editor puts the keyboard where the work starts: the rule's name.
  useEffect(() => {
    document.getElementById('rule-name')?.focus();
  }, []);

  const scopeInput = useMemo((): unknown => {
    switch (scopeType) {
      case 'all':
        return { type: 'all' };
      case 'keys':
        return { type: 'keys', keys: splitList(keysText) };
      case 'categories':
        return { type: 'categories', categoryIds };
      case 'pattern':
        return { type: 'pattern', pattern };
    }
  }, [scopeType, keysText, categoryIds, pattern]);

  const input = {
    ...(rule ? { id: rule.id, version: rule.version } : {}),
    name,
    groupIds: groups.map((g) => g.value),
    scope: scopeInput,
    exclude: splitList(excludeText),
    roleName,
    enabled,
    allowUnsyncedGroups: allowUnsynced,
    target: org.target,
    ...(org.organization ? { organization: org.organization } : {}),
  } as RuleInput;

  function validate(): { ok: true; data: RuleInput } | { ok: false; errors: Errors } {
    const parsed = RuleInputSchema.safeParse(input);
    if (parsed.success) return { ok: true, data: parsed.data };
    const next: Errors = {};
    for (const issue of parsed.error.issues) next[fieldOf(issue.path)] ??= issue.message;
    return { ok: false, errors: next };
  }

  // After the first attempt, errors follow the fields as the admin fixes them.
  const liveErrors = submitted
    ? { ...(validate() as { errors?: Errors }).errors, ...pickServer(errors) }
    : errors;

  // The live scope list: only for a scope that is valid as typed.
  const previewArgs = useMemo(() => {
    const scope = ProjectScopeSchema.safeParse(scopeInput);
    const exclude = ExcludeSchema.safeParse([
      ...new Set([...splitList(excludeText), ...projectExcluded.map((e) => e.projectKey)]),
    ]);
    return scope.success && exclude.success
      ? { scope: scope.data, exclude: exclude.data }
      : undefined;
  }, [scopeInput, excludeText, projectExcluded]);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    const result = validate();
    if (!result.ok) {
      setErrors(result.errors);
      focusFirstError(result.errors);
      return;
    }
    setErrors({});
    setConflict(undefined);
    setSaving(true);
    try {
      const answer = await call('saveRule', { rule: result.data });
      if (isConflict(answer)) setConflict(answer.conflict);
      else if (isRefused(answer)) {
        const refused = refusalsByField(answer);
        setErrors(tagServer(refused));
        focusFirstError(refused);
      } else onSaved(answer);
    } catch (err) {
      const server = serverErrors(err);
      setErrors(tagServer(server));
      focusFirstError(server);
    } finally {
      setSaving(false);
    }
  }

  function focusFirstError(errs: Errors) {
    const order: Field[] = ['name', 'groupIds', 'scope', 'exclude', 'roleName'];
    const first = order.find((f) => errs[f]);
    if (!first) return;
    const el = formRef.current?.querySelector<HTMLElement>(
      `[data-field="${first}"] input, [data-field="${first}"] textarea`,
    );
    el?.focus();
  }

  const loadGroups = async (query: string): Promise<GroupOption[]> => {
    const found = await call('listSyncedGroups', query.trim() ? { query: query.trim() } : {});
    return found.map((g) => ({
      value: g.groupId,
      label: g.name,
      synced: g.synced,
      warning: g.warning,
    }));
  };

  const groupWarnings = groups.filter(
    // The admin's explicit override lifts only the not-synced warning.
    (g) => g.warning && !(allowUnsynced && g.warning.code === 'group-not-synced'),
  );
  const scopeKeys = scopeType === 'keys' ? splitList(keysText) : [];
  const overlapNotes = overlaps(
    { scope: scopeInput, exclude: splitList(excludeText), keys: scopeKeys },
    otherRules.filter((r) => r.id !== rule?.id),
  );
  const keyNotes = scopeKeys.flatMap((k) => {
    const p = knownProjects.get(k);
    if (!p) return [];
    // Only what keeps a project from having customers: team-managed desks are covered too.
    const notes = projectNotes(p).filter((n) => n.appearance === 'moved');
    return notes.length ? [`${k}: ${notes.map((n) => n.text.toLowerCase()).join(', ')}`] : [];
  });

  return (
    <form
      ref={formRef}
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="rule-editor-title"
    >
      <Stack space="space.300">
        <Heading size="medium" as="h2" id="rule-editor-title">
          {rule ? `Edit rule “${rule.name}”` : 'Create rule'}
        </Heading>
        {conflict ? (
          <SectionMessage
            appearance="warning"
            title="The rule was not saved"
            testId="rule-conflict"
            actions={[
              <Button
                key="reload"
                isLoading={reloading}
                testId="rule-conflict-reload"
                onClick={() => {
                  setReloading(true);
                  void onReload(conflict.ruleId ?? rule?.id ?? '').finally(() =>
                    setReloading(false),
                  );
                }}
              >
                Reload rule
              </Button>,
            ]}
          >
            <Text as="p">{conflict.message}</Text>
          </SectionMessage>
        ) : null}
        {liveErrors.form ? (
          <SectionMessage appearance="error" title="The rule was not saved">
            <Text as="p">{liveErrors.form}</Text>
          </SectionMessage>
        ) : null}
        <Box xcss={columns}>
          <Stack space="space.250" xcss={mainColumn}>
            <Box data-field="name">
              <Label htmlFor="rule-name">Rule name</Label>
              <Textfield
                id="rule-name"
                name="name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                isInvalid={!!liveErrors.name}
                aria-describedby={liveErrors.name ? 'rule-name-error' : 'rule-name-help'}
                placeholder="Customers: all service projects"
                testId="rule-name"
              />
              <FieldMessage
                id="rule-name"
                error={liveErrors.name}
                help="A name other admins recognise, shown in runs and the audit log."
              />
            </Box>

            <Box data-field="groupIds">
              <Label htmlFor="rule-groups">Groups</Label>
              <AsyncSelect<GroupOption, true>
                inputId="rule-groups"
                isMulti
                cacheOptions
                defaultOptions
                loadOptions={loadGroups}
                value={groups}
                onChange={(value) => setGroups([...(value ?? [])])}
                formatOptionLabel={(option, meta) =>
                  meta.context === 'menu' ? (
                    <Stack space="space.025">
                      <GroupLabel name={option.label} synced={option.synced} />
                      {option.warning ? (
                        <Text size="small" color="color.text.warning">
                          {option.warning.message}
                        </Text>
                      ) : null}
                    </Stack>
                  ) : (
                    option.label
                  )
                }
                placeholder="Search groups by name"
                noOptionsMessage={({ inputValue }) =>
                  inputValue ? `No group matches “${inputValue}”` : 'No groups found'
                }
                loadingMessage={() => 'Searching groups…'}
                isInvalid={!!liveErrors.groupIds}
                aria-describedby={liveErrors.groupIds ? 'rule-groups-error' : 'rule-groups-help'}
                classNamePrefix="rule-groups"
                testId="rule-groups"
              />
              <FieldMessage
                id="rule-groups"
                error={liveErrors.groupIds}
                help="Groups synced from your identity provider are listed first. Members of these groups become customers."
              />
              {groupWarnings.length ? (
                <Box xcss={noteBox} testId="rule-group-warnings">
                  <SectionMessage appearance="warning" title="Check these groups">
                    <Stack space="space.050">
                      {groupWarnings.map((g) => (
                        <Text as="p" key={g.value}>
                          {g.warning?.message}
                        </Text>
                      ))}
                    </Stack>
                  </SectionMessage>
                </Box>
              ) : null}
            </Box>

            <Box data-field="scope">
              <Fieldset legend="Service projects">
                <RadioGroup
                  name="scope-type"
                  options={SCOPE_OPTIONS}
                  value={scopeType}
                  onChange={(e) => setScopeType(e.currentTarget.value as ProjectScope['type'])}
                  aria-labelledby="scope-legend"
                />
                {scopeType === 'keys' ? (
                  <Box xcss={indent}>
                    <Label htmlFor="scope-keys">Projects</Label>
                    <ProjectPicker
                      id="scope-keys"
                      keys={scopeKeys}
                      known={knownProjects}
                      onChange={(keys, picked) => {
                        rememberProjects(picked);
                        setKeysText(keys.join(', '));
                      }}
                      isInvalid={!!liveErrors.scope}
                      describedBy={liveErrors.scope ? 'rule-scope-error' : 'scope-keys-help'}
                      placeholder="Search projects by key or name"
                    />
                    <HelperMessage>
                      <span id="scope-keys-help">
                        Only service projects have customers. Team-managed desks are marked: their
                        groups go to the desk&apos;s own customer role.
                      </span>
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
                ) : null}
                {scopeType === 'categories' ? (
                  <CategoryScopeField
                    id="scope-categories"
                    value={categoryIds}
                    onChange={setCategoryIds}
                    isInvalid={!!liveErrors.scope}
                    describedBy={liveErrors.scope ? 'rule-scope-error' : undefined}
                  />
                ) : null}
                {scopeType === 'pattern' ? (
                  <ScopeField
                    id="scope-pattern"
                    label="Key pattern"
                    value={pattern}
                    onChange={setPattern}
                    placeholder="HR*"
                    isInvalid={!!liveErrors.scope}
                  >
                    * matches any characters, ? matches one. For example HR* or *SUP.
                  </ScopeField>
                ) : null}
                <FieldMessage id="rule-scope" error={liveErrors.scope} />
              </Fieldset>
            </Box>

            <Box data-field="exclude">
              <Label htmlFor="rule-exclude">Except these projects (optional)</Label>
              <ProjectPicker
                id="rule-exclude"
                keys={splitList(excludeText)}
                known={knownProjects}
                onChange={(keys, picked) => {
                  rememberProjects(picked);
                  setExcludeText(keys.join(', '));
                }}
                isInvalid={!!liveErrors.exclude}
                describedBy={liveErrors.exclude ? 'rule-exclude-error' : 'rule-exclude-help'}
                placeholder="Search projects by key or name"
              />
              <FieldMessage
                id="rule-exclude"
                error={liveErrors.exclude}
                help="Projects this rule never touches."
              />
              {rule && projectExcluded.length ? (
                <ProjectExclusionsField
                  ruleId={rule.id}
                  exclusions={projectExcluded}
                  onIncluded={(key) =>
                    setProjectExcluded((list) => list.filter((e) => e.projectKey !== key))
                  }
                />
              ) : null}
            </Box>

            <Box data-field="roleName">
              <Label htmlFor="rule-role">Project role</Label>
              <Text as="p" id="rule-role" testId="rule-role">
                {DEFAULT_ROLE_NAME}
              </Text>
              {liveErrors.roleName ? (
                <ErrorMessage testId="rule-role-error">{liveErrors.roleName}</ErrorMessage>
              ) : (
                <HelperMessage>
                  {oldRole
                    ? `This rule targeted “${oldRole}”, which can give more than portal access. Saving moves it to the customer role.`
                    : 'The app only makes customers: groups always go to the customer role.'}
                </HelperMessage>
              )}
            </Box>

            <OrganizationField value={org} onChange={setOrg} />

            <Box data-field="allowUnsyncedGroups">
              <Checkbox
                id="rule-allow-unsynced"
                name="allowUnsyncedGroups"
                label="Not from the identity provider: allow groups that are not synced"
                isChecked={allowUnsynced}
                onChange={() => setAllowUnsynced(!allowUnsynced)}
                testId="rule-allow-unsynced"
              />
              <HelperMessage>
                Anyone who can edit groups in Jira decides who is in a group that is not synced. The
                audit trail records who allowed it. Administration and product-access groups are
                refused either way.
              </HelperMessage>
            </Box>

            <Box>
              <ToggleField
                id="rule-enabled"
                label="Enabled"
                isChecked={enabled}
                onChange={() => setEnabled(!enabled)}
              />
              <HelperMessage>
                A disabled rule adds nothing; runs remove what it added if removal is on in
                Settings.
              </HelperMessage>
            </Box>
          </Stack>

          <Box xcss={sideColumn}>
            <Stack space="space.200">
              {overlapNotes.length ? (
                <Box testId="rule-overlaps">
                  <SectionMessage appearance="information" title="Also covered by other rules">
                    <Stack space="space.050">
                      {overlapNotes.map((n) => (
                        <Text as="p" key={n}>
                          {n}
                        </Text>
                      ))}
                    </Stack>
                  </SectionMessage>
                </Box>
              ) : null}
              <ScopePreviewPanel args={previewArgs} />
            </Stack>
          </Box>
        </Box>

        <Inline space="space.100">
          <Button type="submit" appearance="primary" isLoading={saving}>
            {rule ? 'Save rule' : 'Create rule'}
          </Button>
          <Button appearance="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

/** Under a field: its error (ids `${id}-error`, which the field's aria-describedby names) or else its help (`${id}-help`). */
function FieldMessage({ id, error, help }: { id: string; error?: string; help?: ReactNode }) {
  if (error) {
    return (
      <ErrorMessage testId={`${id}-error`}>
        <span id={`${id}-error`}>{error}</span>
      </ErrorMessage>
    );
  }
  return help ? (
    <HelperMessage>
      <span id={`${id}-help`}>{help}</span>
    </HelperMessage>
  ) : null;
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

// Server errors are kept apart so that live client validation does not erase them until the admin submits again.
const SERVER = Symbol('server');
function tagServer(errors: Errors): Errors {
  return Object.assign({}, errors, { [SERVER]: true });
}
function pickServer(errors: Errors): Errors {
  return (errors as Record<symbol, unknown>)[SERVER] ? errors : {};
}

const columns = xcss({
  display: 'flex',
  flexWrap: 'wrap',
  gap: 'space.400',
  alignItems: 'flex-start',
});
const mainColumn = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '420px', minWidth: '0' });
const sideColumn = xcss({ flexGrow: 1, flexShrink: 1, flexBasis: '300px', minWidth: '0' });
const noteBox = xcss({ paddingBlockStart: 'space.100' });
const indent = xcss({ paddingInlineStart: 'space.300', paddingBlockStart: 'space.100' });
