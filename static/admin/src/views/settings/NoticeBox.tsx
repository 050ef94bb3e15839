// A notice above a settings section, with its actions (reload, confirm...).
import { Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';

import type { Notice } from './settings-model';

export function NoticeBox({
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
