// The audit log's words: what each kind of entry is called, its sentence in the viewer's
// language, its colour, the rules an entry credits, and the CSV export's columns.
import type { AuditEntry, AuditKind, Run } from '../../../../shared/contract';
import { toCsv } from '../../../../shared/download';
import { formatDateTime } from '../../../../shared/format';
import { t } from '../../../../shared/i18n';
import { runCountsSentence } from '../../../../shared/run-counts';
import { planReason } from '../runs/plan-words';
import { ruleSentence } from './audit-rule-words';
import { periodWords, settingsSentence } from './audit-settings-words';

/** What a kind of entry is called, in the viewer's language. */
export function kindLabel(kind: AuditKind): string {
  return t(`audit.kind.${kind}`);
}

/**
 * The entry's sentence in the viewer's language, from its code and values; entries written
 * before sentences had codes show the English they were stored with.
 */
export function auditSentence(e: AuditEntry): string {
  const s = e.sentence;
  if (!s) return e.message;
  if (s.code === 'runFinished') {
    const { dryRun, ...counts } = s.values as Record<string, number>;
    return runCountsSentence({ counts: counts as Run['counts'], dryRun: dryRun === 1 });
  }
  if (s.code === 'runStarted' || s.code === 'runStartedVisits') return runStartSentence(s);
  if ((s.code === 'ruleCreated' || s.code === 'ruleChanged' || s.code === 'ruleImported') && s.rule)
    return ruleSentence(s.code, s.rule, s.changes);
  if (s.code === 'settingsSaved' || s.code === 'settingsUnchanged')
    return settingsSentence(s.settings);
  const values = { ...s.values };
  if (s.code.startsWith('sweep')) values.period = periodWords(Number(values.hours));
  if (typeof values.at === 'string') values.at = formatDateTime(values.at);
  const said = t(`audit.sentence.${s.code}`, values);
  const place = {
    role: String(s.values.role ?? ''),
    project: String(s.values.key ?? ''),
    projectName: String(s.values.project ?? ''),
  };
  const more = s.moreSay ? planReason(s.moreSay, place) : s.more;
  return more ? `${said} ${more}` : said;
}

/** "Enforcement of every service project started on schedule." in the viewer's language. */
function runStartSentence(s: NonNullable<AuditEntry['sentence']>): string {
  const v = s.values;
  const projects = t('audit.runStarted.projects', { count: Number(v.count ?? 0) });
  if (s.code === 'runStartedVisits') {
    const parts = VISIT_REASONS.filter((r) => typeof v[r] === 'number').map((r) =>
      t(`audit.runStarted.visit.${r}`, { count: Number(v[r]) }),
    );
    return parts.length
      ? t('audit.runStarted.visitsWhy', { projects, parts: parts.join(', ') })
      : t('audit.runStarted.visits', { projects });
  }
  if (v.where === 'uninstall') return t('audit.runStarted.uninstall', { projects });
  const where = String(v.where ?? 'all') as 'project' | 'preview' | 'retry' | 'rule' | 'all';
  return t('audit.runStarted.sentence', {
    what: t(v.dryRun === 1 ? 'audit.runStarted.preview' : 'audit.runStarted.enforcement'),
    where: t(`audit.runStarted.where.${where}`, {
      projects,
      count: Number(v.count ?? 0),
      project: String(v.project ?? ''),
      key: String(v.key ?? ''),
      rule: String(v.rule ?? ''),
    }),
    why: t(`audit.runStarted.why.${String(v.trigger) as Run['trigger']}`),
  });
}

const VISIT_REASONS = [
  'changed-in-jira',
  'new-project',
  'rule-changed',
  'sweep',
  'full-run',
] as const;

export const KIND_APPEARANCE: Partial<
  Record<AuditKind, 'success' | 'removed' | 'moved' | 'inprogress' | 'new' | 'default'>
> = {
  'binding-added': 'success',
  'binding-removed': 'removed',
  'binding-failed': 'removed',
  'org-member-added': 'success',
  'org-member-removed': 'removed',
  'org-failed': 'removed',
  'run-failed': 'removed',
  'access-refused': 'removed',
  'exclusion-refused': 'moved',
  'group-refused': 'moved',
  'lock-expired': 'moved',
  'sweep-period-changed': 'moved',
  'rule-saved': 'new',
  'rule-deleted': 'new',
  'rules-imported': 'new',
  'settings-saved': 'new',
};

/** The rules an entry credits: all that wanted a binding, or the one it is about. */
export function rulesOf(e: AuditEntry): string[] {
  return e.ruleIds ?? (e.ruleId ? [e.ruleId] : []);
}

/** The entries as CSV, with group, rule and actor names where they are known. */
export function auditCsv(
  items: AuditEntry[],
  groupName: Map<string, string>,
  ruleName: Map<string, string>,
  actorNames: Record<string, string>,
): string {
  // The column names stay English whatever the viewer's language: tools that read the file
  // find their columns by them. Each line is marked so.
  return toCsv(items, [
    { header: 'When (UTC)', value: (e) => e.at }, // i18n-exempt: CSV column, read by tools
    { header: 'What', value: (e) => kindLabel(e.kind) }, // i18n-exempt: CSV column, read by tools
    { header: 'Kind', value: (e) => e.kind }, // i18n-exempt: CSV column, read by tools
    { header: 'Message', value: auditSentence }, // i18n-exempt: CSV column, read by tools
    { header: 'Project', value: (e) => e.projectKey }, // i18n-exempt: CSV column, read by tools
    { header: 'Group id', value: (e) => e.groupId }, // i18n-exempt: CSV column, read by tools
    { header: 'Group', value: (e) => groupOf(e, groupName) }, // i18n-exempt: CSV column
    { header: 'Rule ids', value: (e) => rulesOf(e).join('; ') }, // i18n-exempt: CSV column
    { header: 'Rules', value: (e) => ruleNames(e, ruleName) }, // i18n-exempt: CSV column
    { header: 'Run id', value: (e) => e.runId }, // i18n-exempt: CSV column, read by tools
    { header: 'Actor', value: (e) => actorNames[e.actor] ?? '' }, // i18n-exempt: CSV column
    { header: 'Actor (accountId)', value: (e) => e.actor }, // i18n-exempt: CSV column
  ]);
}

const groupOf = (e: AuditEntry, names: Map<string, string>) =>
  e.groupId ? names.get(e.groupId) : '';

const ruleNames = (e: AuditEntry, names: Map<string, string>) =>
  rulesOf(e)
    .flatMap((id) => names.get(id) ?? [])
    .join('; ');
