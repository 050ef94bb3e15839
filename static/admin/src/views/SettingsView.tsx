// Settings: scheduled enforcement, removal of app-made bindings, project exclusions; rules export and import.
// A change based on older settings than the stored ones (another admin saved since) is refused and
// says so, with a way to reload them.
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Toggle from '@atlaskit/toggle';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import { useRef, useState } from 'react';
import type { RuleInput, Settings } from '../../../../src/domain/schemas';
import { call } from '../../../shared/api';
import { downloadText, stamp } from '../../../shared/download';
import { plural } from '../../../shared/format';
import { ErrorMessageBox, Loading } from '../../../shared/states';
import { useLoad } from '../../../shared/useLoad';
import { isConflict, toInput } from '../rules';
import type { RefusedAnswer } from '../../../../src/resolvers/contract';

type Toggle = Exclude<
  keyof Settings,
  'version' | 'projectRunIntervalMinutes' | 'auditRetentionDays' | 'quotaBudgetPercent'
>;

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
  const [saving, setSaving] = useState<Toggle | null>(null);
  const [notice, setNotice] = useState<Notice>();
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [replace, setReplace] = useState(false);
  const [importNotice, setImportNotice] = useState<Notice>();
  /** A checked file waiting for the admin to confirm what it changes. */
  const [pending, setPending] = useState<{ rules: RuleInput[]; replace: boolean }>();
  const fileRef = useRef<HTMLInputElement>(null);

  async function toggle(key: Toggle) {
    if (!settings.data) return;
    setSaving(key);
    setNotice(undefined);
    // Carries the version it was read at: the save is refused if someone saved since.
    const next = { ...settings.data, [key]: !settings.data[key] };
    try {
      const answer = await call('saveSettings', { settings: next });
      if (isConflict(answer)) {
        setNotice({
          appearance: 'warning',
          title: 'The settings were not saved',
          text: answer.conflict.message,
          reload: true,
        });
        return;
      }
      settings.setData(answer);
      setNotice({ appearance: 'success', text: 'Settings saved.' });
    } catch (err) {
      setNotice({
        appearance: 'error',
        title: 'The settings were not saved',
        text: (err as Error).message,
      });
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
            {notice ? (
              <SectionMessage
                appearance={notice.appearance}
                title={notice.title}
                testId="settings-notice"
                actions={
                  notice.reload
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
              >
                <Text as="p">{notice.text}</Text>
              </SectionMessage>
            ) : null}
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
        {importNotice ? (
          <SectionMessage
            appearance={importNotice.appearance}
            title={importNotice.title}
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
          >
            <Text as="p">{importNotice.text}</Text>
          </SectionMessage>
        ) : null}
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
const settingText = xcss({ paddingBlockStart: 'space.025' });
const row = xcss({
  paddingBlock: 'space.150',
  borderBlockEndWidth: 'border.width',
  borderBlockEndStyle: 'solid',
  borderBlockEndColor: 'color.border',
});

function refusedText(answer: RefusedAnswer): string {
  return answer.refused
    .map(
      (r) =>
        `Rule ${r.position ?? ''} "${r.ruleName}": ${r.refusals.map((x) => x.message).join(' ')}`,
    )
    .join(' ');
}
