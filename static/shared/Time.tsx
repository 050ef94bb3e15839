// A moment shown in the viewer's time zone and language, with the same moment in UTC on hover
// (what a colleague in another zone, or a log line, would quote).
import Tooltip from '@atlaskit/tooltip';

import { formatDateTime, formatRelative, formatTime, formatUtc } from './format';

export function Time({
  iso,
  as = 'dateTime',
}: {
  iso: string | undefined;
  as?: 'dateTime' | 'time' | 'relative';
}) {
  if (!iso) return <>—</>;
  const shown =
    as === 'time' ? formatTime(iso) : as === 'relative' ? formatRelative(iso) : formatDateTime(iso);
  return (
    <Tooltip content={formatUtc(iso)}>
      <time dateTime={iso}>{shown}</time>
    </Tooltip>
  );
}
