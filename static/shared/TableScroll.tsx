// A table in a frame that may be narrow: below a readable width it scrolls sideways, so every
// column and action stays reachable, instead of squeezing its columns (Atlaskit's tables share
// their width out evenly, which breaks words such as "Scheduled" mid-word in the frame Jira
// leaves beside its sidebar).
import { Box, xcss } from '@atlaskit/primitives';
import type { ReactNode } from 'react';

import { tableWrap } from './styles';

const readable = { normal: xcss({ minWidth: '760px' }), wide: xcss({ minWidth: '960px' }) };

/** `wide` for a table of many columns (the run history). */
export function TableScroll({
  children,
  width = 'normal',
}: {
  children: ReactNode;
  width?: keyof typeof readable;
}) {
  return (
    <Box xcss={tableWrap}>
      <Box xcss={readable[width]}>{children}</Box>
    </Box>
  );
}
