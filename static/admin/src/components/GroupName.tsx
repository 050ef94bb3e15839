// A group's name with a badge saying whether it is synced from the identity provider or a Jira
// group; and the words for a group whose name is not known, which never pass an outage off as a
// deleted group.
import Lozenge from '@atlaskit/lozenge';
import { Inline, Text } from '@atlaskit/primitives';

import { t } from '../../../shared/i18n';

export function GroupBadge({ synced }: { synced: boolean }) {
  return synced ? (
    <Lozenge appearance="success">{t('rules.group.synced')}</Lozenge>
  ) : (
    <Lozenge>{t('rules.group.jira')}</Lozenge>
  );
}

export function GroupLabel({ name, synced }: { name: string; synced?: boolean }) {
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Text>{name}</Text>
      {synced === undefined ? null : <GroupBadge synced={synced} />}
    </Inline>
  );
}

/** Whether the names of the site's groups were read: loading, read, or not (Jira did not answer). */
export type NamesRead = 'loading' | 'read' | 'unread';

/** The words for a group the page could not read: never "unknown" (it may well exist). */
export const nameUnread = () => t('rules.group.unread');

/** A group's name as the page knows it; its id is for a title (hover) only. */
export function groupNameOf(
  id: string,
  byId: Map<string, { name: string }>,
  read: NamesRead,
): string {
  const known = byId.get(id);
  if (known) return known.name;
  if (read === 'unread') return nameUnread();
  if (read === 'loading') return t('rules.group.loading');
  return t('rules.group.notFound');
}
