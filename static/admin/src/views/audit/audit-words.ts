// The audit log's words: what each kind of entry is called, its colour, the rules an entry
// credits, and the CSV export's columns.
import type { AuditEntry, AuditKind } from '../../../../shared/contract';
import { toCsv } from '../../../../shared/download';

export const KIND_LABEL: Record<AuditKind, string> = {
  'binding-added': 'Group added',
  'binding-removed': 'Group removed',
  'binding-failed': 'Change failed',
  'binding-kept': 'Group left as someone else’s',
  'binding-adopted': 'Group adopted',
  'rule-saved': 'Rule saved',
  'rule-deleted': 'Rule deleted',
  'rules-imported': 'Rules imported',
  'settings-saved': 'Settings saved',
  'exclusion-requested': 'Exclusion requested',
  'exclusion-refused': 'Exclusion asked (not allowed)',
  'exclusion-approved': 'Exclusion approved',
  'exclusion-declined': 'Exclusion declined',
  'exclusion-undone': 'Exclusion taken back',
  'run-started': 'Run started',
  'run-finished': 'Run finished',
  'run-skipped': 'Run not started',
  'run-failed': 'Run failed',
  'lock-expired': 'Run lock expired',
  'access-refused': 'Access refused',
  'org-member-added': 'Organization member added',
  'org-member-removed': 'Organization member removed',
  'org-failed': 'Organization change failed',
  'org-linked': 'Organization linked',
  'org-member-kept': "Organization member left as a person's",
  'org-forgotten': 'Organization forgotten',
  'group-refused': 'Group refused',
  'sweep-period-changed': 'Routine check period changed',
  'uninstall-prepared': 'Prepared to uninstall',
  'personal-data-erased': 'Closed accounts erased',
};

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
  return toCsv(items, [
    { header: 'When (UTC)', value: (e) => e.at },
    { header: 'What', value: (e) => KIND_LABEL[e.kind] ?? e.kind },
    { header: 'Kind', value: (e) => e.kind },
    { header: 'Message', value: (e) => e.message },
    { header: 'Project', value: (e) => e.projectKey },
    { header: 'Group id', value: (e) => e.groupId },
    { header: 'Group', value: (e) => (e.groupId ? groupName.get(e.groupId) : '') },
    { header: 'Rule ids', value: (e) => rulesOf(e).join('; ') },
    {
      header: 'Rules',
      value: (e) =>
        rulesOf(e)
          .flatMap((id) => ruleName.get(id) ?? [])
          .join('; '),
    },
    { header: 'Run id', value: (e) => e.runId },
    { header: 'Actor', value: (e) => actorNames[e.actor] ?? '' },
    { header: 'Actor (accountId)', value: (e) => e.actor },
  ]);
}
