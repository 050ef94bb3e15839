// What a removal takes out, in one phrase of the viewer's language (the confirmation's sentence
// and Settings' dialogs put it in theirs). Pure, apart from the words.
import type { RemovalImpact } from '../../../shared/contract';
import { listSentence } from '../../../shared/format';
import { t } from '../../../shared/i18n';

/** "Contoso Customers and Fabrikam Customers from 4 service projects" (what the run takes out). */
export function removalSummary(impact: RemovalImpact): string {
  const parts: string[] = [];
  if (impact.groups.length)
    parts.push(
      t('rules.removal.groupsFrom', {
        groups: listSentence(
          impact.groups.map((g) => g.groupName ?? t('rules.removal.aDeletedGroup')),
        ),
        count: impact.projects.length,
      }),
    );
  for (const o of impact.organizations)
    parts.push(
      t('rules.removal.membersFrom', { count: o.members, organization: o.organizationName }),
    );
  return listSentence(parts);
}
