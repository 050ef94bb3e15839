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
import {
  SettingsSchema,
  type RuleInput,
  type Settings,
  type RefusedAnswer,
  type RemovalImpact,
} from '../../../shared/contract';
import { asResolverError, call, ResolverError } from '../../../shared/api';
import { downloadText, stamp } from '../../../shared/download';
import { capitalize, plural } from '../../../shared/format';
import { ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import { isConflict, toInput } from '../rules';
import { ConfirmSwitchDialog, Para } from '../components/ConfirmSwitchDialog';
import { useSuccessFlag } from '../components/successFlag';

/** The switches that change what runs do across the site: asked before saving. */
const CONFIRMED: Toggle[] = ['scheduleEnabled', 'removeUnwanted'];

function bindingsText(impact: RemovalImpact): string {
  const where = impact.projects.length
    ? ` in ${plural(impact.projects.length, 'project')} (${impact.projects.slice(0, 8).join(', ')}${impact.projects.length > 8 ? '…' : ''})`
    : '';
  return `${plural(impact.bindings, 'group binding')} the app added${where}`;
}

type NumberKey =
  | 'projectRunIntervalMinutes'
  | 'auditRetentionDays'
  | 'quotaBudgetPercent'
  | 'peopleBudgetPercent'
  | 'sweepHours';
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
  {
    key: 'peopleBudgetPercent',
    label: 'Share of Jira’s hourly quota project admins may spend',
    unit: 'percent',
    explain:
      'What project admins cause (their project settings pages reading Jira, Enforce now) comes out of this share, not the runs’ share, and one person may use at most a fifth of it in an hour, however many projects they administer. Once it is spent they are asked to try again at the next hour; the hourly run and your own runs are not affected.',
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
  const flag = useSuccessFlag();
  /** A site-wide switch waiting for the admin to confirm, with what it would remove. */
  const [confirming, setConfirming] = useState<{ key: Toggle; impact: RemovalImpact }>();
  /** The removal count behind the import confirmation. */
  const [importRemoval, setImportRemoval] = useState<RemovalImpact>();
  /** What is wrong with the chosen rules file: shown with the import button. */
  const [fileError, setFileError] = useState<string>();

  /** A refused number sits with its field; any other error above the settings. */
  const notSaved = (err: unknown) => {
    const e = asResolverError(err);
    const n = NUMBERS.find((x) => x.key === e.field);
    if (e.code === 'invalid-input' && n) setNumberErrors((x) => ({ ...x, [n.key]: e.message }));
    else setNotice(failureNotice('The settings were not saved', e));
  };

  /** A file the import refused sits with the import button; any other error in the notice. */
  const notImported = (err: unknown) => {
    const e = asResolverError(err);
    if (e.code === 'invalid-input') setFileError(e.message);
    else setImportNotice(failureNotice('Nothing was imported', e));
  };

  /** Site-wide switches say what they do first; the others save at once. */
  async function askToggle(key: Toggle) {
    if (!CONFIRMED.includes(key)) return void toggle(key);
    setSaving(key);
    setNotice(undefined);
    try {
      const impact = await call('getRemovalImpact', {});
      setConfirming({ key, impact });
    } catch (err) {
      notSaved(err);
    } finally {
      setSaving(null);
    }
  }

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
      flag('Settings saved', [...SETTINGS, ...NUMBERS].find((x) => x.key === key)?.label);
      // Back on the control that was changed, not lost at the top of the page.
      document.getElementById(`setting-${key}`)?.focus();
      return true;
    } catch (err) {
      notSaved(err);
      return false;
    } finally {
      setSaving(null);
    }
  }

  async function exportRules() {
    setExporting(true);
    setImportNotice(undefined);
    setFileError(undefined);
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
      setImportNotice(failureNotice('The rules were not exported', err));
    } finally {
      setExporting(false);
    }
  }

  async function importFile(file: File) {
    setImporting(true);
    setImportNotice(undefined);
    setFileError(undefined);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw fileRefused(
          `${file.name} is not a rules file: it is not valid JSON. ` +
            'Use a file made by “Export rules”.',
        );
      }
      const list = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown })?.rules;
      if (!Array.isArray(list))
        throw fileRefused(
          `${file.name} holds no list of rules. Use a file made by “Export rules”.`,
        );
      // Exported rules carry bookkeeping (createdAt, updatedAt...) that import does not take; ids are kept.
      const rules = list.map((r) =>
        r && typeof r === 'object' && 'createdAt' in r ? toInput(r as never) : (r as RuleInput),
      );
      // Checked and previewed first: nothing is replaced before the admin sees what changes.
      const answer = await call('importRules', { rules, replace, preview: true });
      if ('refused' in answer) throw fileRefused(refusedText(answer));
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
      setImportRemoval(answer.removal);
      setImportNotice({
        appearance: 'warning',
        title: 'Import these rules?',
        text: `This import ${parts.join(', ')}.`,
      });
    } catch (err) {
      notImported(err);
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
      if ('refused' in answer) throw fileRefused(refusedText(answer));
      if (!('imported' in answer)) return;
      setImportNotice(undefined);
      flag(
        `Imported ${plural(answer.imported, 'rule')}`,
        `${pending.replace ? 'The rules that were here are replaced. ' : ''}Nothing changes in Jira until the next run; preview it first.`,
      );
    } catch (err) {
      notImported(err);
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
            error={settings.error}
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
                      onChange={() => void askToggle(s.key)}
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
            pending && !pending.replace
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
          <Button
            onClick={() => fileRef.current?.click()}
            isLoading={importing}
            aria-describedby={fileError ? 'import-file-error' : undefined}
          >
            Import rules…
          </Button>
          <Checkbox
            isChecked={replace}
            onChange={(e) => setReplace(e.currentTarget.checked)}
            label="Replace all existing rules (otherwise the imported rules are added or updated by id)"
            name="import-replace"
          />
        </Inline>
        {fileError ? (
          <Box id="import-file-error" testId="import-file-error">
            <ErrorMessage>{fileError}</ErrorMessage>
          </Box>
        ) : null}
      </Stack>
      {confirming && settings.data ? (
        <SwitchConfirmation
          settingKey={confirming.key}
          turningOn={!settings.data[confirming.key]}
          removalOn={settings.data.removeUnwanted}
          impact={confirming.impact}
          busy={saving !== null}
          onConfirm={() => {
            const key = confirming.key;
            setConfirming(undefined);
            void toggle(key);
          }}
          onCancel={() => {
            const key = confirming.key;
            setConfirming(undefined);
            document.getElementById(`setting-${key}`)?.focus();
          }}
        />
      ) : null}
      {pending?.replace && importRemoval ? (
        <ConfirmSwitchDialog
          title="Replace all rules?"
          confirmLabel="Replace all rules"
          danger
          busy={importing}
          onConfirm={() => void confirmImport()}
          onCancel={() => {
            setPending(undefined);
            setImportNotice(undefined);
          }}
        >
          <Para>{importNotice?.text}</Para>
          <Para>
            {importRemoval.bindings
              ? `${settings.data?.removeUnwanted ? 'The next run removes' : 'With removal on, runs would remove'} ${bindingsText(importRemoval)}, which no imported rule wants. Groups people added by hand stay.`
              : 'No group binding the app added would be left unwanted: the next run removes nothing.'}
          </Para>
        </ConfirmSwitchDialog>
      ) : null}
    </Stack>
  );
}

function SwitchConfirmation({
  settingKey,
  turningOn,
  removalOn,
  impact,
  busy,
  onConfirm,
  onCancel,
}: {
  settingKey: Toggle;
  turningOn: boolean;
  removalOn: boolean;
  impact: RemovalImpact;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const unwanted = bindingsText(impact);
  if (settingKey === 'removeUnwanted')
    return turningOn ? (
      <ConfirmSwitchDialog
        title="Turn on removal?"
        confirmLabel="Turn on removal"
        danger={impact.bindings > 0}
        busy={busy}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <Para>
          {impact.bindings
            ? `The next run removes ${unwanted}: no enabled rule wants them any more, so their members stop being customers there.`
            : 'No group binding the app added is unwanted now, so the next run removes nothing. From then on, runs remove what a deleted, disabled or narrowed rule added.'}
        </Para>
        <Para>Groups people added by hand are never removed.</Para>
      </ConfirmSwitchDialog>
    ) : (
      <ConfirmSwitchDialog
        title="Turn off removal?"
        confirmLabel="Turn off removal"
        busy={busy}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <Para>
          Runs stop removing anything.{' '}
          {impact.bindings
            ? `${capitalize(unwanted)} that no enabled rule wants stay in their roles, and their members stay customers.`
            : 'Groups a rule no longer wants will stay in their roles.'}
        </Para>
      </ConfirmSwitchDialog>
    );
  return turningOn ? (
    <ConfirmSwitchDialog
      title="Run every hour?"
      confirmLabel="Run every hour"
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>
        The rules are applied every hour from now on, to every project they cover.
        {removalOn && impact.bindings
          ? ` The first run removes ${unwanted}, which no enabled rule wants.`
          : ''}
      </Para>
    </ConfirmSwitchDialog>
  ) : (
    <ConfirmSwitchDialog
      title="Stop the hourly runs?"
      confirmLabel="Stop hourly runs"
      danger
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <Para>
        Rules then run only when you press Run now and when a project is created. Groups the
        identity provider creates, projects changed and hand-made changes are not corrected until
        then.
      </Para>
      {removalOn && impact.bindings ? (
        <Para>{`${capitalize(unwanted)} that no rule wants stay until the next run.`}</Para>
      ) : null}
    </ConfirmSwitchDialog>
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

/** A failed call as a notice: the title says what did not happen; a conflict offers a reload. */
function failureNotice(title: string, err: unknown): Notice {
  const e = asResolverError(err);
  return { appearance: 'error', title, text: e.message, reload: e.code === 'conflict' };
}

/** The chosen file cannot be imported as it is: the admin picks another or fixes it. */
function fileRefused(message: string): ResolverError {
  return new ResolverError(message, 'invalid-input', 'rules');
}

function refusedText(answer: RefusedAnswer): string {
  return answer.refused
    .map(
      (r) =>
        `Rule ${r.position ?? ''} "${r.ruleName}": ${r.refusals.map((x) => x.message).join(' ')}`,
    )
    .join(' ');
}
