// Settings: scheduled enforcement, removal of app-made bindings, project exclusions, how often a
// project may run, audit retention; rules export and import.
// A change based on older settings than the stored ones (another admin saved since) is refused and
// says so, with a way to reload them.
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import { ErrorMessage, Label } from '@atlaskit/form';
import Textfield from '@atlaskit/textfield';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Toggle from '@atlaskit/toggle';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useRef, useState } from 'react';
import { SettingsSchema, type RuleInput, type Settings } from '../../../../src/domain/schemas';
import { call } from '../../../shared/api';
import { downloadText, stamp } from '../../../shared/download';
import { plural } from '../../../shared/format';
import { ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import { isConflict, toInput } from '../rules';
import type { RefusedAnswer } from '../../../../src/resolvers/contract';

type NumberKey =
  'projectRunIntervalMinutes' | 'auditRetentionDays' | 'quotaBudgetPercent' | 'sweepHours';
type Toggle = Exclude<keyof Settings, 'version' | NumberKey>;

/** Number settings, validated with the schema the resolver uses (limits are not written twice). */
const NUMBERS: { key: NumberKey; label: string; unit: string; explain: string }[] = [
  {
    key: 'projectRunIntervalMinutes',
    label: 'Minutes between runs of one project',
    unit: 'minutes',
    explain:
      'A project admin may run their project, or ask to exclude it, once in this many minutes, so no project can slow the site’s runs down.',
  },
  {
    key: 'auditRetentionDays',
    label: 'Days the audit log keeps entries',
    unit: 'days',
    explain:
      'Older entries are deleted by the hourly run, a few hundred at a time. Export the audit log first if you must keep it longer.',
  },
  {
    key: 'sweepHours',
    label: 'Hours in which every project is verified',
    unit: 'hours',
    explain:
      'Hourly runs visit what changed in Jira plus a slice of every project, so that each project is read again at least once in this many hours. Fewer hours cost more of Jira’s quota.',
  },
  {
    key: 'quotaBudgetPercent',
    label: 'Share of Jira’s hourly quota runs may spend',
    unit: 'percent',
    explain:
      'Jira gives the app one hourly quota of points for all its calls. A run pauses until the next hour once it has spent this share, so the app’s pages and other sites keep working.',
  },
];

/** The error to show under a number field, or undefined when the value can be saved. */
function numberError(n: (typeof NUMBERS)[number], text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return `Enter a whole number of ${n.unit}.`;
  const parsed = SettingsSchema.shape[n.key].safeParse(Number(text));
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_small') return `Enter at least ${String(issue.minimum)} ${n.unit}.`;
  if (issue?.code === 'too_big') return `Enter at most ${String(issue.maximum)} ${n.unit}.`;
  return issue?.message;
}

const SETTINGS: { key: Toggle; label: string; explain: string }[] = [
  {
    key: 'scheduleEnabled',
    label: 'Run every hour',
    explain:
      'Apply the rules every hour, so groups the identity provider creates and projects created since the last run are covered. When off, rules run only when you press Run now and when a project is created.',
  },
  {
    key: 'removeUnwanted',
    label: 'Remove groups the app added when no rule wants them',
    explain:
      'When a rule is deleted, disabled or narrowed, runs take the groups it added back out of the project roles. Groups people added by hand are never removed. When off, nothing is ever removed.',
  },
  {
    key: 'allowProjectExclusions',
    label: 'Let project admins exclude their project',
    explain:
      'Project admins can opt their own project out of a rule from the project’s settings page. Every exclusion is written to the audit log.',
  },
];

interface Notice {
  appearance: 'success' | 'error' | 'information' | 'warning';
  title?: string;
  text: string;
  /** The settings changed under the admin: offer to reload them. */
  reload?: boolean;
}

export default function SettingsView() {
  const settings = useLoad(() => call('getSettings', {}));
  const [saving, setSaving] = useState<Toggle | NumberKey | null>(null);
  /** What the admin typed in a number field, until it is saved. */
  const [drafts, setDrafts] = useState<Partial<Record<NumberKey, string>>>({});
  const [numberErrors, setNumberErrors] = useState<Partial<Record<NumberKey, string>>>({});
  const [notice, setNotice] = useState<Notice>();
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [replace, setReplace] = useState(false);
  const [importNotice, setImportNotice] = useState<Notice>();
  /** A checked file waiting for the admin to confirm what it changes. */
  const [pending, setPending] = useState<{ rules: RuleInput[]; replace: boolean }>();
  const fileRef = useRef<HTMLInputElement>(null);

  async function toggle(key: Toggle) {
    if (settings.data) await save(key, { ...settings.data, [key]: !settings.data[key] });
  }

  async function saveNumber(n: (typeof NUMBERS)[number]) {
    const key = n.key;
    const text = drafts[key];
    if (!settings.data || text === undefined) return;
    const error = numberError(n, text);
    setNumberErrors((e) => ({ ...e, [key]: error }));
    if (error) return;
    if (await save(key, { ...settings.data, [key]: Number(text) }))
      setDrafts((d) => ({ ...d, [key]: undefined }));
  }

  /** Carries the version it was read at: the save is refused if someone saved since. */
  async function save(key: Toggle | NumberKey, next: Settings): Promise<boolean> {
    setSaving(key);
    setNotice(undefined);
    try {
      const answer = await call('saveSettings', { settings: next });
      if (isConflict(answer)) {
        setNotice({
          appearance: 'warning',
          title: 'The settings were not saved',
          text: answer.conflict.message,
          reload: true,
        });
        return false;
      }
      settings.setData(answer);
      setNotice({ appearance: 'success', text: 'Settings saved.' });
      return true;
    } catch (err) {
      setNotice({
        appearance: 'error',
        title: 'The settings were not saved',
        text: (err as Error).message,
      });
      return false;
    } finally {
      setSaving(null);
    }
  }

  async function exportRules() {
    setExporting(true);
    setImportNotice(undefined);
    try {
      const data = await call('exportRules', {});
      downloadText(
        `customer-role-sync-rules-${stamp()}.json`,
        `${JSON.stringify(data, null, 2)}\n`,
        'application/json',
      );
      setImportNotice({
        appearance: 'information',
        text: `Exported ${plural(data.rules.length, 'rule')}.`,
      });
    } catch (err) {
      setImportNotice({
        appearance: 'error',
        title: 'The rules were not exported',
        text: (err as Error).message,
      });
    } finally {
      setExporting(false);
    }
  }

  async function importFile(file: File) {
    setImporting(true);
    setImportNotice(undefined);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new Error(
          `${file.name} is not a rules file: it is not valid JSON. Use a file made by “Export rules”.`,
        );
      }
      const list = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown })?.rules;
      if (!Array.isArray(list))
        throw new Error(`${file.name} holds no list of rules. Use a file made by “Export rules”.`);
      // Exported rules carry bookkeeping (createdAt, updatedAt...) that import does not take; ids are kept.
      const rules = list.map((r) =>
        r && typeof r === 'object' && 'createdAt' in r ? toInput(r as never) : (r as RuleInput),
      );
      // Checked and previewed first: nothing is replaced before the admin sees what changes.
      const answer = await call('importRules', { rules, replace, preview: true });
      if ('refused' in answer) throw new Error(refusedText(answer));
      if (!('preview' in answer)) return;
      const p = answer.preview;
      const part = (label: string, names: string[]) =>
        names.length ? `${label} ${plural(names.length, 'rule')} (${names.join(', ')})` : '';
      const parts = [
        part('creates', p.created),
        part('changes', p.changed),
        part('deletes', p.removed),
        part('leaves', p.unchanged),
      ].filter(Boolean);
      setPending({ rules, replace });
      setImportNotice({
        appearance: 'warning',
        title: 'Import these rules?',
        text: `This import ${parts.join(', ')}.`,
      });
    } catch (err) {
      setImportNotice({
        appearance: 'error',
        title: 'Nothing was imported',
        text: (err as Error).message,
      });
    } finally {
      setImporting(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  async function confirmImport() {
    if (!pending) return;
    setImporting(true);
    try {
      const answer = await call('importRules', { ...pending, preview: false });
      if ('refused' in answer) throw new Error(refusedText(answer));
      if (!('imported' in answer)) return;
      setImportNotice({
        appearance: 'success',
        text: `Imported ${plural(answer.imported, 'rule')}${pending.replace ? ', replacing the rules that were here' : ''}. Nothing changes in Jira until the next run; preview it first.`,
      });
    } catch (err) {
      setImportNotice({
        appearance: 'error',
        title: 'Nothing was imported',
        text: (err as Error).message,
      });
    } finally {
      setPending(undefined);
      setImporting(false);
    }
  }

  return (
    <Stack space="space.400">
      <Stack space="space.200">
        <Heading size="medium" as="h2">
          Settings
        </Heading>
        {settings.loading && !settings.data ? (
          <Loading label="Loading settings" />
        ) : settings.error && !settings.data ? (
          <ErrorMessageBox
            title="The settings could not be loaded"
            message={settings.error}
            onRetry={() => void settings.reload()}
          />
        ) : settings.data ? (
          <Stack space="space.200">
            <NoticeBox
              notice={notice}
              testId="settings-notice"
              actions={
                notice?.reload
                  ? [
                      <Button
                        key="reload"
                        testId="settings-reload"
                        onClick={() => {
                          setNotice(undefined);
                          void settings.reload();
                        }}
                      >
                        Reload settings
                      </Button>,
                    ]
                  : undefined
              }
            />
            {SETTINGS.map((s) => (
              <Box key={s.key} xcss={row}>
                <Inline space="space.150" alignBlock="start">
                  <Box xcss={noShrink}>
                    <Toggle
                      id={`setting-${s.key}`}
                      isChecked={settings.data![s.key]}
                      isDisabled={saving !== null}
                      onChange={() => void toggle(s.key)}
                      aria-describedby={`setting-${s.key}-help`}
                    />
                  </Box>
                  <Stack space="space.050" xcss={settingText}>
                    <Box as="label" {...{ htmlFor: `setting-${s.key}` }}>
                      <Text weight="medium">{s.label}</Text>
                    </Box>
                    <Text as="p" color="color.text.subtle" id={`setting-${s.key}-help`}>
                      {s.explain}
                    </Text>
                  </Stack>
                </Inline>
              </Box>
            ))}
            {NUMBERS.map((n) => {
              const id = `setting-${n.key}`;
              const error = numberErrors[n.key];
              return (
                <Box key={n.key} xcss={row}>
                  <Stack space="space.050">
                    <Label htmlFor={id}>{n.label}</Label>
                    <Inline space="space.100" alignBlock="center">
                      <Box xcss={numberBox}>
                        <Textfield
                          id={id}
                          inputMode="numeric"
                          value={drafts[n.key] ?? String(settings.data![n.key])}
                          onChange={(e) => {
                            const text = e.currentTarget.value;
                            setDrafts((d) => ({ ...d, [n.key]: text }));
                            setNumberErrors((x) => ({ ...x, [n.key]: undefined }));
                          }}
                          isInvalid={!!error}
                          aria-describedby={error ? `${id}-error` : `${id}-help`}
                          testId={id}
                        />
                      </Box>
                      <Text>{n.unit}</Text>
                      <Button
                        testId={`${id}-save`}
                        isDisabled={drafts[n.key] === undefined || saving !== null}
                        onClick={() => void saveNumber(n)}
                      >
                        Save
                      </Button>
                    </Inline>
                    {error ? (
                      <Box id={`${id}-error`}>
                        <ErrorMessage>{error}</ErrorMessage>
                      </Box>
                    ) : null}
                    <Text as="p" color="color.text.subtle" id={`${id}-help`}>
                      {n.explain}
                    </Text>
                  </Stack>
                </Box>
              );
            })}
          </Stack>
        ) : null}
      </Stack>

      <Stack space="space.200">
        <Heading size="small" as="h3">
          Export and import rules
        </Heading>
        <Text as="p" color="color.text.subtle">
          Export the rules as a file to keep a copy or to move them to another site. Group ids
          differ between sites, so importing on another site works only where the same groups exist.
        </Text>
        <NoticeBox
          notice={importNotice}
          testId="import-notice"
          actions={
            pending
              ? [
                  <Button key="ok" testId="import-confirm" onClick={() => void confirmImport()}>
                    Import
                  </Button>,
                  <Button
                    key="cancel"
                    onClick={() => {
                      setPending(undefined);
                      setImportNotice(undefined);
                    }}
                  >
                    Cancel
                  </Button>,
                ]
              : undefined
          }
        />
        <Inline space="space.200" alignBlock="center" shouldWrap>
          <Button onClick={() => void exportRules()} isLoading={exporting}>
            Export rules
          </Button>
          <input
            ref={fileRef}
            id="import-file"
            type="file"
            accept="application/json,.json"
            style={{ display: 'none' }}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void importFile(file);
            }}
            data-testid="import-file"
          />
          <Button onClick={() => fileRef.current?.click()} isLoading={importing}>
            Import rules…
          </Button>
          <Checkbox
            isChecked={replace}
            onChange={(e) => setReplace(e.currentTarget.checked)}
            label="Replace all existing rules (otherwise the imported rules are added or updated by id)"
            name="import-replace"
          />
        </Inline>
      </Stack>
    </Stack>
  );
}

const noShrink = xcss({ flexShrink: 0 });
const numberBox = xcss({ width: '6rem' });
const settingText = xcss({ paddingBlockStart: 'space.025' });
const row = xcss({
  paddingBlock: 'space.150',
  borderBlockEndWidth: 'border.width',
  borderBlockEndStyle: 'solid',
  borderBlockEndColor: 'color.border',
});

/** A notice above a section, with its actions (reload, confirm...). */
function NoticeBox({
  notice,
  testId,
  actions,
}: {
  notice?: Notice;
  testId: string;
  actions?: JSX.Element[];
}) {
  if (!notice) return null;
  return (
    <SectionMessage
      appearance={notice.appearance}
      title={notice.title}
      testId={testId}
      actions={actions}
    >
      <Text as="p">{notice.text}</Text>
    </SectionMessage>
  );
}

function refusedText(answer: RefusedAnswer): string {
  return answer.refused
    .map(
      (r) =>
        `Rule ${r.position ?? ''} "${r.ruleName}": ${r.refusals.map((x) => x.message).join(' ')}`,
    )
    .join(' ');
}
