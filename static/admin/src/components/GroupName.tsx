// A group's name with a badge saying whether it is synced from the identity provider or a Jira group.
import Lozenge from '@atlaskit/lozenge';
import { Inline, Text } from '@atlaskit/primitives';

export function GroupBadge({ synced }: { synced: boolean }) {
  return synced ? (
    <Lozenge appearance="success">Synced from identity provider</Lozenge>
  ) : (
    <Lozenge>Jira group</Lozenge>
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
