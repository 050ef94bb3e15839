// Exporting the rules as a file, and importing one: the file is checked and previewed first, and
// nothing is replaced before the admin has seen (and confirmed) what it changes.
import { useRef, useState } from 'react';

import { asResolverError, call, ResolverError } from '../../../../shared/api';
import type { RefusedAnswer, RemovalImpact, RuleInput } from '../../../../shared/contract';
import { downloadText, stamp } from '../../../../shared/download';
import { t } from '../../../../shared/i18n';
import { toInput } from '../../rules';
import { failureNotice, type Notice } from './settings-model';

export type RulesImport = ReturnType<typeof useRulesImport>;

export function useRulesImport(flag: (title: string, description?: string) => void) {
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [replace, setReplace] = useState(false);
  const [importNotice, setImportNotice] = useState<Notice>();
  /** A checked file waiting for the admin to confirm what it changes. */
  const [pending, setPending] = useState<{ rules: RuleInput[]; replace: boolean }>();
  const fileRef = useRef<HTMLInputElement>(null);
  /** The removal count behind the import confirmation. */
  const [importRemoval, setImportRemoval] = useState<RemovalImpact>();
  /** What is wrong with the chosen rules file: shown with the import button. */
  const [fileError, setFileError] = useState<string>();

  /** A file the import refused sits with the import button; any other error in the notice. */
  const notImported = (err: unknown) => {
    const e = asResolverError(err);
    if (e.code === 'invalid-input') setFileError(e.message);
    else setImportNotice(failureNotice(t('settings.import.nothingImported'), e));
  };

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
        text: t('settings.import.exported', { count: data.rules.length }),
      });
    } catch (err) {
      setImportNotice(failureNotice(t('settings.import.notExported'), err));
    } finally {
      setExporting(false);
    }
  }

  async function importFile(file: File) {
    setImporting(true);
    setImportNotice(undefined);
    setFileError(undefined);
    try {
      const rules = await readRulesFile(file);
      // Checked and previewed first: nothing is replaced before the admin sees what changes.
      const answer = await call('importRules', { rules, replace, preview: true });
      if ('refused' in answer) throw fileRefused(refusedText(answer));
      if (!('preview' in answer)) return;
      const p = answer.preview;
      const part = (what: 'creates' | 'changes' | 'deletes' | 'leaves', names: string[]) =>
        names.length
          ? t(`settings.import.part.${what}`, { count: names.length, names: names.join(', ') })
          : '';
      const parts = [
        part('creates', p.created),
        part('changes', p.changed),
        part('deletes', p.removed),
        part('leaves', p.unchanged),
      ].filter(Boolean);
      setPending({ rules, replace });
      setImportRemoval(
        await call('getRemovalImpact', { change: { kind: 'import', rules, replace } }),
      );
      setImportNotice({
        appearance: 'warning',
        title: t('settings.import.confirmTitle'),
        text: t('settings.import.preview', { parts: parts.join(t('settings.import.separator')) }),
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
        t('settings.import.imported', { count: answer.imported }),
        pending.replace
          ? t('settings.import.importedReplaced')
          : t('settings.import.importedAdded'),
      );
    } catch (err) {
      notImported(err);
    } finally {
      setPending(undefined);
      setImporting(false);
    }
  }

  function cancelImport() {
    setPending(undefined);
    setImportNotice(undefined);
  }

  return {
    exporting,
    importing,
    replace,
    setReplace,
    importNotice,
    pending,
    fileRef,
    importRemoval,
    fileError,
    exportRules,
    importFile,
    confirmImport,
    cancelImport,
  };
}

/** The rules in a chosen file's text, as import takes them; a file that holds none is refused. */
async function readRulesFile(file: File): Promise<RuleInput[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    throw fileRefused(t('settings.import.notJson', { file: file.name }));
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown })?.rules;
  if (!Array.isArray(list)) throw fileRefused(t('settings.import.noRules', { file: file.name }));
  // Exported rules carry bookkeeping (createdAt, updatedAt...) that import does not take; ids are kept.
  return list.map((r) =>
    r && typeof r === 'object' && 'createdAt' in r ? toInput(r as never) : (r as RuleInput),
  );
}

/** The chosen file cannot be imported as it is: the admin picks another or fixes it. */
function fileRefused(message: string): ResolverError {
  return new ResolverError(message, 'invalid-input', 'rules');
}

function refusedText(answer: RefusedAnswer): string {
  return answer.refused
    .map((r) =>
      t('settings.import.refusedRule', {
        position: r.position ?? '',
        rule: r.ruleName,
        refusals: r.refusals.map((x) => x.message).join(' '),
      }),
    )
    .join(' ');
}
