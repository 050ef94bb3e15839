// Box styles both pages use more than once.
import { xcss } from '@atlaskit/primitives';

/** A bordered, rounded panel. */
export const card = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.medium',
  padding: 'space.200',
});

/** A card on the page's surface colour (one project's plan). */
export const surfaceCard = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.medium',
  padding: 'space.200',
  backgroundColor: 'elevation.surface',
});

/** A card on a subtle grey: a run's progress, the scope preview. */
export const subtleCard = xcss({
  borderWidth: 'border.width',
  borderStyle: 'solid',
  borderColor: 'color.border',
  borderRadius: 'radius.medium',
  padding: 'space.200',
  backgroundColor: 'color.background.neutral.subtle',
});

/** Lets a wide table scroll sideways in a narrow frame. */
export const tableWrap = xcss({ overflowX: 'auto' });
